import { displayName } from "../../render/kube-object.ts";
import { tableCell } from "../../report/markdown-escape.ts";
import { ABSENT, formatValue } from "../../report/plan-values.ts";
import { short } from "../deploy/deploy-words.ts";
import type { TrackingIssue } from "../tracking-issue-port.ts";
import type { ConfigDrift, DriftedObject } from "./compare-live.ts";

export const CONFIG_DRIFT_LABELS = ["slipway", "config-drift"] as const;

/** Rows past this are counted, not listed: an issue body is capped at 65,536 characters. */
const MAX_ROWS = 100;
const MAX_VALUE_CHARS = 120;

export function configDriftKey(environment: string): string {
  return `config-drift:${environment}`;
}

export type HealState = "off" | "healing" | "healed" | { failed: string };

/**
 * The one issue per environment that reports config drift (issue #10), updated in place: a table of the
 * objects and fields that differ from the commit the environment runs. Secret values arrive masked from
 * the plan; values are cut and escaped for a table cell. Deterministic: no timestamps, so an unchanged
 * drift leaves the issue unchanged. Once healed, the issue keeps the table and is closed with a note.
 */
export function driftIssue(drift: ConfigDrift, heal: HealState): TrackingIssue {
  const { environment } = drift;
  const count = drift.objects.length;
  const lines = [
    `\`${environment}\` differs from git: ${count} object(s) are out of sync with ${short(drift.commit)}, the commit it runs (${drift.inSync} in sync).`,
    "Fields another field manager added are not drift; values of fields Slipway applies, missing objects and objects left over from an earlier commit are.",
    "",
    "| object | drift | field | live | git |",
    "|---|---|---|---|---|",
  ];
  const rows = drift.objects.flatMap(rowsOf);
  lines.push(...rows.slice(0, MAX_ROWS));
  if (rows.length > MAX_ROWS) lines.push("", `_${rows.length - MAX_ROWS} more row(s) left out for length._`);
  const healed = `Healed: Slipway re-applied ${short(drift.commit)} (\`selfHeal: true\`); \`${environment}\` matches git again.`;
  lines.push("", heal === "healed" ? healed : healLine(environment, drift.commit, heal));
  return {
    key: configDriftKey(environment),
    title: `Config drift in ${environment}`,
    body: lines.join("\n"),
    labels: CONFIG_DRIFT_LABELS,
    open: heal !== "healed",
    ...(heal === "healed" ? { closingNote: healed } : {}),
  };
}

/** The issue closed, when it is open: the environment matches git again without Slipway's help. */
export function driftClosed(environment: string, commit: string): TrackingIssue {
  const note = `\`${environment}\` matches git again at ${short(commit)}.`;
  return {
    key: configDriftKey(environment),
    title: `Config drift in ${environment}`,
    body: note,
    labels: CONFIG_DRIFT_LABELS,
    open: false,
    closingNote: note,
  };
}

function rowsOf(object: DriftedObject): string[] {
  const name = `\`${tableCell(displayName(object.ref))}\``;
  if (object.kind === "missing") return [`| ${name} | missing from the cluster | | ${ABSENT} | |`];
  if (object.kind === "orphan")
    return [`| ${name} | not in git (left from an earlier apply) | | | ${ABSENT} |`];
  return object.fields.map(
    (f) => `| ${name} | changed | \`${tableCell(f.path)}\` | ${cell(f.before)} | ${cell(f.after)} |`,
  );
}

function cell(value: unknown): string {
  return tableCell(formatValue(value), MAX_VALUE_CHARS);
}

function healLine(environment: string, commit: string, heal: Exclude<HealState, "healed">): string {
  if (heal === "healing")
    return `Self-heal is on for \`${environment}\`: Slipway re-applies ${short(commit)}.`;
  if (heal === "off")
    return `Self-heal is off for \`${environment}\`: revert the change, merge it into git, or set \`selfHeal: true\` on the environment in \`.slipway.yml\`.`;
  return `Self-heal of ${short(commit)} did not complete: ${tableCell(heal.failed, 500)}. The next pass tries again.`;
}
