import type { SourceRange } from "./diagnostic.ts";

/** Offsets → 1-based line and column (in UTF-16 code units, as editors and GitHub count them). */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.#starts.push(i + 1);
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.#starts[lo] as number) + 1 };
  }

  /** A range; one ending at the first column of a later line ends on the line before instead. */
  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    let b = this.position(end);
    if (b.line > a.line && b.column === 1) b = this.position(end - 1);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}
