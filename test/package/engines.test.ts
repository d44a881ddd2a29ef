import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE } from "./minimum-node.ts";

// `engines.node` promises a Node.js the whole install runs on: a production dependency that needs a
// newer one would break `npm install -g slipway` there — unless Slipway bridges the gap itself, as listed
// in BRIDGED with the range the dependency declares (a new or wider requirement fails this test).

/** Dependencies declaring a newer Node.js than `engines`, and how the installed CLI still runs there. */
const BRIDGED: Record<string, { range: string; how: string }> = {
  "node_modules/undici": {
    range: ">=22.19.0",
    how: "undici 8 binds zlib.createZstdDecompress (Node.js 22.15+) as it loads; bin/slipway.js supplies one that refuses",
  },
};

const ROOT = new URL("../../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8"));
const lock = JSON.parse(readFileSync(new URL("package-lock.json", ROOT), "utf8"));

type Version = [number, number, number];
const parse = (text: string): Version => {
  const [a = 0, b = 0, c = 0] = text
    .replace(/^v/, "")
    .split(".")
    .map((p) => Number.parseInt(p, 10) || 0);
  return [a, b, c];
};
const compare = (x: Version, y: Version) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];

/** Whether `version` satisfies an npm range of the forms engines use: `>=`, `>`, `<`, `<=`, `^`, `~`, `*`, `||`. */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1")
      .split(/\s+/)
      .every((comparator) => {
        const [, op = "", bound = ""] = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(comparator) ?? [];
        if (bound === "" || bound === "*" || bound === "x") return true;
        const b = parse(bound);
        const c = compare(v, b);
        if (op === ">=") return c >= 0;
        if (op === ">") return c > 0;
        if (op === "<=") return c <= 0;
        if (op === "<") return c < 0;
        if (op === "^") return c >= 0 && v[0] === b[0];
        if (op === "~") return c >= 0 && v[0] === b[0] && v[1] === b[1];
        return bound.split(".").every((part, i) => part === "x" || part === "*" || Number(part) === v[i]);
      }),
  );
}

describe("engines.node", () => {
  it("starts at the Node.js the packed CLI is tested on", () => {
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE.replace(/\.0$/, "")}`);
  });

  it("is one every production dependency runs on", () => {
    const refusing = Object.entries(lock.packages as Record<string, { dev?: boolean; engines?: unknown }>)
      .filter(([path, entry]) => path !== "" && !entry.dev)
      .flatMap(([path, entry]) => {
        const engines = entry.engines as { node?: string } | string[] | undefined;
        const range = Array.isArray(engines) ? undefined : engines?.node;
        if (!range || satisfies(MINIMUM_NODE, range)) return [];
        return BRIDGED[path]?.range === range ? [] : [`${path}: ${range}`];
      });
    expect(refusing).toEqual([]);
  });

  it("reads the ranges dependencies declare", () => {
    expect(satisfies("22.19.0", ">=22.19.0")).toBe(true);
    expect(satisfies("22.13.1", ">=22.19.0")).toBe(false);
    expect(satisfies("22.19.0", "^20.19.0 || ^22.13.0 || >=23.5.0")).toBe(true);
    expect(satisfies("21.0.0", "^20.19.0 || ^22.13.0 || >=23.5.0")).toBe(false);
    expect(satisfies("22.19.0", ">= 18")).toBe(true);
    expect(satisfies("22.19.0", "*")).toBe(true);
    expect(satisfies("22.19.0", ">=14 <22")).toBe(false);
  });
});
