import {
  CORE_SCHEMA,
  constructFromEvents,
  EVENT_ID,
  type Event,
  mergeTag,
  parseEvents,
  YAMLException,
} from "js-yaml";
import type { DiagnosticCode } from "./codes.ts";
import type { Diagnostic, SourceRange } from "./diagnostic.ts";
import { expandedSize } from "./expanded-size.ts";
import type { Limits } from "./limits.ts";
import { LineIndex } from "./line-index.ts";
import { type JsonPath, locate } from "./locate-node.ts";
import { buildYamlTrees, type YamlNode } from "./yaml-tree.ts";

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

/** YAML 1.2 core schema (no timestamps, no `yes`/`on` booleans) plus `<<` merge keys. */
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/**
 * Parses multi-document YAML. Values come from js-yaml's event stream; positions are rebuilt from the
 * same events only when a diagnostic needs one. Every problem becomes a located diagnostic.
 */
export function parseYamlFile(file: string, text: string, limits: Limits): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  let lines: LineIndex | null = null;
  const lineIndex = () => {
    lines ??= new LineIndex(text);
    return lines;
  };
  const fail = (error: unknown): ParsedFile => {
    diagnostics.push(yamlError(file, text, error, lineIndex(), limits));
    return { file, documents: [], diagnostics };
  };

  let events: Event[];
  try {
    // js-yaml counts every node on its parse stack; +2 lets maxDepth collections hold their scalars.
    events = parseEvents(text, { maxDepth: limits.maxDepth + 2 });
  } catch (error) {
    return fail(tooDeep(error) ? shallowerError(text, limits, error) : error);
  }
  let spans = documentSpans(events);
  if (spans.length > limits.maxDocumentsPerFile) {
    const start = documentStart(text, events, spans, limits.maxDocumentsPerFile);
    const at = lineIndex().range(start, start + 1);
    diagnostics.push(
      diag(file, at, "SLW006", `more than ${limits.maxDocumentsPerFile} documents in one file`),
    );
    spans = spans.slice(0, limits.maxDocumentsPerFile);
    events = events.slice(0, spans[spans.length - 1]?.[1] ?? 0);
  }
  let values: unknown[];
  try {
    values = constructFromEvents(events, { source: text, schema: SCHEMA, maxAliases: limits.maxAliasCount });
  } catch (error) {
    // Too many aliases: point at the first alias of the document, where the repetition starts.
    const reason = error instanceof YAMLException ? error.reason : "";
    const at = error instanceof YAMLException ? (error.mark?.position ?? -1) : -1;
    const span = spans.find(
      ([from, to]) => firstAlias(events, from, to) >= 0 && lastOffset(events, from, to) >= at,
    );
    const alias = span ? firstAlias(events, span[0], span[1]) : -1;
    if (alias >= 0 && /maxAliases/.test(reason)) {
      const message = `more than ${limits.maxAliasCount} aliases in one document`;
      diagnostics.push(diag(file, lineIndex().range(alias, alias + 1), "SLW013", message));
      return { file, documents: [], diagnostics };
    }
    return fail(error);
  }

  let trees: (YamlNode | null)[] | null = null;
  let anchors: Map<string, YamlNode>[] | null = null;
  const treeOf = (index: number) => {
    trees ??= buildYamlTrees(text, events);
    anchors ??= trees.map(collectAnchors);
    return { root: trees[index] ?? null, anchors: anchors[index] ?? new Map<string, YamlNode>() };
  };

  const documents: ParsedDocument[] = [];
  for (const [index, value] of values.entries()) {
    const [from, to] = spans[index] ?? [0, 0];
    const docStart = firstOffset(events, from);
    const locateIn: ParsedDocument["locate"] = (path, target = "value") => {
      const { root, anchors: map } = treeOf(index);
      return locate(root, map, lineIndex(), docStart, path, target);
    };
    if (value === null || value === undefined) continue; // an empty document, e.g. a trailing `---`
    if (hasAlias(events, from, to)) {
      const size = expandedSize(value, limits.maxExpandedNodes);
      if (size === "cycle" || size > limits.maxExpandedNodes) {
        const alias = firstAlias(events, from, to);
        const at = alias >= 0 ? lineIndex().range(alias, alias + 1) : locateIn([]);
        const message =
          size === "cycle"
            ? "an alias refers to the collection that holds it, which would never end"
            : `aliases expand this document to more than ${limits.maxExpandedNodes} nodes`;
        diagnostics.push(diag(file, at, "SLW013", message));
        continue;
      }
    }
    documents.push({ file, index, value, locate: locateIn });
  }
  return { file, documents, diagnostics };
}

/** [first event, end event) of each document in the stream. */
function documentSpans(events: readonly Event[]): [number, number][] {
  const spans: [number, number][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < events.length; i++) {
    const type = (events[i] as Event).type;
    if (type === EVENT_ID.DOCUMENT) {
      if (depth === 0) start = i;
      depth++;
    } else if (type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE) depth++;
    else if (type === EVENT_ID.POP) {
      depth--;
      if (depth === 0) spans.push([start, i + 1]);
    }
  }
  return spans;
}

function firstOffset(events: readonly Event[], from: number): number {
  for (let i = from; i < events.length; i++) {
    const e = events[i] as Event;
    if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) return e.start;
    if (e.type === EVENT_ID.SCALAR && e.valueStart >= 0) return e.valueStart;
    if (e.type === EVENT_ID.ALIAS) return e.anchorStart - 1;
  }
  return 0;
}

function tooDeep(error: unknown): boolean {
  return error instanceof YAMLException && /maxDepth/.test(error.reason);
}

/**
 * The parser stops at the first child of the first collection that is too deep; parsing again one
 * level shallower stops at that collection itself, which is where the diagnostic belongs.
 */
function shallowerError(text: string, limits: Limits, original: unknown): unknown {
  try {
    parseEvents(text, { maxDepth: limits.maxDepth + 1 });
  } catch (error) {
    if (tooDeep(error)) return error;
  }
  return original;
}

/** Offset where document `index` starts: its first node, or its explicit `---` line when it is empty. */
function documentStart(
  text: string,
  events: readonly Event[],
  spans: [number, number][],
  index: number,
): number {
  const [from] = spans[index] ?? [0, 0];
  const opening = events[from];
  if (opening?.type !== EVENT_ID.DOCUMENT || !opening.explicitStart) return firstOffset(events, from);
  let explicit = 0;
  for (let k = 0; k <= index; k++) {
    const doc = events[spans[k]?.[0] ?? 0];
    if (doc?.type === EVENT_ID.DOCUMENT && doc.explicitStart) explicit++;
  }
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let n = 0, m = marker.exec(text); m; m = marker.exec(text)) if (++n === explicit) return m.index;
  return 0;
}

function lastOffset(events: readonly Event[], from: number, to: number): number {
  let last = -1;
  for (let i = from; i < to; i++) {
    const e = events[i] as Event;
    if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) last = Math.max(last, e.start);
    else if (e.type === EVENT_ID.SCALAR) last = Math.max(last, e.valueEnd);
    else if (e.type === EVENT_ID.ALIAS) last = Math.max(last, e.anchorEnd);
  }
  return last;
}

function hasAlias(events: readonly Event[], from: number, to: number): boolean {
  return firstAlias(events, from, to) >= 0;
}

function firstAlias(events: readonly Event[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const e = events[i] as Event;
    if (e.type === EVENT_ID.ALIAS) return e.anchorStart - 1;
  }
  return -1;
}

function collectAnchors(root: YamlNode | null): Map<string, YamlNode> {
  const map = new Map<string, YamlNode>();
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as YamlNode;
    if (node.anchor !== undefined && node.kind !== "alias" && !map.has(node.anchor))
      map.set(node.anchor, node);
    stack.push(...node.children);
  }
  return map;
}

const REASONS: [RegExp, DiagnosticCode, string?][] = [
  [/duplicated mapping key/, "SLW011", "duplicate key"],
  [/tab/, "SLW012", "a tab is used for indentation"],
  [/unknown .*tag/, "SLW015"],
  [/maxDepth/, "SLW014"],
  [/maxAliases/, "SLW013"],
];

function yamlError(file: string, text: string, error: unknown, lines: LineIndex, limits: Limits): Diagnostic {
  if (!(error instanceof YAMLException)) {
    // js-yaml documents that anything may be thrown for hostile input; it is still a finding.
    return diag(file, lines.range(0, 1), "SLW010", "the YAML could not be read");
  }
  let offset = Math.min(Math.max(error.mark?.position ?? 0, 0), text.length);
  const reason = (error.reason || "invalid YAML").split("\n")[0] as string;
  const [, code, words] = REASONS.find(([pattern]) => pattern.test(reason)) ?? [/./, "SLW010" as const];
  let message = words ?? reason;
  if (code === "SLW011") {
    message = `duplicate key \`${keyAt(text, offset)}\`; the later one would silently replace the first`;
    // The parser marks a quoted key at its first letter; the key starts at the quote.
    if (offset > 0 && (text[offset - 1] === '"' || text[offset - 1] === "'")) offset--;
  }
  if (code === "SLW014") message = `collections nest deeper than ${limits.maxDepth} levels`;
  if (code === "SLW013") message = `more than ${limits.maxAliasCount} aliases in one document`;
  if (code === "SLW015") message = `unsupported tag ${tagAt(reason)}; manifests use plain YAML values`;
  return diag(file, lines.range(offset, offset + 1), code, message);
}

function keyAt(text: string, offset: number): string {
  const key = /^\s*["']?([^:"'\n,{}[\]]{1,64})/.exec(text.slice(offset, offset + 80))?.[1]?.trim();
  return key || "?";
}

function tagAt(reason: string): string {
  const tag = /!<([^>]{1,64})>/.exec(reason)?.[1] ?? "";
  if (!tag) return "?";
  return tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : tag;
}

function diag(file: string, at: SourceRange, code: DiagnosticCode, message: string): Diagnostic {
  return { file, ...at, severity: "error", code, message };
}
