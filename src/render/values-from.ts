/** A Flux `valuesFrom` entry: one chart value read from a Secret key at reconcile time. */
export interface ValuesReference {
  kind: "Secret";
  name: string;
  valuesKey: string;
  targetPath: string;
}

/**
 * Splits chart values into literal values and Secret references. Every `{ secretRef: { name, key } }`
 * in the values is removed and becomes a `valuesFrom` entry whose `targetPath` points at its place, so
 * Flux's helm-controller merges the Secret's value there (helm-controller `chartutil.ChartValuesFromReferences`)
 * and the HelmRelease itself only ever holds the reference.
 */
export function splitSecretValues(values: Record<string, unknown>): {
  values: Record<string, unknown>;
  valuesFrom: ValuesReference[];
} {
  const valuesFrom: ValuesReference[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      value.forEach((item, i) => {
        const kept = walk(item, `${path}[${i}]`);
        // Helm cannot leave a hole in a list; the list keeps a null placeholder that the Secret value fills.
        out.push(kept === undefined ? null : kept);
      });
      return out;
    }
    if (value === null || typeof value !== "object") return value;
    const ref = secretRefOf(value);
    if (ref) {
      valuesFrom.push({ kind: "Secret", name: ref.name, valuesKey: ref.key, targetPath: path });
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const kept = walk(member, path === "" ? escapeKey(key) : `${path}.${escapeKey(key)}`);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  };
  const kept = (walk(values, "") ?? {}) as Record<string, unknown>;
  valuesFrom.sort((a, b) => (a.targetPath < b.targetPath ? -1 : a.targetPath > b.targetPath ? 1 : 0));
  return { values: kept, valuesFrom };
}

function secretRefOf(value: object): { name: string; key: string } | null {
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== "secretRef") return null;
  const ref = (value as { secretRef: unknown }).secretRef;
  if (ref === null || typeof ref !== "object") return null;
  const { name, key } = ref as Record<string, unknown>;
  return typeof name === "string" && typeof key === "string" ? { name, key } : null;
}

/** Helm `--set` path syntax (strvals): `.`, `,`, `[`, `]`, `=` and `\` inside a key are backslash-escaped. */
function escapeKey(key: string): string {
  return key.replace(/[.,[\]=\\]/g, (c) => `\\${c}`);
}
