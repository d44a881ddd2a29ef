import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/manifests/limits.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { readDirectory } from "../../src/repo/read-directory.ts";
import { locatedIn, REPO_CONFIG, rawWordingIn, validateFiles } from "../helpers/diagnostics.ts";

describe("files over the size limit", () => {
  it("reports SLW001 at the start of a file one byte over the limit, without parsing it", () => {
    // Unparseable on purpose: if the engine read it, a YAML error would appear beside SLW001.
    const text = `{{{{ ${"x".repeat(LIMITS.maxFileBytes)}`;
    const result = validateFiles({ "models/big.yaml": text });
    expect(locatedIn(result, "models/big.yaml")).toEqual([["SLW001", 1, 1]]);
    const [d] = result.diagnostics.filter((x) => x.file === "models/big.yaml");
    expect(d?.message).toBe(`file is ${text.length} bytes; the limit is ${LIMITS.maxFileBytes} bytes`);
  });

  it("accepts a file of exactly the limit", () => {
    const head = "# padding\n";
    const text = `${head}${"#".repeat(LIMITS.maxFileBytes - head.length - 1)}\n`;
    expect(text.length).toBe(LIMITS.maxFileBytes);
    const result = validateFiles({ "models/big.yaml": text });
    // Read in full: no size error, only that a file of comments declares no manifest.
    expect(locatedIn(result, "models/big.yaml")).toEqual([["SLW008", 1, 1]]);
  });

  it("honours a lower limit from the options", () => {
    const result = validateFiles({ "models/a.yaml": "a: 1\n".repeat(30) }, { maxFileBytes: 100 });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW001", 1, 1]]);
  });

  describe("read from disk", () => {
    let dir = "";
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "slipway-size-"));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("rejects an oversized file by its size alone, never reading its content", async () => {
      await writeFile(join(dir, ".slipway.yml"), REPO_CONFIG);
      // A sparse 3 GiB file: reading it would throw (Node refuses files over 2 GiB) or take minutes.
      const huge = join(dir, "huge.yaml");
      await writeFile(huge, "");
      await truncate(huge, 3 * 1024 ** 3);
      const tree = await readDirectory(dir);
      expect(tree.files.has("huge.yaml")).toBe(false);
      expect(tree.rejected).toEqual([
        {
          path: "huge.yaml",
          code: "SLW001",
          reason: `file is ${3 * 1024 ** 3} bytes; the limit is ${LIMITS.maxFileBytes} bytes`,
        },
      ]);
      const result = validateRepo(tree);
      expect(locatedIn(result, "huge.yaml")).toEqual([["SLW001", 1, 1]]);
      expect(result.ok).toBe(false);
    });
  });
});

describe("too many documents in one file", () => {
  it("reports SLW006 at the first document past the limit and reads the ones before it", () => {
    const doc = "apiVersion: slipway.dev/v1alpha1\nkind: Modle\n";
    const text = Array.from({ length: 6 }, () => doc).join("---\n");
    const result = validateFiles({ "models/many.yaml": text }, { maxDocumentsPerFile: 4 });
    // Each document takes two lines after the `---` that opens it; the fifth opens on line 12.
    expect(locatedIn(result, "models/many.yaml")).toEqual([
      ["SLW021", 2, 7],
      ["SLW021", 5, 7],
      ["SLW021", 8, 7],
      ["SLW021", 11, 7],
      ["SLW006", 12, 1],
    ]);
    const last = result.diagnostics.filter((d) => d.file === "models/many.yaml").at(-1);
    expect(last?.message).toBe("more than 4 documents in one file");
  });

  it("stops at the default limit for a file of empty documents, without a crash", () => {
    const text = "---\n".repeat(LIMITS.maxDocumentsPerFile + 5);
    const result = validateFiles({ "models/many.yaml": text });
    expect(locatedIn(result, "models/many.yaml")).toEqual([["SLW006", LIMITS.maxDocumentsPerFile + 1, 1]]);
  });
});

describe("too many diagnostics in one file", () => {
  // Thirty labels whose values are lists, not text: one SLW032 each, on lines 6 to 35.
  const labels = Array.from({ length: 30 }, (_, i) => `    k${i}: [${i}]`).join("\n");
  const text = `apiVersion: slipway.dev/v1alpha1\nkind: Entity\nmetadata:\n  name: customer\n  labels:\n${labels}\n`;

  it("keeps the first problems in order and summarises the rest in one SLW007 at the end", () => {
    const result = validateFiles({ "features/noisy.yaml": text }, { maxDiagnosticsPerFile: 10 });
    const mine = result.diagnostics.filter((d) => d.file === "features/noisy.yaml");
    // First the missing `spec` (on the document), then labels k0…k8 at their values, then the summary.
    expect(mine.map((d) => [d.code, d.line, d.column])).toEqual([
      ["SLW030", 1, 1],
      ...Array.from({ length: 9 }, (_, i) => ["SLW032", 6 + i, i < 10 ? 9 : 10]),
      ["SLW007", 14, 9],
    ]);
    expect(mine.at(-1)?.message).toBe("21 more problem(s) in this file not shown");
    expect(mine[1]?.message).toBe("`metadata.labels.k0` must be text, not a list");
    expect(rawWordingIn(mine)).toEqual([]);
  });

  it("caps each file separately", () => {
    const result = validateFiles(
      { "features/a.yaml": text, "features/b.yaml": text.replace("customer", "merchant") },
      { maxDiagnosticsPerFile: 5 },
    );
    expect(result.diagnostics.filter((d) => d.file === "features/a.yaml")).toHaveLength(6);
    expect(result.diagnostics.filter((d) => d.file === "features/b.yaml")).toHaveLength(6);
  });

  it("does not cap a file under the limit", () => {
    const result = validateFiles({ "features/noisy.yaml": text });
    expect(locatedIn(result, "features/noisy.yaml").map(([code]) => code)).toEqual([
      "SLW030",
      ...Array.from({ length: 30 }, () => "SLW032"),
    ]);
  });
});

describe("too many files", () => {
  it("reports SLW005 on the first manifest past the limit and reads none after it", () => {
    const files: Record<string, string> = {};
    for (const name of ["a", "b", "c", "d"]) files[`models/${name}.yaml`] = "kind: [unclosed\n";
    const result = validateFiles(files, { maxFiles: 2 });
    expect(
      result.diagnostics.filter((d) => d.file.startsWith("models/")).map((d) => [d.file, d.code]),
    ).toEqual([
      ["models/a.yaml", "SLW010"],
      ["models/b.yaml", "SLW010"],
      ["models/c.yaml", "SLW005"],
    ]);
  });
});
