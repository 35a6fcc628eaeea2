// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a test may leave behind and must not: child processes (zombies
// too) and shared-memory segments. Read through `ps` and `sh`, as Deno
// needs --allow-all to read another process's /proc files itself. Other
// test files of the same run may have left some: compare with a snapshot.
import assert from "node:assert/strict";

/** This process's children, with their state (Z: zombie), from `ps`. */
export async function children(): Promise<{ pid: number; state: string }[]> {
  const { stdout } = await new Deno.Command("ps", {
    args: ["-o", "pid=,stat=,comm=", "--ppid", String(Deno.pid)],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(stdout).trim().split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, , comm]) => pid && comm !== "ps")
    .map(([pid, state]) => ({ pid: Number(pid), state: state! }));
}

/** Segments of /dev/shm this process holds open or mapped. */
export async function openSegments(): Promise<string[]> {
  const { stdout } = await new Deno.Command("sh", {
    args: [
      "-c",
      `ls -l /proc/${Deno.pid}/fd; cat /proc/${Deno.pid}/maps`,
    ],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(stdout).split("\n")
    .filter((line) => line.includes("/dev/shm/"))
    .map((line) => line.slice(line.indexOf("/dev/shm/")));
}

/** What this process holds now. */
export interface Holdings {
  readonly pids: Set<number>;
  readonly shm: Set<string>;
}

/** What this process holds now: other test files may have left some. */
export async function snapshot(): Promise<Holdings> {
  return {
    pids: new Set((await children()).map((child) => child.pid)),
    shm: new Set(await openSegments()),
  };
}

/** Asserts that no child, zombie or segment has come since `before`. */
export async function assertNothingLeft(before: Holdings): Promise<void> {
  const left = (await children()).filter((child) =>
    !before.pids.has(child.pid)
  );
  assert.deepEqual(left, [], "a child or a zombie is left");
  const held = (await openSegments()).filter((path) => !before.shm.has(path));
  assert.deepEqual(held, [], "a shared-memory segment is left");
}

/** A loop that SIGKILLs a random child (one not in `before`) at intervals. */
export class ChildKiller {
  #kills = 0;
  #looking: Promise<void> | undefined;
  #timer: ReturnType<typeof setInterval>;

  /**
   * @param before Children that are not to be killed (other tests').
   * @param everyMs Milliseconds between kills.
   * @param maxKills Kills at most (a CI budget).
   */
  constructor(before: Holdings, everyMs: number, maxKills: number) {
    this.#timer = setInterval(() => {
      if (this.#kills >= maxKills || this.#looking) return;
      this.#looking = children().then((found) => {
        this.#looking = undefined;
        const live = found.filter((child) =>
          child.state !== "Z" && !before.pids.has(child.pid)
        );
        const victim = live[Math.floor(Math.random() * live.length)];
        if (victim === undefined || this.#kills >= maxKills) return;
        try {
          Deno.kill(victim.pid, "SIGKILL");
          this.#kills++;
        } catch {
          // it exited meanwhile
        }
      });
    }, everyMs);
  }

  /** The children killed so far. */
  get kills(): number {
    return this.#kills;
  }

  /** Stops killing, once the `ps` in flight (if any) is done. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#looking;
  }
}
