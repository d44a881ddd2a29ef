"""pandas + SciPy, end to end on CSV, for `npm run bench:drift`: read both files with pandas' read_csv,
then the same statistics as drift-scipy.py (normed Wasserstein for numeric columns, Jensen-Shannon for
categorical ones). argv: reference.csv current.csv. Prints one JSON object: seconds (reading included)
and each column's score.
"""
import json
import sys
import time

start = time.perf_counter()
import numpy as np  # noqa: E402  (imports are part of what a script pays, but not timed below)
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402
from scipy.spatial import distance  # noqa: E402

start = time.perf_counter()
ref = pd.read_csv(sys.argv[1])
cur = pd.read_csv(sys.argv[2])
scores = {}
for name in ref.columns:
    r, c = ref[name], cur[name]
    if pd.api.types.is_numeric_dtype(r):
        r = r.to_numpy(dtype=np.float64)
        c = c.to_numpy(dtype=np.float64)
        r = r[np.isfinite(r)]
        c = c[np.isfinite(c)]
        scores[name] = float(stats.wasserstein_distance(r, c) / max(float(np.std(r)), 0.001))
    else:
        rc = r.dropna().value_counts(normalize=True)
        cc = c.dropna().value_counts(normalize=True)
        keys = rc.index.union(cc.index)
        scores[name] = float(distance.jensenshannon(rc.reindex(keys, fill_value=0), cc.reindex(keys, fill_value=0)))
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "scores": scores}))
