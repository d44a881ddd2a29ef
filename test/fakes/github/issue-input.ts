import { invalidRequest, isObject, type Reply, validationFailed } from "./replies.ts";
import type { FakeState, IssueStateReason, RepoState } from "./state.ts";

/** GitHub's limits for an issue: body 65,536 characters, title 256 (counted in code points). */
export const MAX_ISSUE_BODY = 65536;
export const MAX_ISSUE_TITLE = 256;

const tooLong = (name: "title" | "body", max: number): Reply =>
  validationFailed({
    resource: "Issue",
    code: "custom",
    field: name,
    message: `${name} is too long (maximum is ${max} characters)`,
  });

export function checkTitle(value: unknown): string | Reply {
  if (value === undefined) return invalidRequest(`"title" wasn't supplied.`);
  if (typeof value !== "string" && typeof value !== "number")
    return invalidRequest(`For 'properties/title', ${JSON.stringify(value)} is not a string or integer.`);
  const title = String(value);
  if (title.trim() === "")
    return validationFailed({ resource: "Issue", code: "missing_field", field: "title" });
  return [...title].length > MAX_ISSUE_TITLE ? tooLong("title", MAX_ISSUE_TITLE) : title;
}

export function checkBody(value: unknown): string | null | Reply {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string")
    return invalidRequest(`For 'properties/body', ${JSON.stringify(value)} is not a string or null.`);
  return [...value].length > MAX_ISSUE_BODY ? tooLong("body", MAX_ISSUE_BODY) : value;
}

/** Label names (strings or `{ name }`), deduplicated case-insensitively. */
export function checkLabels(value: unknown): string[] | Reply {
  if (!Array.isArray(value))
    return invalidRequest(`For 'properties/labels', ${JSON.stringify(value)} is not an array.`);
  const names: string[] = [];
  for (const item of value) {
    const name = typeof item === "string" ? item : isObject(item) ? item.name : undefined;
    if (typeof name !== "string" || name.trim() === "")
      return invalidRequest(`For 'items', ${JSON.stringify(item)} is not a label name.`);
    if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  return names;
}

/**
 * The repository's spelling of each label, creating the ones it lacks (GitHub creates unknown labels
 * when a user who may push sets them on an issue).
 */
export function ensureLabels(state: FakeState, repo: RepoState, names: readonly string[]): string[] {
  const known = state.labelsOf(repo);
  return names.map((name) => {
    const found = known.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (found) return found.name;
    known.push({ id: state.nextId(), name, color: "ededed", description: null });
    return name;
  });
}

export type IssueStateChange = { state: "open" | "closed"; reason: IssueStateReason | null };

const REASONS = ["completed", "not_planned", "reopened"] as const;

/** `state` and `state_reason` of a PATCH; closing without a reason is `completed`, reopening `reopened`. */
export function checkState(stateValue: unknown, reasonValue: unknown): IssueStateChange | undefined | Reply {
  if (stateValue === undefined) return undefined;
  if (stateValue !== "open" && stateValue !== "closed")
    return invalidRequest(
      `For 'properties/state', ${JSON.stringify(stateValue)} is not one of ["open","closed"].`,
    );
  if (
    reasonValue !== undefined &&
    reasonValue !== null &&
    !(REASONS as readonly unknown[]).includes(reasonValue)
  )
    return invalidRequest(
      `For 'properties/state_reason', ${JSON.stringify(reasonValue)} is not one of ${JSON.stringify(REASONS)}.`,
    );
  const reason = (reasonValue ?? null) as IssueStateReason | null;
  if (stateValue === "closed")
    return { state: "closed", reason: reason === null || reason === "reopened" ? "completed" : reason };
  return { state: "open", reason: "reopened" };
}
