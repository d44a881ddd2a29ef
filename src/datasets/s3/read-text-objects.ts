import type { Table } from "../../drift/columns.ts";
import { parseCsvParallel } from "../csv-parallel.ts";
import { DatasetError } from "../dataset-error.ts";
import { parseJsonl } from "../jsonl.ts";
import { chunksOf, openObject, type ReadContext } from "./read-context.ts";
import { RecordSplitter } from "./record-splitter.ts";
import { ReservoirSampler } from "./reservoir.ts";
import type { DatasetObject } from "./resolve-dataset.ts";
import { seededRandom } from "./seeded-random.ts";
import { TextBuffer } from "./text-buffer.ts";

// CSV and JSON Lines objects streamed record by record into one buffer for the existing readers,
// which then learn column types over the whole dataset as for one file. CSV objects must share one
// header (kept once). With a sample, only the sampled records are kept, so memory follows the sample
// size however large the objects are.

interface Kept {
  index: number;
  record: Uint8Array;
  uri: string;
  line: number;
  byteOffset: number;
  lines: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The header record without its line break, for comparison. */
function headerKey(record: Uint8Array): Uint8Array {
  let end = record.length;
  while (end > 0 && (record[end - 1] === 0x0a || record[end - 1] === 0x0d)) end--;
  return record.slice(0, end);
}

export async function readTextObjects(
  ctx: ReadContext,
  objects: readonly DatasetObject[],
  format: "csv" | "jsonl",
): Promise<{ table: Table; rows: number }> {
  const buffer = new TextBuffer(ctx.label);
  const sampler = ctx.sample
    ? new ReservoirSampler(ctx.sample.rows, seededRandom(ctx.sample.seed))
    : undefined;
  const kept: Kept[] = [];
  let header: { key: Uint8Array; uri: string } | undefined;
  let rows = 0;
  for (const object of objects) {
    const { uri } = object;
    const splitter = new RecordSplitter(format === "csv");
    let first = true;
    const onRecord = (raw: Uint8Array, line: number, offset: number, lines: number) => {
      let record = raw;
      let byteOffset = offset;
      if (first && record[0] === 0xef && record[1] === 0xbb && record[2] === 0xbf) {
        record = record.subarray(3); // a byte-order mark starts the object, not the data
        byteOffset += 3;
      }
      if (format === "csv" && first) {
        first = false;
        const key = headerKey(record);
        if (!header) {
          header = { key, uri };
          buffer.append(record, uri, line, byteOffset, lines);
        } else if (!sameBytes(key, header.key))
          throw new DatasetError(
            uri,
            `the header differs from the one in ${header.uri}; every object of a dataset needs the same columns in the same order`,
            { line, column: 1, byteOffset },
          );
        return;
      }
      first = false;
      const index = rows++;
      if (sampler) {
        const slot = sampler.offer();
        if (slot >= 0) kept[slot] = { index, record: record.slice(), uri, line, byteOffset, lines };
        return;
      }
      if (rows > ctx.limits.maxRows)
        throw new DatasetError(
          uri,
          `the dataset ${ctx.label} passes ${ctx.limits.maxRows} rows here; read it with a sample or raise the row limit`,
          { line, column: 1, byteOffset },
        );
      buffer.append(record, uri, line, byteOffset, lines);
    };
    const opened = await openObject(ctx, uri, object.size);
    for await (const chunk of chunksOf(ctx, opened)) splitter.push(chunk, onRecord);
    splitter.end(onRecord);
  }
  if (sampler) {
    kept.sort((a, b) => a.index - b.index);
    for (const k of kept) buffer.append(k.record, k.uri, k.line, k.byteOffset, k.lines);
  }
  try {
    const bytes = buffer.view();
    const table = format === "csv" ? await parseCsvParallel(bytes, ctx.label) : parseJsonl(bytes, ctx.label);
    return { table, rows };
  } catch (error) {
    if (error instanceof DatasetError) throw buffer.relocate(error);
    throw error;
  }
}
