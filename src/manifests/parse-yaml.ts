import {
  type Document,
  isAlias,
  isCollection,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseAllDocuments,
  type Scalar,
  type YAMLError,
} from "yaml";
import { findExcessCstDepth } from "./block-depth.ts";
import type { DiagnosticCode } from "./codes.ts";
import type { Diagnostic, SourceRange } from "./diagnostic.ts";
import { findExcessFlowDepth } from "./flow-depth.ts";
import type { Limits } from "./limits.ts";
import { type JsonPath, locate, toRange } from "./locate-node.ts";

/** One YAML document of a file, with its value and the means to locate any path in it. */
export interface ParsedDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  value: unknown;
  locate: (path: JsonPath, target?: "value" | "key") => SourceRange;
}

export interface ParsedFile {
  file: string;
  documents: ParsedDocument[];
  diagnostics: Diagnostic[];
}

const ERROR_CODES: Partial<Record<YAMLError["code"], DiagnosticCode>> = {
  DUPLICATE_KEY: "SLW011",
  TAB_AS_INDENT: "SLW012",
  TAG_RESOLVE_FAILED: "SLW015",
};

/** Parses multi-document YAML keeping source positions; every problem becomes a located diagnostic. */
export function parseYamlFile(file: string, text: string, limits: Limits): ParsedFile {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const excess = findExcessFlowDepth(text, limits.maxDepth);
  if (excess >= 0) {
    for (let i = 0; i < excess; i = text.indexOf("\n", i) + 1 || excess + 1) lineCounter.addNewLine(i);
    const at = toRange(lineCounter, excess, excess + 1);
    diagnostics.push(diag(file, at, "SLW014", `collections nest deeper than ${limits.maxDepth} levels`));
    return { file, documents: [], diagnostics };
  }
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      merge: true,
    });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    // The guard above should make this unreachable; a parser failure is still a finding, not a crash.
    const message =
      error instanceof RangeError ? "the YAML is nested too deeply to read" : "the YAML could not be read";
    diagnostics.push(diag(file, { line: 1, column: 1, endLine: 1, endColumn: 2 }, "SLW010", message));
    return { file, documents: [], diagnostics };
  }
  // yaml reports a stack overflow while composing deep block nesting as RESOURCE_EXHAUSTION, located
  // wherever the stack ran out and worded as the engine's RangeError; point at the first level too deep.
  const exhausted = docs.flatMap((d) => d.errors).find((e) => e.code === "RESOURCE_EXHAUSTION");
  if (exhausted) {
    const offset = findExcessCstDepth(text, limits.maxDepth);
    const start = offset >= 0 ? offset : exhausted.pos[0];
    const at = toRange(lineCounter, start, start + 1);
    diagnostics.push(diag(file, at, "SLW014", `collections nest deeper than ${limits.maxDepth} levels`));
    return { file, documents: [], diagnostics };
  }
  const documents: ParsedDocument[] = [];
  for (const [index, doc] of docs.entries()) {
    if (index >= limits.maxDocumentsPerFile) {
      const start = doc.range?.[0] ?? 0;
      const at = toRange(lineCounter, start, start + 1);
      diagnostics.push(
        diag(file, at, "SLW006", `more than ${limits.maxDocumentsPerFile} documents in one file`),
      );
      break;
    }
    const parsed = readDocument(file, index, doc, lineCounter, limits, diagnostics);
    if (parsed) documents.push(parsed);
  }
  return { file, documents, diagnostics };
}

function readDocument(
  file: string,
  index: number,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  limits: Limits,
  diagnostics: Diagnostic[],
): ParsedDocument | null {
  const problems = [...doc.errors, ...doc.warnings];
  for (const e of problems) {
    const code = ERROR_CODES[e.code] ?? "SLW010";
    const at = toRange(lineCounter, e.pos[0], Math.max(e.pos[1], e.pos[0] + 1));
    diagnostics.push(diag(file, at, code, plainYamlMessage(e)));
  }
  if (problems.length > 0) return null;
  // An empty document (a trailing `---`, or one holding only comments) has no contents, or an empty
  // null scalar when another `---` follows; either way there is nothing to validate.
  if (doc.contents === null || (isScalar(doc.contents) && isEmptyNode(doc.contents))) return null;
  const deep = findDeepNode(doc.contents, limits.maxDepth);
  if (deep) {
    const at = toRange(lineCounter, deep.range?.[0] ?? 0, (deep.range?.[0] ?? 0) + 1);
    diagnostics.push(diag(file, at, "SLW014", `collections nest deeper than ${limits.maxDepth} levels`));
    return null;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch {
    // yaml throws when aliases expand past maxAliasCount ("billion laughs"); point at the first alias.
    const alias = findFirstAlias(doc.contents);
    const start = alias?.range?.[0] ?? doc.range?.[0] ?? 0;
    const at = toRange(lineCounter, start, start + 1);
    diagnostics.push(
      diag(
        file,
        at,
        "SLW013",
        `aliases expand to too many nodes (limit ${limits.maxAliasCount} per document)`,
      ),
    );
    return null;
  }
  return {
    file,
    index,
    value,
    locate: (path, target = "value") => locate(doc, lineCounter, path, target),
  };
}

function isEmptyNode(node: Scalar): boolean {
  return node.value === null && node.range !== undefined && node.range[0] === node.range[1];
}

function plainYamlMessage(e: YAMLError): string {
  // yaml's messages are plain sentences; keep the first line and drop any quoted source excerpt.
  const first = e.message.split("\n")[0] ?? e.message;
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}

/** Iterative depth check of the composed tree (block nesting the flow guard cannot see). */
function findDeepNode(root: Node, maxDepth: number): Node | null {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (!isCollection(node)) continue;
    if (depth > maxDepth) return node;
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1], [item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return null;
}

function findFirstAlias(root: Node): Node | null {
  const stack: unknown[] = [root];
  let first: Node | null = null;
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!first || (node.range?.[0] ?? 0) < (first.range?.[0] ?? 0)) first = node;
    } else if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    }
  }
  return first;
}

function diag(file: string, at: SourceRange, code: DiagnosticCode, message: string): Diagnostic {
  return { file, ...at, severity: "error", code, message };
}
