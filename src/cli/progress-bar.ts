import type { ProgressReporter } from "../datasets/s3/progress.ts";

// A one-line progress bar for long dataset reads, drawn on stderr only when stderr is a terminal (a
// pipe, a CI log or a server gets nothing). It redraws only when the text changes, so no clock is
// needed to throttle it, and it clears its line when the read ends.

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressBarOptions {
  /** Reads smaller than this draw nothing (default 8 MiB). */
  readonly minBytes?: number;
  /** Cells in the bar (default 24). */
  readonly width?: number;
}

const MIB = 1024 * 1024;

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

export function terminalProgressBar(
  stream: ProgressStream = process.stderr,
  options: ProgressBarOptions = {},
): ProgressReporter {
  const minBytes = options.minBytes ?? 8 * MIB;
  const width = options.width ?? 24;
  let label = "";
  let total: number | undefined;
  let done = 0;
  let shown = "";

  const line = (): string => {
    if (total === undefined) return `${label} ${mib(done)}`;
    const share = total > 0 ? Math.min(done / total, 1) : 1;
    const cells = Math.floor(share * width);
    const bar = `${"#".repeat(cells)}${"-".repeat(width - cells)}`;
    return `${label} [${bar}] ${Math.floor(share * 100)}% ${mib(done)} / ${mib(total)}`;
  };
  const draw = () => {
    if (!stream.isTTY) return;
    if ((total ?? done) < minBytes && done < minBytes) return;
    let text = line();
    const columns = stream.columns ?? 80;
    if (text.length >= columns) text = `…${text.slice(text.length - columns + 2)}`;
    if (text === shown) return;
    stream.write(`\r\x1b[2K${text}`);
    shown = text;
  };

  return {
    start(name, totalBytes) {
      label = name;
      total = totalBytes;
      done = 0;
      shown = "";
      draw();
    },
    total(totalBytes) {
      total = totalBytes;
      draw();
    },
    advance(bytes) {
      done += bytes;
      draw();
    },
    finish() {
      if (shown !== "") stream.write("\r\x1b[2K");
      shown = "";
    },
  };
}
