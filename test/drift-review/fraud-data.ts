import { parquetWriteBuffer } from "hyparquet-writer";
import { normal, seededRandom } from "../drift/seeded-random.ts";

// Data for the template's `fraud-detection-drift` Monitor, the same on every run: the reference it was
// trained on (one Parquet object) and scored rows in daily `dt=YYYY-MM-DD` partitions. `shift` moves
// the current distributions (0: the same population as the reference).

export const REFERENCE_KEY = "fraud/training/v7/reference.parquet";
export const SCORED_PREFIX = "fraud/scored/";

interface Rows {
  transaction_count_7d: number[];
  avg_amount_30d: number[];
  fraud_rate_90d: number[];
  is_fraud: number[];
  predicted_fraud: number[];
  fraud_score: number[];
}

/**
 * `degrade` (0 to 1) weakens the model without touching the features: its score loses that share of
 * its link to the truth and leans positive, so precision, recall and ROC AUC fall (1: a collapse).
 */
export function fraudRows(count: number, seed: number, shift = 0, degrade = 0): Rows {
  const random = seededRandom(seed);
  const rows: Rows = {
    transaction_count_7d: [],
    avg_amount_30d: [],
    fraud_rate_90d: [],
    is_fraud: [],
    predicted_fraud: [],
    fraud_score: [],
  };
  for (let i = 0; i < count; i++) {
    const fraud = random() < 0.1 + 0.1 * shift ? 1 : 0;
    const signal = 0.45 * fraud * (1 - degrade) + 0.2 * degrade;
    const score = Math.min(1, Math.max(0, 0.25 + signal + (0.8 + 0.3 * shift) * (random() - 0.5)));
    rows.transaction_count_7d.push(Math.floor(-Math.log(1 - random()) * (6 + 6 * shift)));
    rows.avg_amount_30d.push(Math.round(Math.exp(4 + 0.5 * normal(random)) * (1 + shift) * 100) / 100);
    rows.fraud_rate_90d.push(Math.round((0.02 + 0.01 * normal(random) + 0.05 * shift) * 1e4) / 1e4);
    rows.is_fraud.push(fraud);
    rows.predicted_fraud.push(score >= 0.5 ? 1 : 0);
    rows.fraud_score.push(Math.round(score * 1000) / 1000);
  }
  return rows;
}

export function parquetOf(rows: Rows): Uint8Array {
  const int = (name: keyof Rows) => ({ name, data: Int32Array.from(rows[name]), type: "INT32" as const });
  const double = (name: keyof Rows) => ({
    name,
    data: Float64Array.from(rows[name]),
    type: "DOUBLE" as const,
  });
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        int("transaction_count_7d"),
        double("avg_amount_30d"),
        double("fraud_rate_90d"),
        int("is_fraud"),
        int("predicted_fraud"),
        double("fraud_score"),
      ],
    }),
  );
}

/** `YYYY-MM-DD` of the UTC day `offset` days from `at`. */
export function dayOf(at: Date, offset: number): string {
  return new Date(at.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The reference object and one scored partition per day from `from` to `to` days relative to `at`
 * (e.g. -10 to 1), each `rowsPerDay` rows; `put` stores an object under a key of the bucket.
 */
export async function seedFraudData(
  put: (key: string, body: Uint8Array) => Promise<void>,
  options: { at: Date; from: number; to: number; shift?: number; degrade?: number; rowsPerDay?: number },
): Promise<void> {
  await put(REFERENCE_KEY, parquetOf(fraudRows(600, 7)));
  for (let d = options.from; d <= options.to; d++)
    await put(
      `${SCORED_PREFIX}dt=${dayOf(options.at, d)}/part-0.parquet`,
      parquetOf(fraudRows(options.rowsPerDay ?? 80, 100 + d, options.shift ?? 0, options.degrade ?? 0)),
    );
}

export function csvOf(rows: Rows): string {
  const names = Object.keys(rows) as (keyof Rows)[];
  const count = rows.transaction_count_7d.length;
  const lines = [names.join(",")];
  for (let i = 0; i < count; i++) lines.push(names.map((n) => String(rows[n][i])).join(","));
  return `${lines.join("\n")}\n`;
}
