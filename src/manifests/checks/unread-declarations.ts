import type { PlatformSnapshot } from "../snapshot.ts";

// A name that is not declared may be declared in a manifest file that could not be read (empty, a YAML
// syntax error, a duplicate key, a tab): then the missing name is a consequence of that file's error,
// and says so, instead of a second error that sends the reader to the wrong file.

/**
 * The unread manifest file that most likely declares `name`: one whose text has `name: <name>`, else
 * one named after it (`models/<name>.yaml`, which is all an empty file has to go on), `_` and `-` alike.
 */
export function unreadDeclaring(snapshot: PlatformSnapshot, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const named = new RegExp(`^[ \\t]*name:[ \\t]*["']?${escaped}["']?[ \\t]*(#.*)?$`, "m");
  for (const [file, text] of snapshot.unread) if (named.test(text)) return file;
  // Files are named in kebab case while Feast's names use underscores (features/fraud-detection-v2.yaml
  // declares the feature service fraud_detection_v2): the two spellings are one name here.
  const spelling = (text: string) => text.toLowerCase().replace(/_/g, "-");
  for (const file of snapshot.unread.keys()) {
    const stem = file.slice(file.lastIndexOf("/") + 1).replace(/\.ya?ml$/i, "");
    if (spelling(stem) === spelling(name)) return file;
  }
  return undefined;
}

/** " (a.yaml could not be read and may declare it)", when manifest files could not be read. */
export function unreadNote(snapshot: PlatformSnapshot): string {
  const files = [...snapshot.unread.keys()].sort();
  if (files.length === 0) return "";
  const shown =
    files.length <= 3 ? files.join(", ") : `${files.slice(0, 3).join(", ")} and ${files.length - 3} more`;
  return ` (${shown} could not be read and may declare it)`;
}
