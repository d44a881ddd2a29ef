import { UsageError } from "./io.ts";

/** `--now ISO-TIME`: the run's time, for reproducible windows and reports. */
export function parseNow(text: string): Date {
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(text) || Number.isNaN(at.getTime()))
    throw new UsageError(`--now takes an ISO 8601 time such as 2026-11-25T06:00:00Z, not '${text}'`);
  return at;
}
