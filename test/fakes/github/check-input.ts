import { invalidRequest, isObject, type Reply, validationFailed } from "./replies.ts";
import type { Annotation } from "./state.ts";

export const MAX_ANNOTATIONS_PER_REQUEST = 50;
export const MAX_OUTPUT_CHARS = 65535;
const MAX_ANNOTATION_DETAIL_BYTES = 64 * 1024;
const MAX_ANNOTATION_TITLE_CHARS = 255;

const STATUSES = ["queued", "in_progress", "completed"];
/** `stale` is set by GitHub only; `startup_failure` by Actions only. */
const CONCLUSIONS = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "timed_out"];
const LEVELS = ["notice", "warning", "failure"];

export interface CheckInput {
  name?: string;
  headSha?: string;
  status?: "queued" | "in_progress" | "completed";
  conclusion?: string;
  detailsUrl?: string;
  externalId?: string;
  output?: { title: string; summary: string; text: string | null; annotations: Annotation[] };
}

/** "x" wasn't supplied. / "x", "y" weren't supplied. — GitHub's schema wording. */
function missing(names: string[]): string {
  const list = names.map((n) => `"${n}"`).join(", ");
  return `${list} ${names.length === 1 ? "wasn't" : "weren't"} supplied.`;
}

function notOneOf(name: string, value: unknown, allowed: string[]): string {
  return `For 'properties/${name}', ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}.`;
}

/** Summary and text: the schema counts characters, the model then counts UTF-8 bytes (both 65,535). */
function checkText(name: "summary" | "text", value: string): Reply | undefined {
  const chars = [...value].length;
  if (chars > MAX_OUTPUT_CHARS)
    return invalidRequest(`Only ${MAX_OUTPUT_CHARS} characters are allowed; ${chars} were supplied.`);
  if (Buffer.byteLength(value, "utf8") > MAX_OUTPUT_CHARS)
    return validationFailed({
      resource: "CheckRun",
      code: "custom",
      field: name,
      message: `${name} exceeds a maximum bytesize of ${MAX_OUTPUT_CHARS}`,
    });
  return undefined;
}

function parseAnnotation(raw: unknown): Annotation | Reply {
  if (!isObject(raw)) return invalidRequest("For 'items', annotations must be objects.");
  const required = ["path", "start_line", "end_line", "annotation_level", "message"];
  const absent = required.filter((k) => raw[k] === undefined || raw[k] === null);
  if (absent.length > 0) return invalidRequest(missing(absent));
  const {
    path,
    start_line,
    end_line,
    start_column,
    end_column,
    annotation_level,
    message,
    title,
    raw_details,
  } = raw;
  if (typeof path !== "string" || typeof message !== "string")
    return invalidRequest("For 'properties/path' and 'properties/message', a string is required.");
  if (!Number.isInteger(start_line) || !Number.isInteger(end_line))
    return invalidRequest("For 'properties/start_line' and 'properties/end_line', an integer is required.");
  if (typeof annotation_level !== "string" || !LEVELS.includes(annotation_level))
    return invalidRequest(notOneOf("annotation_level", annotation_level, LEVELS));
  if ((start_column !== undefined || end_column !== undefined) && start_line !== end_line)
    return validationFailed({
      resource: "CheckRun",
      code: "custom",
      field: "annotations",
      message: "start_column and end_column may only be used when start_line and end_line are the same",
    });
  if (Buffer.byteLength(message) > MAX_ANNOTATION_DETAIL_BYTES)
    return validationFailed({
      resource: "CheckRun",
      code: "custom",
      field: "message",
      message: "message is too long",
    });
  if (typeof raw_details === "string" && Buffer.byteLength(raw_details) > MAX_ANNOTATION_DETAIL_BYTES)
    return validationFailed({
      resource: "CheckRun",
      code: "custom",
      field: "raw_details",
      message: "raw_details is too long",
    });
  if (typeof title === "string" && [...title].length > MAX_ANNOTATION_TITLE_CHARS)
    return validationFailed({
      resource: "CheckRun",
      code: "custom",
      field: "title",
      message: "title is too long",
    });
  return {
    path,
    start_line: start_line as number,
    end_line: end_line as number,
    ...(typeof start_column === "number" ? { start_column } : {}),
    ...(typeof end_column === "number" ? { end_column } : {}),
    annotation_level: annotation_level as Annotation["annotation_level"],
    message,
    ...(typeof title === "string" ? { title } : {}),
    ...(typeof raw_details === "string" ? { raw_details } : {}),
  };
}

const isReply = (v: unknown): v is Reply => isObject(v) && typeof v.status === "number" && "body" in v;

/** Validates a create (all required fields) or update body against GitHub's check-run contract. */
export function parseCheckInput(body: unknown, creating: boolean): CheckInput | Reply {
  if (!isObject(body)) return invalidRequest("Body should be a JSON object");
  if (creating) {
    const absent = ["name", "head_sha"].filter((k) => typeof body[k] !== "string" || body[k] === "");
    if (absent.length > 0) return invalidRequest(missing(absent));
  }
  const input: CheckInput = {};
  if (typeof body.name === "string") input.name = body.name;
  if (typeof body.head_sha === "string") input.headSha = body.head_sha;
  if (typeof body.details_url === "string") input.detailsUrl = body.details_url;
  if (typeof body.external_id === "string") input.externalId = body.external_id;
  if (body.status !== undefined) {
    if (typeof body.status !== "string" || !STATUSES.includes(body.status))
      return invalidRequest(notOneOf("status", body.status, STATUSES));
    input.status = body.status as CheckInput["status"];
  }
  if (body.conclusion !== undefined && body.conclusion !== null) {
    if (typeof body.conclusion !== "string" || !CONCLUSIONS.includes(body.conclusion))
      return invalidRequest(notOneOf("conclusion", body.conclusion, CONCLUSIONS));
    input.conclusion = body.conclusion;
    // Giving a conclusion completes the run, whatever status says.
    input.status = "completed";
  }
  if (input.status === "completed" && input.conclusion === undefined)
    return invalidRequest(missing(["conclusion"]));
  if (body.output !== undefined) {
    const out = body.output;
    if (!isObject(out)) return invalidRequest("For 'properties/output', an object is required.");
    const absent = ["title", "summary"].filter((k) => typeof out[k] !== "string");
    if (absent.length > 0) return invalidRequest(missing(absent));
    const summary = out.summary as string;
    const text = typeof out.text === "string" ? out.text : null;
    const tooLong = checkText("summary", summary) ?? (text === null ? undefined : checkText("text", text));
    if (tooLong) return tooLong;
    const rawAnnotations = out.annotations ?? [];
    if (!Array.isArray(rawAnnotations))
      return invalidRequest("For 'properties/annotations', an array is required.");
    if (rawAnnotations.length > MAX_ANNOTATIONS_PER_REQUEST)
      return invalidRequest(
        `No more than ${MAX_ANNOTATIONS_PER_REQUEST} items are allowed; ${rawAnnotations.length} were supplied.`,
      );
    const annotations: Annotation[] = [];
    for (const raw of rawAnnotations) {
      const parsed = parseAnnotation(raw);
      if (isReply(parsed)) return parsed;
      annotations.push(parsed);
    }
    input.output = { title: out.title as string, summary, text, annotations };
  }
  return input;
}

export { isReply };
