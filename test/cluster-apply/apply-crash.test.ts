import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEnvironment } from "../../src/cluster/apply/apply-environment.ts";
import type { RecordedRequest } from "../fakes/kubernetes/recorder.ts";
import { nextActivity } from "../helpers/activity.ts";
import {
  type ApplyHarness,
  COMMIT_A,
  heldObjects,
  rendered,
  startApplyHarness,
  tracked,
} from "./apply-fixture.ts";

const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

/** The monitors stage's PrometheusRule, written for real (not the dry run): the fake holds it back. */
const ruleWrite = (r: RecordedRequest) =>
  r.verb === "patch" && r.resource === "prometheusrules" && r.query.dryRun !== "All";

/** Waits for `condition`, looked at each time the fake answers, while the child lives (30 s at most). */
async function until(condition: () => boolean, what: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the apply exited (${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await nextActivity(250);
  }
}

describe("apply: a crash between writes", () => {
  let h: ApplyHarness;
  beforeEach(async () => {
    h = await startApplyHarness();
  });
  afterEach(() => h.close());

  it("leaves every object the cluster holds in the inventory, and a re-run completes", async () => {
    // A window: the monitors stage's write hangs, so the process is killed with earlier stages written.
    h.fake.failNext(ruleWrite, { delayMs: 5_000 });
    const child = spawn(process.execPath, [CHILD, h.kubeconfig, COMMIT_A], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    try {
      await until(() => h.fake.requests.some(ruleWrite), "the monitors stage", child);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${stderr}`);
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    const held = heldObjects(h);
    expect(held.length).toBeGreaterThan(0);
    expect(held.some((o) => o.startsWith("HelmRelease"))).toBe(false);
    const inventory = await h.inventory();
    expect(inventory).toMatchObject({ phase: "applying", commit: COMMIT_A });
    for (const object of held) expect(tracked(inventory)).toContain(object);

    const desired = await h.render(COMMIT_A);
    // Written ahead: the objects not yet written are tracked too.
    expect(tracked(inventory)).toEqual(rendered(desired));
    const rerun = await applyEnvironment(desired, h.settings());
    expect(rerun.outcome).toBe("applied");
    expect(rerun.objects.filter((o) => o.result === "unchanged").length).toBe(held.length);
    expect(heldObjects(h)).toEqual(rendered(desired));
    expect(await h.inventory()).toMatchObject({ phase: "applied", lastGoodCommit: COMMIT_A });
  });
});
