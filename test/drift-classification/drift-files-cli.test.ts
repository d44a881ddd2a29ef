import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Table } from "../../src/drift/columns.ts";
import { runCli } from "../helpers/run-cli.ts";
import { scoredSample } from "./scenarios.ts";

// Issue #17, item 4: `slipway drift --reference A --current B` gives the monitor report — every format,
// --out, and classification quality from --target/--prediction/--score/--positive-label — without a
// Monitor.

const dir = mkdtempSync(join(tmpdir(), "slipway-drift-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, t: Table, label?: (v: number) => string): string {
  const names = [...t.columns.keys()];
  const cell = (n: string, i: number) => {
    const c = t.columns.get(n);
    if (c?.kind !== "number") return "";
    const v = c.values[i] as number;
    return label && n !== "s" ? label(v) : String(v);
  };
  const lines = [names.join(",")];
  for (let i = 0; i < t.rowCount; i++) lines.push(names.map((n) => cell(n, i)).join(","));
  writeFileSync(join(dir, name), `${lines.join("\n")}\n`);
  return name;
}

const reference = csv("reference.csv", scoredSample(1, 2000));
const stable = csv("stable.csv", scoredSample(2, 2000));
const collapsed = csv("collapsed.csv", scoredSample(4, 2000, { separation: 0.05, lean: 0.1 }));
const words = (v: number) => (v === 1 ? "fraud" : "ok");
const refWords = csv("reference-words.csv", scoredSample(1, 2000), words);
const curWords = csv("current-words.csv", scoredSample(4, 2000, { separation: 0.05, lean: 0.1 }), words);

const drift = (...args: string[]) => runCli(["drift", ...args], dir);
const model = ["--target", "y", "--prediction", "p", "--score", "s"];

describe("slipway drift --reference --current with classification flags", () => {
  it("passes a stable model with exit 0, the metrics and their tests in the text report", async () => {
    const run = await drift("--reference", reference, "--current", stable, ...model);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS no dataset drift: 0 of 3 tested columns drifted/);
    expect(run.stdout).toContain("classification (binary): target y, prediction p, score s");
    expect(run.stdout).toMatch(
      /\n {2}precision +0\.\d+ +0\.\d+ .* pass +≥ 0\.\d+ \(reference 0\.\d+ − 20%\)\n/,
    );
  });

  it("exits 1 for a collapsed model, naming each failed metric with its move and bound", async () => {
    const run = await drift("--reference", reference, "--current", collapsed, ...model);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL /);
    expect(run.stdout).toMatch(
      /error +classification: precision 0\.\d+ → 0\.\d+ \(−[\d.]+%\) fails ≥ 0\.\d+ \(reference 0\.\d+ − 20%\)/,
    );
    expect(run.stdout).toMatch(/warning drift: prediction drift: positive rate [\d.]+% → [\d.]+% in 'p'/);
  });

  it("reads text labels with --positive-label", async () => {
    const run = await drift(
      "--reference",
      refWords,
      "--current",
      curWords,
      "--target",
      "y",
      "--prediction",
      "p",
      "--positive-label",
      "fraud",
      "--format",
      "json",
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      kind: string;
      classification: {
        positiveLabel: unknown;
        labels: string[];
        tests: { metric: string; verdict: string }[];
      };
    };
    expect(report.kind).toBe("slipway.dev/MonitorReport");
    expect(report.classification.positiveLabel).toBe("fraud");
    expect(report.classification.labels).toEqual(["fraud", "ok"]);
    expect(report.classification.tests.find((t) => t.metric === "precision")?.verdict).toBe("fail");
  });

  it("writes HTML to --out and prints the verdict line; the page gives the run time", async () => {
    const run = await drift(
      "--reference",
      reference,
      "--current",
      collapsed,
      ...model,
      "--format",
      "html",
      "--out",
      "report.html",
      "--now",
      "2026-12-01T08:30:00Z",
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL .*\nreport written to report\.html\n$/);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<section id="classification">');
    expect(html).toContain("Run at <time>2026-12-01 08:30:00 UTC</time>");
    // No Monitor: the page is named for the two files.
    expect(html).toMatch(/<title>Slipway drift report · [^<]+ vs [^<]+<\/title>/);
    expect(html).toContain("<h1>Drift report · <code>");
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("gives the Markdown section, and HTML without classification flags", async () => {
    const md = await drift("--reference", reference, "--current", stable, ...model, "--format", "markdown");
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^### Drift\n\n✅ \*\*No dataset drift\*\*/);
    expect(md.stdout).toContain("**Classification** (binary)");
    const html = await drift("--reference", reference, "--current", stable, "--format", "html");
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('<section id="columns">');
    expect(html.stdout).not.toContain('<section id="classification">');
    expect(html.stdout).toContain("not asked for (--target and --prediction)");
  });

  it("keeps the drift document for text and json without classification flags", async () => {
    const run = await drift("--reference", reference, "--current", stable, "--format", "json");
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(["dataset", "reference", "current", "columns"]);
    const out = await drift("--reference", reference, "--current", stable, "--out", "drift.txt");
    expect(out.stdout).toMatch(
      /^no dataset drift: 0 of 3 tested columns drifted.*\nreport written to drift\.txt\n$/,
    );
    expect(readFileSync(join(dir, "drift.txt"), "utf8")).toContain("column  type");
  });

  it("refuses half the classification flags and an unknown format, with exit 2", async () => {
    const half = await drift("--reference", reference, "--current", stable, "--score", "s");
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("--target and --prediction go together");
    const bad = await drift("--reference", reference, "--current", stable, "--format", "pdf");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format must be one of text, json, markdown, html");
    const when = await drift("--reference", reference, "--current", stable, "--now", "yesterday");
    expect(when.code).toBe(2);
    expect(when.stderr).toContain("--now takes an ISO 8601 time");
  });
});
