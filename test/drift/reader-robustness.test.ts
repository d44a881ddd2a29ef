import fc from "fast-check";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/datasets/csv.ts";
import { DatasetError } from "../../src/datasets/dataset-error.ts";
import { parseJsonl } from "../../src/datasets/jsonl.ts";
import { parseParquetGuarded } from "../../src/datasets/parquet-guarded.ts";

// Readers either return a table or throw a DatasetError — never another exception — whatever the bytes;
// and CSV written with RFC 4180 quoting reads back cell for cell.

function onlyDatasetErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
  }
}

const cell = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom("a,b", 'say "hi"', "line\nbreak", "NA", "", " x "),
  fc.double({ noNaN: true }).map(String),
  fc.integer().map(String),
);

describe("reader robustness", () => {
  it("CSV: arbitrary bytes give a table or a DatasetError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) =>
        onlyDatasetErrors(() => parseCsv(bytes, "f.csv")),
      ),
      { numRuns: 500 },
    );
  });

  it("JSONL: arbitrary bytes and mangled records give a table or a DatasetError", () => {
    const records = fc.array(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })), {
      maxLength: 5,
    });
    fc.assert(
      fc.property(records, fc.nat(), fc.uint8Array({ maxLength: 50 }), (rows, at, noise) => {
        const text = new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join("\n"));
        const cut = at % (text.length + 1);
        const mangled = Uint8Array.from([...text.subarray(0, cut), ...noise, ...text.subarray(cut)]);
        onlyDatasetErrors(() => parseJsonl(text, "f.jsonl"));
        onlyDatasetErrors(() => parseJsonl(mangled, "f.jsonl"));
      }),
      { numRuns: 300 },
    );
  });

  it("Parquet: damaged files give a table or a DatasetError, even when the decoder would hang", async () => {
    const valid = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: "x", data: Float64Array.of(1, 2, 3, 4), type: "DOUBLE" },
          { name: "s", data: ["a", "b", null, "a"], type: "STRING", nullable: true },
        ],
      }),
    );
    // Byte 11 set to 0 damages the first page header so that the decoder never returns.
    const damages: [number, number][] = [
      [11, 0],
      [126, 127],
      [126, 3],
      [5, 255],
      [40, 0],
      [90, 255],
    ];
    const random = fc.sample(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
      numRuns: 14,
      seed: 42,
    });
    for (const [at, value] of [...damages, ...random]) {
      const damaged = valid.slice();
      damaged[at] = value;
      try {
        await parseParquetGuarded(damaged, "f.parquet", undefined, 1500);
      } catch (error) {
        expect(error, `byte ${at} = ${value}`).toBeInstanceOf(DatasetError);
      }
    }
  }, 120_000);

  it("CSV: quoted cells read back exactly", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
          const text = `a,b\n${rows.map((r) => r.map(quote).join(",")).join("\n")}\n`;
          const table = parseCsv(new TextEncoder().encode(text), "f.csv");
          expect(table.rowCount).toBe(rows.length);
          for (const [c, name] of ["a", "b"].entries()) {
            const column = table.columns.get(name);
            if (column?.kind !== "string") continue; // all-numeric columns are checked by the reader tests
            rows.forEach((r, i) => {
              const code = column.codes[i] as number;
              const expected = r[c] as string;
              if (code < 0) expect(["", "NA"]).toContain(expected);
              else expect(column.dictionary[code]).toBe(expected);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
