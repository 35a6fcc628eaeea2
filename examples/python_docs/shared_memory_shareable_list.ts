// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing.shared_memory -- ShareableList (types,
// assignment, storage limit, index/count; attaching by name)
// deno run --allow-read --allow-env --allow-run --allow-ffi examples/python_docs/shared_memory_shareable_list.ts
// A direct port: a[i] is a.get(i), a[i] = v is a.set(i, v), len(a) is
// a.length, b'...' a Uint8Array; type() is the helper's, naming the Python
// type each value stands for. The docs' interactive traceback is caught and
// printed. The docs (3.13) word the error "exceeds available storage for
// existing str"; CPython 3.11, whose output this is, as here.
//
// The Python original:
//
//     from multiprocessing import shared_memory
//     a = shared_memory.ShareableList(['howdy', b'HoWdY', -273.154, 100, None, True, 42])
//     print([ type(entry) for entry in a ])
//     print(a[2])
//     a[2] = -78.5
//     print(a[2])
//     a[2] = 'dry ice'  # Changing data types is supported as well
//     print(a[2])
//     try:
//         a[2] = 'larger than previously allocated storage space'
//     except ValueError as e:
//         print('ValueError:', e)
//     print(a[2])
//     print(len(a))
//     print(a.index(42))
//     print(a.count(b'howdy'))
//     print(a.count(b'HoWdY'))
//     a.shm.close()
//     a.shm.unlink()
//     del a  # Use of a ShareableList after call to unlink() is unsupported
//
//     b = shared_memory.ShareableList(range(5))         # In a first process
//     c = shared_memory.ShareableList(name=b.shm.name)  # In a second process
//     print(c)
//     c[-1] = -999
//     print(b[-1])
//     b.shm.close()
//     c.shm.close()
//     c.shm.unlink()
import { ShareableList } from "../../multiprocessing/shared_memory/mod.ts"; // jsr:@skein/concurrent/multiprocessing/shared_memory
import { ValueError } from "../../errors.ts";
import { print, type } from "./_print.ts";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const a = new ShareableList([
  "howdy",
  bytes("HoWdY"),
  -273.154,
  100,
  null,
  true,
  42,
]);
print([...a].map((entry) => type(entry)));
print(a.get(2));
a.set(2, -78.5);
print(a.get(2));
a.set(2, "dry ice"); // Changing data types is supported as well
print(a.get(2));
try {
  a.set(2, "larger than previously allocated storage space");
} catch (e) {
  if (!(e instanceof ValueError)) throw e;
  print("ValueError:", e.message);
}
print(a.get(2));
print(a.length);
print(a.index(42));
print(a.count(bytes("howdy")));
print(a.count(bytes("HoWdY")));
a.shm.close();
a.shm.unlink();
// Use of a ShareableList after call to unlink() is unsupported

const b = new ShareableList([0, 1, 2, 3, 4]); // In a first process
const c = new ShareableList(null, { name: b.shm.name }); // In a second process
print(c);
c.set(-1, -999);
print(b.get(-1));
b.shm.close();
c.shm.close();
c.shm.unlink();
