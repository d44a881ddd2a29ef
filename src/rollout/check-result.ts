/**
 * One check's numbers at one evaluation of a rollout step (issue #22): the canary's value, the stable
 * version's (when the check compares with it), and the verdict. `error`: the query could not be run.
 */
export interface CheckResult {
  model: string;
  check: string;
  canary: number | null;
  stable: number | null;
  verdict: "pass" | "fail" | "no-data" | "error";
}
