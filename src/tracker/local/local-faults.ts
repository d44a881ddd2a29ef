import { TrackerFault } from "../tracker-fault.ts";

/** MLflow's error code for a missing entity; the REST adapter reports the same one. */
export const RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";
export const INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";

/**
 * A missing run, experiment, model, version, alias or logged model. Kind and error code match what the
 * REST adapter reports for MLflow's 404, so a caller cannot tell which adapter answered; `message` is
 * MLflow's own wording (e.g. "Run with id=… not found").
 */
export function notFound(store: string, message: string): TrackerFault {
  return new TrackerFault("not-found", `${store}: ${message}.`, {
    errorCode: RESOURCE_DOES_NOT_EXIST,
    serverMessage: message,
  });
}

/** A query the local store refuses (bad filter, order_by, page token or max_results), as MLflow's 400. */
export function invalidQuery(store: string, message: string): TrackerFault {
  return new TrackerFault("invalid", `${store}: ${message}`, {
    errorCode: INVALID_PARAMETER_VALUE,
    serverMessage: message,
  });
}

/** Writes go through a tracking server: a local store is read, never written. */
export function readOnly(store: string, operation: string): TrackerFault {
  return new TrackerFault(
    "invalid",
    `${store} is read-only: ${operation} needs an MLflow tracking server. ` +
      "Point the tracking URI at the server (http:// or https://) to use the REST adapter.",
  );
}

/** A store file that is not what MLflow writes (corrupt meta.yaml, wrong column type, unreadable). */
export function corrupt(file: string, detail: string): TrackerFault {
  return new TrackerFault("invalid", `${file}: ${detail}`);
}

/** Any non-fault error becomes a fault naming the store; no stack trace reaches the caller. */
export function asFault(store: string, error: unknown): TrackerFault {
  if (error instanceof TrackerFault) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new TrackerFault("invalid", `${store} could not be read: ${detail.slice(0, 300)}`);
}
