import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { CODES } from "../../src/manifests/codes.ts";
import type { Diagnostic } from "../../src/manifests/diagnostic.ts";
import { DEFAULT_MANIFEST_DIRS, isManifestPath, type SourceTree } from "../../src/manifests/source-tree.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { RAW_VALIDATOR_WORDING } from "../helpers/diagnostics.ts";
import { templateFiles } from "../helpers/template.ts";

/*
 * Random damage to the valid template repository must never crash the engine, and every diagnostic it
 * returns must point at a real place in a real file, with a known code, a hint and a plain message.
 * Fixed seeds keep failures reproducible; fast-check prints the shrunk counterexample.
 */

const encoder = new TextEncoder();
let template: Record<string, string> = {};
let paths: string[] = [];
beforeAll(async () => {
  template = await templateFiles();
  paths = Object.keys(template).sort();
});

type Path = (string | number)[];
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** Every path to a node of a parsed manifest, root excluded. */
function pathsIn(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      pathsIn(v, [...prefix, i], out);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      pathsIn(v, [...prefix, k], out);
    }
  }
  return out;
}

function setAt(
  root: unknown,
  path: Path,
  replace: (parent: Record<string | number, unknown>, key: string | number) => void,
) {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined) replace(node, last);
}

const deepValue = fc
  .tuple(fc.integer({ min: 1, max: 300 }), fc.boolean(), fc.jsonValue({ maxDepth: 2 }))
  .map(([depth, asMap, leaf]) => {
    let v: unknown = leaf;
    for (let i = 0; i < depth; i++) v = asMap ? { k: v } : [v];
    return v;
  });

const randomValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.constant(null),
  fc.constantFrom("", "~", "null", "true", "0x1F", "1e400", "-.inf", ".nan", "2Gi", "kserve", "Model"),
  deepValue,
);

/** A change to the parsed document of one file, written back as YAML. */
const structuralMutation = fc.record({
  file: fc.nat(),
  target: fc.nat(),
  action: fc.oneof(
    fc.constant({ kind: "delete" as const }),
    randomValue.map((value) => ({ kind: "replace" as const, value })),
    fc
      .tuple(fc.string({ maxLength: 12 }), randomValue)
      .map(([key, value]) => ({ kind: "add" as const, key, value })),
  ),
});

/** A change to the text of one file. */
const textMutation = fc.record({
  file: fc.nat(),
  at: fc.nat(),
  action: fc.oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 20 }).map((s) => ({ kind: "insert" as const, s })),
    fc
      .constantFrom(
        "\t",
        "  ",
        "\n",
        ":",
        "- ",
        "{",
        "[",
        "]",
        "}",
        '"',
        "'",
        "#",
        "---\n",
        "...\n",
        "? ",
        "|\n",
        ">-\n",
      )
      .map((s) => ({ kind: "insert" as const, s })),
    fc
      .constantFrom(
        "&a ",
        "*a",
        "*missing",
        "&a [1, 2]",
        "<<: *a\n",
        "!!binary ",
        "!foo ",
        "!!str ",
        "%YAML 1.1\n",
      )
      .map((s) => ({ kind: "insert" as const, s })),
    fc.constant({ kind: "truncate" as const }),
    fc.constant({ kind: "duplicate-line" as const }),
    fc.integer({ min: 0, max: 12 }).map((indent) => ({ kind: "reindent" as const, indent })),
    fc.constant({ kind: "tab-indent" as const }),
    fc.integer({ min: 1, max: 8 }).map((n) => ({ kind: "delete" as const, n })),
  ),
});

function mutateStructure(text: string, m: ValueOf<typeof structuralMutation>): string {
  const docs = text.split(/^---$/m).map((t) => parse(t) as unknown);
  const docIndex = m.file % docs.length;
  const doc = docs[docIndex];
  const all = pathsIn(doc);
  const target = all[m.target % Math.max(all.length, 1)];
  let root: unknown = doc;
  if (!target) root = m.action.kind === "replace" ? m.action.value : doc;
  else if (m.action.kind === "delete") {
    setAt(root, target, (parent, key) => {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    });
  } else if (m.action.kind === "replace") {
    const value = m.action.value;
    setAt(root, target, (parent, key) => {
      parent[key] = value;
    });
  } else {
    const { key, value } = m.action;
    setAt(root, target, (parent, k) => {
      const child = parent[k];
      if (typeof child === "object" && child !== null && !Array.isArray(child))
        (child as Record<string, unknown>)[key] = value;
      else parent[k] = { [key]: value };
    });
  }
  docs[docIndex] = root;
  return docs.map((d) => stringify(d, { aliasDuplicateObjects: false })).join("---\n");
}

function mutateText(text: string, m: ValueOf<typeof textMutation>): string {
  const at = m.at % (text.length + 1);
  const lines = text.split("\n");
  const line = m.at % lines.length;
  switch (m.action.kind) {
    case "insert":
      return text.slice(0, at) + m.action.s + text.slice(at);
    case "truncate":
      return text.slice(0, at);
    case "delete":
      return text.slice(0, at) + text.slice(at + m.action.n);
    case "duplicate-line":
      lines.splice(line, 0, lines[line] ?? "");
      return lines.join("\n");
    case "reindent":
      lines[line] = " ".repeat(m.action.indent) + (lines[line] ?? "").trimStart();
      return lines.join("\n");
    case "tab-indent":
      lines[line] = `\t${lines[line] ?? ""}`;
      return lines.join("\n");
  }
}

/** Checks every diagnostic against the tree; returns the problems found (empty when all is well). */
function problemsWith(diagnostics: readonly Diagnostic[], tree: SourceTree): string[] {
  const problems: string[] = [];
  for (const d of diagnostics) {
    const where = `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`;
    const bytes = tree.files.get(d.file);
    if (!bytes && d.file !== ".slipway.yml") problems.push(`${where}: file not in the tree`);
    const lineCount = bytes ? bytes.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1) : 1;
    if (!Number.isInteger(d.line) || d.line < 1 || d.line > lineCount + 1)
      problems.push(`${where}: line outside 1..${lineCount + 1}`);
    if (!Number.isInteger(d.column) || d.column < 1) problems.push(`${where}: column below 1`);
    if (!Number.isInteger(d.endLine) || d.endLine < d.line)
      problems.push(`${where}: endLine ${d.endLine} before line`);
    if (!Number.isInteger(d.endColumn) || d.endColumn < 1)
      problems.push(`${where}: endColumn ${d.endColumn}`);
    if (!Object.hasOwn(CODES, d.code)) problems.push(`${where}: unknown code`);
    if (typeof d.message !== "string" || d.message.trim() === "") problems.push(`${where}: empty message`);
    if (/undefined|\[object Object\]|NaN\b/.test(d.message)) problems.push(`${where}: leaked placeholder`);
    if (RAW_VALIDATOR_WORDING.some((re) => re.test(d.message)))
      problems.push(`${where}: raw validator wording`);
    if (/call stack|RangeError|TypeError|is not a function|Cannot read/.test(d.message))
      problems.push(`${where}: engine error text`);
    if (typeof d.hint !== "string" || d.hint === "") problems.push(`${where}: no hint`);
  }
  return problems;
}

function checkTree(files: Record<string, string | Uint8Array>): void {
  const tree: SourceTree = {
    files: new Map(Object.entries(files).map(([p, c]) => [p, typeof c === "string" ? encoder.encode(c) : c])),
  };
  const result = validateRepo(tree);
  expect(problemsWith(result.diagnostics, tree)).toEqual([]);
  expect(result.ok).toBe(result.diagnostics.every((d) => d.severity !== "error"));
}

describe("random mutations of the template repository", () => {
  it("never crash the engine and always yield located, plain diagnostics (structural changes)", () => {
    fc.assert(
      fc.property(fc.array(structuralMutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const files = { ...template };
        for (const m of mutations) {
          const path = paths[m.file % paths.length] as string;
          files[path] = mutateStructure(files[path] as string, m);
        }
        checkTree(files);
      }),
      { seed: 20_260_101, numRuns: 120 },
    );
  });

  it("never crash the engine and always yield located, plain diagnostics (text changes)", () => {
    fc.assert(
      fc.property(fc.array(textMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const files = { ...template };
        for (const m of mutations) {
          const path = paths[m.file % paths.length] as string;
          files[path] = mutateText(files[path] as string, m);
        }
        checkTree(files);
      }),
      { seed: 20_260_102, numRuns: 140 },
    );
  });

  it("never crash the engine on random bytes spliced into a file", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }), (file, at, noise) => {
        const path = paths[file % paths.length] as string;
        const bytes = encoder.encode(template[path] as string);
        const cut = at % (bytes.length + 1);
        const spliced = new Uint8Array([...bytes.subarray(0, cut), ...noise, ...bytes.subarray(cut)]);
        checkTree({ ...template, [path]: spliced });
      }),
      { seed: 20_260_103, numRuns: 60 },
    );
  });

  it("reports a problem for every mutation that breaks a manifest's required envelope", () => {
    // A sanity check that the properties above exercise real failures: removing `kind` is always found.
    // Compiled pipelines (`packages/`) are KFP's files, not manifests: they have no envelope.
    for (const path of paths.filter((p) => isManifestPath(p, DEFAULT_MANIFEST_DIRS))) {
      const text = (template[path] as string).replace(/^kind: .*$/m, "");
      const result = validateRepo({
        files: new Map(
          [...Object.entries({ ...template, [path]: text })].map(([p, t]) => [p, encoder.encode(t)]),
        ),
      });
      expect(
        result.diagnostics.some((d) => d.file === path && d.code === "SLW022"),
        path,
      ).toBe(true);
    }
  });
});
