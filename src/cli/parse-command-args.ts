import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { closestMatch } from "../manifests/closest-match.ts";
import { UsageError } from "./io.ts";

/**
 * Every command's argument parsing: strict options (an unknown or malformed one is a usage error that
 * names the option, suggests the nearest one and ends with the command's usage text), positionals
 * allowed unless the command takes none. `--help`/`-h` anywhere before `--` asks for help and nothing
 * else is parsed, so `slipway drift --monitor --help` is help, not "--monitor needs a value".
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(
  args: string[],
  usage: string,
  options: O,
  positionals: "allowed" | "none" = "allowed",
) {
  if (asksForHelp(args)) {
    const help = { help: true } as unknown as ReturnType<typeof parseArgs<{ options: O }>>["values"];
    return { values: help, positionals: [] as string[] };
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals === "allowed" });
  } catch (error) {
    throw new UsageError(`${argumentProblem(error as NodeJS.ErrnoException, options)}\n\n${usage}`);
  }
}

/** `--help` or `-h` before the `--` that ends options. */
export function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
}

/** Node's parser messages, reworded to say what is wrong and what was probably meant. */
export function argumentProblem(error: NodeJS.ErrnoException, options: ParseArgsOptionsConfig): string {
  const message = error.message;
  const names = Object.keys(options).map((name) => `--${name}`);
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const given = /'([^']*)'/.exec(message)?.[1] ?? "";
    const flag = given.split("=")[0] ?? given;
    const guess = flag.startsWith("--") ? closestMatch(flag, names) : undefined;
    return `unknown option ${flag}${guess ? ` (did you mean ${guess}?)` : ""}`;
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = /--[A-Za-z0-9-]+/.exec(message)?.[0] ?? /'(-\w)/.exec(message)?.[1] ?? "the option";
    if (message.includes("does not take an argument")) return `${flag} takes no value`;
    if (message.includes("ambiguous"))
      return `${flag} needs a value (write ${flag}=VALUE when the value starts with '-')`;
    return `${flag} needs a value`;
  }
  if (error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const given = /'([^']*)'/.exec(message)?.[1] ?? "";
    return `unexpected argument '${given}': this command takes options only`;
  }
  return message;
}
