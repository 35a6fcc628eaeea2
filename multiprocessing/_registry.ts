// Copyright 2026 the @skein/concurrent authors. MIT license.
// The types registered with manager classes (Python's `_registry`, which
// each class that registers copies from its base): what the server needs
// (the callable, `exposed`, `methodToTypeid`), shipped to it on start(),
// and what stays here (the proxy class). register()'s checks live here
// too, all made before anything is registered.
import { describe } from "../_internal/describe.ts";
import { ValueError } from "../errors.ts";
import type { RegisterOptions } from "./base_manager.ts";
import { BaseProxy } from "./base_proxy.ts";
import type { RegisteredType } from "./server.ts";
import type { ProxyClass, ProxyTypes } from "./_proxy_types.ts";

/** A registered type: the server's part, and this process's proxy class. */
export interface Registration {
  readonly server: RegisteredType;
  readonly proxytype?: ProxyClass;
}

type Callable =
  | ((...args: never[]) => unknown)
  | (new (...args: never[]) => unknown);

const registries = new WeakMap<object, Map<string, Registration>>();

/** The types registered with `cls` and its base classes, by typeid. */
export function registryOf(cls: object): Map<string, Registration> {
  const chain: Map<string, Registration>[] = [];
  for (let c: object | null = cls; c !== null; c = Object.getPrototypeOf(c)) {
    const own = registries.get(c);
    if (own !== undefined) chain.unshift(own);
  }
  return new Map(chain.flatMap((m) => [...m]));
}

/** What `cls`'s server needs, by typeid (no proxy classes: they stay). */
export function serverRegistry(cls: object): Record<string, RegisteredType> {
  return Object.fromEntries(
    [...registryOf(cls)].map(([typeid, { server }]) => [typeid, server]),
  );
}

/**
 * The proxy classes a proxy of `typeid` may need: its own, and those of
 * the typeids its methods' results become, and theirs in turn.
 */
export function proxyTypesFor(
  registry: ReadonlyMap<string, Registration>,
  typeid: string,
): ProxyTypes {
  const out: Record<string, ProxyClass> = {};
  const seen = new Set<string>();
  const todo = [typeid];
  for (let t = todo.pop(); t !== undefined; t = todo.pop()) {
    if (seen.has(t)) continue;
    seen.add(t);
    const registration = registry.get(t);
    if (registration?.proxytype !== undefined) {
      out[t] = registration.proxytype;
    }
    todo.push(...Object.values(registration?.server.methodToTypeid ?? {}));
  }
  return out;
}

/** Adds `registration` to the types `cls` registers itself. */
export function addRegistration(
  cls: object,
  typeid: string,
  registration: Registration,
): void {
  let own = registries.get(cls);
  if (own === undefined) registries.set(cls, own = new Map());
  own.set(typeid, registration);
}

/**
 * Checks register()'s arguments and makes the registration, as Python's
 * `register`: `exposed` and `methodToTypeid` default to the proxy class's
 * `_exposed_` and `_methodToTypeid_`.
 *
 * @throws {TypeError} For an argument of the wrong type, naming it.
 */
export function makeRegistration(
  typeid: unknown,
  callable: unknown,
  options: RegisterOptions,
): Registration {
  if (typeof typeid !== "string" || typeid === "") {
    throw new TypeError(
      `Cannot register as 'typeid' must be a non-empty string: received ${
        describe(typeid)
      }`,
    );
  }
  const fail = (what: string, value: unknown): never => {
    throw new TypeError(
      `Cannot register '${typeid}' as ${what}: received ${describe(value)}`,
    );
  };
  if (callable !== undefined && typeof callable !== "function") {
    fail("'callable' must be a function", callable);
  }
  if (typeof options !== "object" || options === null) {
    fail("'options' must be an object", options);
  }
  const { proxytype, createMethod = true } = options;
  if (
    proxytype !== undefined &&
    (typeof proxytype !== "function" ||
      (proxytype !== BaseProxy && !(proxytype.prototype instanceof BaseProxy)))
  ) {
    fail("'proxytype' must be BaseProxy or a subclass of it", proxytype);
  }
  if (typeof createMethod !== "boolean") {
    fail("'createMethod' must be a boolean", createMethod);
  }
  const exposed = options.exposed ?? proxytype?._exposed_;
  if (
    exposed !== undefined &&
    (!Array.isArray(exposed) || !exposed.every((m) => typeof m === "string"))
  ) {
    fail(
      `${
        options.exposed === undefined
          ? `'proxytype._exposed_' (${proxytype!.name}'s)`
          : "'exposed'"
      } must be an array of method names (strings)`,
      exposed,
    );
  }
  const methodToTypeid = options.methodToTypeid ?? proxytype?._methodToTypeid_;
  if (
    methodToTypeid !== undefined &&
    (typeof methodToTypeid !== "object" || methodToTypeid === null ||
      Array.isArray(methodToTypeid) ||
      !Object.values(methodToTypeid).every((t) => typeof t === "string"))
  ) {
    fail(
      `${
        options.methodToTypeid === undefined
          ? `'proxytype._methodToTypeid_' (${proxytype!.name}'s)`
          : "'methodToTypeid'"
      } must be an object mapping method names to typeids (strings)`,
      methodToTypeid,
    );
  }
  const server: RegisteredType = {
    ...(callable === undefined ? {} : { callable: callable as Callable }),
    ...(typeof callable === "function" && isClass(callable)
      ? { construct: true }
      : {}),
    ...(exposed === undefined ? {} : { exposed: [...exposed] }),
    ...(methodToTypeid === undefined
      ? {}
      : { methodToTypeid: { ...methodToTypeid } }),
  };
  return {
    server,
    ...(proxytype === undefined ? {} : { proxytype: proxytype as ProxyClass }),
  };
}

/** A manager class, as register() sees it. */
interface ManagerClass {
  readonly name: string;
  readonly prototype: object;
}

const created = new WeakSet<object>();

/**
 * Checks that `manager.<typeid>()` can be made on `cls` (Python's
 * `create_method`): no member of that name, other than one made so.
 *
 * @throws {ValueError} If the class has such a member.
 */
export function checkCreateMethod(cls: ManagerClass, typeid: string): void {
  const existing = typeid in cls.prototype
    ? (cls.prototype as Record<string, unknown>)[typeid]
    : undefined;
  if (typeid in cls.prototype && !created.has(existing as object)) {
    throw new ValueError(
      `Cannot register '${typeid}' with a create method as ${cls.name} already has a member '${typeid}': pass createMethod: false and use create('${typeid}')`,
    );
  }
}

/**
 * Makes `manager.<typeid>(...args)` on `cls`, which is
 * `manager.create(typeid, ...args)` (Python's `create_method`).
 */
export function addCreateMethod(cls: ManagerClass, typeid: string): void {
  const method = {
    [typeid](
      this: { create(typeid: string, ...args: unknown[]): Promise<unknown> },
      ...args: unknown[]
    ): Promise<unknown> {
      return this.create(typeid, ...args);
    },
  }[typeid]!;
  created.add(method);
  Object.defineProperty(cls.prototype, typeid, {
    value: method,
    writable: true,
    configurable: true,
  });
}

// Python's callable: a class is made with `new` (its source is a class,
// or it is a built-in constructor such as Map), a function is called.
function isClass(fn: object): boolean {
  const source = Function.prototype.toString.call(fn);
  return /^class\b/.test(source) ||
    (source.endsWith("{ [native code] }") &&
      (fn as { prototype?: unknown }).prototype !== undefined);
}
