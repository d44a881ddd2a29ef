import { binnedShares } from "./binned-shares.ts";
import { chiSquareTest } from "./chisquare.ts";
import type { ColumnType, ColumnValues } from "./columns.ts";
import { finiteValues, presentCodes } from "./columns.ts";
import { categoryCounts, type DiscreteCounts, numericValueCounts } from "./discrete-counts.ts";
import { hellingerCategorical, hellingerNumeric } from "./hellinger.ts";
import { inferColumnType } from "./infer-type.ts";
import { jensenShannonDistance } from "./jensen-shannon.ts";
import { klDivergence } from "./kl.ts";
import { ksTwoSample } from "./ks.ts";
import { type PooledWalk, walkPooled } from "./pooled-walk.ts";
import { psi } from "./psi.ts";
import { selectDefaultTest } from "./select-test.ts";
import { sortFloat64 } from "./sort.ts";
import { isDrift, STAT_TESTS, type StatTestName } from "./stat-tests.ts";
import { type SampleSummary, summariseCodes, summariseNumbers } from "./summary.ts";
import { normedWassersteinScore } from "./wasserstein.ts";
import { CURRENT_SLOT, REFERENCE_SLOT, SORT_SLOT, type Workspace } from "./workspace.ts";
import { zTest } from "./z-test.ts";

// Drift of one column, Evidently's `get_one_column_drift`: drop missing and non-finite values, infer or
// take the column type, choose or take the test, compute, compare with the threshold.

/** Input the user got wrong (incompatible column kinds or overrides): a fault, not a finding. */
export class DriftInputError extends Error {
  override name = "DriftInputError";
}

export interface ColumnDriftOptions {
  type?: ColumnType;
  /** A test to use instead of the default; numeric-only tests are ignored for string columns. */
  test?: StatTestName;
  threshold?: number;
}

export interface ColumnDriftResult {
  name: string;
  type: ColumnType;
  test: StatTestName | null;
  /** The test's own statistic: D for KS, χ² for chi-square, z for Z, W1 for Wasserstein, else = score. */
  statistic: number | null;
  /** The value compared with the threshold: a p-value or a distance. */
  score: number | null;
  threshold: number | null;
  drift: boolean;
  /** Why a column was not tested (text column, or a sample with no usable values). */
  skipped?: string;
  /**
   * Why the test's score could not be computed (it came out NaN or beyond float64). Such a column fails:
   * `drift` is true and `score` null, so no consumer reads an uncomputable score as a pass.
   */
  error?: string;
  reference: SampleSummary;
  current: SampleSummary;
}

interface Prepared {
  type: ColumnType;
  referenceRows: number;
  distinct: number;
  counts: () => DiscreteCounts;
  numeric?: {
    reference: Float64Array;
    current: Float64Array;
    integer: boolean;
    referenceDistinct: number;
    /** W1, computed in the same walk that counted distinct values. */
    walk: PooledWalk;
  };
  reference: SampleSummary;
  current: SampleSummary;
}

function prepare(
  name: string,
  ref: ColumnValues,
  cur: ColumnValues,
  override: ColumnType | undefined,
  workspace: Workspace | undefined,
): Prepared {
  if (ref.kind === "number" && cur.kind === "number") {
    const n = Math.max(ref.values.length, cur.values.length);
    const scratch = workspace?.take(SORT_SLOT, n);
    const r = sortFloat64(
      finiteValues(ref.values, workspace?.take(REFERENCE_SLOT, ref.values.length)),
      scratch,
    );
    const c = sortFloat64(
      finiteValues(cur.values, workspace?.take(CURRENT_SLOT, cur.values.length)),
      scratch,
    );
    const walk = walkPooled(r, c);
    const distinct = walk.distinct;
    const integer = ref.integer && cur.integer;
    const reference = summariseNumbers(r, ref.values.length);
    const referenceDistinct = reference.distinct;
    const type = override ?? inferColumnType(ref, cur, { count: r.length, distinct: referenceDistinct });
    let memo: DiscreteCounts | undefined;
    return {
      type,
      referenceRows: r.length,
      distinct,
      counts: () => {
        memo ??= numericValueCounts(r, c);
        return memo;
      },
      numeric: { reference: r, current: c, integer, referenceDistinct, walk },
      reference,
      current: summariseNumbers(c, cur.values.length),
    };
  }
  if (ref.kind === "string" && cur.kind === "string") {
    if (override === "numerical") {
      throw new DriftInputError(`column '${name}' holds text, so it cannot be treated as numerical`);
    }
    const r = presentCodes(ref.codes);
    const c = presentCodes(cur.codes);
    const counts = categoryCounts(r, ref.dictionary, c, cur.dictionary);
    const distinct = counts.keys.length;
    let referenceDistinct = 0;
    for (const n of counts.reference) if (n > 0) referenceDistinct++;
    const type = override ?? inferColumnType(ref, cur, { count: r.length, distinct: referenceDistinct });
    return {
      type,
      referenceRows: r.length,
      distinct,
      counts: () => counts,
      reference: summariseCodes(counts.reference, ref.codes.length - r.length),
      current: summariseCodes(counts.current, cur.codes.length - c.length),
    };
  }
  const kinds = `${ref.kind === "number" ? "numbers" : "text"} in the reference data but ${
    cur.kind === "number" ? "numbers" : "text"
  } in the current data`;
  throw new DriftInputError(`column '${name}' holds ${kinds}`);
}

interface Scored {
  statistic: number;
  score: number;
}

function runTest(test: StatTestName, p: Prepared): Scored {
  const numeric = p.numeric;
  const asNumbers = numeric && p.type === "numerical" ? numeric : undefined;
  switch (test) {
    case "ks": {
      if (!numeric) break;
      const r = ksTwoSample(numeric.reference, numeric.current);
      return { statistic: r.statistic, score: r.pValue };
    }
    case "wasserstein": {
      if (!numeric) break;
      // Normed by the population std of the reference (the summary already holds it), floored at 0.001.
      return {
        statistic: numeric.walk.wasserstein,
        score: normedWassersteinScore(numeric.walk, p.reference.std ?? 0),
      };
    }
    case "chisquare": {
      const r = chiSquareTest(p.counts());
      return { statistic: r.statistic, score: r.pValue };
    }
    case "z": {
      const r = zTest(p.counts());
      return { statistic: r.statistic, score: r.pValue };
    }
    case "jensenshannon":
      return same(jensenShannonDistance(binnedShares(asNumbers, p.counts)));
    case "psi":
      return same(psi(binnedShares(asNumbers, p.counts)));
    case "kl":
      return same(klDivergence(binnedShares(asNumbers, p.counts)));
    case "hellinger": {
      if (!asNumbers) return same(hellingerCategorical(p.counts()));
      const keys = Float64Array.from(p.counts().keys as number[]);
      return same(hellingerNumeric(asNumbers.reference, asNumbers.current, keys, asNumbers.integer));
    }
  }
  throw new DriftInputError(`test '${test}' needs numeric values`);
}

function same(value: number): Scored {
  return { statistic: value, score: value };
}

/**
 * Drift of one column. A `workspace` lets consecutive calls reuse their scratch arrays; without one,
 * each call allocates its own. The inputs are never modified.
 */
export function columnDrift(
  name: string,
  reference: ColumnValues,
  current: ColumnValues,
  options: ColumnDriftOptions = {},
  workspace?: Workspace,
): ColumnDriftResult {
  const p = prepare(name, reference, current, options.type, workspace);
  const base = { name, type: p.type, reference: p.reference, current: p.current };
  const untested = { test: null, statistic: null, score: null, threshold: null, drift: false };
  if (p.type === "text") return { ...base, ...untested, skipped: "text column" };
  if (p.reference.count === 0 || p.current.count === 0) {
    const which = p.reference.count === 0 ? "reference" : "current";
    return { ...base, ...untested, skipped: `no finite values in the ${which} data` };
  }
  const requested = options.test;
  const usable = requested && !(STAT_TESTS[requested].numericOnly && !p.numeric) ? requested : undefined;
  const test = usable ?? selectDefaultTest(p.type, p.referenceRows, p.distinct);
  if (test === null) return { ...base, ...untested, skipped: "text column" };
  const threshold = options.threshold ?? STAT_TESTS[test].defaultThreshold;
  const { statistic, score } = runTest(test, p);
  if (!Number.isFinite(score)) {
    const what = Number.isNaN(score) ? "it is not a number" : "it is beyond the range of float64";
    return {
      ...base,
      test,
      statistic: Number.isNaN(statistic) ? null : statistic,
      score: null,
      threshold,
      drift: true,
      error: `the ${test} score cannot be computed from these values (${what}); the column counts as drifted`,
    };
  }
  return { ...base, test, statistic, score, threshold, drift: isDrift(test, score, threshold) };
}
