import { isDeepStrictEqual } from "node:util";
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseAllDocuments,
  type Scalar,
  stringify,
} from "yaml";

/** One change to a manifest document, by JSON path. */
export type YamlEdit =
  /** Sets a scalar, adding the key (or the maps leading to it) when missing. */
  | { kind: "set"; path: readonly string[]; value: unknown }
  | { kind: "delete"; path: readonly string[] }
  /** Inserts a scalar item into a sequence at `index`. */
  | { kind: "insert-item"; path: readonly string[]; index: number; value: string };

interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Edits one document of a (multi-document) YAML file in place: the yaml package's Document API finds
 * the nodes and their source ranges, and only those ranges are rewritten, so comments, key order, quoting
 * and the formatting of every other line stay byte for byte. The result is parsed again and must equal
 * the intended value exactly; anything else is refused rather than written.
 */
export function editYamlDocument(
  text: string,
  find: (value: unknown) => boolean,
  edits: readonly YamlEdit[],
): { text: string } | { problem: string } {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { problem: "the file holds no YAML document" };
  const index = docs.findIndex((d) => d.errors.length === 0 && find(d.toJS()));
  const doc = docs[index];
  if (!doc) return { problem: "no document of the file declares it" };
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const expected = doc.toJS() as unknown;
  let out = text;
  // One edit at a time, each on the text the previous one left: two edits of one flow collection
  // (written again whole) would otherwise overlap.
  for (const edit of edits) {
    const current = (parseAllDocuments(out) as Document[])[index];
    if (!current)
      return { problem: "the edited file would not parse as the same documents; nothing was written" };
    const s = spliceFor(out, current, edit, newline);
    if ("problem" in s) return s;
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    applyToValue(expected, edit);
  }
  const again = parseAllDocuments(out);
  const edited = Array.isArray(again) ? again[index] : undefined;
  if (!Array.isArray(again) || again.length !== docs.length || !edited || edited.errors.length > 0)
    return { problem: "the edited file would not parse as the same documents; nothing was written" };
  if (!isDeepStrictEqual(edited.toJS(), expected))
    return { problem: "the file's layout cannot be edited safely in place; edit it by hand" };
  return { text: out };
}

function spliceFor(text: string, doc: Document, edit: YamlEdit, nl: string): Splice | { problem: string } {
  const path = [...edit.path];
  const key = path.pop() as string;
  const parent = doc.getIn(path, true) as Node | undefined;
  if (edit.kind === "insert-item") {
    const seq = doc.getIn(edit.path, true);
    if (!isSeq(seq) || !seq.range) return { problem: `\`${edit.path.join(".")}\` is not a list` };
    const items = seq.items as Node[];
    if (seq.flow) {
      const parts = items.map((i) => source(text, i));
      parts.splice(edit.index, 0, scalarText(edit.value, "PLAIN"));
      return rebuildFlow(text, seq.range, "[", "]", parts);
    }
    const anchor = (items[Math.min(edit.index, items.length - 1)] ?? null) as Node | null;
    if (!anchor?.range) return { problem: `\`${edit.path.join(".")}\` is an empty block list` };
    const prefix = text.slice(lineStart(text, anchor.range[0]), anchor.range[0]);
    const at =
      edit.index < items.length ? lineStart(text, anchor.range[0]) : afterLine(text, anchor.range[1]);
    const line = `${prefix}${scalarText(edit.value, "PLAIN")}${nl}`;
    return { start: at, end: at, text: at === text.length && !text.endsWith("\n") ? nl + line : line };
  }
  if (!isMap(parent) || !parent.range) return { problem: `\`${path.join(".")}\` is not a mapping` };
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
  const keyNode = pair?.key as Node | undefined;
  const valueNode = pair?.value as Node | null | undefined;
  if (edit.kind === "delete") {
    if (!pair || !keyNode?.range) return { start: 0, end: 0, text: "" };
    if (parent.flow) {
      const parts = parent.items.filter((p) => p !== pair).map((p) => pairSource(text, p));
      return rebuildFlow(text, parent.range, "{", "}", parts);
    }
    const end = (valueNode?.range ?? keyNode.range)[1];
    return { start: lineStart(text, keyNode.range[0]), end: afterLine(text, end), text: "" };
  }
  if (pair && isScalar(valueNode) && valueNode.range && typeof edit.value !== "object")
    return {
      start: valueNode.range[0],
      end: valueNode.range[1],
      text: scalarText(edit.value, (valueNode as Scalar).type ?? "PLAIN"),
    };
  if (pair) return { problem: `\`${edit.path.join(".")}\` is not a plain value` };
  if (parent.flow) {
    const parts = parent.items.map((p) => pairSource(text, p));
    parts.push(
      stringify({ [key]: edit.value }, { collectionStyle: "flow", lineWidth: 0 })
        .trim()
        .slice(1, -1)
        .trim(),
    );
    return rebuildFlow(text, parent.range, "{", "}", parts);
  }
  const last = parent.items.at(-1);
  const first = parent.items[0]?.key as Node | undefined;
  const lastEnd = ((last?.value ?? last?.key) as Node | undefined)?.range?.[1];
  if (!first?.range || lastEnd === undefined) return { problem: `\`${path.join(".")}\` is empty` };
  const indent = text.slice(lineStart(text, first.range[0]), first.range[0]);
  const lines = stringify({ [key]: edit.value }, { lineWidth: 0 })
    .trimEnd()
    .split("\n")
    .map((l) => `${indent}${l}${nl}`)
    .join("");
  const at = afterLine(text, lastEnd);
  return { start: at, end: at, text: at === text.length && !text.endsWith("\n") ? nl + lines : lines };
}

function rebuildFlow(
  text: string,
  range: [number, number, number],
  open: string,
  close: string,
  parts: string[],
): Splice {
  const pad = text[range[0] + 1] === " " ? " " : "";
  const inner = parts.length ? `${pad}${parts.join(", ")}${pad}` : "";
  return { start: range[0], end: range[1], text: `${open}${inner}${close}` };
}

function source(text: string, node: Node): string {
  return node.range ? text.slice(node.range[0], node.range[1]) : String(node);
}

function pairSource(text: string, pair: { key: unknown; value: unknown }): string {
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const start = key.range?.[0] ?? 0;
  return text.slice(start, (value?.range ?? key.range ?? [0, 0])[1]);
}

/** A scalar in the quoting style of the value it replaces (plain stays plain unless it must be quoted). */
function scalarText(value: unknown, type: string): string {
  const defaultStringType =
    type === "QUOTE_SINGLE" ? "QUOTE_SINGLE" : type === "QUOTE_DOUBLE" ? "QUOTE_DOUBLE" : "PLAIN";
  return stringify(value, { lineWidth: 0, defaultStringType }).trimEnd();
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf("\n", at - 1) + 1;
}

/** The start of the line after the one `at` ends on (a range that ends with its newline is already there). */
function afterLine(text: string, at: number): number {
  if (at > 0 && text[at - 1] === "\n") return at;
  const next = text.indexOf("\n", at);
  return next < 0 ? text.length : next + 1;
}

function applyToValue(root: unknown, edit: YamlEdit): void {
  const path = [...edit.path];
  const key = path.pop() as string;
  let at = root as Record<string, unknown>;
  for (const step of path) {
    if (typeof at[step] !== "object" || at[step] === null) at[step] = {};
    at = at[step] as Record<string, unknown>;
  }
  if (edit.kind === "delete") delete at[key];
  else if (edit.kind === "set") at[key] = edit.value;
  else (at[key] as unknown[]).splice(edit.index, 0, edit.value);
}
