import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { monitorReportHtml } from "../../src/report/drift-html.ts";
import { CURRENT_COLOR, REFERENCE_COLOR } from "../../src/report/drift-html-svg.ts";
import { countColour, decodePng, greyVariance } from "./drift-png.ts";
import { fraudReport } from "./drift-scenario.ts";

// The HTML report opened in a real headless browser (Debian's chromium): it must render offline to a
// page with content — text, tables and both colours of bars — not a blank or broken page.

function findChromium(): string | null {
  for (const name of ["chromium", "chromium-browser"]) {
    const probe = spawnSync(name, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return name;
  }
  return null;
}

const chromium = findChromium();
if (!chromium)
  console.warn(
    "\n!!! SKIPPING the HTML report browser test: no `chromium` on PATH (apt-get install chromium) !!!\n",
  );

const dir = mkdtempSync(join(tmpdir(), "slipway-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the HTML monitor report in headless Chromium", () => {
  it.skipIf(!chromium)("renders a non-blank page with the charts' reference and current bars", () => {
    const page = join(dir, "report.html");
    const shot = join(dir, "report.png");
    writeFileSync(page, monitorReportHtml(fraudReport()));
    const run = spawnSync(
      chromium as string,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        `--user-data-dir=${join(dir, "profile")}`,
        `--screenshot=${shot}`,
        "--window-size=1200,2000",
        `file://${page}`,
      ],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const pixels = decodePng(readFileSync(shot));
    expect([pixels.width, pixels.height]).toEqual([1200, 2000]);
    // A blank page has variance 0; text, tables and bars on white give well above 100.
    expect(greyVariance(pixels)).toBeGreaterThan(100);
    expect(countColour(pixels, REFERENCE_COLOR)).toBeGreaterThan(2000);
    expect(countColour(pixels, CURRENT_COLOR)).toBeGreaterThan(2000);
    // The failed verdict's banner background.
    expect(countColour(pixels, "#ffebe9", 3)).toBeGreaterThan(5000);
  });
});
