import type { CommandSpec } from "./command-spec.ts";

/**
 * The command specs known today. Later features add theirs here (plan, compare, drift, apply, approve,
 * promote, rollback, unlock, retry); the parser, help and permission checks need nothing else.
 */
export const BUILTIN_COMMANDS: readonly CommandSpec[] = [
  {
    name: "help",
    summary: "list the commands and who may run them",
    args: [],
    flags: [],
    permission: { level: "read" },
  },
  {
    name: "plan",
    summary: "show again what merging would change in each environment (offline, against the default branch)",
    args: [],
    flags: [],
    permission: { level: "write" },
  },
  {
    name: "validate",
    summary: "validate the pull request's head again and refresh the check and this comment",
    args: [],
    flags: [],
    permission: { level: "write" },
  },
];

export function commandRegistry(
  specs: readonly CommandSpec[] = BUILTIN_COMMANDS,
): ReadonlyMap<string, CommandSpec> {
  return new Map(specs.map((s) => [s.name, s]));
}
