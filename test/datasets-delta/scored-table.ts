import {
  add,
  checkpointBytes,
  commitBytes,
  commitInfo,
  dataFile,
  type Field,
  logKey,
  metaData,
  type Put,
  protocol,
  remove,
} from "./delta-writer.ts";

// The table most Delta tests read: scored transactions partitioned by day, written over four commits.
//   v0  create; dt=2026-11-20/part-0 (ids 1–3)
//   v1  dt=2026-11-21/part-1 (ids 4–5)
//   v2  rewrite of part-0 as part-2 (ids 1–3, amounts doubled): remove part-0, add part-2
//       checkpoint at v2 (classic or multi-part), _last_checkpoint → 2
//   v3  dt=2026-11-22/part-3 (id 6)

export const FIELDS: Field[] = [
  { name: "id", type: "long" },
  { name: "amount", type: "double" },
  { name: "country", type: "string" },
  { name: "dt", type: "date" },
];

export const FILES = {
  part0: dataFile([
    { name: "id", type: "long", data: [1, 2, 3] },
    { name: "amount", type: "double", data: [10, 20, 30] },
    { name: "country", type: "string", data: ["FR", "DE", "FR"] },
  ]),
  part1: dataFile([
    { name: "id", type: "long", data: [4, 5] },
    { name: "amount", type: "double", data: [40, 50] },
    { name: "country", type: "string", data: ["ES", null] },
  ]),
  part2: dataFile([
    { name: "id", type: "long", data: [1, 2, 3] },
    { name: "amount", type: "double", data: [20, 40, 60] },
    { name: "country", type: "string", data: ["FR", "DE", "FR"] },
  ]),
  part3: dataFile([
    { name: "id", type: "long", data: [6] },
    { name: "amount", type: "double", data: [70] },
    { name: "country", type: "string", data: ["IT"] },
  ]),
};

export const COMMITS: object[][] = [
  [
    commitInfo(),
    protocol(1),
    metaData(FIELDS, ["dt"]),
    add("dt=2026-11-20/part-0.parquet", FILES.part0.length, { dt: "2026-11-20" }),
  ],
  [commitInfo(), add("dt=2026-11-21/part-1.parquet", FILES.part1.length, { dt: "2026-11-21" })],
  [
    commitInfo(),
    remove("dt=2026-11-20/part-0.parquet"),
    add("dt=2026-11-20/part-2.parquet", FILES.part2.length, { dt: "2026-11-20" }),
  ],
  [commitInfo(), add("dt=2026-11-22/part-3.parquet", FILES.part3.length, { dt: "2026-11-22" })],
];

/** The state at version 2, as a checkpoint holds it: protocol, metadata, live files, tombstones. */
export const CHECKPOINT_2: object[] = [
  protocol(1),
  metaData(FIELDS, ["dt"]),
  add("dt=2026-11-21/part-1.parquet", FILES.part1.length, { dt: "2026-11-21" }),
  add("dt=2026-11-20/part-2.parquet", FILES.part2.length, { dt: "2026-11-20" }),
  remove("dt=2026-11-20/part-0.parquet"),
];

export interface ScoredOptions {
  /** How version 2 is checkpointed: one file, three parts, or not at all. */
  checkpoint?: "classic" | "multi-part" | "none";
  /** Delete commits 0–1, as log cleanup does once the checkpoint covers them. */
  cleanedUp?: boolean;
}

export async function writeScoredTable(put: Put, root: string, options: ScoredOptions = {}): Promise<void> {
  const checkpoint = options.checkpoint ?? "classic";
  await put(`${root}dt=2026-11-20/part-0.parquet`, FILES.part0);
  await put(`${root}dt=2026-11-21/part-1.parquet`, FILES.part1);
  await put(`${root}dt=2026-11-20/part-2.parquet`, FILES.part2);
  await put(`${root}dt=2026-11-22/part-3.parquet`, FILES.part3);
  for (const [version, actions] of COMMITS.entries()) {
    if (options.cleanedUp && version < 2) continue;
    await put(root + logKey(version), commitBytes(actions));
  }
  if (checkpoint === "classic")
    await put(root + logKey(2, "checkpoint.parquet"), checkpointBytes(CHECKPOINT_2));
  if (checkpoint === "multi-part") {
    const parts = [CHECKPOINT_2.slice(0, 2), CHECKPOINT_2.slice(2, 4), CHECKPOINT_2.slice(4)];
    for (const [i, part] of parts.entries())
      await put(
        root + logKey(2, `checkpoint.${String(i + 1).padStart(10, "0")}.0000000003.parquet`),
        checkpointBytes(part),
      );
  }
  if (checkpoint !== "none")
    await put(
      `${root}_delta_log/_last_checkpoint`,
      new TextEncoder().encode(JSON.stringify({ version: 2, size: 5 })),
    );
}
