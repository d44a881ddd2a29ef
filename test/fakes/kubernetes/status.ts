/** An answer the fake sends: a status code and a JSON body (an object, or a `Status`). */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Subject of a Status: the resource (`deployments`), its group and the object name, when known. */
export interface StatusSubject {
  readonly name?: string;
  readonly group?: string;
  /** The resource (plural), as the API server puts it in `details.kind`. */
  readonly kind?: string;
  readonly uid?: string;
}

export interface StatusCause {
  readonly reason?: string;
  readonly type?: string;
  readonly message: string;
  readonly field?: string;
}

/** The reason Kubernetes gives with each status code (`metav1.StatusReason`). */
export const REASONS: Readonly<Record<number, string>> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  410: "Expired",
  415: "UnsupportedMediaType",
  422: "Invalid",
  429: "TooManyRequests",
  500: "InternalError",
  503: "ServiceUnavailable",
  504: "Timeout",
};

/** A `Status` body (`metav1.Status`) as the API server writes it. */
export function statusReply(
  code: number,
  message: string,
  options: { reason?: string; subject?: StatusSubject; causes?: readonly StatusCause[] } = {},
): Reply {
  const details =
    options.subject || options.causes
      ? { ...options.subject, ...(options.causes ? { causes: options.causes } : {}) }
      : undefined;
  return {
    status: code,
    body: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: code < 300 ? "Success" : "Failure",
      ...(message ? { message } : {}),
      ...(code >= 300 ? { reason: options.reason ?? REASONS[code] ?? "" } : {}),
      ...(details ? { details } : {}),
      code,
    },
  };
}

export const notFoundAt = (): Reply =>
  statusReply(404, "the server could not find the requested resource", { subject: {} });

export function badRequest(message: string): Reply {
  return statusReply(400, message);
}

/** 422 with field causes: `Deployment.apps "x" is invalid: metadata.name: Invalid value: …`. */
export function invalid(
  kindLabel: string,
  name: string,
  subject: StatusSubject,
  causes: readonly StatusCause[],
): Reply {
  const said = causes.map((c) => `${c.field}: ${c.message}`).join(", ");
  return statusReply(422, `${kindLabel} "${name}" is invalid: ${causes.length > 1 ? `[${said}]` : said}`, {
    subject,
    causes: causes.map((c) => ({ reason: "FieldValueInvalid", ...c })),
  });
}
