import { invalid, type Reply } from "./replies.ts";
import type { RouteContext } from "./routing.ts";

/** KFP's list limits (`backend/src/apiserver/list/list.go`): 20 by default, at most 200, never negative. */
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 200;

interface Token {
  offset: number;
  /** The query the token belongs to: KFP refuses a token used with another filter or sort. */
  query: string;
}

type Json = Record<string, unknown>;

/** A filter predicate (filter.proto) on a string field: the operations Slipway sends, checked strictly. */
interface Predicate {
  key: string;
  operation: string;
  value: string;
}

function parseFilter(text: string | undefined, keys: readonly string[]): Predicate[] | string {
  if (text === undefined || text === "") return [];
  let filter: unknown;
  try {
    filter = JSON.parse(text);
  } catch {
    return 'Invalid input error: failed to parse valid filter from "filter"';
  }
  const predicates = (filter as { predicates?: unknown })?.predicates;
  if (!Array.isArray(predicates)) return "Invalid input error: filter has no predicates";
  const out: Predicate[] = [];
  for (const p of predicates as Json[]) {
    const key = p.key;
    if (typeof key !== "string" || !keys.includes(key))
      return `Invalid input error: no support for filtering on unrecognized field "${String(key)}"`;
    if (p.operation !== "EQUALS" && p.operation !== "IS_SUBSTRING" && p.operation !== "NOT_EQUALS")
      return `Invalid input error: unsupported operation ${String(p.operation)} in the fake`;
    if (typeof p.string_value !== "string") return "Invalid input error: predicate has no string_value";
    out.push({ key, operation: p.operation, value: p.string_value });
  }
  return out;
}

function matches(item: Json, predicates: readonly Predicate[]): boolean {
  return predicates.every((p) => {
    const value = String(item[p.key] ?? "");
    if (p.operation === "EQUALS") return value === p.value;
    if (p.operation === "NOT_EQUALS") return value !== p.value;
    return value.includes(p.value);
  });
}

/**
 * Filters, sorts and pages `items` (already in creation order) as KFP's list endpoints do, or the
 * error KFP gives for a bad page size, page token, filter or sort field.
 */
export function listPage<T extends Json>(
  ctx: RouteContext,
  items: readonly T[],
  filterKeys: readonly string[],
): { items: T[]; next?: string; total: number } | Reply {
  const size = ctx.query.page_size === undefined ? 0 : Number(ctx.query.page_size);
  if (!Number.isInteger(size) || size < 0)
    return invalid(`The page size should be greater than 0. Got ${ctx.query.page_size}`);
  const pageSize = size === 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
  const predicates = parseFilter(ctx.query.filter, filterKeys);
  if (typeof predicates === "string") return invalid(predicates);
  const sortBy = (ctx.query.sort_by ?? "").trim();
  const sort = /^(created_at|display_name|name)?(\s+(asc|desc))?$/i.exec(sortBy);
  if (!sort) return invalid(`Invalid sorting field: "${sortBy.split(/\s+/)[0]}"`);
  const query = JSON.stringify([ctx.query.filter ?? "", sortBy]);
  let offset = 0;
  if (ctx.query.page_token) {
    let token: Token;
    try {
      token = JSON.parse(Buffer.from(ctx.query.page_token, "base64").toString("utf8")) as Token;
    } catch {
      return invalid("Invalid page token");
    }
    if (!Number.isInteger(token.offset) || token.query !== query) return invalid("Invalid page token");
    offset = token.offset;
  }
  let all = items.filter((i) => matches(i, predicates));
  if (sort[1]) {
    const key = sort[1];
    all = [...all].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
  }
  if (sort[3]?.toLowerCase() === "desc") all = all.reverse();
  const slice = all.slice(offset, offset + pageSize);
  const nextOffset = offset + pageSize;
  const next =
    nextOffset < all.length
      ? Buffer.from(JSON.stringify({ offset: nextOffset, query } satisfies Token)).toString("base64")
      : undefined;
  return { items: slice, total: all.length, ...(next ? { next } : {}) };
}

export function isReply(value: unknown): value is Reply {
  return (
    typeof value === "object" && value !== null && typeof (value as { status?: unknown }).status === "number"
  );
}
