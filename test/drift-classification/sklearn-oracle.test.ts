import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  classificationQuality,
  type MetricName,
} from "../../src/drift/classification/classification-quality.ts";
import { seededRandom } from "../drift/seeded-random.ts";
import { numberColumn, table } from "../drift-quality/tables.ts";

// Generated cases compared with scikit-learn (or, where it is missing, SciPy's Mann-Whitney U for ROC
// AUC) through python3: the ratios within 1e-12, ROC AUC within 1e-12, including heavy score ties.

const ORACLE = fileURLToPath(new URL("./oracle/classification_oracle.py", import.meta.url));

/** The first interpreter with scikit-learn, else one with SciPy; null when neither is there. */
function findPython(): { python: string; has: string } | null {
  const probe = (python: string, module: string) =>
    spawnSync(python, ["-c", `import numpy, ${module}`], { encoding: "utf8" }).status === 0;
  for (const python of ["python3", "/usr/bin/python3"])
    if (probe(python, "sklearn")) return { python, has: "scikit-learn" };
  for (const python of ["python3", "/usr/bin/python3"])
    if (probe(python, "scipy")) return { python, has: "scipy" };
  return null;
}

const python = findPython();
if (!python)
  console.warn("SKIPPING the classification oracle: no python3 with scikit-learn or SciPy and NumPy");

interface Case {
  id: string;
  y_true: number[];
  y_pred: number[];
  score: number[];
}

function cases(): Case[] {
  const random = seededRandom(2606);
  const out: Case[] = [];
  for (let k = 0; k < 60; k++) {
    const n = 2 + Math.floor(random() * (k < 50 ? 200 : 5000));
    const prevalence = [0.5, 0.1, 0.02, 0.9][k % 4] as number;
    const y = Array.from({ length: n }, () => (random() < prevalence ? 1 : 0));
    // Scores lean towards the truth; rounding to 1 or 2 decimals makes many ties across classes.
    const digits = k % 3 === 0 ? 10 : k % 3 === 1 ? 100 : 1e6;
    const score = y.map((v) => Math.round((0.35 * v + 0.65 * random()) * digits) / digits);
    const pred = score.map((s) => (s >= 0.5 ? 1 : 0));
    out.push({ id: `case-${k}`, y_true: y, y_pred: pred, score });
  }
  return out;
}

describe.skipIf(!python)("classification metrics agree with scikit-learn / SciPy", () => {
  it("on 60 generated cases, with ties and rare positives", () => {
    const input = cases();
    const run = spawnSync(python?.python ?? "python3", [ORACLE], {
      input: JSON.stringify({ cases: input }),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const { oracle, results } = JSON.parse(run.stdout) as {
      oracle: string;
      results: ({ id: string } & Record<
        "precision" | "recall" | "f1" | "accuracy" | "roc_auc",
        number | null
      >)[];
    };
    let worst = 0;
    let aucCompared = 0;
    input.forEach((c, i) => {
      const t = table({
        y: numberColumn(c.y_true, true),
        p: numberColumn(c.y_pred, true),
        s: numberColumn(c.score),
      });
      const m = classificationQuality(t, t, { target: "y", prediction: "p", score: "s", positiveLabel: 1 })
        .report.reference;
      const expected = results[i];
      expect(m, c.id).not.toBeNull();
      const pairs: [MetricName, keyof NonNullable<typeof expected>][] = [
        ["precision", "precision"],
        ["recall", "recall"],
        ["f1", "f1"],
        ["accuracy", "accuracy"],
        ["rocAuc", "roc_auc"],
      ];
      for (const [ours, theirs] of pairs) {
        const want = expected?.[theirs] as number | null;
        const got = m?.[ours] ?? null;
        if (want === null) {
          expect(got, `${c.id} ${ours}`).toBeNull();
          continue;
        }
        if (ours === "rocAuc") aucCompared++;
        const error = Math.abs((got as number) - want);
        worst = Math.max(worst, error);
        expect(error, `${c.id} ${ours}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-12);
      }
    });
    expect(aucCompared).toBeGreaterThan(50);
    console.info(
      `classification oracle (${oracle}): 60 cases, ${aucCompared} ROC AUCs, worst abs. error ${worst}`,
    );
  });
});
