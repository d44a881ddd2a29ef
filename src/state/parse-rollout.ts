import type { CheckResult } from "../rollout/check-result.ts";
import type { RolloutModel, RolloutState } from "./environment-state.ts";
import {
  count,
  FieldProblem,
  instant,
  list,
  name,
  nameOrNull,
  object,
  oneOf,
  prOrNull,
} from "./field-reader.ts";

/** Models one rollout walks, and check results one evaluation keeps (a ConfigMap stays small). */
export const MAX_ROLLOUT_MODELS = 50;
export const MAX_ROLLOUT_RESULTS = 200;
const VERDICTS: readonly CheckResult["verdict"][] = ["pass", "fail", "no-data", "error"];

function numberOrNull(value: unknown, path: string): number | null {
  if (value === null) return null;
  // JSON has no Infinity: a latency histogram's +Inf is kept as null (no usable number).
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new FieldProblem(`${path}: expected a number or null`);
  return value;
}

function who(value: unknown, path: string): { by: string; at: string } | null {
  if (value === null || value === undefined) return null;
  const o = object(value, path);
  return { by: name(o.by, `${path}.by`), at: instant(o.at, `${path}.at`) };
}

function readModel(value: unknown, path: string): RolloutModel {
  const o = object(value, path);
  const stable = object(o.stable, `${path}.stable`);
  const failures = object(o.failures, `${path}.failures`);
  return {
    model: name(o.model, `${path}.model`),
    version: name(o.version, `${path}.version`),
    stable: {
      version: name(stable.version, `${path}.stable.version`),
      ...(stable.artifactUri === undefined
        ? {}
        : { artifactUri: name(stable.artifactUri, `${path}.stable.artifactUri`, 2048) }),
      ...(stable.image === undefined ? {} : { image: name(stable.image, `${path}.stable.image`, 1024) }),
    },
    step: count(o.step, `${path}.step`),
    steps: count(o.steps, `${path}.steps`, 1),
    stepStartedAt: instant(o.stepStartedAt, `${path}.stepStartedAt`),
    dueAt: instant(o.dueAt, `${path}.dueAt`),
    failures: Object.fromEntries(
      Object.entries(failures)
        .slice(0, 100)
        .map(([check, n]) => [check, count(n, `${path}.failures.${check}`)]),
    ),
  };
}

function readResult(value: unknown, path: string): CheckResult {
  const o = object(value, path);
  return {
    model: name(o.model, `${path}.model`),
    check: name(o.check, `${path}.check`),
    canary: numberOrNull(o.canary, `${path}.canary`),
    stable: numberOrNull(o.stable, `${path}.stable`),
    verdict: oneOf(o.verdict, `${path}.verdict`, VERDICTS),
  };
}

/** The rollout in an environment's state record; null when none (records written before it have none). */
export function readRollout(value: unknown, path: string): RolloutState | null {
  if (value === null || value === undefined) return null;
  const o = object(value, path);
  const last = o.last === null ? null : object(o.last, `${path}.last`);
  return {
    commit: name(o.commit, `${path}.commit`),
    previousCommit: nameOrNull(o.previousCommit, `${path}.previousCommit`),
    pr: prOrNull(o.pr, `${path}.pr`),
    intentId: count(o.intentId, `${path}.intentId`, 1),
    deploymentId: o.deploymentId === null ? null : count(o.deploymentId, `${path}.deploymentId`, 1),
    gatesPassed: o.gatesPassed === true,
    models: list(o.models, `${path}.models`, MAX_ROLLOUT_MODELS).map((m, i) =>
      readModel(m, `${path}.models[${i}]`),
    ),
    evaluations: count(o.evaluations, `${path}.evaluations`),
    last:
      last === null
        ? null
        : {
            at: instant(last.at, `${path}.last.at`),
            results: list(last.results, `${path}.last.results`, MAX_ROLLOUT_RESULTS).map((r, i) =>
              readResult(r, `${path}.last.results[${i}]`),
            ),
          },
    paused: who(o.paused, `${path}.paused`),
    abort: who(o.abort, `${path}.abort`),
  };
}
