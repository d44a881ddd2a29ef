// How a long read reports progress: bytes read against the total when the store announced sizes. The
// terminal bar is in src/cli/progress-bar.ts; servers pass `silentProgress`.

export interface ProgressReporter {
  /** A read of `label` begins; `totalBytes` is undefined when the sizes are not known. */
  start(label: string, totalBytes: number | undefined): void;
  /** The total became known or changed (a single object's size arrives with its body). */
  total(totalBytes: number): void;
  advance(bytes: number): void;
  /** The read ended, successfully or not. */
  finish(): void;
}

export const silentProgress: ProgressReporter = {
  start() {},
  total() {},
  advance() {},
  finish() {},
};
