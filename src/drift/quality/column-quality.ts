import type { ColumnType, ColumnValues } from "../columns.ts";
import { inferColumnType } from "../infer-type.ts";
import { type CategoryChanges, categoryChanges } from "./category-changes.ts";
import type { NumericStats, SampleProfile } from "./sample-profile.ts";

// Per-column data quality of the columns both samples have: missing shares, new and vanished
// categories, and where the numbers moved (min, max, mean).

/** A Monitor's declared column type; `datetime` columns are reported, never tested. */
export type DeclaredType = ColumnType | "datetime";

export interface MissingShare {
  rows: number;
  missing: number;
  /** missing / rows, 0 for a sample without rows. */
  share: number;
}

export interface NumericShift {
  reference: NumericStats | null;
  current: NumericStats | null;
  /** current mean − reference mean, when both have values. */
  meanDelta: number | null;
}

export interface ColumnQuality {
  name: string;
  /** The type the drift engine uses: declared, or inferred from the reference (`text` for datetime). */
  type: ColumnType;
  declared: DeclaredType | null;
  retyped: boolean;
  missing: { reference: MissingShare; current: MissingShare };
  /** Numeric columns (stored as numbers on both sides). */
  numeric: NumericShift | null;
  /** Categorical columns that are not retyped. */
  categories: CategoryChanges | null;
}

export interface ColumnQualityInput {
  name: string;
  reference: ColumnValues;
  current: ColumnValues;
  profiles: { reference: SampleProfile; current: SampleProfile };
  declared?: DeclaredType | undefined;
  retyped: boolean;
}

function missingShare(p: SampleProfile): MissingShare {
  return { rows: p.rows, missing: p.missing, share: p.rows === 0 ? 0 : p.missing / p.rows };
}

/** The engine's type for a column: the declared one, else `infer_column_type` on the reference. */
export function engineType(input: ColumnQualityInput): ColumnType {
  const { declared, reference, current, profiles } = input;
  if (declared === "datetime") return "text";
  if (declared) return declared;
  if (input.retyped || reference.kind !== current.kind) return profiles.reference.type;
  const evidence = {
    count: profiles.reference.rows - profiles.reference.missing,
    distinct: profiles.reference.distinct,
  };
  return inferColumnType(reference, current, evidence);
}

export function columnQuality(input: ColumnQualityInput): ColumnQuality {
  const { reference, current, profiles } = input;
  const type = engineType(input);
  const numbers = reference.kind === "number" && current.kind === "number";
  const numeric = numbers
    ? {
        reference: profiles.reference.numeric,
        current: profiles.current.numeric,
        meanDelta:
          profiles.reference.numeric && profiles.current.numeric
            ? profiles.current.numeric.mean - profiles.reference.numeric.mean
            : null,
      }
    : null;
  const categories = type === "categorical" && !input.retyped ? categoryChanges(reference, current) : null;
  return {
    name: input.name,
    type,
    declared: input.declared ?? null,
    retyped: input.retyped,
    missing: { reference: missingShare(profiles.reference), current: missingShare(profiles.current) },
    numeric,
    categories,
  };
}
