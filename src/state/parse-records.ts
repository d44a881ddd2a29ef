import type {
  EnvironmentLock,
  EnvironmentState,
  HeldRevision,
  PendingSteps,
  Phase,
} from "./environment-state.ts";
import type { Approval, DeployRecord } from "./environment-store.ts";
import {
  count,
  FieldProblem,
  flag,
  instant,
  list,
  name,
  nameOrNull,
  object,
  oneOf,
  prNumber,
  prOrNull,
} from "./field-reader.ts";
import type { Intent } from "./intent.ts";
import { readRollout } from "./parse-rollout.ts";
import { isEnvironmentName, MAX_NOTE_CHARS, MAX_RECORD_MODELS } from "./state-bounds.ts";

// Readers for every record the store keeps as JSON. The same readers check what a caller hands in and
// what is read back, so a record edited by hand, truncated or written by a newer version is reported
// with its first bad field instead of travelling on half-read. Each returns a fresh object holding
// only the known fields.

export const PHASES: readonly Phase[] = ["idle", "applying", "verifying", "failed", "held"];
const STEPS: readonly PendingSteps["steps"][number][] = ["registry", "deployment", "report"];
const LOCK_KINDS: readonly NonNullable<EnvironmentLock["kind"]>[] = ["apply", "break-glass"];
const INTENT_KINDS: readonly Intent["kind"][] = [
  "deploy",
  "apply-pr",
  "rollback",
  "retry",
  "reconcile",
  "rollout",
];

export function environmentName(value: unknown, path: string): string {
  if (!isEnvironmentName(value))
    throw new FieldProblem(`${path}: expected an environment name (lower-case letters, digits and '-')`);
  return value;
}

export function readIntent(value: unknown, path = "intent"): Intent {
  const o = object(value, path);
  const kind = oneOf(o.kind, `${path}.kind`, INTENT_KINDS);
  switch (kind) {
    case "deploy":
      return { kind, commit: name(o.commit, `${path}.commit`), pr: prOrNull(o.pr, `${path}.pr`) };
    case "apply-pr":
      return {
        kind,
        pr: prNumber(o.pr, `${path}.pr`),
        sha: name(o.sha, `${path}.sha`),
        planHash: name(o.planHash, `${path}.planHash`),
      };
    case "rollback":
      return {
        kind,
        model: name(o.model, `${path}.model`),
        commit: name(o.commit, `${path}.commit`),
        pr: prOrNull(o.pr, `${path}.pr`),
      };
    case "retry":
    case "rollout":
      return { kind, commit: name(o.commit, `${path}.commit`), pr: prOrNull(o.pr, `${path}.pr`) };
    case "reconcile":
      return {
        kind,
        commit: name(o.commit, `${path}.commit`),
        revision: count(o.revision, `${path}.revision`),
      };
  }
}

function readLock(value: unknown, path: string): EnvironmentLock | null {
  if (value === null) return null;
  const o = object(value, path);
  return {
    pr: prNumber(o.pr, `${path}.pr`),
    sha: name(o.sha, `${path}.sha`),
    by: name(o.by, `${path}.by`),
    since: instant(o.since, `${path}.since`),
    // `kind` came with break-glass rollbacks; locks written before it are pre-merge applies.
    ...(o.kind === undefined ? {} : { kind: oneOf(o.kind, `${path}.kind`, LOCK_KINDS) }),
  };
}

function readHeld(value: unknown, path: string): HeldRevision | null {
  if (value === null) return null;
  const o = object(value, path);
  return {
    commit: name(o.commit, `${path}.commit`),
    reason: name(o.reason, `${path}.reason`, MAX_NOTE_CHARS),
    at: instant(o.at, `${path}.at`),
  };
}

function readPending(value: unknown, path: string): PendingSteps | null {
  if (value === null) return null;
  const o = object(value, path);
  const steps = list(o.steps, `${path}.steps`, STEPS.length).map((s, i) =>
    oneOf(s, `${path}.steps[${i}]`, STEPS),
  );
  const deploymentId = o.deploymentId === undefined ? null : (o.deploymentId as unknown);
  // `deploymentId` came later than the rest; records without it read as null.
  return {
    commit: name(o.commit, `${path}.commit`),
    intentId: count(o.intentId, `${path}.intentId`, 1),
    steps,
    reason: name(o.reason, `${path}.reason`, MAX_NOTE_CHARS),
    deploymentId: deploymentId === null ? null : count(deploymentId, `${path}.deploymentId`, 1),
  } as PendingSteps;
}

export function readEnvironmentState(value: unknown, path = "state"): EnvironmentState {
  const o = object(value, path);
  return {
    environment: environmentName(o.environment, `${path}.environment`),
    appliedCommit: nameOrNull(o.appliedCommit, `${path}.appliedCommit`),
    phase: oneOf(o.phase, `${path}.phase`, PHASES),
    lock: readLock(o.lock, `${path}.lock`),
    heldRevision: readHeld(o.heldRevision, `${path}.heldRevision`),
    pending: readPending(o.pending, `${path}.pending`),
    // A rollout in progress (issue #22); records written before rollouts existed have none.
    ...withRollout(readRollout(o.rollout, `${path}.rollout`)),
    revision: count(o.revision, `${path}.revision`),
    updatedAt: instant(o.updatedAt, `${path}.updatedAt`),
  };
}

const withRollout = (rollout: ReturnType<typeof readRollout>) => (rollout ? { rollout } : {});

export function readDeployRecord(value: unknown, path = "deploy"): DeployRecord {
  const o = object(value, path);
  const models = object(o.models, `${path}.models`);
  const entries = Object.entries(models);
  if (entries.length > MAX_RECORD_MODELS)
    throw new FieldProblem(`${path}.models: more than ${MAX_RECORD_MODELS} models`);
  return {
    environment: environmentName(o.environment, `${path}.environment`),
    commit: name(o.commit, `${path}.commit`),
    models: Object.fromEntries(
      entries.map(([model, version]) => [
        name(model, `${path}.models key`),
        name(version, `${path}.models.${model}`),
      ]),
    ),
    outcome: oneOf(o.outcome, `${path}.outcome`, ["success", "failure"] as const),
    gatesPassed: flag(o.gatesPassed, `${path}.gatesPassed`),
    at: instant(o.at, `${path}.at`),
  };
}

export function readApproval(value: unknown, path = "approval"): Approval {
  const o = object(value, path);
  return {
    environment: environmentName(o.environment, `${path}.environment`),
    commit: name(o.commit, `${path}.commit`),
    login: name(o.login, `${path}.login`),
    at: instant(o.at, `${path}.at`),
  };
}
