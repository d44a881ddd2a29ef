import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { dirname, relative, sep } from "node:path";
import { DatasetError } from "../dataset-error.ts";
import { DatasetFault, type DatasetSource, type ObjectEntry, type OpenedObject } from "./dataset-source.ts";
import { limitedBody } from "./limited-body.ts";

// The datasets port on local files, for the CLI only: a server never reads local paths (DESIGN.md §4).
// A prefix is a path prefix, as on S3: `data/scored/` lists every file below that directory, and
// `data/scored/dt=2026-` the files of the directories starting so. One page holds the whole listing.

const READ_ERRORS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EISDIR: "is a directory",
};

function fault(error: unknown, path: string): DatasetFault {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (code === "ENOENT") return new DatasetFault("not-found", path, "no such file");
  if (code === "EACCES") return new DatasetFault("access-denied", path, "permission denied");
  return new DatasetFault("invalid", path, `cannot read: ${READ_ERRORS[code] ?? code ?? "unknown error"}`);
}

async function walk(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const base = dir.endsWith("/") ? dir : `${dir}/`;
    return entries
      .filter((e) => e.isFile())
      .map((e) => base + relative(dir, `${e.parentPath}${sep}${e.name}`).split(sep).join("/"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return []; // like an S3 prefix with no objects
    throw fault(error, dir);
  }
}

export function localDatasetSource(): DatasetSource {
  return {
    async list(prefix: string, _page?: string, startAfter?: string) {
      const dir = prefix.endsWith("/") ? prefix.slice(0, -1) || "/" : dirname(prefix);
      const paths = (await walk(dir))
        .filter((p) => p.startsWith(prefix) && (startAfter === undefined || p > startAfter))
        .sort();
      const objects: ObjectEntry[] = [];
      for (const uri of paths) {
        try {
          const info = await stat(uri);
          objects.push({ uri, size: info.size, modified: Math.floor(info.mtimeMs) });
        } catch (error) {
          throw fault(error, uri); // removed or made unreadable since the directory was read
        }
      }
      return { objects };
    },

    async open(path: string, maxBytes: number): Promise<OpenedObject> {
      let size: number;
      try {
        const info = await stat(path);
        if (!info.isFile()) throw Object.assign(new Error(), { code: "EISDIR" });
        size = info.size;
      } catch (error) {
        throw fault(error, path);
      }
      if (size > maxBytes)
        throw new DatasetError(path, `file is ${size} bytes; the limit is ${maxBytes} bytes`);
      const stream = createReadStream(path);
      return {
        size,
        body: limitedBody(stream, path, maxBytes, (error) => fault(error, path)),
        cancel: () => {
          // A stream cancelled before it was read may still be opening: its error has no reader.
          stream.on("error", () => {});
          stream.destroy();
        },
      };
    },
  };
}
