import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDeltaTable } from "../../src/datasets/delta/load-delta-table.ts";
import type { DatasetSource } from "../../src/datasets/s3/dataset-source.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { driftCommentSection } from "../../src/workflows/drift/drift-markdown.ts";
import { runMonitor } from "../../src/workflows/drift/run-monitor.ts";
import { type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { treeOf } from "../helpers/tree.ts";
import { add, commitBytes, commitInfo, logKey, metaData, type Put, protocol } from "./delta-writer.ts";
import { FILES, writeScoredTable } from "./scored-table.ts";

// Delta tables on an S3-protocol server (s3rver), read the way a review reads them: through the
// integration's source and allowed prefixes, the log listed from `_last_checkpoint` on, and the
// version read named in the Monitor's report.

const NOW = new Date("2026-11-25T06:00:00Z");
const ROOT = "s3://lake/tables/scored/";
let s3: S3rverHarness;
let source: DatasetSource;

beforeEach(async () => {
  s3 = await startS3rver();
  source = await s3.source();
});
afterEach(async () => {
  await s3.close();
});

const s3Put: () => Put = () => (key, bytes) => s3.put(key, bytes);

function monitor(reference: string, current: string) {
  const yaml = `apiVersion: slipway.dev/v1alpha1
kind: Monitor
metadata: { name: scored-drift }
spec:
  model: fraud
  reference: ${reference}
  current: ${current}
  drift: { method: auto, datasetShare: 0.5 }
  schedule: "0 6 * * 1"
`;
  const { snapshot } = validateRepo(treeOf({ "monitors/scored.yaml": yaml }));
  const found = snapshot.manifests.Monitor.get("scored-drift");
  if (!found) throw new Error("the monitor did not validate");
  return found;
}

describe("a Delta table on S3", () => {
  it("lists the log from the last checkpoint on and reads the latest version", async () => {
    await writeScoredTable(s3Put(), "tables/scored/");
    await s3.forget();
    const loaded = await loadDeltaTable(
      source,
      { path: "s3://lake/tables/scored" },
      { now: NOW, allowlist: ["s3://lake/tables/"] },
    );
    if (loaded.kind !== "data") throw new Error(loaded.finding.message);
    expect(loaded.version).toMatchObject({ version: 3 });
    expect(loaded.read.table.rowCount).toBe(6);
    const requests = (await s3.requests()).map(
      (r) => `${r.method} ${r.path.replace(/\?x-id=GetObject$/, "")}`,
    );
    // The hint, one listing from the checkpoint on, the checkpoint, the one commit after it, the data:
    // commits 0 and 1 are covered by the checkpoint and never read.
    expect(requests).toEqual([
      "GET /lake/tables/scored/_delta_log/_last_checkpoint",
      "GET /lake/?list-type=2&max-keys=1000&prefix=tables/scored/_delta_log/&start-after=tables/scored/_delta_log/00000000000000000002",
      "GET /lake/tables/scored/_delta_log/00000000000000000002.checkpoint.parquet",
      "GET /lake/tables/scored/_delta_log/00000000000000000003.json",
      "GET /lake/tables/scored/dt=2026-11-20/part-2.parquet",
      "GET /lake/tables/scored/dt=2026-11-21/part-1.parquet",
      "GET /lake/tables/scored/dt=2026-11-22/part-3.parquet",
    ]);
  });

  it("runs a Monitor whose reference is an older version and whose current is a window of partitions", async () => {
    await writeScoredTable(s3Put(), "tables/scored/");
    const run = await runMonitor(
      monitor(
        `{ integration: datalake, path: ${ROOT}, format: delta, version: 1 }`,
        `{ integration: datalake, path: ${ROOT}, format: delta, partition: "dt={date}", window: { last: 4d } }`,
      ),
      { now: NOW, access: async () => ({ source, allowlist: ["s3://lake/tables/"], close() {} }) },
    );
    if (run.kind !== "report") throw new Error(JSON.stringify(run));
    expect(run.report.reference).toEqual({
      path: ROOT,
      rows: 5,
      version: { kind: "delta", table: ROOT, version: 1, committedAt: expect.any(String) },
    });
    expect(run.report.current).toMatchObject({ rows: 3, version: { kind: "delta", version: 3 } });
    expect(run.window).toEqual(["dt=2026-11-21", "dt=2026-11-22", "dt=2026-11-23", "dt=2026-11-24"]);
    expect(driftCommentSection([run]).body).toMatch(/\(5 rows, Delta version 1 \(committed [^)]+\)\)/);
  });

  it("reads nothing for a table outside the allowed prefixes", async () => {
    await writeScoredTable(s3Put(), "tables/scored/");
    await s3.forget();
    const run = await runMonitor(
      monitor(
        `{ integration: datalake, path: ${ROOT}, format: delta }`,
        `{ integration: datalake, path: ${ROOT}, format: delta }`,
      ),
      { now: NOW, access: async () => ({ source, allowlist: ["s3://lake/other/"], close() {} }) },
    );
    expect(run).toMatchObject({
      kind: "not-read",
      findings: [{ code: "SLW127", side: "reference", field: "path" }, { side: "current" }],
    });
    expect(await s3.requests()).toEqual([]);
  });

  it("refuses a log that names a data file outside the allowed prefixes", async () => {
    await s3.put("secret/keys.parquet", FILES.part3);
    await s3.put("tables/scored/a.parquet", FILES.part3);
    await s3.put(
      `tables/scored/${logKey(0)}`,
      commitBytes([
        commitInfo(),
        protocol(1),
        metaData([{ name: "id", type: "long" }]),
        add("a.parquet", FILES.part3.length),
        add("s3a://lake/secret/keys.parquet", FILES.part3.length),
      ]),
    );
    await s3.forget();
    await expect(
      loadDeltaTable(
        source,
        { path: "s3://lake/tables/scored" },
        { now: NOW, allowlist: ["s3://lake/tables/"] },
      ),
    ).rejects.toThrow(
      /data file outside the integration's allowed prefixes: 's3:\/\/lake\/secret\/keys.parquet'/,
    );
    expect((await s3.requests()).some((r) => r.path.includes("secret"))).toBe(false);
  });
});
