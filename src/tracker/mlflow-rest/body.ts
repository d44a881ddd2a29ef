import { TrackerFault } from "../tracker-fault.ts";

/** Answers above this are refused unread: no MLflow reply Slipway needs comes near it. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Reads a response body as text, stopping (and cancelling the stream) as soon as it passes `limit`
 * bytes, so a hostile or broken server cannot make Slipway buffer an unbounded answer.
 */
export async function readBoundedText(response: Response, limit: number, where: string): Promise<string> {
  const tooLarge = (): TrackerFault =>
    new TrackerFault("invalid", `${where} answered with a body larger than ${limit} bytes; it was not read.`);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/** Parses a 2xx body that must be a JSON object; MLflow answers `{}` even when nothing is set. */
export function parseJsonObject(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new TrackerFault("invalid", `${where} answered with a body that is not JSON.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TrackerFault("invalid", `${where} answered with JSON that is not an object.`);
  return value as Record<string, unknown>;
}
