"""SciPy/NumPy timing of the default drift report for `npm run bench:drift`.

argv[1] is a directory of raw little-endian columns written by the bench: <name>.ref.f64/.cur.f64 for
numeric columns, <name>.ref.i32/.cur.i32 (codes) for categorical ones. Prints one JSON object: the
seconds spent in the statistics (loading excluded) and each column's score.
"""
import json
import os
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial import distance

folder = sys.argv[1]
names = sorted({f.split(".")[0] for f in os.listdir(folder)})
data = {}
for name in names:
    for side in ("ref", "cur"):
        for ext, dtype in (("f64", np.float64), ("i32", np.int32)):
            path = os.path.join(folder, f"{name}.{side}.{ext}")
            if os.path.exists(path):
                data[(name, side)] = (ext, np.fromfile(path, dtype=dtype))

start = time.perf_counter()
scores = {}
for name in names:
    ext, ref = data[(name, "ref")]
    _, cur = data[(name, "cur")]
    if ext == "f64":
        ref = ref[np.isfinite(ref)]
        cur = cur[np.isfinite(cur)]
        n_values = len(np.unique(np.concatenate([ref, cur])))  # Evidently's test selection input
        assert n_values > 5
        scores[name] = float(stats.wasserstein_distance(ref, cur) / max(float(np.std(ref)), 0.001))
    else:
        ref = ref[ref >= 0]
        cur = cur[cur >= 0]
        keys = np.union1d(np.unique(ref), np.unique(cur))
        r = np.array([np.count_nonzero(ref == k) for k in keys]) / len(ref)
        c = np.array([np.count_nonzero(cur == k) for k in keys]) / len(cur)
        scores[name] = float(distance.jensenshannon(r, c))
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "scores": scores}))
