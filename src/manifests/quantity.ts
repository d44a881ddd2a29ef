const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a Kubernetes quantity ("500m" → 0.5, "2Gi" → 2147483648), or null if unreadable. */
export function parseQuantity(value: string | number): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const match =
    /^[+]?((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/.exec(
      value,
    );
  if (!match) return null;
  const factor = SUFFIX[match[2] ?? ""];
  return factor === undefined ? null : Number(match[1]) * factor;
}
