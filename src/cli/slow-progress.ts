import type { CliIo } from "./io.ts";

// A progress line for work that turns out to be slow: nothing for the first two seconds (most runs
// finish before), then `slipway drift: reading a.parquet, b.parquet… 3 s` on stderr, redrawn each
// second with the current step, and erased when the work ends. Only on a terminal: a pipe, a CI log
// or a file gets nothing, so output stays byte-for-byte the same there.

export interface SlowProgress {
  /** What is being done now (shown from the next redraw). */
  step(text: string): void;
  /** The work ended: erase the line, stop the timer. */
  done(): void;
}

export interface Timers {
  every(ms: number, run: () => void): () => void;
  now(): number;
}

const systemTimers: Timers = {
  every(ms, run) {
    const timer = setInterval(run, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
  now: () => Date.now(),
};

export function slowProgress(
  command: string,
  io: Pick<CliIo, "stderr" | "tty">,
  options: { afterMs?: number; timers?: Timers } = {},
): SlowProgress {
  if (!io.tty?.stderr) return { step: () => {}, done: () => {} };
  const timers = options.timers ?? systemTimers;
  const afterMs = options.afterMs ?? 2_000;
  const started = timers.now();
  const columns = io.tty.columns ?? 80;
  let text = "";
  let shown = false;
  const draw = () => {
    const elapsed = timers.now() - started;
    if (elapsed < afterMs || text === "") return;
    let line = `slipway ${command}: ${text}… ${Math.floor(elapsed / 1000)} s`;
    if (line.length >= columns) line = `${line.slice(0, columns - 2)}…`;
    io.stderr(`\r\x1b[2K${line}`);
    shown = true;
  };
  const stop = timers.every(1_000, draw);
  return {
    step(next) {
      text = next;
    },
    done() {
      stop();
      if (shown) io.stderr("\r\x1b[2K");
      shown = false;
    },
  };
}
