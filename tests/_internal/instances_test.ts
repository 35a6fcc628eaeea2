// Copyright 2026 the @skein/concurrent authors. MIT license.
// Instances of the program's own classes cross as themselves, as pickle
// sends them: in both codecs, through thread and process queues, as pool
// results and as an error's field; their hooks; every rejection names the
// path inside the value.
import assert from "node:assert/strict";
import { decode, encode } from "../../_internal/codec.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import { decodeBytes, load, readNeeds } from "../../_internal/wire_decode.ts";
import { PriorityQueue, Queue } from "@skein/concurrent/queue";
import { Thread } from "@skein/concurrent/threading";
import {
  Process,
  Queue as ProcessQueue,
} from "@skein/concurrent/multiprocessing";
import {
  type Executor,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
} from "@skein/concurrent/futures";
import {
  describe,
  describeFromProcessQueue,
  describeFromQueue,
  failAt,
  Job,
  makePoint,
  PlacedError,
  Point,
  Polyline,
  Registry,
  Samples,
  Sealed,
  Secret,
  Tags,
  Task,
  TreeNode,
  Trimmed,
} from "./fixtures/classes.ts";

/** The message codec (threads): encode, structured clone, decode. */
async function viaMessage(value: unknown): Promise<unknown> {
  return await decode(structuredClone(encode(value, "value")));
}

/** The byte codec (queues, processes): encode, copy, load, decode. */
async function viaBytes(value: unknown): Promise<unknown> {
  const bytes = encodeBytes(value, "value", true).slice();
  const needs = readNeeds(bytes);
  if (needs !== undefined) await load(needs);
  return decodeBytes(bytes);
}

/** The message codec when something beside needs markers (a function). */
async function viaMessageMarked(value: unknown): Promise<unknown> {
  const out = await viaMessage([value, Math.pow]) as [unknown, unknown];
  assert.equal(out[1], Math.pow);
  return out[0];
}

const codecs = [
  ["message codec", viaMessage],
  ["message codec with markers", viaMessageMarked],
  ["byte codec", viaBytes],
] as const;

Deno.test("an exported class's instance crosses as that class, nested, shared and cyclic", async (t) => {
  for (const [name, roundTrip] of codecs) {
    await t.step(name, async () => {
      const p = new Point(3, 4);
      const root = new TreeNode("root").add(new TreeNode("a")).add(
        new TreeNode("b").add(new TreeNode("c")),
      );
      const out = await roundTrip({
        p,
        again: p,
        list: [1, new Point(6, 8)],
        map: new Map<unknown, unknown>([[new Point(0, 1), "key"], ["v", p]]),
        root,
      }) as {
        p: Point;
        again: Point;
        list: [number, Point];
        map: Map<unknown, unknown>;
        root: TreeNode;
      };
      assert.ok(out.p instanceof Point);
      assert.equal(out.p.norm(), 5);
      assert.deepEqual({ ...out.p }, { x: 3, y: 4 });
      assert.equal(out.again, out.p);
      assert.equal(out.list[1].norm(), 10);
      const [key] = out.map.keys();
      assert.ok(key instanceof Point && key.y === 1);
      assert.equal(out.map.get("v"), out.p);
      assert.ok(out.root instanceof TreeNode);
      const c = out.root.children[1]!.children[0]!;
      assert.ok(c instanceof TreeNode);
      assert.equal(c.path(), "root/b/c");
      assert.equal(out.root.children[0]!.parent, out.root);
    });
  }
});

Deno.test("subclasses of built-ins keep their class, contents and fields", async (t) => {
  for (const [name, roundTrip] of codecs) {
    await t.step(name, async () => {
      const registry = new Registry([["near", new Point(0, 1)]]);
      registry.set("far", new Point(30, 40));
      registry.set("self", registry as unknown as Point); // a cycle
      registry.label = "points";
      const line = Polyline.from([new Point(0, 0), new Point(3, 4)]);
      const tags = new Tags(["b", "a"]);
      const samples = Samples.from([1, 2, 6]);
      const out = await roundTrip([registry, line, tags, samples]) as [
        Registry,
        Polyline,
        Tags,
        Samples,
      ];
      assert.ok(out[0] instanceof Registry && out[0] instanceof Map);
      assert.equal(out[0].label, "points");
      assert.equal(out[0].get("far")!.norm(), 50);
      assert.equal(out[0].get("self"), out[0]);
      assert.ok(out[1] instanceof Polyline && Array.isArray(out[1]));
      assert.equal(out[1].length2(), 5);
      assert.ok(out[2] instanceof Tags);
      assert.equal(out[2].joined(), "a,b");
      assert.ok(out[3] instanceof Samples && out[3] instanceof Float64Array);
      assert.equal(out[3].mean(), 3);
    });
  }
});

Deno.test("an error's field that is an instance keeps its class", async () => {
  const out = await viaBytes(new PlacedError("missed", new Point(1, 0)));
  assert.ok(out instanceof PlacedError);
  assert.ok(out.at instanceof Point);
  assert.equal(out.at.norm(), 1);
});

Deno.test("a class's [toState]() and static [fromState]() choose what crosses", async (t) => {
  for (const [name, roundTrip] of codecs) {
    await t.step(name, async () => {
      const before = Secret.rebuilt;
      const [secret, trimmed] = await roundTrip([
        new Secret("s3cr3t"),
        new Trimmed(7),
      ]) as [Secret, Trimmed];
      assert.ok(secret instanceof Secret);
      assert.equal(secret.reveal(), "s3cr3t");
      assert.equal(Secret.rebuilt, before + 1);
      // Without fromState, the state's fields are assigned to an instance
      // made without its constructor (no `cache` field).
      assert.ok(trimmed instanceof Trimmed);
      assert.deepEqual({ ...trimmed }, { id: 7 });
    });
  }
});

Deno.test("an instance that cannot cross is a TypeError naming its class, path and fix", async (t) => {
  class Local {
    n = 1;
  }
  const anonymous = new (class {})();
  const cases: [unknown, RegExp][] = [
    [
      { items: [0, 1, 2, new Local()] },
      /^Cannot send value\.items\[3\] to another (thread|process) as it is an instance of Local, and no module exports the class, so the other side cannot rebuild it: exp[o]rt \w+ from .* \(a module other than the main one also calls registerModule\(import\.meta\.url\)\)$/,
    ],
    [
      [new Sealed()],
      /^Cannot send value\[0\] .* an instance of Sealed, whose private members \(#names\) cannot be rebuilt from its fields: give Sealed a static \[fromState\]\(state\) method/,
    ],
    [{ a: anonymous }, /^Cannot send value\.a .* an anonymous class/],
    [
      new Map([["u", new URL("https://example.com")]]),
      /^Cannot send value\.get\("u"\) .* an instance of URL, a built-in class that does not cross/,
    ],
    [
      { o: Object.create({ inherited: 1 }) },
      /^Cannot send value\.o .* an object whose prototype is not a class's/,
    ],
  ];
  for (const [value, message] of cases) {
    await t.step(message.source.slice(0, 40), () => {
      assert.throws(() => encode(value, "value"), {
        name: "TypeError",
        message,
      });
      assert.throws(() => encodeBytes(value, "value"), {
        name: "TypeError",
        message,
      });
      assert.throws(() => encodeBytes(value, "value", true), {
        name: "TypeError",
        message,
      });
    });
  }
  // Thread.start refuses before starting anything.
  const thread = new Thread({ target: describe, args: [[new Local()]] });
  assert.throws(() => thread.start(), {
    name: "TypeError",
    message: /^Cannot send args\[0\]\[0\] .* instance of Local/,
  });
  assert.ok(!thread.isAlive());
});

Deno.test("PriorityQueue orders instances by their [orderKey]()", async (t) => {
  await t.step(
    "Python's PrioritizedItem: the payload is never compared",
    () => {
      const q = new PriorityQueue<Job>();
      q.putNowait(new Job(3, { never: "compared" }));
      q.putNowait(new Job(1, new Map()));
      q.putNowait(new Job(2, () => "no order"));
      assert.deepEqual([0, 1, 2].map(() => q.getNowait().priority), [1, 2, 3]);
    },
  );
  await t.step("tuple keys, and instances inside tuples", () => {
    const q = new PriorityQueue<[number, Task]>();
    q.putNowait([1, new Task(2, "b")]);
    q.putNowait([1, new Task(2, "a")]);
    q.putNowait([0, new Task(9, "z")]);
    const out = [0, 1, 2].map(() => q.getNowait());
    assert.ok(out.every(([, task]) => task instanceof Task));
    assert.deepEqual(out.map(([n, task]) => `${n}${task.name}`), [
      "0z",
      "1a",
      "1b",
    ]);
  });
  await t.step("instances without a key cannot be ordered", () => {
    const q = new PriorityQueue<unknown>();
    q.putNowait(new Point(1, 1));
    assert.throws(() => q.putNowait(new Point(0, 0)), {
      name: "TypeError",
      message: "'<' not supported between instances of 'Object' and 'Object'",
    });
    assert.throws(() => q.putNowait(new Job(1, 1)), TypeError);
    assert.throws(() => q.putNowait(1), TypeError);
    assert.equal(q.qsize(), 1);
  });
});

Deno.test("instances cross through a Queue between threads, both ways", async () => {
  const inbox = new Queue<unknown>();
  const outbox = new Queue<unknown>();
  const t = new Thread({ target: describeFromQueue, args: [inbox, outbox, 3] });
  t.start();
  const root = new TreeNode("r").add(new TreeNode("x"));
  for (const item of [new Point(6, 8), root, new Secret("k")]) {
    await inbox.put(item);
  }
  assert.equal(await outbox.get({ timeout: 60 }), "Point 10");
  assert.ok(await outbox.get({ timeout: 60 }) instanceof Point);
  assert.equal(await outbox.get({ timeout: 60 }), "TreeNode r/x");
  const back = await outbox.get({ timeout: 60 }) as TreeNode;
  assert.ok(back instanceof TreeNode && back.children[0]!.parent === back);
  assert.equal(await outbox.get({ timeout: 60 }), "Secret k");
  assert.equal((await outbox.get({ timeout: 60 }) as Secret).reveal(), "k");
  await t.join();
});

Deno.test("instances cross through a process Queue, both ways", async () => {
  const inbox = new ProcessQueue<unknown>();
  const outbox = new ProcessQueue<unknown>();
  const p = new Process({
    target: describeFromProcessQueue,
    args: [inbox, outbox, 2],
  });
  p.start();
  await inbox.put(Polyline.from([new Point(0, 0), new Point(0, 2)]));
  await inbox.put(new PlacedError("here", new Point(0, 0)));
  assert.equal(await outbox.get({ timeout: 60 }), "Polyline 2");
  assert.ok(await outbox.get({ timeout: 60 }) instanceof Polyline);
  assert.equal(await outbox.get({ timeout: 60 }), "PlacedError here true");
  const error = await outbox.get({ timeout: 60 }) as PlacedError;
  assert.ok(error instanceof PlacedError && error.at instanceof Point);
  await p.join();
  assert.equal(p.exitcode, 0);
  inbox.close();
  outbox.close();
});

Deno.test("pool results and errors' fields keep their classes", async (t) => {
  const executors: [string, () => Executor][] = [
    ["ThreadPoolExecutor", () => new ThreadPoolExecutor({ maxWorkers: 1 })],
    ["ProcessPoolExecutor", () => new ProcessPoolExecutor({ maxWorkers: 1 })],
  ];
  for (const [name, make] of executors) {
    await t.step(name, async () => {
      await using pool = make();
      const p = await pool.submit(makePoint, 5, 12).result();
      assert.ok(p instanceof Point);
      assert.equal(p.norm(), 13);
      assert.equal(
        await pool.submit(describe, new Registry([["o", p]])).result(),
        "Registry o",
      );
      assert.equal(
        await pool.submit(describe, new Secret("pool")).result(),
        "Secret pool",
      );
      const error = await pool.submit(failAt, 0, 3).exception();
      assert.ok(error instanceof PlacedError);
      assert.ok(error.at instanceof Point && error.at.norm() === 3);
    });
  }
});
