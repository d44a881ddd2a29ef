/**
 * Reads one small file of a registered model's artifacts — its `MLmodel` — wherever the artifact URI
 * points: the MLflow server's artifact proxy (`mlflow-artifacts:`), a bound S3 integration (`s3://`), or,
 * for the command line's local stores, the local disk. Never throws: a file that is missing or cannot
 * be read is a reason, shown as a note (the signature then goes unchecked), never a fault.
 */
export interface ModelFiles {
  read(artifactUri: string, file: string): Promise<ModelFileRead>;
}

export type ModelFileRead =
  | { readonly kind: "file"; readonly text: string }
  | { readonly kind: "missing"; readonly where: string }
  | { readonly kind: "unreadable"; readonly reason: string };

/** MLflow's MLmodel files are a few kilobytes; anything past this is not read. */
export const MAX_MODEL_FILE_BYTES = 1024 * 1024;

/** `<artifactUri>/<file>`, without doubling a slash. */
export function fileUri(artifactUri: string, file: string): string {
  return `${artifactUri.replace(/\/+$/, "")}/${file}`;
}

/**
 * MLflow's own path check (`validate_path_is_safe`): no `..` segment, no `#`, no backslash, no control
 * character. A URI failing it is refused here rather than sent.
 */
export function unsafePath(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  return /[#\\\u0000-\u001f]/.test(decoded) || decoded.split("/").includes("..");
}
