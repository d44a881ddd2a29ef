import type { FakeKubernetes } from "../fakes/kubernetes/fake.ts";

export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  readonly body: any;
}

/** One request to the fake over real HTTP, as any client would send it (the fake's token unless told). */
export async function raw(
  fake: FakeKubernetes,
  method: string,
  path: string,
  options: { body?: unknown; contentType?: string; token?: string | null } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = options.token === undefined ? fake.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined)
    headers["content-type"] = options.contentType ?? "application/apply-patch+yaml";
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body };
}

/** Server-side apply of `object` at its URL as `manager`. */
export function apply(
  fake: FakeKubernetes,
  path: string,
  object: unknown,
  query: Record<string, string> = {},
): Promise<RawAnswer> {
  const search = new URLSearchParams({ fieldManager: "slipway", ...query });
  if (search.get("fieldManager") === "") search.delete("fieldManager");
  return raw(fake, "PATCH", `${path}?${search}`, { body: object });
}

export const DEPLOYMENTS = "/apis/apps/v1/namespaces/ml/deployments";
export const CONFIGMAPS = "/api/v1/namespaces/ml/configmaps";
