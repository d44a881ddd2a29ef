/** One lexical piece of an MLflow search filter, with where it starts (0-based) for error messages. */
export type FilterToken =
  | { readonly type: "word"; readonly text: string; readonly at: number }
  | { readonly type: "quoted-name"; readonly text: string; readonly at: number }
  | { readonly type: "string"; readonly text: string; readonly at: number }
  | { readonly type: "number"; readonly value: number; readonly at: number }
  | { readonly type: "op"; readonly text: string; readonly at: number }
  | { readonly type: "punct"; readonly text: "(" | ")" | ","; readonly at: number };

/** A filter the local store cannot read; `at` is the 0-based character where reading stopped. */
export class FilterSyntaxError extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/;
const WORD = /^[A-Za-z_][\w.-]*/;

/**
 * Splits a filter as MLflow's grammar reads it (`mlflow/utils/search_utils.py`): identifiers such as
 * `metrics.f1` (a key may be quoted with backticks or double quotes after the dot), comparison
 * operators, single- or double-quoted values, numbers, and the parentheses of `IN ('a', 'b')`.
 */
export function tokenizeFilter(filter: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let i = 0;
  while (i < filter.length) {
    const ch = filter[i] ?? "";
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const rest = filter.slice(i);
    const previous = tokens[tokens.length - 1];
    if (ch === "'" || ch === '"' || ch === "`") {
      const end = filter.indexOf(ch, i + 1);
      if (end < 0) throw new FilterSyntaxError(`the quote ${ch} is never closed`, i);
      const text = filter.slice(i + 1, end);
      // `metrics."my metric"` and `metrics.\`my metric\`` quote a key; a bare backtick quotes a name too.
      const isName = ch === "`" || (previous?.type === "word" && previous.text.endsWith("."));
      tokens.push({ type: isName ? "quoted-name" : "string", text, at: i });
      i = end + 1;
      continue;
    }
    const op = /^(!=|>=|<=|=|>|<)/.exec(rest);
    if (op) {
      tokens.push({ type: "op", text: op[0], at: i });
      i += op[0].length;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ type: "punct", text: ch, at: i });
      i += 1;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number && !(previous?.type === "word" && previous.text.endsWith("."))) {
      tokens.push({ type: "number", value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ type: "word", text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character ${JSON.stringify(ch)}`, i);
  }
  return tokens;
}
