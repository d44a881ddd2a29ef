import type { DatasetRef } from "./types.ts";

/** A digest as a reviewer reads it: MLflow's are short; a long one (sha256) is cut to 12 characters. */
export function shortDigest(digest: string): string {
  return printable(digest.length > 16 ? `${digest.slice(0, 12)}…` : digest);
}

/**
 * A name from MLflow as it may be printed: control characters (a terminal escape, a newline that would
 * forge a line) become "?", and it is cut at `max` characters.
 */
export function printable(text: string, max = 200): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced.
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** `holdout-2026-10 (digest 1e2f3a4b)`, or `(digest unknown)` when none was recorded. */
export function datasetWords(ref: DatasetRef): string {
  return `${printable(ref.name)} (digest ${ref.digest === null ? "unknown" : shortDigest(ref.digest)})`;
}

export function datasetsWords(refs: readonly DatasetRef[]): string {
  return refs.length === 0 ? "no recorded data" : refs.map(datasetWords).join(", ");
}

/** "the production run", "the run of version 6", "run 8c1d2e3f": whose run a sentence speaks of. */
export function runOf(label: string): string {
  if (label.startsWith("run ")) return label;
  if (label === "production") return "the production run";
  return `the run of ${label}`;
}
