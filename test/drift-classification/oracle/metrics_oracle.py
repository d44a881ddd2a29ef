"""Reference values for Slipway's classification metrics, from NumPy alone.

Reads {"cases": [{"id", "y_true", "y_pred", "score", "positive"}]} on stdin (labels as class
indexes; `positive` the positive class index of a binary case, or null for multiclass; `score` may be
null) and writes {"numpy": version, "results": [...]} with every metric Slipway computes:
- binary: precision, recall, f1, accuracy, tpr, tnr, fpr, fnr from the confusion counts (0 for an
  empty denominator, scikit-learn's zero_division default); ROC AUC as the Mann-Whitney U statistic
  with tied (average) ranks over P*N; log loss as the mean of -ln(clip(p)) / -ln(clip(1-p)), clipped
  to [eps, 1-eps] with eps the float64 machine epsilon;
- multiclass: accuracy, and precision, recall and F1 per class present in y_true or y_pred and their
  unweighted (macro) means.
"""
import json
import sys

import numpy as np

EPS = np.finfo(np.float64).eps


def ratio(a, b):
    return float(a) / float(b) if b else 0.0


def average_ranks(values):
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values), dtype=np.float64)
    sorted_values = values[order]
    i = 0
    n = len(values)
    while i < n:
        j = i
        while j + 1 < n and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def roc_auc_mann_whitney(y, s):
    pos = int(y.sum())
    neg = len(y) - pos
    if pos == 0 or neg == 0:
        return None
    ranks = average_ranks(s)
    u = ranks[y == 1].sum() - pos * (pos + 1) / 2.0
    return float(u) / (pos * neg)


def log_loss(y, s):
    if len(y) == 0 or np.any((s < 0) | (s > 1)):
        return None
    p = np.clip(s, EPS, 1 - EPS)
    q = np.clip(1 - s, EPS, 1 - EPS)
    return float(np.mean(np.where(y == 1, -np.log(p), -np.log(q))))


def binary(case):
    y = np.asarray(case["y_true"]) == case["positive"]
    p = np.asarray(case["y_pred"]) == case["positive"]
    tp = int((y & p).sum())
    fp = int((~y & p).sum())
    fn = int((y & ~p).sum())
    tn = int((~y & ~p).sum())
    out = {
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "f1": ratio(2 * tp, 2 * tp + fp + fn),
        "accuracy": ratio(tp + tn, len(y)),
        "tpr": ratio(tp, tp + fn),
        "tnr": ratio(tn, tn + fp),
        "fpr": ratio(fp, fp + tn),
        "fnr": ratio(fn, fn + tp),
    }
    if case["score"] is not None:
        s = np.asarray(case["score"], dtype=np.float64)
        yi = y.astype(np.int64)
        out["rocAuc"] = roc_auc_mann_whitney(yi, s)
        out["logLoss"] = log_loss(yi, s)
    return out


def multiclass(case):
    y = np.asarray(case["y_true"])
    p = np.asarray(case["y_pred"])
    present = np.union1d(y, p)
    per_class = []
    for c in present:
        tp = int(((y == c) & (p == c)).sum())
        support = int((y == c).sum())
        predicted = int((p == c).sum())
        per_class.append(
            {
                "label": str(int(c)),
                "precision": ratio(tp, predicted),
                "recall": ratio(tp, support),
                "f1": ratio(2 * tp, support + predicted),
                "support": support,
            }
        )
    return {
        "accuracy": ratio(int((y == p).sum()), len(y)),
        "precision": float(np.mean([c["precision"] for c in per_class])),
        "recall": float(np.mean([c["recall"] for c in per_class])),
        "f1": float(np.mean([c["f1"] for c in per_class])),
        "classes": per_class,
    }


cases = json.load(sys.stdin)["cases"]
results = [
    {"id": c["id"], **(binary(c) if c["positive"] is not None else multiclass(c))} for c in cases
]
json.dump({"numpy": np.__version__, "results": results}, sys.stdout)
