import { ok, type Reply } from "./replies.ts";

/** GitHub's defaults: 30 per page, at most 100. */
export function pageParams(query: URLSearchParams): { page: number; perPage: number } {
  const page = Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1);
  const asked = Number.parseInt(query.get("per_page") ?? "30", 10) || 30;
  return { page, perPage: Math.min(100, Math.max(1, asked)) };
}

/**
 * One page of `items`, with a `Link` header (first/prev/next/last) built from the request URL the way
 * GitHub does, so Octokit's paginate plugin follows it unchanged.
 */
export function paginate<T>(
  requestUrl: URL,
  items: readonly T[],
  wrap: (page: T[]) => unknown = (page) => page,
): Reply {
  const { page, perPage } = pageParams(requestUrl.searchParams);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string): string => {
    const url = new URL(requestUrl);
    url.searchParams.set("page", String(n));
    if (requestUrl.searchParams.has("per_page")) url.searchParams.set("per_page", String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return ok(wrap(slice), links.length > 0 ? { link: links.join(", ") } : undefined);
}
