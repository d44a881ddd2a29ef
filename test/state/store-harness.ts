import type { CasOptions } from "../../src/state/compare-and-set.ts";
import type { EnvironmentState } from "../../src/state/environment-state.ts";
import type { EnvironmentStore } from "../../src/state/environment-store.ts";
import type { Intent } from "../../src/state/intent.ts";

/** A clock the test moves by hand; every store of one harness reads it. */
export class TestClock {
  ms = Date.parse("2026-11-25T09:00:00.000Z");

  readonly now = (): number => this.ms;

  advance(ms: number): string {
    this.ms += ms;
    return new Date(this.ms).toISOString();
  }

  iso(offsetMs = 0): string {
    return new Date(this.ms + offsetMs).toISOString();
  }
}

/**
 * One backing of the environment store (a SQLite file, a fake API server) as the contract suite sees it:
 * stores over the same data, and ways to write and break that data behind the stores' backs.
 */
export interface StoreHarness {
  readonly clock: TestClock;
  /** Another store over the same data, as a second process or replica would open it. */
  open(options?: CasOptions): Promise<EnvironmentStore>;
  /** Rewrites the state record of `environment` as another writer would; synchronous, so a `change` can call it. */
  writeBehind(environment: string, edit: (state: EnvironmentState) => void): void;
  /** Breaks the stored JSON of one intent. */
  corruptIntent(environment: string, id: number): void;
  /** Breaks the stored state record of `environment`. */
  corruptState(environment: string): void;
  /** Words a corruption error names to locate the broken intent and state record. */
  intentLocation(environment: string, id: number): string[];
  stateLocation(environment: string): string[];
  close(): Promise<void>;
}

export const deploy = (commit: string, pr: number | null = null): Intent => ({ kind: "deploy", commit, pr });

/** The StateError (or any error) a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { reason?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`expected an Error, got ${String(error)}`);
  }
  throw new Error("expected a rejection, but the call succeeded");
}
