// The fields Slipway's handlers read from each event they take, checked before a handler runs: a signed
// payload without them (a test delivery, a proxy that rewrote it, a GitHub change) is answered 400 with
// the missing field named, instead of failing in a handler with a TypeError and a 500 (issue #16).

type FieldType = "string" | "number" | "boolean" | "object" | "array";

/** `path:type`; a path below one of `nullable` is not needed when that object is null (a deleted fork). */
interface Shape {
  readonly actions: readonly string[] | null;
  readonly fields: readonly string[];
  readonly nullable?: readonly string[];
}

const REPOSITORY = [
  "repository.name:string",
  "repository.full_name:string",
  "repository.owner.login:string",
  "repository.default_branch:string",
  "installation.id:number",
];

const PULL_REQUEST = [
  "pull_request.number:number",
  "pull_request.state:string",
  "pull_request.head.sha:string",
  "pull_request.head.repo:object",
  "pull_request.head.repo.full_name:string",
  "pull_request.base.ref:string",
  "pull_request.base.repo.full_name:string",
];

/** Keyed by the X-GitHub-Event header; `actions` null means every action. */
export const PAYLOAD_SHAPES: Readonly<Record<string, Shape>> = {
  pull_request: {
    actions: ["opened", "synchronize", "reopened", "ready_for_review", "closed"],
    fields: [...REPOSITORY, ...PULL_REQUEST],
    nullable: ["pull_request.head.repo"],
  },
  check_run: {
    actions: ["rerequested"],
    fields: [...REPOSITORY, "check_run.name:string", "check_run.pull_requests:array"],
  },
  check_suite: { actions: ["rerequested"], fields: [...REPOSITORY, "check_suite.pull_requests:array"] },
  issue_comment: {
    actions: ["created"],
    fields: [
      ...REPOSITORY,
      "issue.number:number",
      "comment.id:number",
      "comment.body:string",
      "comment.user:object",
    ],
  },
  push: {
    actions: null,
    fields: [...REPOSITORY, "ref:string", "after:string", "repository.clone_url:string"],
  },
};

function typeOf(value: unknown): FieldType | "null" | "missing" {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean" ? t : t === "object" ? "object" : "missing";
}

/** The first field a payload of this event lacks, as `pull_request.head.sha (a string)`; null when complete or not taken. */
export function missingField(event: string, payload: unknown): string | null {
  if (typeOf(payload) !== "object") return "the payload (a JSON object)";
  const shape = PAYLOAD_SHAPES[event];
  if (!shape) return null;
  const action = (payload as { action?: unknown }).action;
  if (shape.actions && (typeof action !== "string" || !shape.actions.includes(action))) return null;
  for (const field of shape.fields) {
    const [path = "", wanted = ""] = field.split(":");
    const parts = path.split(".");
    let value: unknown = payload;
    let skipped = false;
    for (let i = 0; i < parts.length; i++) {
      const here = parts.slice(0, i).join(".");
      if (value === null && shape.nullable?.includes(here)) {
        skipped = true;
        break;
      }
      value = typeOf(value) === "object" ? (value as Record<string, unknown>)[parts[i] as string] : undefined;
    }
    if (skipped) continue;
    const actual = typeOf(value);
    if (actual === wanted) continue;
    if (actual === "null" && shape.nullable?.includes(path)) continue;
    return `${path} (${wanted === "array" ? "an array" : wanted === "object" ? "an object" : `a ${wanted}`})`;
  }
  return null;
}
