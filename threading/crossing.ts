// Copyright 2026 the @skein/concurrent authors. MIT license.

/**
 * The instance method that gives what crosses for an instance of the
 * program's own class, as Python's `__getstate__`: called on the sending
 * side, its result goes through the wire codec in place of the instance's
 * own fields. Pair it with a static {@linkcode fromState} method that
 * rebuilds the instance from that state; without one, the other side makes
 * an instance of the class without running its constructor and assigns the
 * state's fields to it.
 *
 * An instance of a class crosses to threads, processes, queues, managers and
 * results as an instance of that class when a module exports the class (the
 * main module, or one given to {@linkcode registerModule}): the other side
 * imports that module, as Python's unpickling does, and rebuilds the
 * instance, by default from its own enumerable fields. A class with
 * `#private` members must define {@linkcode fromState}, since such members
 * can only be made by its constructor. The state must not contain the
 * instance itself.
 *
 * @example A class with private state crosses through its hooks
 * ```ts
 * import { fromState, toState } from "@skein/concurrent/threading";
 * import { Queue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * export class Account {
 *   #balance: number;
 *   constructor(balance: number) {
 *     this.#balance = balance;
 *   }
 *   get balance(): number {
 *     return this.#balance;
 *   }
 *   [toState](): number {
 *     return this.#balance;
 *   }
 *   static [fromState](balance: number): Account {
 *     return new Account(balance);
 *   }
 * }
 *
 * const q = new Queue<Account>();
 * q.putNowait(new Account(42));
 * const copy = q.getNowait();
 * assert.ok(copy instanceof Account);
 * assert.equal(copy.balance, 42);
 * ```
 */
export const toState: unique symbol = Symbol.for("@skein/concurrent.toState");

/**
 * The static method that rebuilds an instance of the program's own class
 * from the state its {@linkcode toState} method gave (or, without one, from
 * its own fields), as Python's `__setstate__` or the callable of
 * `__reduce__`: `static [fromState](state) { return new Cls(...) }`. It runs
 * on the receiving side, after the class's module is imported there.
 *
 * @example Rebuilding through the constructor
 * ```ts
 * import { fromState, toState } from "@skein/concurrent/threading";
 * import { Queue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * export class Celsius {
 *   readonly kelvin: number;
 *   constructor(readonly degrees: number) {
 *     this.kelvin = degrees + 273.15;
 *   }
 *   [toState](): number {
 *     return this.degrees; // kelvin is derived: it need not cross
 *   }
 *   static [fromState](degrees: number): Celsius {
 *     return new Celsius(degrees);
 *   }
 * }
 *
 * const q = new Queue<Celsius>();
 * q.putNowait(new Celsius(20));
 * const t = q.getNowait();
 * assert.ok(t instanceof Celsius);
 * assert.equal(t.kelvin, 293.15);
 * ```
 */
export const fromState: unique symbol = Symbol.for(
  "@skein/concurrent.fromState",
);
