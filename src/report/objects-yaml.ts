import { stringify } from "yaml";
import type { KubeObject } from "../render/kube-object.ts";

/**
 * Objects as a multi-document YAML stream, the form `kubectl apply -f -` reads. Keys are already
 * sorted by render; long strings are never folded (lineWidth 0) so a value is one line or one block.
 */
export function objectsYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => `---\n${stringify(o, { lineWidth: 0, sortMapEntries: true })}`).join("");
}
