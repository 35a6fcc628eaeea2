// Copyright 2026 the @skein/concurrent authors. MIT license.
// A job's signature covers all of it: no field, no call and no boundary
// between them can change while the signature still holds.
import assert from "node:assert/strict";
import { HmacSha256 } from "../../../_internal/hmac.ts";
import {
  isJobData,
  type JobData,
  jobMac,
  namedCalls,
  verifyJob,
} from "../../../futures/redis/_protocol.ts";

const hmac = new HmacSha256(new TextEncoder().encode("test-key"));

function signed(data: Omit<JobData, "s">): JobData {
  return { ...data, s: jobMac(hmac, data) };
}

const F = "FFFFFFFFFFFFFFFFFFFFFF";
const G = "GGGGGGGGGGGGGGGGGGGGGG";
const job = signed({
  x: "A".repeat(22),
  p: [[1, F, "QUJD", 0, "x"], [2, G, "REVG", 1, "y\nz"]],
  m: 2,
  d: 0,
  t: 60,
});

Deno.test("a signed job verifies; any change to it does not", () => {
  assert.equal(verifyJob(hmac, job), true);
  const changed: Omit<JobData, "s">[] = [
    { ...job, x: "B".repeat(22) },
    { ...job, m: 3 },
    { ...job, d: 1 },
    { ...job, t: 61 },
    { ...job, p: [job.p[1]!, job.p[0]!] },
    { ...job, p: [job.p[0]!] },
    { ...job, p: [[1, F, "QUJD", 0, "x"], [3, G, "REVG", 1, "y\nz"]] },
    { ...job, p: [[1, F, "QUJD", 1, "x"], job.p[1]!] },
    { ...job, p: [[1, G, "QUJD", 0, "x"], job.p[1]!] },
    { ...job, p: [[1, F, "QUJE", 0, "x"], job.p[1]!] },
    { ...job, p: [[1, F, "QUJD", 0, "x "], job.p[1]!] },
    // Text moved across the boundary between two fields.
    { ...job, p: [[1, F, "QUJD", 0, "x\n2"], [2, G, "REVG", 1, "z"]] },
  ];
  for (const data of changed) {
    assert.equal(verifyJob(hmac, { ...data, s: job.s } as JobData), false);
  }
  const other = new HmacSha256(new TextEncoder().encode("other-key"));
  assert.equal(verifyJob(other, job), false);
  assert.equal(verifyJob(hmac, { ...job, s: "" }), undefined);
});

Deno.test("isJobData() takes this version's shape only", () => {
  assert.equal(isJobData(job), true);
  const bad: unknown[] = [
    null,
    "job",
    { ...job, x: "short" },
    { ...job, p: [] },
    { ...job, p: [[1, F, "QUJD", 0]] },
    { ...job, p: [[1, `${F}\n`, "QUJD", 0, "x"]] },
    { ...job, p: [[1, F, "QU JD", 0, "x"]] },
    { ...job, p: [[1.5, F, "QUJD", 0, "x"]] },
    { ...job, p: [[1, F, "QUJD", 2, "x"]] },
    { ...job, m: -1 },
    { ...job, d: undefined },
    { ...job, t: 0 },
    // The previous version's shape: one call, its fields at the top.
    { x: job.x, n: 1, f: F, a: "QUJD", c: 0, m: 2, t: 60, l: "x", s: "" },
  ];
  for (const data of bad) assert.equal(isJobData(data), false);
});

Deno.test("namedCalls() finds the executor and calls a job names", () => {
  assert.deepEqual(namedCalls(job), { x: job.x, n: [1, 2] });
  assert.deepEqual(namedCalls({ x: job.x, n: 7, l: "old" }), {
    x: job.x,
    n: [7],
  });
  assert.equal(namedCalls({ x: "nope", n: 7 }), undefined);
  assert.equal(namedCalls({ x: job.x }), undefined);
  assert.equal(namedCalls(null), undefined);
});
