// Copyright 2026 the @skein/concurrent authors. MIT license.
// The Deno permission flags of a child process: by default what this
// process was granted (in full, or the items of a limited grant that its
// command line names), never more, and what it was denied; narrowed by the
// `permissions` option, whose every grant is checked against this
// process's first.
import { describe } from "./describe.ts";
import { parentFlags } from "./deno_flags.ts";

/**
 * One permission of a child: `"inherit"` what this process has in full,
 * `true` all of it (this process must have all of it), `false` none, or a
 * list of paths, hosts, variables or commands (each one this process must
 * have).
 */
export type PermissionOption = "inherit" | boolean | readonly (string | URL)[];

/**
 * The permissions of a child process, in the shape of a Worker's
 * `deno.permissions`: `"inherit"` (the default), `"none"`, or per
 * permission. A permission the object leaves out is inherited (a Worker
 * denies it instead): `{ net: false }` takes away just the network.
 */
export type ProcessPermissions = "inherit" | "none" | {
  read?: PermissionOption;
  write?: PermissionOption;
  net?: PermissionOption;
  env?: PermissionOption;
  run?: PermissionOption;
  ffi?: PermissionOption;
  sys?: PermissionOption;
  import?: PermissionOption;
};

const NAMES = [
  "read",
  "write",
  "net",
  "env",
  "run",
  "ffi",
  "sys",
  "import",
] as const;
/** A permission's name, as in `--allow-<name>`. */
export type Name = typeof NAMES[number];

// The descriptor field that names one item of each permission.
const FIELD: Record<Name, string> = {
  read: "path",
  write: "path",
  net: "host",
  env: "variable",
  run: "command",
  ffi: "path",
  sys: "kind",
  import: "host",
};

/** Whether this process has permission `name` (for `item`, or in full). */
export function granted(name: Name, item?: string): boolean {
  const descriptor = item === undefined
    ? { name }
    : { name, [FIELD[name]]: item };
  return Deno.permissions.querySync(descriptor as Deno.PermissionDescriptor)
    .state === "granted";
}

/**
 * The `--allow-*` flags for `permissions`.
 *
 * @throws {TypeError} If `permissions` has the wrong shape.
 * @throws {Deno.errors.NotCapable} If it asks for what this process lacks.
 */
export function permissionFlags(
  what: string,
  permissions: ProcessPermissions | undefined,
): string[] {
  const parent = parentFlags();
  if (permissions === "none") return [...parent.deny];
  const each = permissions === undefined || permissions === "inherit"
    ? {}
    : permissions;
  if (typeof each !== "object" || each === null) {
    throw new TypeError(
      `Cannot ${what} as 'permissions' must be "inherit", "none" or an object: received ${
        describe(permissions)
      }`,
    );
  }
  const flags: string[] = [];
  for (const name of NAMES) {
    const option = each[name] ?? "inherit";
    if (option === "inherit") {
      if (granted(name)) flags.push(`--allow-${name}`);
      else {
        // A grant limited to some items: those of them still granted.
        const items = (parent.allowed.get(name) ?? [])
          .filter((item) => granted(name, item));
        if (items.length > 0) flags.push(`--allow-${name}=${items.join(",")}`);
      }
    } else if (option === true) {
      if (!granted(name)) throw lacks(what, name, undefined);
      flags.push(`--allow-${name}`);
    } else if (Array.isArray(option)) {
      const items = option.map((item) =>
        item instanceof URL ? item.pathname : String(item)
      );
      for (const item of items) {
        if (!granted(name, item)) throw lacks(what, name, item);
      }
      if (items.length > 0) flags.push(`--allow-${name}=${items.join(",")}`);
    } else if (option !== false) {
      throw new TypeError(
        `Cannot ${what} as 'permissions.${name}' must be "inherit", a boolean or a list: received ${
          describe(option)
        }`,
      );
    }
  }
  // What this process was denied, its child is denied too.
  return [...flags, ...parent.deny];
}

function lacks(what: string, name: Name, item: string | undefined): Error {
  const asked = item === undefined
    ? `all of --allow-${name}`
    : `${name} access to '${item}'`;
  return new Deno.errors.NotCapable(
    `Cannot ${what} as it asks for ${asked}, which this process has not been granted: a child never gets more than its parent`,
  );
}
