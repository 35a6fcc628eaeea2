// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a child process runs: it reads who it is and what to call from its
// stdin (two frames), imports the modules the call needs (the main module
// is imported, not run: `import.meta.main` is false there, as Python's
// `__main__` guard under spawn), calls it, and exits with Python's codes:
// 0, or 1 after printing the exception. A parent that goes away closes
// the stdin; the child then exits too.
import { FrameReader } from "../_internal/frames.ts";
import { decodeBytes, load, readNeeds } from "../_internal/wire_decode.ts";
import { setProgramMainModule } from "../_internal/ship.ts";
import { type Identity, setCurrentIdentity } from "./_current.ts";

interface Header extends Identity {
  mainModule: string;
}

const frames = new FrameReader(Deno.stdin.readable);
const header = decodeBytes((await frames.next())!) as Header;
setProgramMainModule(header.mainModule);
const { mainModule: _, ...identity } = header;
setCurrentIdentity(identity);
const target = await frames.next();
const args = await frames.next();
if (target === undefined || args === undefined) Deno.exit(1); // parent gone

// Exit when the parent goes away (its end of our stdin closes).
frames.next().then(() => Deno.exit(1), () => Deno.exit(1));

let code = 0;
try {
  for (const record of [target, args]) {
    const needs = readNeeds(record);
    if (needs !== undefined) await load(needs);
  }
  const fn = decodeBytes(target) as (...args: unknown[]) => unknown;
  await fn(...decodeBytes(args) as unknown[]);
} catch (error) {
  console.error(`Process ${header.name}:`);
  console.error(error instanceof Error ? error.stack ?? error : error);
  code = 1;
}
Deno.exit(code);
