import type { DatasetAccess } from "../../datasets/s3/dataset-access.ts";
import { isDatasetFault } from "../../datasets/s3/dataset-source.ts";
import { hasDotSegments, withinPrefix } from "../../manifests/within-prefix.ts";
import { fileUri, MAX_MODEL_FILE_BYTES, type ModelFileRead } from "./model-files-port.ts";

/** Opens the S3 access allowed to read `uri`, or says why there is none. */
export type S3Opener = (uri: string) => Promise<DatasetAccess>;

/**
 * Reads a file below an `s3://` artifact URI through the S3 integration the server binds for it (only
 * below its allowed prefixes), bounded to MLflow's MLmodel size. The access is closed after the read.
 */
export async function readS3Artifact(
  open: S3Opener,
  artifactUri: string,
  file: string,
): Promise<ModelFileRead> {
  const uri = fileUri(artifactUri, file);
  if (hasDotSegments(uri)) return { kind: "unreadable", reason: `${uri} has '.' or '..' segments` };
  const access = await open(uri);
  if ("unavailable" in access) return { kind: "unreadable", reason: access.unavailable };
  try {
    if (access.allowlist !== "unrestricted" && !access.allowlist.some((p) => withinPrefix(uri, p)))
      return { kind: "unreadable", reason: `${uri} is outside the S3 integration's allowed prefixes` };
    const object = await access.source.open(uri, MAX_MODEL_FILE_BYTES);
    const chunks: Uint8Array[] = [];
    for await (const chunk of object.body) chunks.push(chunk);
    return { kind: "file", text: new TextDecoder().decode(Buffer.concat(chunks)) };
  } catch (error) {
    if (isDatasetFault(error) && error.kind === "not-found") return { kind: "missing", where: uri };
    const why = error instanceof Error ? error.message : "it could not be read";
    return { kind: "unreadable", reason: `${uri} could not be read from S3 (${why})` };
  } finally {
    access.close();
  }
}
