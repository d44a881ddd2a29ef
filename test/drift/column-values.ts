import type { ColumnValues } from "../../src/drift/columns.ts";

/** Builds a column from test values: numbers (NaN/±inf allowed) or strings (null = missing). */
export function numberColumn(values: readonly number[], integer = false): ColumnValues {
  return { kind: "number", values: Float64Array.from(values), integer };
}

export function stringColumn(values: readonly (string | null)[]): ColumnValues {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(values.length);
  values.forEach((v, i) => {
    if (v === null) {
      codes[i] = -1;
      return;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(v);
      index.set(v, code);
    }
    codes[i] = code;
  });
  return { kind: "string", codes, dictionary };
}
