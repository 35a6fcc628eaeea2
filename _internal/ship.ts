// Copyright 2026 the @skein/concurrent authors. MIT license.
// Shipping functions to another thread, as Python pickles them: by module
// and name. The sending side cannot look inside a module that is still being
// evaluated (a script's top level starts threads while it runs), so it sends
// the function's name and source text with the modules to search; the
// receiving side imports them and takes the export whose source is the same.
// A function found nowhere is compiled from its source, and may then not use
// variables from outside its body (see free_names.ts).
import { freeNames } from "./free_names.ts";
import { threadState } from "./thread_state.ts";

/** What crosses for a function. */
export interface FunctionRef {
  /** Unique per function; the receiving side caches what it resolved by it. */
  readonly id: string;
  readonly name: string;
  readonly source: string;
  /** Module URLs to search, in order: registered ones, then the main one. */
  readonly modules: readonly string[];
}

// One set per thread, shared by every copy of this module (thread_state.ts).
const state = threadState("ship", () => ({
  registered: [] as string[],
  refs: new WeakMap<object, FunctionRef>(),
  classRefs: new WeakMap<object, FunctionRef>(),
  mainModule: undefined as string | undefined,
  importing: 0,
  namespaces: new Map<string, Promise<Record<string, unknown>>>(),
  // The namespaces of namespaces' modules that have finished loading.
  imported: new Map<string, Record<string, unknown>>(),
  settled: new Map<string, (...args: unknown[]) => unknown>(),
  resolved: new Map<string, Promise<(...args: unknown[]) => unknown>>(),
  sources: new Map<string, Promise<string | undefined>>(),
  // The source texts mayExportSync() read, by URL.
  localSources: new Map<string, string | undefined>(),
}));
const { registered, refs, classRefs } = state;

/**
 * Adds a module whose exported functions can be shipped by reference. The
 * main module is searched without registering it.
 */
export function registerModule(url: string | URL): void {
  const href = new URL(url).href;
  if (!registered.includes(href)) registered.unshift(href);
}

/** The modules registered with registerModule(), newest first. */
export function registeredModules(): readonly string[] {
  return registered;
}

/**
 * The main module of the program: `Deno.mainModule` on the main thread; a
 * worker is told its program's main module by the thread that started it.
 */
export function programMainModule(): string {
  return state.mainModule ?? Deno.mainModule;
}

/** Sets the program's main module in a worker (the bootstrap does this). */
export function setProgramMainModule(url: string): void {
  state.mainModule = url;
}

// The id prefix of a class of errors sent beside an error: the other side
// rebuilds the error as that class only if it finds the class exported.
const ERROR_CLASS = "error-class:";

/**
 * Describes the class of `error` for the other side, when it is a class of
 * the program's own (not one known by name everywhere); `undefined` when
 * it is not, or cannot be described.
 */
export function errorClassRef(
  cls: (...args: never[]) => unknown,
): FunctionRef | undefined {
  try {
    const ref = functionRef(cls, "an error's class");
    return { ...ref, id: ERROR_CLASS + ref.id };
  } catch {
    return undefined;
  }
}

/** Whether `ref` names an error's class (see errorClassRef()). */
export function isErrorClassRef(ref: FunctionRef): boolean {
  return ref.id.startsWith(ERROR_CLASS);
}

/**
 * Names a function that the package's own module `url` exports as `name`;
 * the other side imports the module and takes that export.
 */
export function exportRef(name: string, url: string): FunctionRef {
  return { id: `${url}#${name}`, name, source: "", modules: [url] };
}

/**
 * Describes `fn` for the other side.
 *
 * @throws {TypeError} If `fn` is bound or built-in: it has no source.
 */
export function functionRef(
  fn: (...args: never[]) => unknown,
  path: string,
): FunctionRef {
  const cached = refs.get(fn);
  if (cached !== undefined) return cached;
  const global = globalPath(fn);
  if (global !== undefined) {
    // A built-in crosses by its path, as pickle sends `math.pow`.
    const ref: FunctionRef = {
      id: `global:${global}`,
      name: global,
      source: "",
      modules: [],
    };
    refs.set(fn, ref);
    return ref;
  }
  const source = sourceOf(fn);
  if (source.endsWith("{ [native code] }")) {
    throw new TypeError(
      `Cannot send ${path} to another thread as it is a bound or built-in function '${fn.name}' that no global property path (such as 'Math.max') reaches: send a function written in a module, or the built-in itself`,
    );
  }
  const ref: FunctionRef = {
    id: crypto.randomUUID(),
    name: fn.name,
    source,
    modules: [...registered, programMainModule()],
  };
  if (
    !source.startsWith("class") &&
    !ref.modules.some((url) => mayExportSync(url, fn.name))
  ) {
    // It will cross as source text: it must not use outer variables. (A
    // class is a Thread or Process subclass, which their start() checks.)
    const outer = freeNames(source);
    if (outer.length > 0) {
      throw new TypeError(
        `Cannot send ${path} to another thread as it is ${
          fn.name ? `function '${fn.name}'` : "an anonymous function"
        }, which no module exports, so it crosses as source text, and it uses ${
          outer.map((name) => `'${name}'`).join(", ")
        } from outside its body: export it from its module (a module other than the main one also calls registerModule(import.meta.url)), or pass ${
          outer.length > 1 ? "those values" : "that value"
        } as an argument`,
      );
    }
  }
  refs.set(fn, ref);
  return ref;
}

/**
 * Describes the class `cls` of an instance that crosses: by module and
 * name only (the other side rebuilds the instance only from the exported
 * class itself, never from its source text).
 */
export function classRef(cls: (...args: never[]) => unknown): FunctionRef {
  let ref = classRefs.get(cls);
  if (ref === undefined) {
    ref = {
      id: CLASS + crypto.randomUUID(),
      name: cls.name,
      source: sourceOf(cls),
      modules: [...registered, programMainModule()],
    };
    classRefs.set(cls, ref);
  }
  return ref;
}

// The id prefix of a class whose instances cross.
const CLASS = "class:";

/** Whether `ref` names the class of an instance (see classRef()). */
export function isClassRef(ref: FunctionRef): boolean {
  return ref.id.startsWith(CLASS);
}

// Globals that are accessors but safe to read (no permission prompt, no
// storage opened): the ones whose functions are worth shipping.
const SAFE_ACCESSORS = new Set([
  "atob",
  "btoa",
  "clearInterval",
  "clearTimeout",
  "crypto",
  "navigator",
  "setInterval",
  "setTimeout",
]);

/**
 * The property path from `globalThis` that reaches `fn` (`"Math.pow"`,
 * `"Deno.copyFileSync"`, `"fetch"`), looked up by its name at depth one
 * or two; `undefined` when there is none.
 */
export function globalPath(fn: object): string | undefined {
  const name = (fn as { name?: unknown }).name;
  if (typeof name !== "string" || name === "" || name.includes(" ")) {
    return undefined; // anonymous, or bound ("bound f")
  }
  if (globalValue(globalThis, name) === fn) return name;
  for (const root of Object.getOwnPropertyNames(globalThis)) {
    const holder = globalValue(globalThis, root);
    if (
      (typeof holder === "object" || typeof holder === "function") &&
      holder !== null && holder !== globalThis && root !== "prototype" &&
      globalValue(holder, name) === fn
    ) return `${root}.${name}`;
  }
  return undefined;
}

// `holder[key]` when it is a data property, its own or inherited (a method
// of crypto's class), or a safe global accessor, without running getters.
function globalValue(holder: object, key: string): unknown {
  for (
    let at: object | null = holder;
    at !== null && at !== Object.prototype && at !== Function.prototype;
    at = Object.getPrototypeOf(at)
  ) {
    const desc = Object.getOwnPropertyDescriptor(at, key);
    if (desc === undefined) continue;
    if ("value" in desc) return desc.value;
    return at === globalThis && SAFE_ACCESSORS.has(key)
      ? (globalThis as Record<string, unknown>)[key]
      : undefined;
  }
  return undefined;
}

function atGlobalPath(ref: FunctionRef): (...args: unknown[]) => unknown {
  let value: unknown = globalThis;
  let holder: unknown = undefined;
  for (const key of ref.name.split(".")) {
    holder = value;
    value = value == null ? undefined : (value as Record<string, unknown>)[key];
  }
  if (typeof value !== "function") {
    throw new TypeError(
      `Cannot find function '${ref.name}' in this thread: no global property path reaches it here`,
    );
  }
  // A method of an object that is not a plain namespace (crypto.randomUUID,
  // Promise.resolve) keeps its receiver; Math.pow stays itself.
  const proto = Object.getPrototypeOf(holder);
  const fn = holder === globalThis || proto === Object.prototype ||
      proto === null
    ? value as (...args: unknown[]) => unknown
    : (value as (...args: unknown[]) => unknown).bind(holder);
  refs.set(fn, ref); // it crosses back by the same path
  return fn;
}

/** Whether `ref` names a built-in by its global path. */
function isGlobalRef(ref: FunctionRef): boolean {
  return ref.source === "" && ref.modules.length === 0;
}

/**
 * Python's message for a process started while the main module is being
 * imported to find a function: an unguarded main module.
 */
export const BOOTSTRAPPING =
  "An attempt has been made to start a new process before the current process has finished its bootstrapping phase. This probably means that you are not using fork to start your child processes and you have forgotten to use the proper idiom in the main module: guard it with `if (import.meta.main) { ... }`, as Python's `if __name__ == '__main__':`";

/**
 * The message for a thread (a Thread, a Timer, a ThreadPoolExecutor's
 * worker) started while a worker imports a module to find a shipped
 * function: the threads' form of {@linkcode BOOTSTRAPPING}.
 */
export const THREAD_BOOTSTRAPPING =
  'Cannot start a thread while a module is being imported by a worker to find a shipped function: guard the top level of your main module with `if (import.meta.main) { ... }`, as Python scripts guard theirs with `if __name__ == "__main__":`';

/**
 * Whether this thread is importing a module to find a shipped function. A
 * module's top level that starts a thread, a timer, a pool or a process
 * then is missing its `if (import.meta.main)` guard; each refuses (with
 * {@linkcode THREAD_BOOTSTRAPPING} or {@linkcode BOOTSTRAPPING}), as
 * Python's spawn start method does, instead of starting workers without
 * end.
 */
export function isImportingForShipping(): boolean {
  return state.importing > 0;
}

const { namespaces, imported, settled, resolved } = state;

function importForShipping(url: string): Promise<Record<string, unknown>> {
  let ns = namespaces.get(url);
  if (ns === undefined) {
    state.importing++;
    ns = import(url).finally(() => state.importing--);
    ns.then((loaded) => imported.set(url, loaded), () => {});
    namespaces.set(url, ns);
  }
  return ns;
}

/**
 * Imports `urls` in order, as the modules of a shipped function are
 * imported (see isImportingForShipping()): a forkserver's spare preloads
 * them. One that fails to load is skipped, as Python's forkserver skips
 * a preload module it cannot import.
 */
export async function preload(urls: readonly string[]): Promise<void> {
  for (const url of urls) await importForShipping(url).catch(() => {});
}

/**
 * Finds the function `ref` describes: an export with the same source from
 * one of its modules, or else a function compiled from its source. The same
 * ref resolves once per thread.
 */
export function resolveFunction(
  ref: FunctionRef,
): Promise<(...args: unknown[]) => unknown> {
  let fn = resolved.get(ref.id);
  if (fn === undefined) {
    fn = isGlobalRef(ref)
      ? Promise.resolve().then(() => atGlobalPath(ref))
      : findExport(ref).then((found) => {
        if (found !== undefined) return found;
        if (isErrorClassRef(ref)) throw new TypeError("not exported");
        if (isClassRef(ref)) {
          throw new TypeError(
            `Cannot rebuild an instance of class '${ref.name}' in this thread as no module exports it: export the class from ${
              ref.modules.join(" or ")
            } (modules other than the main one also call registerModule(import.meta.url))`,
          );
        }
        return compile(ref);
      });
    fn.then((found) => settled.set(ref.id, found), () => {});
    resolved.set(ref.id, fn);
  }
  return fn;
}

/**
 * Records that `ref` names `fn` in this thread (the thread that described
 * it), so that decoding it here needs no lookup.
 */
export function rememberFunction(
  ref: FunctionRef,
  fn: (...args: unknown[]) => unknown,
): void {
  if (!settled.has(ref.id)) settled.set(ref.id, fn);
}

/**
 * The function `ref` resolved to, when resolveFunction() has already
 * finished for it in this thread: for decoding without waiting.
 */
export function resolvedFunction(
  ref: FunctionRef,
): ((...args: unknown[]) => unknown) | undefined {
  let fn = settled.get(ref.id);
  if (fn === undefined) {
    fn = resolveNow(ref);
    if (fn !== undefined) settled.set(ref.id, fn);
  }
  return fn;
}

// resolveFunction() without waiting: a built-in, or an export of a module
// this thread has already imported to find another function.
function resolveNow(
  ref: FunctionRef,
): ((...args: unknown[]) => unknown) | undefined {
  if (isGlobalRef(ref)) {
    try {
      return atGlobalPath(ref);
    } catch {
      return undefined;
    }
  }
  for (const url of ref.modules) {
    const ns = imported.get(url);
    if (ns === undefined) continue;
    const named = ns[ref.name];
    if (typeof named === "function" && sourceOf(named) === ref.source) {
      return named as (...args: unknown[]) => unknown;
    }
  }
  return undefined;
}

/**
 * Finds the export `ref` describes (a function or a class), without falling
 * back to compiling its source; `undefined` when no module exports it.
 * Rejects with a module's import error when none exports it and one of
 * them failed to import.
 */
export async function findExport(
  ref: FunctionRef,
): Promise<((...args: unknown[]) => unknown) | undefined> {
  // A module that fails to import is passed over (another may export the
  // function); when none does, its error is the answer.
  let failed: { error: unknown } | undefined;
  for (const url of ref.modules) {
    if (url === programMainModule() && !await mayExport(url, ref.name)) {
      continue;
    }
    let ns: Record<string, unknown>;
    try {
      ns = await importForShipping(url);
    } catch (error) {
      failed ??= { error };
      continue;
    }
    const named = ns[ref.name];
    if (ref.source === "") return named as (...args: unknown[]) => unknown;
    if (typeof named === "function" && sourceOf(named) === ref.source) {
      return named as (...args: unknown[]) => unknown;
    }
    for (const value of Object.values(ns)) {
      if (typeof value === "function" && sourceOf(value) === ref.source) {
        return value as (...args: unknown[]) => unknown;
      }
    }
  }
  if (failed !== undefined) throw failed.error;
  return undefined;
}

const { sources } = state;

/**
 * Whether the module at `url` may export a function named `name`, judged
 * from its source text. Importing the main module runs its top level, which
 * a script whose thread target is written inline does not expect; so it is
 * imported only when its source has an export that could be the function
 * (or a re-export `export *`, or when the source cannot be read).
 */
export async function mayExport(url: string, name: string): Promise<boolean> {
  // A local file is read at once: an async read waits for a thread of
  // Deno's blocking pool (tens of ms for a new child on a loaded machine),
  // and a process's first fetch() costs ~13 ms; both were most of a child's
  // start.
  if (url.startsWith("file:")) return mayExportSync(url, name);
  let source = sources.get(url);
  if (source === undefined) {
    source = fetch(url).then((r) => r.ok ? r.text() : undefined).catch(() =>
      undefined
    );
    sources.set(url, source);
  }
  return exportsMaybe(await source, name);
}

/**
 * mayExport() for the sending side, which must decide at once (Thread.start
 * throws for a Thread subclass that no module exports): it reads local
 * modules only, and answers `true` for what it cannot read.
 */
export function mayExportSync(url: string, name: string): boolean {
  if (!url.startsWith("file:")) return true;
  let text = localSources.get(url);
  if (!localSources.has(url)) {
    try {
      text = Deno.readTextFileSync(new URL(url));
    } catch {
      text = undefined;
    }
    localSources.set(url, text);
  }
  return exportsMaybe(text, name);
}

const { localSources } = state;

function exportsMaybe(text: string | undefined, name: string): boolean {
  if (text === undefined) return true;
  if (/\bexport\s*\*/.test(text)) return true;
  if (name === "") return false;
  const escaped = name.replace(/[$]/g, "\\$");
  return new RegExp(`\\bexport\\b[^;]*?\\b${escaped}\\b`, "s").test(text);
}

function sourceOf(fn: unknown): string {
  return Function.prototype.toString.call(fn);
}

function compile(ref: FunctionRef): (...args: unknown[]) => unknown {
  let fn: (...args: unknown[]) => unknown;
  try {
    fn = new Function(`"use strict"; return (${ref.source});`)();
  } catch (error) {
    throw new TypeError(
      `Cannot rebuild function '${ref.name}' in this thread: it is not exported from ${
        ref.modules.join(" or ")
      }, and its source is not a function expression (a method?). Export it from its module`,
      { cause: error },
    );
  }
  const name = ref.name || "anonymous function";
  const explain = (error: unknown): never => {
    if (error instanceof ReferenceError) {
      throw new ReferenceError(
        `${error.message}: '${name}' was sent to this thread as source text, so it cannot use variables from outside its body. Export it from its module (call registerModule(import.meta.url) in modules other than the main one), or pass the value as an argument`,
        { cause: error },
      );
    }
    throw error;
  };
  return function (this: unknown, ...args: unknown[]): unknown {
    let result: unknown;
    try {
      // Called with `new` (a class shipped as source): construct it.
      result = new.target === undefined
        ? fn.apply(this, args)
        : Reflect.construct(fn, args);
    } catch (error) {
      explain(error);
    }
    if (result instanceof Promise) return result.catch(explain);
    return result;
  };
}
