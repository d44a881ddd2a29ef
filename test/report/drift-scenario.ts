import type { Table } from "../../src/drift/columns.ts";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import type { MonitorReport } from "../../src/drift/monitor-report/monitor-report.ts";
import type { MonitorSettings } from "../../src/drift/monitor-report/monitor-settings.ts";
import { normal, seededRandom } from "../drift/seeded-random.ts";
import { numberColumn, stringColumn, table } from "../drift-quality/tables.ts";

// A fraud-detection monitor run with a bit of everything, the same on every run: a removed, an added
// and a retyped column, missing values above the Monitor's limit, new and vanished categories, drifted
// numeric and categorical columns, and a classifier that got worse.

export const FRAUD_SETTINGS: MonitorSettings = {
  name: "fraud-detection-drift",
  drift: { method: "auto", datasetShare: 0.5 },
  quality: { maxMissingShare: 0.05, newCategories: "warning", schemaChanges: "error" },
  classification: {
    target: "is_fraud",
    prediction: "predicted_fraud",
    score: "fraud_score",
    positiveLabel: 1,
  },
};

function sample(rows: number, seed: number, shifted: boolean): Table {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
    let r = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  };
  const is = (p: number) => random() < p;
  const fraud = Array.from({ length: rows }, () => (is(shifted ? 0.18 : 0.1) ? 1 : 0));
  // The model separates the classes less well on current data.
  const noise = shifted ? 0.75 : 0.45;
  const score = fraud.map(
    (y) => Math.round(Math.min(1, Math.max(0, 0.25 + 0.4 * y + noise * (random() - 0.5))) * 1000) / 1000,
  );
  const columns = {
    user_id: stringColumn(fraud.map((_, i) => `${shifted ? "c" : "r"}-${i}`)),
    amount: numberColumn(
      fraud.map(() => Math.round(Math.exp(4 + 0.6 * normal(random)) * (shifted ? 1.5 : 1) * 100) / 100),
    ),
    age: numberColumn(
      fraud.map(() => (shifted && is(0.08) ? Number.NaN : Math.round((40 + 9 * normal(random)) * 10) / 10)),
    ),
    plan: stringColumn(
      fraud.map(() =>
        shifted
          ? pick(["basic", "plus", "pro", "enterprise", "trial"], [5, 3, 2, 1, 1])
          : pick(["basic", "plus", "pro", "legacy"], [5, 3, 1, 1]),
      ),
    ),
    region: stringColumn(fraud.map(() => pick(["north", "south", "east", "west"], [1, 1, 1, 1]))),
    clicks: numberColumn(
      fraud.map(() => Math.min(9, Math.floor(-Math.log(1 - random()) * (shifted ? 2.4 : 2)))),
      true,
    ),
    zip: shifted
      ? stringColumn(fraud.map(() => pick(["10001", "10002", "unknown"], [2, 2, 1])))
      : numberColumn(
          fraud.map(() => pick([10001, 10002, 10003], [1, 1, 1])),
          true,
        ),
    ...(shifted
      ? { channel: stringColumn(fraud.map(() => pick(["web", "app"], [1, 1]))) }
      : { legacy_score: numberColumn(fraud.map(() => random())) }),
    is_fraud: numberColumn(fraud, true),
    predicted_fraud: numberColumn(
      score.map((s) => (s >= 0.5 ? 1 : 0)),
      true,
    ),
    fraud_score: numberColumn(score),
  };
  return table(columns);
}

export const FRAUD_REFERENCE = sample(400, 11, false);
export const FRAUD_CURRENT = sample(300, 12, true);

export function fraudReport(settings: MonitorSettings = FRAUD_SETTINGS): MonitorReport {
  return buildMonitorReport({
    reference: FRAUD_REFERENCE,
    current: FRAUD_CURRENT,
    sources: {
      reference: { path: "s3://acme-datalake/fraud/training/v7/reference.parquet", rows: 400 },
      current: { path: "s3://acme-datalake/fraud/scored/dt=2026-11-02/", rows: 300 },
    },
    settings,
    run: { at: new Date("2026-11-03T06:00:00Z"), window: ["dt=2026-11-02"] },
  });
}
