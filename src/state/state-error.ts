/**
 * Why the environment store refused or could not do something. The message names where (the database
 * file and table and row, or the ConfigMap and field) and what to do; it never holds a credential.
 * Cluster faults (API down, forbidden) stay `ClusterFault`s, mapped where all faults are.
 */
export type StateErrorReason =
  /** A stored record does not read back as Slipway wrote it (edited by hand, truncated, a newer version). */
  | "corrupt"
  /** The record kept changing under concurrent writers for every attempt allowed. */
  | "conflict"
  /** A queue or record is at its size bound. */
  | "full"
  /** The caller's input is not something the store can keep (unknown status, bad environment name). */
  | "invalid"
  /** No intent with that id. */
  | "not-found"
  /** The database cannot be opened or written (permissions, disk full, locked for too long). */
  | "unavailable";

export class StateError extends Error {
  override readonly name = "StateError";
  readonly reason: StateErrorReason;

  constructor(reason: StateErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export function isStateError(error: unknown): error is StateError {
  return error instanceof StateError;
}
