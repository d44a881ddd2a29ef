import type { Manifest } from "../../manifests/snapshot.ts";
import type { SourceTree } from "../../manifests/source-tree.ts";
import type { FileChange } from "../branch-write-port.ts";
import { editYamlDocument, type YamlEdit } from "./edit-yaml.ts";

/**
 * The new content of the file that declares a Model, with `edits` applied to that model's document only
 * (the file may hold several documents). A problem is in words for a reply; nothing is written then.
 */
export function editModelFile(
  tree: SourceTree,
  manifest: Manifest<"Model">,
  edits: readonly YamlEdit[],
): { change: FileChange } | { problem: string } {
  const bytes = tree.files.get(manifest.file);
  if (!bytes) return { problem: `\`${manifest.file}\` could not be read` };
  const text = new TextDecoder().decode(bytes);
  const edited = editYamlDocument(text, (v) => declares(v, manifest.name), edits);
  if ("problem" in edited) return { problem: `\`${manifest.file}\`: ${edited.problem}` };
  if (edited.text === text) return { problem: `\`${manifest.file}\` already says so` };
  return { change: { path: manifest.file, content: edited.text } };
}

function declares(value: unknown, model: string): boolean {
  const v = value as { kind?: unknown; metadata?: { name?: unknown } } | null;
  return v?.kind === "Model" && v.metadata?.name === model;
}
