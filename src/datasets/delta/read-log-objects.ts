import { DatasetError } from "../dataset-error.ts";
import type { DatasetSource } from "../s3/dataset-source.ts";
import { type ActionError, type DeltaAction, parseActions } from "./delta-actions.ts";
import { classifyLogFile, type LogFile, padVersion } from "./delta-log-files.ts";

// Reading a Delta log's objects through the datasets port, every byte counted against one budget: the
// listing of `_delta_log/` (paged, bounded in keys), small objects read whole, and JSON commits parsed
// line by line into actions, a malformed line reported at its line.

export interface LogBudget {
  /** Bytes of log objects (commits, checkpoints, sidecars) still allowed. */
  bytesLeft: number;
  /** Listed keys still allowed. */
  keysLeft: number;
}

export function logPrefix(root: string): string {
  return `${root}_delta_log/`;
}

/** The log's files, listed from `fromVersion` on (all when undefined), in key order. */
export async function listLog(
  source: DatasetSource,
  root: string,
  fromVersion: number | undefined,
  budget: LogBudget,
): Promise<LogFile[]> {
  const prefix = logPrefix(root);
  const startAfter = fromVersion === undefined ? undefined : prefix + padVersion(fromVersion);
  const files: LogFile[] = [];
  let page: string | undefined;
  do {
    const listed = await source.list(prefix, page, startAfter);
    budget.keysLeft -= listed.objects.length;
    if (budget.keysLeft < 0)
      throw new DatasetError(prefix, "the Delta log has more files than the listing limit allows");
    for (const o of listed.objects) {
      if (startAfter !== undefined && o.uri <= startAfter) continue;
      const name = o.uri.slice(prefix.length);
      if (name.includes("/")) continue; // _sidecars/, _staged_commits/: reached through the log
      const file = classifyLogFile(name, o.uri, o.size, o.modified);
      if (file) files.push(file);
    }
    page = listed.next;
  } while (page !== undefined);
  return files;
}

/** An object's bytes, read whole within the budget (and within `maxBytes`, when given). */
export async function readLogObject(
  source: DatasetSource,
  uri: string,
  budget: LogBudget,
  maxBytes = budget.bytesLeft,
): Promise<Uint8Array> {
  if (budget.bytesLeft <= 0 || maxBytes > budget.bytesLeft)
    throw new DatasetError(uri, "the Delta log is larger than the log byte limit allows");
  const opened = await source.open(uri, maxBytes);
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of opened.body) {
      parts.push(chunk);
      length += chunk.byteLength;
    }
  } finally {
    opened.cancel();
  }
  budget.bytesLeft -= length;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The actions of a newline-delimited JSON log file (a commit or a JSON V2 checkpoint), in order. */
export function parseJsonLog(bytes: Uint8Array, uri: string): DeltaAction[] {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new DatasetError(uri, "the log file is not valid UTF-8");
  }
  const actions: DeltaAction[] = [];
  let line = 0;
  let offset = 0;
  for (const raw of text.split("\n")) {
    line++;
    const start = offset;
    offset += Buffer.byteLength(raw, "utf8") + 1;
    if (raw.trim() === "") continue;
    let row: unknown;
    try {
      row = JSON.parse(raw);
    } catch {
      throw new DatasetError(uri, "the line is not a JSON action", { line, column: 1, byteOffset: start });
    }
    try {
      actions.push(...parseActions(row));
    } catch (error) {
      throw new DatasetError(uri, (error as ActionError).message, { line, column: 1, byteOffset: start });
    }
  }
  return actions;
}
