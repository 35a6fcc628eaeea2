// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing.shared_memory -- ShareableList (pickling:
// the copy is the same list)
// deno run --allow-read --allow-env --allow-run --allow-ffi examples/python_docs/shared_memory_pickle.ts
// Adapted: JavaScript has no pickle; the package's codec is what pickle
// is to Python, and a Pipe round trip (send, recv) runs a value through it
// the way pickle.loads(pickle.dumps(sl)) does.
//
// The Python original:
//
//     import pickle
//     from multiprocessing import shared_memory
//     sl = shared_memory.ShareableList(range(10))
//     print(list(sl))
//     deserialized_sl = pickle.loads(pickle.dumps(sl))
//     print(deserialized_sl)
//     deserialized_sl[0] = -1
//     deserialized_sl[1] = -2
//     print(list(sl))
//     sl.shm.close()
//     sl.shm.unlink()
import { Pipe } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { ShareableList } from "../../multiprocessing/shared_memory/mod.ts"; // jsr:@skein/concurrent/multiprocessing/shared_memory
import { print } from "./_print.ts";

const [dumps, loads] = Pipe();
const sl = new ShareableList([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
print([...sl]);
dumps.send(sl);
const deserializedSl = await loads.recv() as ShareableList;
print(deserializedSl);
deserializedSl.set(0, -1);
deserializedSl.set(1, -2);
print([...sl]);
sl.shm.close();
sl.shm.unlink();
dumps.close();
loads.close();
