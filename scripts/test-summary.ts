// The end of `.ci/run`'s output, from vitest's JSON report: the ten slowest test files (a slow file
// added or grown shows up in every CI log), the skipped count, and last the one line CI reads,
// exactly "N passed, N failed". Usage: node scripts/test-summary.ts REPORT.json [WALL-SECONDS]
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

interface FileResult {
  name: string;
  startTime: number;
  endTime: number;
  status: string;
}

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numTotalTestSuites?: number;
  numFailedTestSuites?: number;
  testResults?: FileResult[];
}

/** The summary lines; an unreadable report counts as one failure, never as a pass. */
export function summarize(
  reportText: string | null,
  options: { root: string; wallSeconds?: number },
): string[] {
  let report: VitestJsonReport;
  try {
    report = JSON.parse(reportText ?? "") as VitestJsonReport;
    if (typeof report.numPassedTests !== "number" || typeof report.numFailedTests !== "number")
      throw new Error("not a vitest JSON report");
  } catch {
    return ["the test report is missing or unreadable", "0 passed, 1 failed"];
  }
  const lines: string[] = [];
  const files = (report.testResults ?? [])
    .map((f) => ({ name: relative(options.root, f.name), seconds: (f.endTime - f.startTime) / 1000 }))
    .filter((f) => Number.isFinite(f.seconds))
    .sort((a, b) => b.seconds - a.seconds || a.name.localeCompare(b.name));
  if (files.length > 0) {
    lines.push(`slowest test files (of ${files.length}):`);
    for (const f of files.slice(0, 10)) lines.push(`${f.seconds.toFixed(1).padStart(7)} s  ${f.name}`);
  }
  if (options.wallSeconds !== undefined && Number.isFinite(options.wallSeconds))
    lines.push(`wall time: ${options.wallSeconds} s`);
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  lines.push(`${skipped} skipped`);
  let failed = report.numFailedTests;
  // A file that failed to load has no failed test of its own; it must still fail the run.
  if ((report.numFailedTestSuites ?? 0) > 0 && failed === 0) failed = report.numFailedTestSuites ?? 1;
  lines.push(`${report.numPassedTests} passed, ${failed} failed`);
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, wall] = process.argv.slice(2);
  let text: string | null = null;
  try {
    text = file ? readFileSync(file, "utf8") : null;
  } catch {
    text = null;
  }
  const root = fileURLToPath(new URL("..", import.meta.url));
  const wallSeconds = wall === undefined ? undefined : Number(wall);
  process.stdout.write(
    `${summarize(text, { root, ...(wallSeconds !== undefined ? { wallSeconds } : {}) }).join("\n")}\n`,
  );
}
