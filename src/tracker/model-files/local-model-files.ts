import { readFile, stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";
import { fileUri, MAX_MODEL_FILE_BYTES, type ModelFileRead } from "./model-files-port.ts";

/**
 * Reads a file below a local artifact URI — `file:///…/mlruns/1/<run>/artifacts/model` or an absolute
 * path, as MLflow records for a local store — for the command line only (the server never reads local
 * paths). The file's size is checked before it is read.
 */
export async function readLocalArtifact(artifactUri: string, file: string): Promise<ModelFileRead> {
  const uri = fileUri(artifactUri, file);
  let path: string;
  try {
    path = /^file:/i.test(uri) ? fileURLToPath(uri) : uri;
  } catch {
    return { kind: "unreadable", reason: `${uri} is not a file URI that can be read` };
  }
  if (!isAbsolute(path)) return { kind: "unreadable", reason: `${uri} is not an absolute path` };
  try {
    const info = await stat(path);
    if (!info.isFile()) return { kind: "missing", where: uri };
    if (info.size > MAX_MODEL_FILE_BYTES)
      return {
        kind: "unreadable",
        reason: `${uri} is ${info.size} bytes, more than ${MAX_MODEL_FILE_BYTES} read`,
      };
    return { kind: "file", text: await readFile(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing", where: uri };
    return { kind: "unreadable", reason: `${uri} could not be read (${code ?? "error"})` };
  }
}
