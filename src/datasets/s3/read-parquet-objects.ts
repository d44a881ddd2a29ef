import type { Table } from "../../drift/columns.ts";
import { DatasetError } from "../dataset-error.ts";
import type { ColumnSelection } from "../parquet.ts";
import { parquetDecoder, parseParquetGuarded } from "../parquet-guarded.ts";
import { combineTables } from "./combine-tables.ts";
import { chunksOf, openObject, type ReadContext } from "./read-context.ts";
import { ReservoirSampler } from "./reservoir.ts";
import type { DatasetObject } from "./resolve-dataset.ts";
import { seededRandom } from "./seeded-random.ts";

// Parquet objects, each held whole (the footer is at the end) and decoded with only the selected
// columns, then joined. A sample picks rows over all objects with the same seeded reservoir as the
// text formats; the decoded tables are kept until the end, so memory follows the selected columns of
// the whole dataset, not the sample.

/** An object's bytes, read whole within the dataset's budget. */
export async function readWhole(ctx: ReadContext, object: DatasetObject): Promise<Uint8Array> {
  const opened = await openObject(ctx, object.uri, object.size);
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunksOf(ctx, opened)) {
    parts.push(chunk);
    length += chunk.byteLength;
  }
  if (parts.length === 1) return parts[0] as Uint8Array;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

/**
 * `columns` are the names to decode; `shape`, when given, turns each object's table into the
 * dataset's columns (a Delta table renames physical columns and adds its partition values).
 */
export async function readParquetObjects<T extends DatasetObject>(
  ctx: ReadContext,
  objects: readonly T[],
  columns: ColumnSelection | undefined,
  shape?: (table: Table, object: T) => Table,
): Promise<{ table: Table; rows: number }> {
  const sampler = ctx.sample
    ? new ReservoirSampler(ctx.sample.rows, seededRandom(ctx.sample.seed))
    : undefined;
  const picks: number[] = [];
  const tables: Table[] = [];
  let rows = 0;
  const decoder = parquetDecoder();
  try {
    for (const object of objects) {
      const decoded = await parseParquetGuarded(
        await readWhole(ctx, object),
        object.uri,
        columns,
        undefined,
        decoder,
      );
      const table = shape ? shape(decoded, object) : decoded;
      if (sampler) {
        const base = rows;
        sampler.offerRange(table.rowCount, (offset, slot) => {
          picks[slot] = base + offset;
        });
      } else if (rows + table.rowCount > ctx.limits.maxRows) {
        throw new DatasetError(
          object.uri,
          `the dataset ${ctx.label} passes ${ctx.limits.maxRows} rows with this object; read it with a sample or raise the row limit`,
        );
      }
      rows += table.rowCount;
      tables.push(table);
    }
  } finally {
    await decoder.close();
  }
  if (!sampler) return { table: tables.length === 1 ? (tables[0] as Table) : combineTables(tables), rows };
  return { table: combineTables(tables, Float64Array.from(picks).sort()), rows };
}
