// Writes the quick start's sample data (README, "Five minutes, offline") into examples/quickstart/ from
// the fixtures the tests use, so the sample tells the same story as the tests:
//   mlflow.db          an MLflow 3 tracking store (SQLite) with fraud-detection versions 6 (alias
//                      champion, production) and 7 (the candidate the template's manifest declares)
//   reference.parquet  the rows fraud-detection v7 was trained on (600 rows)
//   current.csv        last week's scored transactions (560 rows), visibly shifted: more and larger
//                      transactions, a higher fraud rate
// Usage: node scripts/make-quickstart-data.ts [DIR]   (default: examples/quickstart). Committed output;
// test/quickstart/ checks that the files answer as the README says.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { csvOf, fraudRows, parquetOf } from "../test/drift-review/fraud-data.ts";
import { startScenario } from "../test/evidence/scenario.ts";
import { buildMlflowDb } from "../test/tracker/fixtures/build-mlflow-db.ts";

export const REFERENCE_ROWS = 600;
export const CURRENT_ROWS = 560;

/** Writes the three files into `dir` (created if needed; existing sample files are replaced). */
export async function makeQuickstartData(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const scenario = await startScenario();
  try {
    const db = join(dir, "mlflow.db");
    rmSync(db, { force: true });
    buildMlflowDb(db, scenario.fake.state);
  } finally {
    await scenario.close();
  }
  writeFileSync(join(dir, "reference.parquet"), parquetOf(fraudRows(REFERENCE_ROWS, 7)));
  writeFileSync(join(dir, "current.csv"), csvOf(fraudRows(CURRENT_ROWS, 2026, 0.25)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? fileURLToPath(new URL("../examples/quickstart/", import.meta.url)));
  await makeQuickstartData(dir);
  process.stdout.write(`wrote ${dir}/mlflow.db, reference.parquet and current.csv\n`);
}
