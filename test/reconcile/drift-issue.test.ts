import { describe, expect, it } from "vitest";
import { initialState } from "../../src/state/environment-state.ts";
import type { ConfigDrift } from "../../src/workflows/reconcile/compare-live.ts";
import { driftClosed, driftIssue } from "../../src/workflows/reconcile/drift-issue.ts";
import { heldReason } from "../../src/workflows/reconcile/held-reason.ts";

const COMMIT = "abcdef1234".padEnd(40, "0");
const ref = (name: string) => ({ apiVersion: "apps/v1", kind: "Deployment", namespace: "ml", name });

function drift(objects: ConfigDrift["objects"]): ConfigDrift {
  return { environment: "staging", commit: COMMIT, objects, inSync: 3 };
}

describe("the config-drift issue", () => {
  it("is keyed by environment and lists each changed field with its live and git value", () => {
    const issue = driftIssue(
      drift([
        {
          ref: ref("web"),
          kind: "changed",
          source: "models/web.yaml",
          fields: [
            { path: "spec.replicas", before: 6, after: 2 },
            { path: "metadata.labels.team", after: "risk" },
          ],
        },
        { ref: ref("api"), kind: "missing", source: null, fields: [] },
        { ref: ref("old"), kind: "orphan", source: null, fields: [] },
      ]),
      "off",
    );
    expect(issue).toMatchObject({
      key: "config-drift:staging",
      title: "Config drift in staging",
      labels: ["slipway", "config-drift"],
      open: true,
    });
    expect(issue.body.split("\n")).toEqual(
      expect.arrayContaining([
        "`staging` differs from git: 3 object(s) are out of sync with `abcdef1`, the commit it runs (3 in sync).",
        "| `Deployment ml/web` | changed | `spec.replicas` | 6 | 2 |",
        "| `Deployment ml/web` | changed | `metadata.labels.team` | (none) | risk |",
        "| `Deployment ml/api` | missing from the cluster | | (none) | |",
        "| `Deployment ml/old` | not in git (left from an earlier apply) | | | (none) |",
        "Self-heal is off for `staging`: revert the change, merge it into git, or set `selfHeal: true` on the environment in `.slipway.yml`.",
      ]),
    );
  });

  it("escapes values that would break the table and cuts long ones", () => {
    const issue = driftIssue(
      drift([
        {
          ref: ref("web"),
          kind: "changed",
          source: null,
          fields: [{ path: "spec.args", before: "a|b\n<script>", after: "x".repeat(500) }],
        },
      ]),
      "healing",
    );
    const row = issue.body.split("\n").find((l) => l.includes("spec.args")) ?? "";
    // A multi-line value is shown as JSON; the pipe is escaped and the tag is text.
    expect(row).toContain('| "a\\|b\\\\n&lt;script&gt;" |');
    expect(row).not.toContain("<script>");
    expect(row.length).toBeLessThan(300);
    expect(issue.body).toContain("Self-heal is on for `staging`: Slipway re-applies `abcdef1`.");
  });

  it("lists at most 100 rows and counts the rest", () => {
    const fields = Array.from({ length: 130 }, (_, i) => ({ path: `data.k${i}`, before: "a", after: "b" }));
    const body = driftIssue(drift([{ ref: ref("web"), kind: "changed", source: null, fields }]), "off").body;
    expect(body.split("\n").filter((l) => l.startsWith("| `Deployment"))).toHaveLength(100);
    expect(body).toContain("_30 more row(s) left out for length._");
  });

  it("closes with a note saying whether it was healed", () => {
    const healed = driftIssue(
      drift([
        {
          ref: ref("web"),
          kind: "changed",
          source: null,
          fields: [{ path: "spec.replicas", before: 6, after: 2 }],
        },
      ]),
      "healed",
    );
    expect(healed).toMatchObject({
      key: "config-drift:staging",
      open: false,
      closingNote: "Healed: Slipway re-applied `abcdef1` (`selfHeal: true`); `staging` matches git again.",
    });
    // The closed issue keeps the table of what was healed.
    expect(healed.body).toContain("| `Deployment ml/web` | changed | `spec.replicas` | 6 | 2 |");
    expect(driftClosed("staging", COMMIT).closingNote).toBe("`staging` matches git again at `abcdef1`.");
  });
});

describe("heldReason", () => {
  const idle = initialState("staging", "2026-11-01T00:00:00.000Z");

  it("lets an idle environment with nothing queued be reconciled", () => {
    expect(heldReason(idle, [])).toBeNull();
  });

  it("holds an environment under a pre-merge apply's lock and under a break-glass lock", () => {
    const lock = { pr: 7, sha: "a".repeat(40), by: "carol", since: idle.updatedAt };
    expect(heldReason({ ...idle, lock }, [])).toBe("locked to #7 (applied before merge by @carol)");
    expect(heldReason({ ...idle, lock: { ...lock, kind: "break-glass" } }, [])).toBe(
      "locked to #7 (a break-glass rollback by @carol)",
    );
  });
});
