// Copyright 2026 the @skein/concurrent authors. MIT license.
// The wire codecs on instances of an exported class against the same data
// as plain objects (the baseline): 10,000 small items encoded and decoded,
// by the byte codec (queues, processes) and by the message codec (thread
// arguments and results, with the structured clone postMessage makes).
import { registerModule } from "@skein/concurrent/threading";
import { decode, encode } from "../_internal/codec.ts";
import { encodeBytes } from "../_internal/wire_encode.ts";
import { decodeBytes } from "../_internal/wire_decode.ts";
import { SmallItem } from "./fixtures/small_item.ts";

registerModule(new URL("./fixtures/small_item.ts", import.meta.url));

const N = 10_000;
const plain = Array.from(
  { length: N },
  (_, i) => ({ id: i, name: `item-${i}`, tags: ["red", "small"] }),
);
const instances = Array.from(
  { length: N },
  (_, i) => new SmallItem(i, `item-${i}`, ["red", "small"]),
);

function viaBytes(value: unknown[]): number {
  const out = decodeBytes(encodeBytes(value, "item")) as unknown[];
  return out.length;
}

async function viaMessage(value: unknown[]): Promise<number> {
  const out = await decode(structuredClone(encode(value, "args"))) as unknown[];
  return out.length;
}

// Both forms must round-trip before they are timed.
if (
  !((decodeBytes(encodeBytes(instances, "item")) as SmallItem[])[9] instanceof
    SmallItem)
) throw new Error("the byte codec lost the class");
if (
  !((await decode(structuredClone(encode(instances, "args"))) as SmallItem[])[
    9
  ] instanceof SmallItem)
) throw new Error("the message codec lost the class");

Deno.bench(`byte codec, ${N} plain objects`, {
  group: "encode + decode, byte codec",
  baseline: true,
}, () => {
  if (viaBytes(plain) !== N) throw new Error("lost items");
});

Deno.bench(`byte codec, ${N} instances of an exported class`, {
  group: "encode + decode, byte codec",
}, () => {
  if (viaBytes(instances) !== N) throw new Error("lost items");
});

Deno.bench(`message codec, ${N} plain objects`, {
  group: "encode + decode, message codec",
  baseline: true,
}, async () => {
  if (await viaMessage(plain) !== N) throw new Error("lost items");
});

Deno.bench(`message codec, ${N} instances of an exported class`, {
  group: "encode + decode, message codec",
}, async () => {
  if (await viaMessage(instances) !== N) throw new Error("lost items");
});
