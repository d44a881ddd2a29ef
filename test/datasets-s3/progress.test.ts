import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { terminalProgressBar } from "../../src/cli/progress-bar.ts";
import { loadDataset } from "../../src/datasets/s3/load-dataset.ts";
import { localDatasetSource } from "../../src/datasets/s3/local-source.ts";
import type { ProgressReporter } from "../../src/datasets/s3/progress.ts";

// Progress of a read (bytes against the listed total) and the terminal bar that shows it on a TTY.

function terminal(isTTY: boolean, columns = 100) {
  const writes: string[] = [];
  return { stream: { isTTY, columns, write: (text: string) => writes.push(text) }, writes };
}

describe("terminalProgressBar", () => {
  it("draws nothing when stderr is not a terminal", () => {
    const { stream, writes } = terminal(false);
    const bar = terminalProgressBar(stream, { minBytes: 0 });
    bar.start("s3://lake/x/", 100);
    bar.advance(100);
    bar.finish();
    expect(writes).toEqual([]);
  });

  it("redraws only when the line changes and clears it at the end", () => {
    const { stream, writes } = terminal(true);
    const bar = terminalProgressBar(stream, { minBytes: 0, width: 4 });
    const mib = 1024 * 1024;
    bar.start("s3://lake/x/", 4 * mib);
    bar.advance(mib);
    bar.advance(1); // same percent and same tenth of a MiB: no redraw
    bar.advance(mib);
    bar.finish();
    expect(writes).toEqual([
      "\r\x1b[2Ks3://lake/x/ [----] 0% 0.0 MiB / 4.0 MiB",
      "\r\x1b[2Ks3://lake/x/ [#---] 25% 1.0 MiB / 4.0 MiB",
      "\r\x1b[2Ks3://lake/x/ [##--] 50% 2.0 MiB / 4.0 MiB",
      "\r\x1b[2K",
    ]);
  });

  it("stays silent for small reads and shows bytes alone when the total is unknown", () => {
    const { stream, writes } = terminal(true);
    const bar = terminalProgressBar(stream, { minBytes: 1000 });
    bar.start("small", 999);
    bar.advance(999);
    bar.finish();
    expect(writes).toEqual([]);
    bar.start("s3://lake/big.parquet", undefined);
    bar.advance(2 * 1024 * 1024);
    expect(writes).toEqual(["\r\x1b[2Ks3://lake/big.parquet 2.0 MiB"]);
  });

  it("keeps the line within the terminal's width, showing the end of a long name", () => {
    const { stream, writes } = terminal(true, 40);
    const bar = terminalProgressBar(stream, { minBytes: 0 });
    bar.start(`s3://lake/${"very-long/".repeat(10)}part.csv`, undefined);
    expect(writes[0]?.length).toBeLessThan(40 + 5);
    expect(writes[0]?.startsWith("\r\x1b[2K…")).toBe(true);
    expect(writes[0]?.endsWith("part.csv 0.0 MiB")).toBe(true);
  });
});

describe("progress of a read", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "slipway-progress-"));
    await mkdir(join(dir, "d"));
    await writeFile(join(dir, "d", "a.csv"), `x\n${"1\n".repeat(1000)}`);
    await writeFile(join(dir, "d", "b.csv"), `x\n${"2\n".repeat(500)}`);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function recorder() {
    const events: string[] = [];
    let advanced = 0;
    const reporter: ProgressReporter = {
      start: (label, total) => events.push(`start ${label.endsWith("/d/")} ${total}`),
      total: (total) => events.push(`total ${total}`),
      advance: (bytes) => {
        advanced += bytes;
      },
      finish: () => events.push(`finish ${advanced}`),
    };
    return { reporter, events };
  }

  it("reports the listed total and every byte read", async () => {
    const { reporter, events } = recorder();
    await loadDataset(
      localDatasetSource(),
      { prefix: join(dir, "d/") },
      { now: new Date(0), allowlist: "unrestricted", format: "csv", progress: reporter },
    );
    expect(events).toEqual(["start true 3004", "finish 3004"]);
  });

  it("learns a single object's size when it is opened, and finishes after a failure too", async () => {
    const { reporter, events } = recorder();
    await expect(
      loadDataset(
        localDatasetSource(),
        { path: join(dir, "d", "a.csv") },
        {
          now: new Date(0),
          allowlist: "unrestricted",
          format: "csv",
          progress: reporter,
          limits: { maxRows: 10 },
        },
      ),
    ).rejects.toThrow("passes 10 rows here");
    expect(events[0]).toBe("start false undefined");
    expect(events[1]).toBe("total 2002");
    expect(events[2]).toMatch(/^finish \d+$/);
  });
});
