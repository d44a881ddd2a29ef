"""Writes the small deterministic datasets behind the `slipway drift` golden files (run once; committed)."""
import json
import random


def rows(n, seed, shift):
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        age = round(rnd.gauss(40 + shift * 3, 9), 1)
        income = round(rnd.lognormvariate(10 + shift * 0.4, 0.5), 2)
        plan = rnd.choices(["basic", "plus", "pro"], [5, 3, 1 + shift * 2])[0]
        clicks = min(9, int(rnd.expovariate(0.5 - shift * 0.1)))
        churned = "yes" if rnd.random() < 0.2 + shift * 0.1 else "no"
        region = rnd.choice(["north", "south", "east", "west"])
        score = rnd.random()
        score_cell = ["", "NaN", "inf", "-inf"][i % 4] if i % 17 == 0 else f"{score:.4f}"
        out.append([f"u{seed}-{i}", age, income, plan, clicks, churned, region, score_cell])
    return out


HEADER = ["user_id", "age", "income", "plan", "clicks", "churned", "region", "score"]


def write(name, data):
    with open(f"{name}.csv", "w") as f:
        f.write(",".join(HEADER) + "\n")
        for r in data:
            f.write(",".join(str(x) for x in r) + "\n")
    with open(f"{name}.jsonl", "w") as f:
        for r in data:
            obj = dict(zip(HEADER, r))
            s = obj["score"]
            obj["score"] = None if s in ("", "NaN", "inf", "-inf") else float(s)
            f.write(json.dumps(obj) + "\n")


write("small-reference", rows(200, 1, 0))
write("small-current", rows(150, 2, 1))
write("large-reference", rows(1500, 3, 0))
write("large-current", rows(1200, 4, 0.5))
