import { describe, expect, it } from "vitest";
import { edit, type Finding, validateTemplate } from "../helpers/check-repo.ts";

// Monitor datasets that are Delta tables: named by `path` (the table root), read at a `version` or a
// `timestamp`, windowed on a partition column; the time-travel fields only where they mean something.

const MONITOR = "monitors/fraud-detection-drift.yaml";
const REFERENCE =
  "    integration: datalake\n    path: s3://acme-datalake/fraud/training/v7/reference.parquet\n    format: parquet\n";
const CURRENT =
  "    integration: datalake\n    prefix: s3://acme-datalake/fraud/scored/\n    partition: dt={date}\n    window:\n      last: 7d\n    format: parquet\n";

const error = (line: number, column: number, code: string, message: string): Finding =>
  ({ file: MONITOR, line, column, severity: "error", code, message }) as Finding;

const deltaReference = (lines: string) => (f: Record<string, string>) =>
  edit(
    f,
    MONITOR,
    REFERENCE,
    `    integration: datalake\n    path: s3://acme-datalake/fraud/training_table\n    format: delta\n${lines}`,
  );

describe("Delta table datasets", () => {
  it("accept a table root at a version, and a window on the current table's partition column", async () => {
    const found = await validateTemplate((f) => {
      deltaReference("    version: 12\n")(f);
      edit(
        f,
        MONITOR,
        CURRENT,
        CURRENT.replace(
          "prefix: s3://acme-datalake/fraud/scored/",
          "path: s3://acme-datalake/fraud/scored_table",
        ).replace("format: parquet", "format: delta"),
      );
    });
    expect(found).toEqual([]);
    expect(await validateTemplate(deltaReference("    timestamp: 2026-11-20T06:00:00Z\n"))).toEqual([]);
    expect(await validateTemplate(deltaReference("    timestamp: 2026-11-20\n"))).toEqual([]);
  });

  it("are named by path, not prefix", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MONITOR, CURRENT, CURRENT.replace("format: parquet", "format: delta")),
    );
    expect(found).toEqual([
      error(
        15,
        13,
        "SLW135",
        "a Delta table is named by `path`: its root directory, which holds _delta_log/",
      ),
    ]);
  });

  it("take a version or a timestamp, not both", async () => {
    expect(await validateTemplate(deltaReference("    version: 3\n    timestamp: 2026-11-20\n"))).toEqual([
      error(14, 16, "SLW135", "give `version` or `timestamp`, not both"),
    ]);
  });

  it("window on partition columns named as column={placeholder}", async () => {
    const found = await validateTemplate((f) =>
      edit(
        f,
        MONITOR,
        CURRENT,
        "    integration: datalake\n    path: s3://acme-datalake/fraud/scored_table\n    partition: day-{date}\n    window:\n      last: 7d\n    format: delta\n",
      ),
    );
    expect(found).toEqual([
      error(
        16,
        16,
        "SLW135",
        "on a Delta table each segment of `partition` names a partition column, as `dt={date}` or `dt={date}/hour={hour}`",
      ),
    ]);
  });

  it("time travel is refused on datasets that are not Delta tables", async () => {
    const found = await validateTemplate((f) => edit(f, MONITOR, REFERENCE, `${REFERENCE}    version: 3\n`));
    expect(found).toEqual([
      error(
        13,
        14,
        "SLW135",
        "`version` reads a Delta table as of a version; this dataset's format is parquet",
      ),
    ]);
  });

  it("a timestamp must be ISO 8601 with a zone", async () => {
    const found = await validateTemplate(deltaReference("    timestamp: 2026-11-20T06:00\n"));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/must be an ISO 8601 date or time with a zone/);
  });
});
