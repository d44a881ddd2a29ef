import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classificationQuality } from "../../src/drift/classification/classification-quality.ts";
import type { MetricName } from "../../src/drift/classification/metric-names.ts";
import { seededRandom } from "../drift/seeded-random.ts";
import { numberColumn, table } from "../drift-quality/tables.ts";

// Every classification metric compared with a NumPy oracle (python3) on generated cases, within 1e-9:
// the binary ratios and rates, ROC AUC as the Mann–Whitney U statistic with tied ranks (heavy score
// ties, rare positives), log loss with clipping (scores of exactly 0 and 1), and for multiclass
// targets accuracy, the macro averages and every per-class row.

const ORACLE = fileURLToPath(new URL("./oracle/metrics_oracle.py", import.meta.url));
const TOLERANCE = 1e-9;

function findPython(): string | null {
  for (const python of ["python3", "/usr/bin/python3"])
    if (spawnSync(python, ["-c", "import numpy"], { encoding: "utf8" }).status === 0) return python;
  return null;
}

const python = findPython();
if (!python)
  console.warn(
    "\n!!! SKIPPING the classification NumPy oracle: no python3 with NumPy on PATH (the metrics are not checked against it) !!!\n",
  );

interface Case {
  id: string;
  y_true: number[];
  y_pred: number[];
  score: number[] | null;
  /** Positive class of a binary case; null for multiclass. */
  positive: number | null;
}

function binaryCases(random: () => number): Case[] {
  const out: Case[] = [];
  for (let k = 0; k < 60; k++) {
    const n = 2 + Math.floor(random() * (k < 50 ? 300 : 6000));
    const prevalence = [0.5, 0.1, 0.02, 0.9][k % 4] as number;
    const y = Array.from({ length: n }, () => (random() < prevalence ? 1 : 0));
    // Rounding to 1 or 2 decimals makes many ties across classes; k % 5 === 4 pushes some scores to
    // exactly 0 and 1 (log loss clipping), k % 7 === 6 gives raw margins outside [0, 1] (no log loss).
    const digits = k % 3 === 0 ? 10 : k % 3 === 1 ? 100 : 1e6;
    const score = y.map((v) => {
      let s = 0.35 * v + 0.65 * random();
      if (k % 5 === 4) s = Math.min(1, Math.max(0, 1.6 * s - 0.3));
      if (k % 7 === 6) s = 4 * s - 2;
      return Math.round(s * digits) / digits;
    });
    const pred = score.map((s) => (s >= 0.5 ? 1 : 0));
    out.push({
      id: `binary-${k}`,
      y_true: y,
      y_pred: pred,
      score: k % 11 === 10 ? null : score,
      positive: 1,
    });
  }
  return out;
}

function multiclassCases(random: () => number): Case[] {
  const out: Case[] = [];
  for (let k = 0; k < 20; k++) {
    const classes = 3 + (k % 5);
    const n = 3 + Math.floor(random() * 2000);
    const y = Array.from({ length: n }, () => Math.floor(random() ** 1.5 * classes));
    // Right 60% of the time, else a random class (sometimes one the target never has).
    const pred = y.map((v) => (random() < 0.6 ? v : Math.floor(random() * (classes + 1))));
    out.push({ id: `multiclass-${k}`, y_true: y, y_pred: pred, score: null, positive: null });
  }
  return out;
}

interface OracleResult extends Partial<Record<MetricName, number | null>> {
  id: string;
  classes?: { label: string; precision: number; recall: number; f1: number; support: number }[];
}

describe.skipIf(!python)("classification metrics agree with a NumPy oracle", () => {
  it("on 60 binary and 20 multiclass generated cases, within 1e-9", () => {
    const random = seededRandom(1717);
    const input = [...binaryCases(random), ...multiclassCases(random)];
    const run = spawnSync(python as string, [ORACLE], {
      input: JSON.stringify({ cases: input }),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const { numpy, results } = JSON.parse(run.stdout) as { numpy: string; results: OracleResult[] };
    let worst = 0;
    let compared = 0;
    const close = (got: number | null | undefined, want: number | null | undefined, what: string) => {
      if (want === null || want === undefined) {
        expect(got ?? null, what).toBeNull();
        return;
      }
      expect(got, what).not.toBeNull();
      const error = Math.abs((got as number) - want);
      worst = Math.max(worst, error);
      compared++;
      expect(error, `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(TOLERANCE);
    };
    input.forEach((c, i) => {
      const expected = results[i] as OracleResult;
      const columns = {
        y: numberColumn(c.y_true, true),
        p: numberColumn(c.y_pred, true),
        ...(c.score ? { s: numberColumn(c.score) } : {}),
      };
      const t = table(columns);
      const { report } = classificationQuality(t, t, {
        target: "y",
        prediction: "p",
        ...(c.score ? { score: "s" } : {}),
        positiveLabel: 1,
      });
      const m = report.reference;
      expect(m, c.id).not.toBeNull();
      // A binary case whose labels happen to be one class is still binary; multiclass has ≥ 3 labels.
      expect(report.task, c.id).toBe(c.positive === null ? "multiclass" : "binary");
      for (const metric of report.metrics) close(m?.[metric], expected[metric], `${c.id} ${metric}`);
      if (c.positive !== null) {
        expect(report.metrics, c.id).toEqual(
          c.score
            ? ["accuracy", "precision", "recall", "f1", "rocAuc", "logLoss", "tpr", "tnr", "fpr", "fnr"]
            : ["accuracy", "precision", "recall", "f1", "tpr", "tnr", "fpr", "fnr"],
        );
        return;
      }
      const classes = m?.classes ?? [];
      expect(
        classes.map((q) => q.label),
        c.id,
      ).toEqual(expected.classes?.map((q) => q.label));
      classes.forEach((q, j) => {
        const want = expected.classes?.[j];
        expect(q.support, `${c.id} ${q.label} support`).toBe(want?.support);
        close(q.precision, want?.precision, `${c.id} class ${q.label} precision`);
        close(q.recall, want?.recall, `${c.id} class ${q.label} recall`);
        close(q.f1, want?.f1, `${c.id} class ${q.label} f1`);
      });
    });
    expect(compared).toBeGreaterThan(900);
    console.info(
      `classification NumPy oracle (numpy ${numpy}): ${compared} values, worst abs. error ${worst}`,
    );
  });
});
