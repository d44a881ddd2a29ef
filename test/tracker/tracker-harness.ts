import type { CredentialRef } from "../../src/tracker/mlflow-rest/auth.ts";
import {
  type ConnectOptions,
  connectMlflowTracker,
  type MlflowBinding,
} from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import { TrackerFault } from "../../src/tracker/tracker-fault.ts";
import type { Tracker } from "../../src/tracker/tracker-port.ts";
import { type FakeMlflow, type FakeMlflowOptions, startFakeMlflow } from "../fakes/mlflow/fake.ts";

export interface Harness {
  readonly fake: FakeMlflow;
  readonly tracker: Tracker;
  /** Every backoff the client asked to sleep, in order (sleeps return at once). */
  readonly sleeps: number[];
}

/** Secrets as a test's "environment": `{ env: NAME }` and `{ file: path }` both look here. */
export function secretsFrom(values: Readonly<Record<string, string>>) {
  return async (ref: CredentialRef): Promise<string> => {
    const key = "env" in ref ? ref.env : ref.file;
    const value = values[key];
    if (value === undefined) throw new Error(`no secret ${key}`);
    return value;
  };
}

export async function startHarness(
  options: {
    fake?: FakeMlflowOptions;
    binding?: Omit<MlflowBinding, "trackingUri">;
    secrets?: Readonly<Record<string, string>>;
    client?: ConnectOptions;
  } = {},
): Promise<Harness> {
  const fake = await startFakeMlflow(options.fake);
  const sleeps: number[] = [];
  const tracker = await connectMlflowTracker(
    { trackingUri: fake.url, ...options.binding },
    secretsFrom(options.secrets ?? {}),
    {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 1,
      ...options.client,
    },
  );
  return { fake, tracker, sleeps };
}

/** The TrackerFault a promise rejects with; fails the test when it resolves or throws anything else. */
export async function faultOf(promise: Promise<unknown>): Promise<TrackerFault> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TrackerFault) return error;
    throw new Error(`expected a TrackerFault, got ${String(error)}`);
  }
  throw new Error("expected a TrackerFault, but the call succeeded");
}
