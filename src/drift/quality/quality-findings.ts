import { type Finding, quoteName, type SettingSeverity } from "../monitor-report/finding.ts";
import type { CategoryCount } from "./category-changes.ts";
import type { ColumnQuality } from "./column-quality.ts";

// Findings from the Monitor's `quality` block: a missing share above `maxMissingShare` is an error,
// new categories take the `newCategories` severity (default warning); a column with no value left and
// vanished categories are reported even without settings, so nothing silently disappears.

export interface QualitySettings {
  maxMissingShare?: number;
  newCategories?: SettingSeverity;
  schemaChanges?: SettingSeverity;
}

/** Categories named in one message; the count says how many more there are. */
const NAMED = 5;

export function percent(share: number): string {
  if (share === 0) return "0%";
  const p = share * 100;
  return `${Number(p.toPrecision(p < 0.01 ? 2 : 3))}%`;
}

function named(list: CategoryCount[], total: number): string {
  const shown = list
    .slice(0, NAMED)
    .map((c) => `${quoteName(c.value, 60)} (${c.rows} ${c.rows === 1 ? "row" : "rows"})`);
  return total > shown.length ? `${shown.join(", ")} and ${total - shown.length} more` : shown.join(", ");
}

export function qualityFindings(
  columns: readonly ColumnQuality[],
  settings: QualitySettings = {},
): Finding[] {
  const findings: Finding[] = [];
  const at = (column: string, severity: Finding["severity"], code: Finding["code"], message: string) =>
    findings.push({ area: "quality", severity, code, column, message });
  const max = settings.maxMissingShare;
  const newSeverity = settings.newCategories ?? "warning";
  for (const c of columns) {
    const name = quoteName(c.name);
    const { reference: ref, current: cur } = c.missing;
    if (max !== undefined && cur.share > max) {
      at(
        c.name,
        "error",
        "missing-share",
        `column ${name}: ${percent(cur.share)} of current rows are missing (${cur.missing} of ${cur.rows}; reference ${percent(ref.share)}), above maxMissingShare ${percent(max)}`,
      );
    } else if (cur.rows > 0 && cur.missing === cur.rows && ref.missing < ref.rows) {
      at(
        c.name,
        "warning",
        "column-empty",
        `column ${name} has no value in the current data (all ${cur.rows} rows missing)`,
      );
    }
    const cats = c.categories;
    if (!cats) continue;
    if (cats.newCategories > 0 && newSeverity !== "ignore") {
      const n = cats.newCategories;
      at(
        c.name,
        newSeverity,
        "new-categories",
        `column ${name}: ${n} new ${n === 1 ? "category" : "categories"} in the current data: ${named(cats.new, n)}`,
      );
    }
    if (cats.vanishedCategories > 0 && cur.missing < cur.rows) {
      const n = cats.vanishedCategories;
      at(
        c.name,
        "info",
        "vanished-categories",
        `column ${name}: ${n} reference ${n === 1 ? "category is" : "categories are"} absent from the current data: ${named(cats.vanished, n)}`,
      );
    }
  }
  return findings;
}
