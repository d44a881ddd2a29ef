import type { AliasDrift } from "../../plan/registry-alias-drift.ts";
import { tableCell } from "../../report/markdown-escape.ts";
import { short } from "../deploy/deploy-words.ts";
import type { TrackingIssue } from "../tracking-issue-port.ts";

export const REGISTRY_DRIFT_LABELS = ["slipway", "registry-drift"] as const;

export function registryDriftKey(environment: string): string {
  return `registry-drift:${environment}`;
}

export type RegistryHeal = "off" | "healing" | "healed" | { failed: string };

/**
 * The one issue per environment that reports registry drift (issue #19): promotion aliases that point
 * elsewhere than the commit the environment runs says, moved or deleted outside git. Deterministic (no
 * timestamps); closed with a note once healed or back in sync.
 */
export function registryDriftIssue(
  environment: string,
  commit: string,
  drift: readonly AliasDrift[],
  heal: RegistryHeal,
): TrackingIssue {
  const lines = [
    `The MLflow registry disagrees with git for \`${environment}\`: ${drift.length} promotion alias(es) point elsewhere than ${short(commit)}, the commit it runs, says. Slipway moves a promotion alias only after a healthy deploy; ${drift.length === 1 ? "this one was" : "these were"} moved outside git.`,
    "",
    "| model | registered model | alias | registry | git |",
    "|---|---|---|---|---|",
    ...drift.map(
      (d) =>
        `| \`${tableCell(d.model, 63)}\` | \`${tableCell(d.registeredModel, 256)}\` | \`${tableCell(d.alias, 255)}\` | ${d.live === null ? "deleted" : `version ${d.live}`} | version ${d.version} |`,
    ),
    "",
  ];
  const healed = `Healed: Slipway moved ${drift.map((d) => `\`${tableCell(d.alias, 255)}\` of \`${tableCell(d.registeredModel, 256)}\` back to version ${d.version}`).join(", ")} (\`selfHeal: true\`); the registry matches git again.`;
  if (heal === "healed") lines.push(healed);
  else if (heal === "healing")
    lines.push(
      `Self-heal is on for \`${environment}\`: Slipway moves the alias(es) back to what ${short(commit)} says.`,
    );
  else if (heal === "off")
    lines.push(
      `Self-heal is off for \`${environment}\`: move the alias back, promote that version through a pull request, or set \`selfHeal: true\` on the environment in \`.slipway.yml\`.`,
    );
  else
    lines.push(
      `Self-heal did not complete: ${tableCell(heal.failed, 500)}. The next registry event or pass tries again.`,
    );
  return {
    key: registryDriftKey(environment),
    title: `Registry drift in ${environment}`,
    body: lines.join("\n"),
    labels: REGISTRY_DRIFT_LABELS,
    open: heal !== "healed",
    ...(heal === "healed" ? { closingNote: healed } : {}),
  };
}

/** The issue closed, when it is open: the registry matches git again without Slipway's help. */
export function registryDriftClosed(environment: string, commit: string): TrackingIssue {
  const note = `The MLflow registry matches git for \`${environment}\` again at ${short(commit)}.`;
  return {
    key: registryDriftKey(environment),
    title: `Registry drift in ${environment}`,
    body: note,
    labels: REGISTRY_DRIFT_LABELS,
    open: false,
    closingNote: note,
  };
}
