import { invalid, type Reply } from "./replies.ts";

/**
 * KFP's gateway unmarshals with DiscardUnknown: false (`common.CustomMarshaler`), so a field the message
 * does not have is a 400 rather than silently dropped. Only the top level is checked here.
 */
export function unknownFields(body: Record<string, unknown>, allowed: readonly string[]): Reply | null {
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  return unknown === undefined ? null : invalid(`proto: (line 1:2): unknown field "${unknown}"`);
}
