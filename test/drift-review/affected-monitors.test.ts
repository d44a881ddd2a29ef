import { describe, expect, it } from "vitest";
import type { PlatformSnapshot } from "../../src/manifests/snapshot.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { affectedMonitors } from "../../src/workflows/drift/affected-monitors.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

// Which monitors a pull request shows drift for: changed or added Monitors, and the Monitors of a
// changed Model, by value (not text), in name order.

const MONITOR = "monitors/fraud-detection-drift.yaml";
const MODEL = "models/fraud-detection.yaml";

async function snapshot(edit: (files: Record<string, string>) => void = () => {}): Promise<PlatformSnapshot> {
  const files = await templateFiles();
  edit(files);
  return validateRepo(treeOf(files)).snapshot;
}

const names = (selection: ReturnType<typeof affectedMonitors>) =>
  selection.kind === "monitors" ? selection.monitors.map((m) => m.name) : selection;

/** A second monitor of the same model, not named in the Model's `monitors`. */
function addSecondMonitor(files: Record<string, string>): void {
  files["monitors/fraud-weekly.yaml"] = (files[MONITOR] ?? "").replace(
    "name: fraud-detection-drift",
    "name: fraud-weekly",
  );
}

describe("affected monitors", () => {
  it("is empty when nothing changed, and ignores comments and reformatting", async () => {
    const base = await snapshot();
    expect(names(affectedMonitors(await snapshot(), base))).toEqual([]);
    const reformatted = await snapshot((f) => {
      f[MONITOR] = `# reviewed\n${(f[MONITOR] ?? "").replace("datasetShare: 0.5", "datasetShare: 0.50")}`;
    });
    expect(names(affectedMonitors(reformatted, base))).toEqual([]);
  });

  it("picks a changed or added Monitor", async () => {
    const base = await snapshot();
    const changed = await snapshot((f) => {
      f[MONITOR] = (f[MONITOR] ?? "").replace("threshold: 0.15", "threshold: 0.2");
    });
    expect(names(affectedMonitors(changed, base))).toEqual(["fraud-detection-drift"]);
    expect(names(affectedMonitors(await snapshot(addSecondMonitor), base))).toEqual(["fraud-weekly"]);
  });

  it("picks every monitor of a changed Model, named by the Model or naming it", async () => {
    const base = await snapshot(addSecondMonitor);
    const head = await snapshot((f) => {
      addSecondMonitor(f);
      f[MODEL] = (f[MODEL] ?? "").replace("max: 10", "max: 12");
    });
    expect(names(affectedMonitors(head, base))).toEqual(["fraud-detection-drift", "fraud-weekly"]);
  });

  it("treats everything as changed without a default branch to compare with", async () => {
    expect(names(affectedMonitors(await snapshot(), null))).toEqual(["fraud-detection-drift"]);
  });

  it("picks a named monitor, changed or not, or lists the ones there are", async () => {
    const head = await snapshot(addSecondMonitor);
    expect(names(affectedMonitors(head, head, "fraud-weekly"))).toEqual(["fraud-weekly"]);
    expect(affectedMonitors(head, head, "nope")).toEqual({
      kind: "unknown",
      name: "nope",
      known: ["fraud-detection-drift", "fraud-weekly"],
    });
  });
});
