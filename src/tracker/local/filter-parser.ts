import { FilterSyntaxError, type FilterToken, tokenizeFilter } from "./filter-tokens.ts";

export type ClauseValue = string | number | readonly string[];

/** `<entity>.<key> <op> <value>` before any grammar check; `entity` is absent for a bare attribute. */
export interface RawClause {
  readonly entity: string | undefined;
  readonly key: string;
  /** "=", "!=", ">", ">=", "<", "<=", "LIKE", "ILIKE", "IN" or "NOT IN". */
  readonly op: string;
  readonly value: ClauseValue;
  /** 0-based character where the clause starts. */
  readonly at: number;
}

class Reader {
  readonly #tokens: FilterToken[];
  readonly #end: number;
  #i = 0;
  constructor(tokens: FilterToken[], end: number) {
    this.#tokens = tokens;
    this.#end = end;
  }
  peek(): FilterToken | undefined {
    return this.#tokens[this.#i];
  }
  next(what: string): FilterToken {
    const token = this.#tokens[this.#i];
    if (!token) throw new FilterSyntaxError(`the filter ends where ${what} was expected`, this.#end);
    this.#i += 1;
    return token;
  }
}

const isWord = (t: FilterToken | undefined, word: string): boolean =>
  t?.type === "word" && t.text.toUpperCase() === word;

function identifier(reader: Reader): { entity: string | undefined; key: string; at: number } {
  const token = reader.next("a name such as metrics.f1");
  if (token.type === "quoted-name") return { entity: undefined, key: token.text, at: token.at };
  if (token.type !== "word")
    throw new FilterSyntaxError("expected a name such as metrics.f1 or params.model", token.at);
  const dot = token.text.indexOf(".");
  if (dot < 0) return { entity: undefined, key: token.text, at: token.at };
  const entity = token.text.slice(0, dot);
  let key = token.text.slice(dot + 1);
  if (key === "") {
    const quoted = reader.next("a quoted key after the dot");
    if (quoted.type !== "quoted-name") throw new FilterSyntaxError("expected a key after the dot", quoted.at);
    key = quoted.text;
  }
  return { entity, key, at: token.at };
}

function operator(reader: Reader): string {
  const token = reader.next("a comparison operator");
  if (token.type === "op") return token.text;
  if (token.type === "word") {
    const word = token.text.toUpperCase();
    if (word === "LIKE" || word === "ILIKE" || word === "IN") return word;
    if (word === "NOT" && isWord(reader.peek(), "IN")) {
      reader.next("IN");
      return "NOT IN";
    }
  }
  throw new FilterSyntaxError("expected an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN)", token.at);
}

function list(reader: Reader): string[] {
  const open = reader.next("(");
  if (open.type !== "punct" || open.text !== "(")
    throw new FilterSyntaxError("IN takes a parenthesised list of quoted values", open.at);
  const values: string[] = [];
  for (;;) {
    const item = reader.next("a quoted value");
    if (item.type !== "string") throw new FilterSyntaxError("IN lists hold quoted values only", item.at);
    values.push(item.text);
    const sep = reader.next(", or )");
    if (sep.type === "punct" && sep.text === ")") return values;
    if (sep.type !== "punct" || sep.text !== ",")
      throw new FilterSyntaxError("expected , or ) in the IN list", sep.at);
  }
}

function value(reader: Reader, op: string): ClauseValue {
  if (op === "IN" || op === "NOT IN") return list(reader);
  const token = reader.next("a value");
  if (token.type === "string") return token.text;
  if (token.type === "number") return token.value;
  throw new FilterSyntaxError("expected a quoted string or a number", token.at);
}

/**
 * Parses clauses joined by AND. OR and parentheses are not MLflow search syntax either; anything the
 * grammar does not know is a FilterSyntaxError saying where reading stopped.
 */
export function parseFilterClauses(filter: string): RawClause[] {
  if (filter.trim() === "") return [];
  const reader = new Reader(tokenizeFilter(filter), filter.length);
  const clauses: RawClause[] = [];
  for (;;) {
    const { entity, key, at } = identifier(reader);
    const op = operator(reader);
    clauses.push({ entity, key, op, value: value(reader, op), at });
    const joiner = reader.peek();
    if (joiner === undefined) return clauses;
    if (!isWord(joiner, "AND"))
      throw new FilterSyntaxError(
        isWord(joiner, "OR") ? "only AND joins clauses (MLflow has no OR)" : "expected AND",
        joiner.at,
      );
    reader.next("AND");
  }
}
