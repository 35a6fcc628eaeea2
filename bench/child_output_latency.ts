// Copyright 2026 the @skein/concurrent authors. MIT license.
// The time from a child's console.log to the line on its parent's stdout,
// median over 1,000 writes, against a raw child's stdout piped through
// Deno.Command (the baseline: one pipe, nothing in between). `deno bench`
// times calls, not the way of one write through two processes, hence a
// script:
//
//   deno run --allow-read --allow-run bench/child_output_latency.ts \
//     [writes [kinds...]]
//
// (kinds: raw, relay, process, pool, executor; all by default).
// Each line carries the time it was written at; this process takes the
// time it reads it at (one clock, the system's, in both).
const program = new URL("./fixtures/print_stamps.ts", import.meta.url)
  .pathname;
const count = Number(Deno.args[0] ?? 1000);

async function latencies(kind: string): Promise<number[]> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", program, kind, String(count)],
    stdout: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  const found: number[] = [];
  let text = "";
  for await (const chunk of child.stdout) {
    const now = performance.timeOrigin + performance.now();
    text += decoder.decode(chunk, { stream: true });
    const lines = text.split("\n");
    text = lines.pop()!;
    for (const line of lines) found.push((now - Number(line)) * 1000);
  }
  const status = await child.status;
  if (!status.success || found.length !== count) {
    throw new Error(
      `Cannot measure ${kind} as its program failed: exit code ${status.code}, ${found.length} of ${count} lines`,
    );
  }
  return found;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

const rows: [string, string][] = [
  ["raw child, stdout piped through Deno.Command (baseline)", "raw"],
  ["raw child relayed by pipeTo(Deno.stdout.writable)", "relay"],
  ["Process child", "process"],
  ["Pool(1) worker", "pool"],
  ["ProcessPoolExecutor(1) worker", "executor"],
];
const kinds = Deno.args.length > 1 ? Deno.args.slice(1) : rows.map((r) => r[1]);
let baseline = 0;
console.log(`| ${count} writes | median | p90 | p99 | median vs baseline |`);
console.log("| --- | --- | --- | --- | --- |");
for (const [name, kind] of rows.filter(([, kind]) => kinds.includes(kind))) {
  const sorted = (await latencies(kind)).sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  if (kind === "raw") baseline = median;
  const f = (us: number): string => `${us.toFixed(0)} \u00b5s`;
  console.log(
    `| ${name} | ${f(median)} | ${f(quantile(sorted, 0.9))} | ${
      f(quantile(sorted, 0.99))
    } | ${kind === "raw" ? "baseline" : `+${f(median - baseline)}`} |`,
  );
}
