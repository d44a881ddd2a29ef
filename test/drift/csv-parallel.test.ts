import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/datasets/csv.ts";
import { type CsvChunkRunner, runCsvChunkJob } from "../../src/datasets/csv-chunk-job.ts";
import { parseCsvParallel } from "../../src/datasets/csv-parallel.ts";
import { splitRecords } from "../../src/datasets/csv-split.ts";
import type { Table } from "../../src/drift/columns.ts";

const encode = (s: string) => new TextEncoder().encode(s);
const CORPUS = new URL("../golden/drift/inputs/", import.meta.url).pathname;

/** Values as plain arrays, so tables built over shared and unshared buffers compare alike. */
function plain(table: Table) {
  return {
    rowCount: table.rowCount,
    columns: [...table.columns].map(([name, c]) =>
      c.kind === "number"
        ? { name, kind: c.kind, integer: c.integer, values: [...c.values] }
        : { name, kind: c.kind, dictionary: c.dictionary, codes: [...c.codes] },
    ),
  };
}

/** The one-thread reader's table, or its error message. */
function sequential(bytes: Uint8Array) {
  try {
    return plain(parseCsv(bytes, "f.csv"));
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Runs the chunks' jobs on this thread, through a structured clone as a worker would receive them. */
const inThread = (): CsvChunkRunner => ({
  run: async (_slot, job) => structuredClone(runCsvChunkJob(structuredClone(job))),
  close: async () => {},
});

async function parallel(bytes: Uint8Array, threads: number, workers = true) {
  try {
    const runner = workers ? {} : { runner: inThread };
    return plain(await parseCsvParallel(bytes, "f.csv", { threads, minBytes: 0, ...runner }));
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe("the CSV reader over several threads", () => {
  it("reads the dataset corpus into the same tables as the one-thread reader", async () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith(".csv"));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(join(CORPUS, file)));
      for (const threads of [2, 3, 4])
        expect(await parallel(bytes, threads), file).toEqual(sequential(bytes));
    }
  });

  it("cuts only between records, never inside a quoted field", () => {
    const text = 'a,b\n1,"x\ny"\n2,"say ""hi""\n, ok"\n3,z\n4,"\n\n"\n';
    const bytes = encode(text);
    for (let parts = 2; parts <= 8; parts++) {
      const chunks = splitRecords(bytes, 4, bytes.length, parts);
      expect(chunks[0]?.[0]).toBe(4);
      expect(chunks.at(-1)?.[1]).toBe(bytes.length);
      for (const [start] of chunks.slice(1)) expect(["2", "3", "4"]).toContain(text[start]);
    }
  });

  it("gives the one-thread reader's table, or its error, for any CSV", async () => {
    const cell = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }).map(String),
      fc.double({ noNaN: false }).map(String),
      fc.constantFrom("", "NA", "null", "#N/A", "inf", "-Infinity", "nan", " 1.5 ", "1e400", ".5", "-0"),
      fc.stringMatching(/^[a-z]{1,3}$/),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replaceAll('"', '""')}"`),
      fc.constantFrom('"a,b"', '"line\nbreak"', '"q""uote"', 'bad"quote', '"x"y'),
    );
    const csv = fc
      .record({
        columns: fc.integer({ min: 1, max: 5 }),
        rows: fc.integer({ min: 0, max: 60 }),
        crlf: fc.boolean(),
        bom: fc.boolean(),
        ragged: fc.boolean(),
        blank: fc.boolean(),
      })
      .chain(({ columns, rows, crlf, bom, ragged, blank }) =>
        fc
          .array(fc.array(cell, { minLength: columns, maxLength: ragged ? columns + 1 : columns }), {
            minLength: rows,
            maxLength: rows,
          })
          .map((body) => {
            const eol = crlf ? "\r\n" : "\n";
            const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(",");
            const lines = [header, ...body.map((r) => r.join(","))];
            if (blank && lines.length > 2) lines.splice(2, 0, "");
            return `${bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`;
          }),
      );
    // Chunking and merging on this thread for many cases; through real worker threads for some.
    await fc.assert(
      fc.asyncProperty(csv, fc.integer({ min: 2, max: 6 }), async (text, threads) => {
        const bytes = encode(text);
        expect(await parallel(bytes, threads, false)).toEqual(sequential(bytes));
      }),
      { numRuns: 500 },
    );
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        const bytes = encode(text);
        expect(await parallel(bytes, 2)).toEqual(sequential(bytes));
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
