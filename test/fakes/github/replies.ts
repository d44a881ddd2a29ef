/** What a route handler answers; the server adds GitHub's common headers. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const DOCS = "https://docs.github.com/rest";

/** GitHub's error body: a message, a documentation URL and (since 2024) the status as a string. */
export function errorReply(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message, ...extra, documentation_url: DOCS, status: String(status) } };
}

export const notFound = (): Reply => errorReply(404, "Not Found");

/** GitHub's JSON-schema rejection: `Invalid request.\n\n<detail>`. */
export const invalidRequest = (detail: string): Reply => errorReply(422, `Invalid request.\n\n${detail}`);

export interface FieldError {
  readonly resource: string;
  readonly code: string;
  readonly field?: string;
  readonly message?: string;
}

/** GitHub's model-validation rejection: "Validation Failed" with a list of field errors. */
export const validationFailed = (...errors: FieldError[]): Reply =>
  errorReply(422, "Validation Failed", { errors });

export const ok = (body: unknown, headers?: Record<string, string>): Reply => ({
  status: 200,
  body,
  ...(headers ? { headers } : {}),
});

export const created = (body: unknown): Reply => ({ status: 201, body });

/** Reads a property of a parsed JSON body without trusting its shape. */
export function field(body: unknown, name: string): unknown {
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
