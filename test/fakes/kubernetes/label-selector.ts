/** One requirement of a label selector (`k8s.io/apimachinery/pkg/labels`). */
export type Requirement =
  | { readonly key: string; readonly op: "=" | "!="; readonly value: string }
  | { readonly key: string; readonly op: "in" | "notin"; readonly values: readonly string[] }
  | { readonly key: string; readonly op: "exists" | "!exists" };

const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas outside parentheses: `a in (x,y),b` → [`a in (x,y)`, `b`]. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (text[i] === "," && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.map((t) => t.trim());
}

function checkKey(key: string): void {
  if (!KEY.test(key) || key.length > 316) throw new Error(`invalid label key "${key}"`);
}

function checkValue(value: string): void {
  if (!VALUE.test(value) || value.length > 63) throw new Error(`invalid label value: "${value}"`);
}

function parseTerm(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (set) {
    const [, key = "", op, list = ""] = set;
    checkKey(key);
    const values = list.split(",").map((v) => v.trim());
    for (const v of values) checkValue(v);
    return { key, op: op === "in" ? "in" : "notin", values };
  }
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (cmp) {
    const [, key = "", op, value = ""] = cmp;
    checkKey(key);
    checkValue(value);
    return { key, op: op === "!=" ? "!=" : "=", value };
  }
  if (term.startsWith("!")) {
    checkKey(term.slice(1).trim());
    return { key: term.slice(1).trim(), op: "!exists" };
  }
  checkKey(term);
  return { key: term, op: "exists" };
}

/** Parses `a=b,c!=d,e in (f,g),h,!i`; throws with the API server's wording on a bad selector. */
export function parseLabelSelector(text: string): Requirement[] {
  if (text.trim() === "") return [];
  return splitTerms(text).map((term) => {
    if (term === "") throw new Error("unable to parse requirement: found '', expected: identifier");
    try {
      return parseTerm(term);
    } catch (error) {
      throw new Error(`unable to parse requirement: ${(error as Error).message}`);
    }
  });
}

export function matchesSelector(
  labels: Readonly<Record<string, string>>,
  selector: readonly Requirement[],
): boolean {
  return selector.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key];
    switch (r.op) {
      case "=":
        return value === r.value;
      case "!=":
        return value !== r.value;
      case "in":
        return has && r.values.includes(value ?? "");
      case "notin":
        return !has || !r.values.includes(value ?? "");
      case "exists":
        return has;
      default:
        return !has;
    }
  });
}
