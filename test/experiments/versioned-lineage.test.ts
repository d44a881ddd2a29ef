import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import { type DataVersion, dataVersionOf } from "../../src/experiments/data-version.ts";
import { referenceLineage } from "../../src/experiments/reference-lineage.ts";
import { PLAIN_STYLE, trainingLine } from "../../src/report/lineage-lines.ts";
import { evaluation, input, run } from "./runs.ts";

// Issue 23: training data that is versioned — a Delta table (MLflow's `delta_table` source) or a
// DVC-tracked file — is named by its version in the evidence, and compared with a Monitor's reference.

const TABLE = "s3://lake/fraud/training_table";
const MD5 = "0123456789abcdef0123456789abcdef";

describe("the version an MLflow dataset source names", () => {
  it("reads MLflow's Delta source: path or table name, and the version when recorded", () => {
    expect(dataVersionOf("delta_table", JSON.stringify({ path: TABLE, delta_table_version: 12 }))).toEqual({
      kind: "delta",
      table: TABLE,
      version: 12,
    });
    // DeltaDatasetSource.to_dict leaves out version 0 (and an unpinned read): the version is unknown.
    expect(dataVersionOf("delta_table", JSON.stringify({ delta_table_name: "main.fraud.training" }))).toEqual(
      {
        kind: "delta",
        table: "main.fraud.training",
        version: null,
      },
    );
    expect(dataVersionOf("delta", JSON.stringify({ path: TABLE, version: "3" }))).toMatchObject({
      version: 3,
    });
  });

  it("reads a DVC object URL (DVC 3 and DVC 2 layouts) or a source that records the md5", () => {
    const dvc3 = `s3://lake/dvcstore/files/md5/${MD5.slice(0, 2)}/${MD5.slice(2)}`;
    expect(dataVersionOf("s3", JSON.stringify({ uri: dvc3 }))).toEqual({
      kind: "dvc",
      md5: MD5,
      url: dvc3,
      path: null,
      rev: null,
    });
    const dvc2 = `https://store.example/dvc/${MD5.slice(0, 2)}/${MD5.slice(2)}.dir`;
    expect(dataVersionOf("http", JSON.stringify({ url: dvc2 }))).toMatchObject({ md5: `${MD5}.dir` });
    expect(dataVersionOf("dvc", JSON.stringify({ path: "data/train.csv", rev: "v7", md5: MD5 }))).toEqual({
      kind: "dvc",
      md5: MD5,
      url: null,
      path: "data/train.csv",
      rev: "v7",
    });
  });

  it("names nothing for other sources, malformed JSON or an oversized source", () => {
    expect(dataVersionOf("local", JSON.stringify({ uri: "data/train.parquet" }))).toBeNull();
    expect(dataVersionOf("delta_table", "{not json")).toBeNull();
    expect(dataVersionOf("delta_table", JSON.stringify({ path: "x".repeat(70_000) }))).toBeNull();
  });
});

describe("the evidence names the version production and the candidate trained on", () => {
  it("in the training-data line", () => {
    const delta = (version: number) =>
      ({
        ...input("training_table", `t${version}`, "training", 1000),
        version: { kind: "delta", table: TABLE, version },
      }) as const;
    const c = compareRuns({
      candidate: run("c", { m: 1 }, { inputs: [delta(14), evaluation("h1")] }),
      baseline: run("p", { m: 1 }, { inputs: [delta(12), evaluation("h1")] }),
      gates: [],
      baselineSource: "deploy-record",
    });
    expect(trainingLine(c, PLAIN_STYLE)).toBe(
      `Training data: retrained on new data (expected) — training_table: digest t12 → t14, 1,000 rows, Delta table ${TABLE} version 12 → 14.`,
    );
    const first = compareRuns({
      candidate: run("c", { m: 1 }, { inputs: [delta(14)] }),
      gates: [],
      baselineSource: "none",
    });
    expect(trainingLine(first, PLAIN_STYLE)).toBe(
      `Training data: candidate training_table (digest t14, 1,000 rows, Delta table ${TABLE} version 14).`,
    );
  });
});

describe("whether a Monitor's reference is what production trained on", () => {
  const production = { model: "fraud-detection", version: "7", runId: "7a".repeat(16) };
  const reference = { kind: "delta", table: `${TABLE}/`, version: 12, committedAt: null } as const;
  const trained = (version: number | null): DataVersion => ({
    kind: "delta",
    table: TABLE.replace("s3://", "s3a://"),
    version,
  });

  it("compares the same table's versions", () => {
    expect(referenceLineage(reference, [trained(12)], production)?.status).toBe("same");
    expect(referenceLineage(reference, [trained(10)], production)?.status).toBe("different");
    expect(referenceLineage(reference, [trained(null)], production)?.status).toBe("unknown");
    expect(
      referenceLineage(reference, [{ kind: "delta", table: "s3://lake/other", version: 12 }], production),
    ).toBeNull();
  });

  it("compares DVC content by md5, and another md5 only for the same path", () => {
    const dvc = {
      kind: "dvc",
      repo: ".",
      path: "data/train.csv",
      rev: "v7",
      commit: null,
      md5: MD5,
    } as const;
    const other = { kind: "dvc", md5: "f".repeat(32), url: null, path: null, rev: null } as const;
    expect(referenceLineage(dvc, [{ ...other, md5: MD5 }], production)?.status).toBe("same");
    expect(referenceLineage(dvc, [other], production)).toBeNull();
    expect(referenceLineage(dvc, [{ ...other, path: "./data/train.csv" }], production)?.status).toBe(
      "different",
    );
  });
});
