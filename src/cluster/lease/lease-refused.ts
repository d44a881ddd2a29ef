/**
 * The API server refused a Lease request itself (403 from RBAC, 401 from credentials): unlike a lost
 * race or an unreachable API, waiting does not help — the work the Lease guards cannot run until an
 * operator grants `get`, `create` and `update` on it. The message names the Lease and quotes the
 * server's refusal (no credential: ClusterFault messages are scrubbed).
 */
export class LeaseRefused extends Error {
  override readonly name = "LeaseRefused";
  /** The Lease's name (`slipway-env-staging`). */
  readonly lease: string;
  /** The refused request, in the adapter's words (`… answered HTTP 403 Forbidden: …`). */
  readonly reason: string;

  constructor(lease: string, reason: string) {
    super(`the cluster refused the Lease ${lease}: ${reason}`);
    this.lease = lease;
    this.reason = reason;
  }
}

/** A refusal as the server reports it (log at error level, count it): where the Lease is, and why. */
export interface LeaseRefusal {
  readonly lease: string;
  readonly namespace: string;
  /** The environment whose deploys it guards; absent for the monitors Lease. */
  readonly environment?: string;
  readonly reason: string;
}
