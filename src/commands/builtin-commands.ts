import type { CommandSpec } from "./command-spec.ts";

/**
 * The command specs known today. Later features add theirs here; the parser, help and permission checks
 * need nothing else. `promote` and `rollback` also need the author to own the model (checked by their
 * workflows, which read the owners from the default branch).
 */
export const BUILTIN_COMMANDS: readonly CommandSpec[] = [
  {
    name: "apply",
    summary:
      "apply this pull request's head to a non-production environment before merge (the plan shown must still hold); the environment stays locked to this pull request until it merges, closes or unlocks",
    args: [
      {
        name: "environment",
        required: true,
        describes: "environment",
        pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      },
    ],
    flags: [{ name: "plan", value: { describes: "sha256:…", pattern: /^sha256:[0-9a-f]{64}$/ } }],
    permission: { level: "write" },
  },
  {
    name: "approve",
    summary:
      "on a merged pull request, approve the deploy of its merge commit to the environment waiting for approval (a declared approver who is not the author)",
    args: [],
    flags: [],
    permission: { approverOf: "environment" },
  },
  {
    name: "help",
    summary: "list the commands and who may run them",
    args: [],
    flags: [],
    permission: { level: "read" },
  },
  {
    name: "plan",
    summary: "show again what merging would change in each environment (offline, against the default branch)",
    args: [],
    flags: [],
    permission: { level: "write" },
  },
  {
    name: "compare",
    summary:
      "read the experiment evidence again and refresh `slipway/gates`; name a model to get its comparison as a reply, and add --against to compare it with another version or run (shown, never gating)",
    args: [
      {
        name: "model",
        required: false,
        describes: "model",
        pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      },
    ],
    flags: [
      {
        name: "against",
        value: { describes: "version|run", pattern: /^([1-9][0-9]{0,9}|[0-9a-f]{32})$/ },
      },
    ],
    permission: { level: "write" },
  },
  {
    name: "drift",
    summary:
      "compute the drift of the monitors this pull request affects again (reference against the latest current window); name a monitor to see its drift, changed or not",
    args: [
      {
        name: "monitor",
        required: false,
        describes: "monitor",
        pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      },
    ],
    flags: [],
    permission: { level: "write" },
  },
  {
    name: "promote",
    summary:
      "add the next environment (or `--to` one) to a model's promotion list once its version ran healthily, gates passed, in the environment before: a commit on this pull request's branch, or a new pull request when run on a merged one (an owner of the model)",
    args: [
      {
        name: "model",
        required: true,
        describes: "model",
        pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      },
    ],
    flags: [
      { name: "to", value: { describes: "environment", pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/ } },
    ],
    permission: { level: "write" },
  },
  {
    name: "rollback",
    summary:
      "open a pull request restoring a model's last version that was deployed healthily with its gates passed; `--break-glass` (a declared approver of production) also applies it at once and holds the environments until it merges, closes or unlocks (an owner of the model)",
    args: [
      {
        name: "model",
        required: true,
        describes: "model",
        pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      },
    ],
    flags: [{ name: "break-glass", value: null }],
    permission: { level: "write" },
  },
  {
    name: "retrain",
    summary:
      "start one run of a Pipeline in Kubeflow Pipelines, as the default branch declares it, with `--param name=value` overrides; a comment follows the run to its end (write access, and an owner of the Pipeline's model)",
    args: [
      {
        name: "pipeline",
        required: true,
        describes: "pipeline",
        pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      },
    ],
    flags: [
      {
        name: "param",
        value: { describes: "name=value", pattern: /^[A-Za-z_][A-Za-z0-9_]{0,63}=\S{0,200}$/ },
        repeatable: { max: 20 },
      },
    ],
    permission: { level: "write" },
    onIssues: true,
  },
  {
    name: "retry",
    summary:
      "on a merged pull request, complete a deploy that was applied to the cluster but not finished (registry, deployment) without applying again",
    args: [],
    flags: [],
    permission: { level: "write" },
  },
  {
    name: "rollout",
    summary:
      "control a canary rollout under way in an environment: `pause` holds its current split, `resume` goes on with the step's remaining wait, `abort` sends all traffic back to the stable version and holds the revision (abort: a declared approver of a production environment)",
    args: [
      { name: "action", required: true, describes: "pause|resume|abort", pattern: /^(pause|resume|abort)$/ },
      {
        name: "environment",
        required: true,
        describes: "environment",
        pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      },
    ],
    flags: [],
    permission: { level: "write" },
  },
  {
    name: "unlock",
    summary:
      "release the environments this pull request locked with `apply` (a maintainer may name another pull request's environment)",
    args: [
      {
        name: "environment",
        required: false,
        describes: "environment",
        pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      },
    ],
    flags: [],
    permission: { level: "write" },
  },
  {
    name: "validate",
    summary: "validate the pull request's head again and refresh the check and this comment",
    args: [],
    flags: [],
    permission: { level: "write" },
  },
];

export function commandRegistry(
  specs: readonly CommandSpec[] = BUILTIN_COMMANDS,
): ReadonlyMap<string, CommandSpec> {
  return new Map(specs.map((s) => [s.name, s]));
}
