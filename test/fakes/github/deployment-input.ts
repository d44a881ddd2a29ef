import { DEPLOYMENT_STATES, type DeploymentStatusValue } from "./deployment-state.ts";
import { invalidRequest, isObject, type Reply, validationFailed } from "./replies.ts";

/** GitHub's limit on a deployment status description, in characters. */
export const MAX_STATUS_DESCRIPTION = 140;

export interface DeploymentInput {
  readonly ref: string;
  readonly task: string;
  readonly autoMerge: boolean;
  /** Undefined: every context on the commit must pass; [] skips the check. */
  readonly requiredContexts: readonly string[] | undefined;
  readonly payload: Readonly<Record<string, unknown>> | string;
  readonly environment: string;
  readonly description: string;
  readonly transientEnvironment: boolean;
  readonly productionEnvironment: boolean;
}

export interface StatusInput {
  readonly state: DeploymentStatusValue;
  readonly description: string;
  readonly logUrl: string;
  readonly environmentUrl: string;
  readonly environment: string | undefined;
  readonly autoInactive: boolean;
}

const wrongType = (name: string, value: unknown, kind: string): Reply =>
  invalidRequest(`For 'properties/${name}', ${JSON.stringify(value)} is not ${kind}.`);

/** Reads optional typed fields; the first mistyped one becomes GitHub's schema error. */
function reader(body: Record<string, unknown>) {
  let problem: Reply | undefined;
  const read = <T>(name: string, kind: string, test: (v: unknown) => boolean, fallback: T): T => {
    const value = body[name];
    if (value === undefined) return fallback;
    if (!test(value)) {
      problem ??= wrongType(name, value, kind);
      return fallback;
    }
    return value as T;
  };
  return {
    string: (name: string, fallback: string) =>
      read(name, "a string", (v) => typeof v === "string", fallback),
    boolean: (name: string, fallback: boolean) =>
      read(name, "a boolean", (v) => typeof v === "boolean", fallback),
    problem: () => problem,
  };
}

export function parseDeploymentInput(body: unknown): DeploymentInput | Reply {
  const raw = isObject(body) ? body : {};
  if (typeof raw.ref !== "string") return invalidRequest(`"ref" wasn't supplied.`);
  const r = reader(raw);
  const contexts = raw.required_contexts;
  if (contexts !== undefined && (!Array.isArray(contexts) || contexts.some((c) => typeof c !== "string")))
    return wrongType("required_contexts", contexts, "an array of strings");
  const payload = raw.payload ?? {};
  if (typeof payload !== "string" && !isObject(payload))
    return wrongType("payload", payload, "an object or a string");
  const environment = r.string("environment", "production");
  const input: DeploymentInput = {
    ref: raw.ref,
    task: r.string("task", "deploy"),
    autoMerge: r.boolean("auto_merge", true),
    requiredContexts: contexts as string[] | undefined,
    payload,
    environment,
    // GitHub accepts null for "no description".
    description: raw.description === null ? "" : r.string("description", ""),
    transientEnvironment: r.boolean("transient_environment", false),
    // GitHub's default: true exactly when the environment is called "production".
    productionEnvironment: r.boolean("production_environment", environment === "production"),
  };
  return r.problem() ?? input;
}

export function parseStatusInput(body: unknown): StatusInput | Reply {
  const raw = isObject(body) ? body : {};
  if (raw.state === undefined) return invalidRequest(`"state" wasn't supplied.`);
  if (typeof raw.state !== "string" || !(DEPLOYMENT_STATES as readonly string[]).includes(raw.state))
    return invalidRequest(
      `For 'properties/state', ${JSON.stringify(raw.state)} is not one of ${JSON.stringify(DEPLOYMENT_STATES)}.`,
    );
  const r = reader(raw);
  const description = r.string("description", "");
  const environment = r.string("environment", "");
  const input: StatusInput = {
    state: raw.state as DeploymentStatusValue,
    description,
    // `log_url` replaces the older `target_url`; either sets the same link.
    logUrl: r.string("log_url", r.string("target_url", "")),
    environmentUrl: r.string("environment_url", ""),
    environment: environment === "" ? undefined : environment,
    autoInactive: r.boolean("auto_inactive", true),
  };
  const problem = r.problem();
  if (problem) return problem;
  if ([...description].length > MAX_STATUS_DESCRIPTION)
    return validationFailed({
      resource: "DeploymentStatus",
      code: "custom",
      field: "description",
      message: `description is too long (maximum is ${MAX_STATUS_DESCRIPTION} characters)`,
    });
  return input;
}
