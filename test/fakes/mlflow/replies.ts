/** What a route answers; the server serialises the body as JSON. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent verbatim instead of JSON (auth layers, proxies, injected malformed bodies). */
  readonly raw?: string;
}

/** MLflow's `ERROR_CODE_TO_HTTP_STATUS` (`mlflow/exceptions.py`) for the codes the fake produces. */
const STATUS: Readonly<Record<string, number>> = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  INTERNAL_ERROR: 500,
  TEMPORARILY_UNAVAILABLE: 503,
};

/** `MlflowException.serialize_as_json`: `{"error_code": ..., "message": ...}`. */
export function mlflowError(code: string, message: string): Reply {
  return { status: STATUS[code] ?? 500, body: { error_code: code, message } };
}

export const ok = (body: unknown = {}): Reply => ({ status: 200, body });

export const notFound = (message: string): Reply => mlflowError("RESOURCE_DOES_NOT_EXIST", message);

export const invalid = (message: string): Reply => mlflowError("INVALID_PARAMETER_VALUE", message);

/** MLflow's wording for a missing required field (`_get_request_message` validation). */
export const missing = (name: string): Reply =>
  invalid(
    `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`,
  );

/**
 * What MLflow's basic-auth app answers without valid credentials (`mlflow/server/auth/__init__.py`,
 * `make_basic_auth_response`): plain text, not MLflow's JSON error body, and a Basic challenge.
 */
export const unauthenticated = (): Reply => ({
  status: 401,
  raw: "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.",
  headers: { "www-authenticate": 'Basic realm="mlflow"', "content-type": "text/html; charset=utf-8" },
});
