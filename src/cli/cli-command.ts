import type { ParseArgsOptionsConfig } from "node:util";
import type { CliIo } from "./io.ts";

/**
 * One `slipway <name>` command as its module exports it (`export const command: CliCommand`). The
 * table in main.ts loads the module only when the command runs, or when shell completion asks for
 * its options; a new command is one module plus one line in that table.
 */
export interface CliCommand {
  run(args: string[], io: CliIo): Promise<number>;
  /** Every option the command takes (all forms of it), for completion and did-you-mean. */
  readonly options: ParseArgsOptionsConfig;
  /** The values an option accepts, where they are a fixed list (offered by shell completion). */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
  /** Subcommands, for commands whose first argument is a verb (`slipway completion bash`). */
  readonly verbs?: readonly string[];
}
