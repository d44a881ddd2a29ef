import type { DatabaseSync } from "node:sqlite";

/**
 * Runs `work` in a `BEGIN IMMEDIATE` transaction: the write lock is taken before the first read, so two
 * processes on one database file cannot both read the same head of the line and both claim it. Another
 * holder of the lock makes this wait (the connection's busy timeout), not fail at once.
 */
export function immediate<T>(db: DatabaseSync, work: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
