// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing.shared_memory -- SharedMemory (create,
// attach by name, write through buf)
// deno run --allow-read --allow-env --allow-run --allow-ffi examples/python_docs/shared_memory_basic.ts
// Adapted: buf is a Uint8Array, which type(shm_a.buf) prints where Python
// prints memoryview; array.array('b', ...) is an Int8Array, bytes(...) a
// copy of the bytes.
//
// The Python original:
//
//     from multiprocessing import shared_memory
//     shm_a = shared_memory.SharedMemory(create=True, size=10)
//     print(type(shm_a.buf))
//     buffer = shm_a.buf
//     print(len(buffer))
//     buffer[:4] = bytearray([22, 33, 44, 55])  # Modify multiple at once
//     buffer[4] = 100                           # Modify single byte at a time
//     # Attach to an existing shared memory block
//     shm_b = shared_memory.SharedMemory(shm_a.name)
//     import array
//     print(array.array('b', shm_b.buf[:5]))  # Copy the data into a new array.array
//     shm_b.buf[:5] = b'howdy'  # Modify via shm_b using bytes
//     print(bytes(shm_a.buf[:5]))      # Access via shm_a
//     shm_b.close()   # Close each SharedMemory instance
//     shm_a.close()
//     shm_a.unlink()  # Call unlink only once to release the shared memory
import { SharedMemory } from "../../multiprocessing/shared_memory/mod.ts"; // jsr:@skein/concurrent/multiprocessing/shared_memory
import { print } from "./_print.ts";

const shmA = new SharedMemory({ create: true, size: 10 });
print(`<class '${shmA.buf.constructor.name}'>`);
const buffer = shmA.buf;
print(buffer.length);
buffer.set(new Uint8Array([22, 33, 44, 55])); // Modify multiple at once
buffer[4] = 100; // Modify single byte at a time
// Attach to an existing shared memory block
const shmB = new SharedMemory(shmA.name);
print(new Int8Array(shmB.buf.slice(0, 5))); // Copy the data into a new array.array
shmB.buf.set(new TextEncoder().encode("howdy")); // Modify via shm_b using bytes
print(shmA.buf.slice(0, 5)); // Access via shm_a
shmB.close(); // Close each SharedMemory instance
shmA.close();
shmA.unlink(); // Call unlink only once to release the shared memory
