import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { runDrift } from "../../src/cli/drift-command.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { parseCsv } from "../../src/datasets/csv.ts";

// `slipway drift` end to end on committed inputs, checked against golden files (regenerate with
// UPDATE_GOLDEN=1). The scores in them were checked against SciPy when the inputs were made.

const root = fileURLToPath(new URL("../..", import.meta.url));
const golden = (name: string) => join(root, "test/golden/drift", name);
const input = (name: string) => `test/golden/drift/inputs/${name}`;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: root, env: {} };
  const code = await main(["drift", ...args], io);
  return { code, stdout, stderr };
}

function expectGolden(name: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden(name), actual);
  expect(actual).toBe(readFileSync(golden(name), "utf8"));
}

describe("slipway drift", () => {
  for (const scenario of ["small", "large"]) {
    for (const format of ["json", "text"]) {
      it(`${scenario} datasets, ${format} output`, async () => {
        const r = await run([
          "--reference",
          input(`${scenario}-reference.csv`),
          "--current",
          input(`${scenario}-current.csv`),
          "--format",
          format,
        ]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(scenario === "small" ? 1 : 0);
        expectGolden(`${scenario}.${format === "json" ? "json" : "txt"}`, r.stdout);
      });
    }
  }

  it("gives the same report for the same data as JSONL", async () => {
    const csv = await run([
      "--reference",
      input("small-reference.csv"),
      "--current",
      input("small-current.csv"),
      "--format",
      "json",
    ]);
    const jsonl = await run([
      "--reference",
      input("small-reference.jsonl"),
      "--current",
      input("small-current.jsonl"),
      "--format",
      "json",
    ]);
    expect(jsonl.stdout.replaceAll(".jsonl", ".csv")).toBe(csv.stdout);
  });

  it("gives the same report for the same data as Parquet", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-drift-"));
    for (const side of ["reference", "current"]) {
      const table = parseCsv(readFileSync(join(root, input(`large-${side}.csv`))), side);
      const columnData = [...table.columns].map(([name, c]) =>
        c.kind === "number"
          ? c.integer
            ? { name, data: Int32Array.from(c.values), type: "INT32" as const }
            : { name, data: c.values, type: "DOUBLE" as const }
          : {
              name,
              data: [...c.codes].map((k) => (k < 0 ? null : c.dictionary[k])),
              type: "STRING" as const,
              nullable: true,
            },
      );
      writeFileSync(join(dir, `${side}.parquet`), new Uint8Array(parquetWriteBuffer({ columnData })));
    }
    const csv = await run([
      "--reference",
      input("large-reference.csv"),
      "--current",
      input("large-current.csv"),
      "--format",
      "json",
    ]);
    const pq = await run([
      "--reference",
      join(dir, "reference.parquet"),
      "--current",
      join(dir, "current.parquet"),
      "--format",
      "json",
    ]);
    const strip = (s: string) => s.replace(/"path": "[^"]*"/g, '"path": ""');
    expect(strip(pq.stdout)).toBe(strip(csv.stdout));
  });

  it("checks only the requested columns, with overrides", async () => {
    const r = await run([
      "--reference",
      input("small-reference.csv"),
      "--current",
      input("small-current.csv"),
      "--columns",
      "age,clicks",
      "--categorical",
      "age",
      "--method",
      "psi",
      "--threshold",
      "0.2",
      "--format",
      "json",
    ]);
    const out = JSON.parse(r.stdout) as {
      columns: { name: string; type: string; test: string; threshold: number }[];
    };
    expect(out.columns.map((c) => [c.name, c.type, c.test, c.threshold])).toEqual([
      ["age", "categorical", "psi", 0.2],
      ["clicks", "categorical", "psi", 0.2],
    ]);
  });

  it.each([
    [["--current", "x.csv"], "--reference and --current are required"],
    [["--reference", "a.csv", "--current", "b.csv", "--bogus"], "unknown option --bogus"],
    [["--reference", "a.csv", "--current", "b.csv", "--method", "t_test"], "--method must be auto or one of"],
    [
      ["--reference", "a.csv", "--current", "b.csv", "--threshold=-1"],
      "--threshold must be a non-negative number",
    ],
    [
      ["--reference", "a.csv", "--current", "b.csv", "--format", "yaml"],
      "--format must be one of text, json, markdown, html",
    ],
    [
      ["--reference", "a.csv", "--current", "b.csv", "--columns", "a,,b"],
      "--columns takes a comma-separated list",
    ],
  ])("rejects bad usage %j with exit 2", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("reports a malformed file with its position and exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-drift-"));
    writeFileSync(join(dir, "bad.csv"), "a,b\n1,2\n3\n");
    const r = await run(["--reference", join(dir, "bad.csv"), "--current", input("small-current.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `slipway drift: ${join(dir, "bad.csv")}:3:1: row has 1 fields but the header has 2\n`,
    );
  });

  it("reports a missing file and an unknown format with exit 2", async () => {
    const missing = await run(["--reference", "nope.csv", "--current", input("small-current.csv")]);
    expect(missing.stderr).toBe("slipway drift: nope.csv: cannot read: no such file\n");
    const unknown = await run(["--reference", "data.xlsx", "--current", input("small-current.csv")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown dataset format");
  });

  it("reports a requested column missing from the data with exit 2", async () => {
    const r = await run([
      "--reference",
      input("small-reference.csv"),
      "--current",
      input("small-current.csv"),
      "--columns",
      "nope",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("slipway drift: column 'nope' is not in the reference data\n");
  });

  it("prints usage for --help", async () => {
    let out = "";
    const code = await runDrift(["--help"], {
      stdout: (t) => (out += t),
      stderr: () => {},
      cwd: root,
      env: {},
    });
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: slipway drift/);
  });
});
