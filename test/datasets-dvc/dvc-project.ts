import { createHash } from "node:crypto";

// What `dvc add` and `dvc push` leave behind, written by the tests: the `.dvc` file (DVC 3 with
// `hash: md5`, or DVC 2 without it), the objects a remote holds (DVC 3 under `files/md5/`, DVC 2 at the
// remote's root; a directory's `.dir` manifest as dvc-data writes it), and `.dvc/config`.

const encoder = new TextEncoder();
const bytesOf = (content: string | Uint8Array) =>
  typeof content === "string" ? encoder.encode(content) : content;

export function md5(bytes: Uint8Array | string): string {
  return createHash("md5").update(bytesOf(bytes)).digest("hex");
}

export function objectKey(hash: string, legacy = false): string {
  return `${legacy ? "" : "files/md5/"}${hash.slice(0, 2)}/${hash.slice(2)}`;
}

export interface Tracked {
  /** The `.dvc` file's path and text. */
  dvcFile: [string, string];
  /** Remote-relative object keys → bytes. */
  objects: Map<string, Uint8Array>;
  /** The recorded md5 (with `.dir` for a directory). */
  hash: string;
}

/** `dvc add <path>` of one file; `legacy` writes a DVC 2 `.dvc` file (md5 of text with CRLF → LF). */
export function trackFile(
  path: string,
  content: string | Uint8Array,
  options: { legacy?: boolean; remote?: string } = {},
): Tracked {
  const bytes = bytesOf(content);
  const hash = options.legacy ? md5(new TextDecoder().decode(bytes).replaceAll("\r\n", "\n")) : md5(bytes);
  const name = path.slice(path.lastIndexOf("/") + 1);
  const lines = ["outs:", `- md5: ${hash}`, `  size: ${bytes.length}`];
  if (!options.legacy) lines.push("  hash: md5");
  if (options.remote) lines.push(`  remote: ${options.remote}`);
  lines.push(`  path: ${name}`, "");
  return {
    dvcFile: [`${path}.dvc`, lines.join("\n")],
    objects: new Map([[objectKey(hash, options.legacy), bytes]]),
    hash,
  };
}

/** The `.dir` manifest dvc-data writes: `json.dumps(list, sort_keys=True)`, entries sorted by relpath. */
export function dirManifest(entries: { md5: string; relpath: string }[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.relpath < b.relpath ? -1 : 1));
  return encoder.encode(
    `[${sorted.map((e) => `{"md5": "${e.md5}", "relpath": "${e.relpath}"}`).join(", ")}]`,
  );
}

/** `dvc add <dir>` of a directory of files. */
export function trackDirectory(path: string, files: Record<string, string | Uint8Array>): Tracked {
  const objects = new Map<string, Uint8Array>();
  const entries = Object.entries(files).map(([relpath, content]) => {
    const bytes = bytesOf(content);
    const hash = md5(bytes);
    objects.set(objectKey(hash), bytes);
    return { md5: hash, relpath };
  });
  const manifest = dirManifest(entries);
  const hash = `${md5(manifest)}.dir`;
  objects.set(`${objectKey(hash.slice(0, -4))}.dir`, manifest);
  const size = Object.values(files).reduce((n: number, c) => n + bytesOf(c).length, 0);
  const name = path.slice(path.lastIndexOf("/") + 1);
  const text = [
    "outs:",
    `- md5: ${hash}`,
    `  size: ${size}`,
    `  nfiles: ${entries.length}`,
    "  hash: md5",
    `  path: ${name}`,
    "",
  ].join("\n");
  return { dvcFile: [`${path}.dvc`, text], objects, hash };
}

/** `.dvc/config` with a default remote, as `dvc remote add -d` writes it. */
export function dvcConfig(url: string, name = "storage", extra = ""): [string, string] {
  return [".dvc/config", `[core]\n    remote = ${name}\n['remote "${name}"']\n    url = ${url}\n${extra}`];
}
