// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Connection Objects" (send_bytes,
// recv_bytes and recv_bytes_into an array)
// deno run --allow-read --allow-env examples/python_docs/multiprocessing_connection_bytes.ts
// A direct port: array.array('i', ...) is an Int32Array; receiving is
// async (await).
//
// The Python original:
//
//     from multiprocessing import Pipe
//     import array
//
//     a, b = Pipe()
//     a.send([1, 'hello', None])
//     print(b.recv())
//     b.send_bytes(b'thank you')
//     print(a.recv_bytes())
//     arr1 = array.array('i', range(5))
//     arr2 = array.array('i', [0] * 10)
//     a.send_bytes(arr1)
//     count = b.recv_bytes_into(arr2)
//     assert count == len(arr1) * arr1.itemsize
//     print(arr2)
import { Pipe } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import assert from "node:assert/strict";
import { print } from "./_print.ts";

const [a, b] = Pipe();
a.send([1, "hello", null]);
print(await b.recv());
b.sendBytes(new TextEncoder().encode("thank you"));
print(await a.recvBytes());
const arr1 = new Int32Array([0, 1, 2, 3, 4]);
const arr2 = new Int32Array(10);
a.sendBytes(arr1);
const count = await b.recvBytesInto(arr2);
assert(count === arr1.length * arr1.BYTES_PER_ELEMENT);
print(arr2);
