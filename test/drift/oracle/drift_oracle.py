"""Reference values for the drift oracle test, computed with SciPy/NumPy.

Reads a JSON list of cases on stdin and writes a JSON list of results on stdout. Evidently's stat-test
logic is re-implemented here from evidently/legacy/calculations/stattests/*.py (the evidently package
itself is not needed); every number comes from scipy/numpy calls.
"""
import json
import sys
from collections import Counter

import numpy as np
from scipy import stats
from scipy.spatial import distance


def clean(values, integer):
    a = np.array([float(v) for v in values], dtype=float)
    a = a[np.isfinite(a)]
    return a.astype(np.int64) if integer else a


def fill(x):
    nz = x[x != 0]
    m = nz.min()
    x = x.copy()
    x[x == 0] = m / 10**6 if m <= 0.0001 else 0.0001
    return x


def counts(ref, cur):
    keys = sorted(set(ref.tolist() if hasattr(ref, "tolist") else ref) | set(cur.tolist() if hasattr(cur, "tolist") else cur))
    rc, cc = Counter(ref.tolist() if hasattr(ref, "tolist") else ref), Counter(cur.tolist() if hasattr(cur, "tolist") else cur)
    return keys, np.array([rc[k] for k in keys], float), np.array([cc[k] for k in keys], float)


def binned(ref, cur, numerical, fill_zeroes):
    if numerical and len(np.unique(ref)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        r = np.histogram(ref, edges)[0] / len(ref)
        c = np.histogram(cur, edges)[0] / len(cur)
    else:
        _, rc, cc = counts(ref, cur)
        r, c = rc / len(ref), cc / len(cur)
    if fill_zeroes:
        r, c = fill(r), fill(c)
    return r, c


def chisquare(ref, cur):
    _, rc, cc = counts(ref, cur)
    with np.errstate(divide="ignore", invalid="ignore"):
        res = stats.chisquare(cc, rc * (len(cur) / len(ref)))
    return float(res[0]), float(res[1])


def ztest(ref, cur):
    keys, rc, cc = counts(ref, cur)
    if len(keys) == 1:
        return 0.0, 1.0
    n1, n2 = len(ref), len(cur)
    p1 = float(n1 - rc[0]) / n1
    p2 = float(n2 - cc[0]) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return float(z), float(2 * (1 - stats.norm.cdf(np.abs(z))))


def hellinger(ref, cur, numerical):
    keys = list(set(ref.tolist()) | set(cur.tolist()))
    if not numerical:
        _, rc, cc = counts(ref, cur)
        h = float(np.sum(np.sqrt((rc / len(ref)) * (cc / len(cur)))))
        return float(np.sqrt(1 - np.clip(h, 0, 1)))
    bins = np.histogram_bin_edges(np.array(keys), bins="sturges")
    h1 = np.histogram(ref, bins=bins, density=True)[0]
    h2 = np.histogram(cur, bins=bins, density=True)[0]
    width = (max(bins) - min(bins)) / (len(bins) - 1)
    h = 0.0
    for i in range(len(h1)):
        h += np.sqrt(h1[i] * h2[i]) * width
    return float(np.sqrt(1 - np.clip(h, 0, 1)))


def default_test(ref, cur, numerical):
    """Evidently's `_get_default_stattest` on cleaned samples (n_values over both, rows of reference)."""
    n_values = len(set(ref.tolist()) | set(cur.tolist()))
    if len(ref) <= 1000:
        if n_values <= 2:
            return "z"
        return "ks" if numerical and n_values > 5 else "chisquare"
    return "wasserstein" if numerical and n_values > 5 else "jensenshannon"


def run(case):
    numeric = case["kind"] == "numeric"
    if numeric:
        ref, cur = clean(case["ref"], case["integer"]), clean(case["cur"], case["integer"])
    else:
        ref = np.array([v for v in case["ref"] if v is not None], dtype=object)
        cur = np.array([v for v in case["cur"] if v is not None], dtype=object)
    numerical = case["type"] == "numerical"
    out = {"id": case["id"]}
    if len(ref) == 0 or len(cur) == 0:
        out["empty"] = True
        return out
    out["default"] = default_test(ref, cur, numerical)
    if numeric:
        ks = stats.ks_2samp(ref, cur)
        out["ks"] = [float(ks.statistic), float(ks.pvalue)]
        w = float(stats.wasserstein_distance(ref, cur))
        out["wasserstein"] = [w, w / max(float(np.std(ref)), 0.001)]
    out["chisquare"] = list(chisquare(ref, cur))
    out["z"] = list(ztest(ref, cur))
    r, c = binned(ref, cur, numerical, False)
    js = float(distance.jensenshannon(r, c))
    out["jensenshannon"] = [js, js]
    r, c = binned(ref, cur, numerical, True)
    p = float(np.sum((r - c) * np.log(r / c)))
    out["psi"] = [p, p]
    kl = float(stats.entropy(r, c))
    out["kl_div"] = [kl, kl]
    h = hellinger(ref, cur, numerical)
    out["hellinger"] = [h, h]
    return out


def encode(x):
    if isinstance(x, float) and not np.isfinite(x):
        return "NaN" if np.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    if isinstance(x, list):
        return [encode(v) for v in x]
    return x


if __name__ == "__main__":
    results = [run(c) for c in json.load(sys.stdin)]
    json.dump([{k: encode(v) for k, v in r.items()} for r in results], sys.stdout)
