import { type ObjectStore, type TreeEntry, writeBlob } from "./git-objects.ts";
import { errorReply, field, invalidRequest, isObject, type Reply } from "./replies.ts";
import type { TreeEdit } from "./tree-edit.ts";

const MODES = ["100644", "100755", "040000", "160000", "120000"] as const;
const TYPES = ["blob", "tree", "commit"] as const;

/** Git refuses these path segments; GitHub answers them with a 422. */
function badPath(path: string): boolean {
  return path.split("/").some((s) => s === "" || s === "." || s === ".." || s.toLowerCase() === ".git");
}

/**
 * The `tree` array of `POST git/trees` as edits. Schema problems are GitHub's `Invalid request.` form;
 * an unknown object or a type that does not match the mode is a 422 in the fake's own wording.
 * Inline `content` is written as a UTF-8 blob, as GitHub does.
 */
export function parseTreeEntries(store: ObjectStore, body: unknown): TreeEdit[] | Reply {
  const tree = field(body, "tree");
  if (tree === undefined) return invalidRequest(`"tree" wasn't supplied.`);
  if (!Array.isArray(tree))
    return invalidRequest(`For 'properties/tree', ${JSON.stringify(tree)} is not an array.`);
  const edits: TreeEdit[] = [];
  for (const [i, item] of tree.entries()) {
    const at = `tree[${i}]`;
    if (!isObject(item)) return invalidRequest(`For 'items', ${JSON.stringify(item)} is not an object.`);
    const { path, mode, type, sha, content } = item;
    if (typeof path !== "string" || badPath(path))
      return errorReply(422, `${at}: path ${JSON.stringify(path)} is not valid`);
    if (!(MODES as readonly unknown[]).includes(mode))
      return invalidRequest(
        `For 'properties/mode', ${JSON.stringify(mode)} is not one of ${JSON.stringify(MODES)}.`,
      );
    if (!(TYPES as readonly unknown[]).includes(type))
      return invalidRequest(
        `For 'properties/type', ${JSON.stringify(type)} is not one of ${JSON.stringify(TYPES)}.`,
      );
    if (mode === "160000" || type === "commit")
      return errorReply(422, `${at}: the fake GitHub does not store submodules`);
    if ((mode === "040000") !== (type === "tree"))
      return errorReply(422, `${at}: mode ${mode} does not go with type ${type}`);
    const hasContent = content !== undefined;
    if (hasContent && sha !== undefined)
      return invalidRequest(`${at}: only one of "sha" or "content" may be supplied.`);
    if (sha === null) {
      edits.push({ path, delete: true });
      continue;
    }
    if (hasContent) {
      if (typeof content !== "string" || type !== "blob")
        return errorReply(422, `${at}: "content" is a string and only for blobs`);
      const blobSha = writeBlob(store, Buffer.from(content, "utf8"));
      edits.push({ path, entry: { mode: mode as TreeEntry["mode"], type: "blob", sha: blobSha } });
      continue;
    }
    if (typeof sha !== "string") return invalidRequest(`${at}: "sha" or "content" must be supplied.`);
    const object = store.get(sha);
    if (object?.type !== type) return errorReply(422, `${at}: ${sha} is not a ${type} in this repository`);
    const gitMode = (mode === "040000" ? "40000" : mode) as TreeEntry["mode"];
    edits.push({ path, entry: { mode: gitMode, type: type === "tree" ? "tree" : "blob", sha } });
  }
  return edits;
}
