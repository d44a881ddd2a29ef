import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { UsageError } from "./io.ts";

/**
 * Every command's argument parsing: strict options (an unknown or malformed one is a usage error that
 * ends with the command's usage text), positionals allowed unless the command takes none.
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(
  args: string[],
  usage: string,
  options: O,
  positionals: "allowed" | "none" = "allowed",
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals === "allowed" });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}
