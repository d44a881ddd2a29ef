"""Reference values for Slipway's binary classification metrics.

Reads {"cases": [{"id", "y_true", "y_pred", "score"}]} (0/1 labels, positive label 1) on stdin and writes
{"oracle": ..., "results": [{"id", "precision", "recall", "f1", "accuracy", "roc_auc"}]}. Uses
scikit-learn when it is importable; otherwise SciPy: ROC AUC from the Mann-Whitney U statistic (ties
count half, the same area as scikit-learn's trapezoid) and the ratios from NumPy counts.
"""
import json
import sys

import numpy as np

try:
    from sklearn import metrics as sk

    ORACLE = "scikit-learn " + __import__("sklearn").__version__
except ImportError:
    sk = None
    from scipy.stats import mannwhitneyu

    ORACLE = "scipy " + __import__("scipy").__version__


def ratio(a, b):
    return float(a) / float(b) if b else 0.0


def compute(case):
    y = np.asarray(case["y_true"], dtype=int)
    p = np.asarray(case["y_pred"], dtype=int)
    s = np.asarray(case["score"], dtype=float)
    two_classes = 0 < y.sum() < len(y)
    if sk is not None:
        out = {
            "precision": sk.precision_score(y, p, pos_label=1, zero_division=0),
            "recall": sk.recall_score(y, p, pos_label=1, zero_division=0),
            "f1": sk.f1_score(y, p, pos_label=1, zero_division=0),
            "accuracy": sk.accuracy_score(y, p),
            "roc_auc": sk.roc_auc_score(y, s) if two_classes else None,
        }
    else:
        tp = int(((y == 1) & (p == 1)).sum())
        fp = int(((y == 0) & (p == 1)).sum())
        fn = int(((y == 1) & (p == 0)).sum())
        auc = None
        if two_classes:
            u = mannwhitneyu(s[y == 1], s[y == 0], alternative="two-sided").statistic
            auc = float(u) / (int((y == 1).sum()) * int((y == 0).sum()))
        out = {
            "precision": ratio(tp, tp + fp),
            "recall": ratio(tp, tp + fn),
            "f1": ratio(2 * tp, 2 * tp + fp + fn),
            "accuracy": ratio(int((y == p).sum()), len(y)),
            "roc_auc": auc,
        }
    return {"id": case["id"], **{k: (None if v is None else float(v)) for k, v in out.items()}}


cases = json.load(sys.stdin)["cases"]
json.dump({"oracle": ORACLE, "results": [compute(c) for c in cases]}, sys.stdout)
