import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical.ts";

/** sha256 of the canonical JSON of a value, hex. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/**
 * A DNS-1123 object name from parts: Feast's `_` becomes `-`, and a name over `max` characters is cut
 * and suffixed with a hash of the full name so two long names never collide. CronJob names are capped at
 * 52 characters because the controller appends an 11-character suffix to the Jobs it creates.
 */
export function objectName(parts: readonly string[], max = 63): string {
  const full = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (full.length <= max) return full;
  const suffix = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, max - suffix.length - 1).replace(/-$/, "")}-${suffix}`;
}

export const CRONJOB_NAME_MAX = 52;
