import { describeVersion } from "../drift/monitor-report/dataset-version.ts";
import { describeDataVersion } from "../experiments/data-version.ts";
import type { ReferenceLineage } from "../experiments/reference-lineage.ts";

// The line saying whether a Monitor's versioned reference is what the production model was trained on
// (issue #23), for the pull request's drift section and the terminal. `text` makes untrusted text safe
// for the output (a table cell in Markdown, printable characters in a terminal); `code` sets off names.

export interface LineageStyle {
  code(text: string): string;
  text(text: string, max: number): string;
}

export function referenceLineageLine(
  lineage: ReferenceLineage | { unavailable: string },
  s: LineageStyle,
): string {
  if ("unavailable" in lineage)
    return `Reference lineage: the production model's training data could not be read (${s.text(lineage.unavailable, 300)}).`;
  const { production: p, reference, trained } = lineage;
  const who = `production (${s.code(p.model)} version ${s.code(p.version)}, run ${s.code(p.runId.slice(0, 8))})`;
  const read = s.text(describeVersion(reference), 300);
  if (lineage.status === "same") return `✅ Reference: ${read} — the version ${who} was trained on.`;
  if (lineage.status === "different")
    return `⚠️ Reference: ${read}, but ${who} was trained on ${s.text(describeDataVersion(trained), 300)}.`;
  return `Reference: ${read}; ${who} recorded this table without its version, so whether it trained on the same one is unknown.`;
}
