import { StateError } from "./state-error.ts";

/** SQLite's result codes that mean "someone else holds the lock" (SQLITE_BUSY, SQLITE_LOCKED). */
const BUSY = new Set([5, 6]);

/**
 * Wraps calls into `node:sqlite` so that what SQLite throws (cannot open, disk full, read-only, locked)
 * becomes a StateError naming the database and SQLite's own words; the store's own errors pass through.
 */
export function sqliteGuard(where: string): <T>(work: () => T) => T {
  return (work) => {
    try {
      return work();
    } catch (error) {
      if (error instanceof StateError) throw error;
      const { code, errcode, errstr, message } = error as {
        code?: unknown;
        errcode?: unknown;
        errstr?: unknown;
        message?: unknown;
      };
      if (code !== "ERR_SQLITE_ERROR" && !(typeof message === "string" && /database/i.test(message)))
        throw error;
      const said = typeof message === "string" ? message : String(errstr);
      const busy = typeof errcode === "number" && BUSY.has(errcode & 0xff);
      throw new StateError(
        "unavailable",
        busy
          ? `${where} stayed locked by another process past the busy timeout (${said})`
          : `${where} cannot be used: ${said}`,
      );
    }
  };
}
