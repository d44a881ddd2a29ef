/**
 * The cluster refused the environment's one-writer lock (cluster mode: its executor Lease, answered 403
 * or 401): nothing can be deployed there until an operator grants the Lease, and waiting does not help.
 * The executor says so on the pull requests whose work waits, instead of leaving them queued in silence.
 */
export class EnvironmentLockRefused extends Error {
  override readonly name = "EnvironmentLockRefused";
  readonly environment: string;
  /** The refusal in the cluster adapter's words (the request, the status, the server's message). */
  readonly reason: string;

  constructor(environment: string, reason: string) {
    super(`the environment ${environment} cannot be locked: ${reason}`);
    this.environment = environment;
    this.reason = reason;
  }
}
