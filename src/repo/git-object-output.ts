/** One line of `git ls-tree -r -z`: `<mode> <type> <object>[ <size>]\t<path>` (the size with `-l` only). */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  /** Bytes of a blob; null when not listed (without `-l`, or a submodule commit). */
  size: number | null;
  path: string;
}

const ENTRY = /^(\d{6}) (\w+) ([0-9a-f]{40,64})(?: +(\d+|-))?\t([\s\S]+)$/;

export function parseLsTree(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.split("\0")) {
    if (record.length === 0) continue;
    const match = ENTRY.exec(record);
    if (!match)
      throw new Error(`git ls-tree printed an entry that could not be parsed: ${record.slice(0, 80)}`);
    const [, mode = "", type = "", oid = "", size = "-", path = ""] = match;
    entries.push({ mode, type, oid, size: size === "-" ? null : Number(size), path });
  }
  return entries;
}

/**
 * Splits `git cat-file --batch` output — per object `<oid> <type> <size>\n<bytes>\n`, or
 * `<oid> missing\n` — into the objects' bytes by oid. Content is sliced, never decoded, so files come
 * back byte for byte.
 */
export function parseCatFileBatch(output: Uint8Array): Map<string, Uint8Array> {
  const objects = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  let at = 0;
  while (at < output.length) {
    const eol = output.indexOf(0x0a, at);
    if (eol < 0) throw new Error("git cat-file output ended inside a header");
    const header = decoder.decode(output.subarray(at, eol)).split(" ");
    at = eol + 1;
    if (header[1] === "missing") throw new Error(`object ${header[0]} is missing from the mirror`);
    const size = Number(header[2]);
    if (header.length !== 3 || !Number.isSafeInteger(size) || at + size > output.length)
      throw new Error("git cat-file printed a header that could not be parsed");
    objects.set(header[0] as string, new Uint8Array(output.subarray(at, at + size))); // a copy, not a view of the whole output
    at += size + 1;
  }
  return objects;
}

/**
 * Splits `git cat-file --batch-check` output — per object `<oid> <type> <size>`, or `<oid> missing` —
 * into sizes by oid; a missing object has none.
 */
export function parseBatchCheck(output: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const line of output.split("\n")) {
    if (line.length === 0) continue;
    const [oid = "", type = "", size = ""] = line.split(" ");
    if (type === "missing") continue;
    const bytes = Number(size);
    if (!/^[0-9a-f]{40,64}$/.test(oid) || !Number.isSafeInteger(bytes))
      throw new Error(`git cat-file printed a line that could not be parsed: ${line.slice(0, 80)}`);
    sizes.set(oid, bytes);
  }
  return sizes;
}
