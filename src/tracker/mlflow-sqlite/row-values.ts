import { corrupt } from "../local/local-faults.ts";

export type Row = Readonly<Record<string, unknown>>;

/** Reads typed columns from node:sqlite rows; a value of the wrong type is a fault naming the column. */
export class RowReader {
  readonly #file: string;
  readonly #table: string;
  constructor(file: string, table: string) {
    this.#file = file;
    this.#table = table;
  }

  #bad(column: string, value: unknown): never {
    throw corrupt(
      this.#file,
      `${this.#table}.${column} holds ${typeof value} where MLflow writes another type.`,
    );
  }

  optText(row: Row, column: string): string | undefined {
    const value = row[column];
    if (value === null || value === undefined) return undefined;
    // SQLite's type affinity lets an INTEGER column hand back a number (experiment_id, version).
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "bigint") return String(value);
    return this.#bad(column, value);
  }

  text(row: Row, column: string): string {
    const value = this.optText(row, column);
    return value === undefined ? this.#bad(column, null) : value;
  }

  optNumber(row: Row, column: string): number | undefined {
    const value = row[column];
    if (value === null || value === undefined) return undefined;
    if (typeof value === "number") return value;
    if (typeof value === "bigint") return Number(value);
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
      return Number(value);
    return this.#bad(column, value);
  }

  number(row: Row, column: string): number {
    const value = this.optNumber(row, column);
    return value === undefined ? this.#bad(column, null) : value;
  }
}

/** `?, ?, ?` for an IN list of `count` bound values. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => "?").join(", ");
