"""kstwo.sf(x, n) from SciPy for the JSON list of [x, n] pairs on stdin."""
import json
import sys

from scipy.stats import kstwo

json.dump([float(kstwo.sf(x, n)) for x, n in json.load(sys.stdin)], sys.stdout)
