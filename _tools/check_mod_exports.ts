// Copyright 2026 the @skein/concurrent authors. MIT license.
// Fails when a public (non-underscore) source file of a module is not
// re-exported by that module's mod.ts, or a module is missing from the root
// mod.ts and deno.json's exports.
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const skip = new Set([
  ".ci",
  ".git",
  "_tools",
  "_internal",
  "bench",
  "examples",
  "tests",
]);
const problems: string[] = [];
const config = JSON.parse(Deno.readTextFileSync(join(root, "deno.json")));
// A file that is an export of its own (a runnable module) needs no mod.ts.
const ownExports = new Set(
  Object.values(config.exports as Record<string, string>).map((path) =>
    join(root, path)
  ),
);

function isPublicSource(name: string): boolean {
  return name.endsWith(".ts") && !name.startsWith("_") &&
    !name.endsWith("_test.ts") && name !== "mod.ts";
}

function checkModule(dir: string): void {
  const entries = [...Deno.readDirSync(dir)];
  const sources = entries.filter((e) => e.isFile && isPublicSource(e.name));
  const hasMod = entries.some((e) => e.isFile && e.name === "mod.ts");
  if (sources.length > 0 && !hasMod) {
    problems.push(`${relative(root, dir)} has public files but no mod.ts`);
  }
  if (hasMod) {
    const mod = Deno.readTextFileSync(join(dir, "mod.ts"));
    for (const source of sources) {
      if (ownExports.has(join(dir, source.name))) continue;
      if (!mod.includes(`export * from "./${source.name}";`)) {
        problems.push(
          `${relative(root, join(dir, source.name))} is not re-exported by ` +
            `${relative(root, join(dir, "mod.ts"))}`,
        );
      }
    }
  }
  for (const entry of entries) {
    if (entry.isDirectory && !entry.name.startsWith("_")) {
      checkModule(join(dir, entry.name));
    }
  }
}

const rootMod = Deno.readTextFileSync(join(root, "mod.ts"));
for (const entry of Deno.readDirSync(root)) {
  if (
    !entry.isDirectory || skip.has(entry.name) || entry.name.startsWith(".")
  ) {
    continue;
  }
  checkModule(join(root, entry.name));
  if (!(`./${entry.name}` in config.exports)) {
    problems.push(`deno.json exports has no "./${entry.name}"`);
  }
  if (!rootMod.includes(`from "./${entry.name}/mod.ts";`)) {
    problems.push(`mod.ts does not re-export ./${entry.name}/mod.ts`);
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  Deno.exit(1);
}
