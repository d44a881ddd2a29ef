import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monitorReportHtml } from "../../src/report/drift-html.ts";
import { CURRENT_COLOR, REFERENCE_COLOR } from "../../src/report/drift-html-svg.ts";
import { CdpBrowser, findChromium, type RenderedPage, renderPage } from "./cdp-browser.ts";
import { countColourIn, decodePng, greyVariance, type Pixels } from "./drift-png.ts";
import { fraudReport } from "./drift-scenario.ts";

// The HTML report opened in a real headless browser (Debian's chromium, driven over the DevTools
// protocol): it renders offline with no request but its own file, and the full-page screenshot shows
// the failed verdict's banner in its colour and, for every column of the report, a chart with both
// samples' bars.

const chromium = findChromium();
if (!chromium)
  console.warn(
    "\n!!! SKIPPING the HTML report browser test: no `chromium` on PATH (apt-get install chromium) !!!\n",
  );

const WIDTH = 1200;
const FAIL_BANNER = "#ffebe9";

describe.skipIf(!chromium)("the HTML monitor report in headless Chromium", () => {
  const report = fraudReport();
  const dir = mkdtempSync(join(tmpdir(), "slipway-html-"));
  const file = join(dir, "report.html");
  let browser: CdpBrowser;
  let page: RenderedPage;
  let pixels: Pixels;

  beforeAll(async () => {
    writeFileSync(file, monitorReportHtml(report));
    browser = await CdpBrowser.launch(chromium as string);
    page = await renderPage(browser, `file://${file}`, WIDTH, [
      "#verdict",
      "figure.chart",
      ".area.fail",
      "#classification svg",
      "table.prtable",
    ]);
    pixels = decodePng(page.png);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("renders the page from its own file, making no other request", () => {
    expect(page.title).toBe("Slipway monitor report · fraud-detection-drift");
    expect(page.requests).toEqual([`file://${file}`]);
    expect(pixels.width).toBe(WIDTH);
    expect(pixels.height).toBeGreaterThan(2000);
    // A blank page has variance 0; text, tables and bars on white give well above 100.
    expect(greyVariance(pixels)).toBeGreaterThan(100);
  });

  it("shows the verdict banner in the failed colour, and the failed areas' cards", () => {
    const [banner] = page.boxes.filter((b) => b.selector === "#verdict");
    expect(banner).toBeDefined();
    const area = (banner?.width ?? 0) * (banner?.height ?? 0);
    // Most of the banner is its background (the rest is its text and border).
    expect(countColourIn(pixels, FAIL_BANNER, banner as NonNullable<typeof banner>, 3)).toBeGreaterThan(
      area * 0.6,
    );
    expect(page.boxes.filter((b) => b.selector === ".area.fail")).toHaveLength(3);
  });

  it("draws a chart for every column, each with reference and current bars", () => {
    const charts = page.boxes.filter((b) => b.selector === "figure.chart");
    expect(charts.map((c) => c.column)).toEqual(report.distributions.map((d) => d.name));
    const columns = report.quality.filter((q) => !q.retyped).map((q) => q.name);
    expect([...new Set(charts.map((c) => c.column))].sort()).toEqual([...columns].sort());
    for (const chart of charts) {
      expect(chart.width * chart.height, `${chart.column} is laid out`).toBeGreaterThan(300 * 200);
      // The legend holds 100 pixels of each colour; the bars add more.
      expect(countColourIn(pixels, REFERENCE_COLOR, chart), `${chart.column} reference bars`).toBeGreaterThan(
        150,
      );
      expect(countColourIn(pixels, CURRENT_COLOR, chart), `${chart.column} current bars`).toBeGreaterThan(
        150,
      );
    }
  });

  it("lays out the ROC and precision–recall curves and both precision–recall tables", () => {
    for (const selector of ["#classification svg", "table.prtable"]) {
      const boxes = page.boxes.filter((b) => b.selector === selector);
      expect(boxes, selector).toHaveLength(2);
      for (const b of boxes) expect(b.width * b.height, selector).toBeGreaterThan(200 * 150);
    }
    const curves = page.boxes.filter((b) => b.selector === "#classification svg");
    for (const c of curves) {
      expect(countColourIn(pixels, REFERENCE_COLOR, c), "reference curve").toBeGreaterThan(150);
      expect(countColourIn(pixels, CURRENT_COLOR, c), "current curve").toBeGreaterThan(150);
    }
  });

  it("would see an external request (the check above can fail)", async () => {
    const leaky = join(dir, "leaky.html");
    writeFileSync(
      leaky,
      monitorReportHtml(report).replace("</body>", '<img alt="" src="http://127.0.0.1:9/pixel.png"></body>'),
    );
    const opened = await renderPage(browser, `file://${leaky}`, WIDTH, []);
    expect(opened.requests).toEqual([`file://${leaky}`, "http://127.0.0.1:9/pixel.png"]);
  });
});
