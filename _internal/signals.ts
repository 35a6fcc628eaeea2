// Copyright 2026 the @skein/concurrent authors. MIT license.
// Linux signal numbers by name and back: a child killed by a signal has
// minus its number as return code, as in Python.

const SIGNALS: Record<number, string> = {
  1: "SIGHUP",
  2: "SIGINT",
  3: "SIGQUIT",
  4: "SIGILL",
  5: "SIGTRAP",
  6: "SIGABRT",
  7: "SIGBUS",
  8: "SIGFPE",
  9: "SIGKILL",
  10: "SIGUSR1",
  11: "SIGSEGV",
  12: "SIGUSR2",
  13: "SIGPIPE",
  14: "SIGALRM",
  15: "SIGTERM",
  16: "SIGSTKFLT",
  17: "SIGCHLD",
  18: "SIGCONT",
  19: "SIGSTOP",
  20: "SIGTSTP",
  21: "SIGTTIN",
  22: "SIGTTOU",
  23: "SIGURG",
  24: "SIGXCPU",
  25: "SIGXFSZ",
  26: "SIGVTALRM",
  27: "SIGPROF",
  28: "SIGWINCH",
  29: "SIGIO",
  30: "SIGPWR",
  31: "SIGSYS",
};

/** The Linux signal number of a signal name, e.g. 9 for "SIGKILL". */
export function signalNumber(name: string): number | undefined {
  for (const [number, known] of Object.entries(SIGNALS)) {
    if (known === name) return Number(number);
  }
  return undefined;
}

/** The name of a Linux signal number, if it has one. */
export function signalName(number: number): string | undefined {
  return SIGNALS[number];
}
