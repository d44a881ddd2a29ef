import type { SQLOutputValue } from "node:sqlite";
import type { EnvironmentState } from "./environment-state.ts";
import type { Approval, DeployRecord } from "./environment-store.ts";
import { readFields } from "./field-reader.ts";
import type { QueuedIntent } from "./intent.ts";
import { readApproval, readDeployRecord, readEnvironmentState } from "./parse-records.ts";
import { readQueuedIntent } from "./queued-intent.ts";
import { StateError } from "./state-error.ts";

type Row = Record<string, SQLOutputValue>;

/**
 * Rows of the embedded store read back into records, every column checked. A row that does not read
 * (edited by hand, a disk fault) is a StateError naming the file, the table and the row's id — the
 * executor reports it and goes on, and the row can be repaired or the intent cancelled.
 */
export class RowReader {
  readonly where: string;

  constructor(where: string) {
    this.where = where;
  }

  corrupt(table: string, id: unknown, problem: string): StateError {
    return new StateError(
      "corrupt",
      `${this.where}: table ${table}, row ${table === "states" ? "for environment" : "id"} ${String(id)}: ${problem}`,
    );
  }

  #json(table: string, id: unknown, column: string, value: unknown): unknown {
    if (typeof value !== "string") throw this.corrupt(table, id, `column ${column} is not text`);
    try {
      return JSON.parse(value);
    } catch {
      throw this.corrupt(table, id, `column ${column} is not JSON`);
    }
  }

  #read<T>(table: string, id: unknown, read: () => T): T {
    const result = readFields(read);
    if ("problem" in result) throw this.corrupt(table, id, result.problem);
    return result.value;
  }

  intent(row: Row): QueuedIntent {
    const intent = this.#json("intents", row.id, "intent", row.intent);
    return this.#read("intents", row.id, () =>
      readQueuedIntent(
        {
          id: row.id,
          environment: row.environment,
          intent,
          requestedBy: row.requested_by,
          status: row.status,
          enqueuedAt: row.enqueued_at,
          claimedBy: row.claimed_by,
          claimedAt: row.claimed_at,
          finishedAt: row.finished_at,
          note: row.note,
        },
        "",
      ),
    );
  }

  state(row: Row, environment: string): EnvironmentState {
    const value = this.#json("states", environment, "state", row.state);
    const state = this.#read("states", environment, () => readEnvironmentState(value));
    if (state.environment !== environment)
      throw this.corrupt("states", environment, `the record is environment ${state.environment}'s`);
    if (state.revision !== row.revision)
      throw this.corrupt(
        "states",
        environment,
        `revision ${state.revision} in the record, ${String(row.revision)} in its column`,
      );
    return state;
  }

  deploy(row: Row): DeployRecord {
    const value = this.#json("deploys", row.id, "record", row.record);
    return this.#read("deploys", row.id, () => readDeployRecord(value, "record"));
  }

  approval(row: Row): Approval {
    return this.#read("approvals", row.id, () =>
      readApproval(
        { environment: row.environment, commit: row.commit_sha, login: row.login, at: row.at },
        "approval",
      ),
    );
  }
}
