import { EVENT_ID, type Event, getScalarValue } from "js-yaml";

/** A node of one YAML document with its source offsets, rebuilt from js-yaml's parser events. */
export interface YamlNode {
  kind: "mapping" | "sequence" | "scalar" | "alias";
  /** Offset of the node's first character, or -1 for an empty scalar (`key:` with no value). */
  start: number;
  /** Offset just past the node's last character. */
  end: number;
  /** Mapping: key, value, key, value…; sequence: items. */
  children: YamlNode[];
  /** Anchor name (`&name`) on this node, or the alias target name (`*name`). */
  anchor?: string;
  /** Scalar's decoded text (used to match mapping keys). */
  text?: string;
}

/**
 * Rebuilds the node tree of every document from a flat event stream. Only called when a diagnostic
 * needs a position, so valid files never pay for it. Returns one root (or null) per document.
 */
export function buildYamlTrees(source: string, events: readonly Event[]): (YamlNode | null)[] {
  const roots: (YamlNode | null)[] = [];
  const stack: YamlNode[] = [];
  let inDocument = false;
  let root: YamlNode | null = null;
  const attach = (node: YamlNode) => {
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        inDocument = true;
        root = null;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const node: YamlNode = {
          kind: event.type === EVENT_ID.MAPPING ? "mapping" : "sequence",
          start: event.start,
          end: event.start + 1,
          children: [],
          ...anchorOf(source, event.anchorStart, event.anchorEnd),
        };
        attach(node);
        stack.push(node);
        break;
      }
      case EVENT_ID.SCALAR: {
        // Quoted scalars are reported from their opening quote to their closing one.
        const quoted = event.valueStart >= 0 && (event.style === 2 || event.style === 3) ? 1 : 0;
        attach({
          kind: "scalar",
          start: event.valueStart - quoted,
          end: event.valueEnd + quoted,
          children: [],
          text: event.valueStart < 0 ? "" : getScalarValue(source, event),
          ...anchorOf(source, event.anchorStart, event.anchorEnd),
        });
        break;
      }
      case EVENT_ID.ALIAS:
        attach({
          kind: "alias",
          start: event.anchorStart - 1,
          end: event.anchorEnd,
          children: [],
          anchor: source.slice(event.anchorStart, event.anchorEnd),
        });
        break;
      case EVENT_ID.POP: {
        const node = stack.pop();
        if (node) {
          for (const child of node.children) node.end = Math.max(node.end, child.end);
        } else if (inDocument) {
          roots.push(root);
          inDocument = false;
        }
        break;
      }
    }
  }
  return roots;
}

function anchorOf(source: string, start: number, end: number): { anchor?: string } {
  return start >= 0 ? { anchor: source.slice(start, end) } : {};
}
