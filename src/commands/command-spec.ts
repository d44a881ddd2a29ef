/** GitHub's repository permission levels, lowest first (the collaborator permission API's values). */
export const PERMISSION_LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** What a command needs from its author: a repository permission, or to be a declared approver. */
export type CommandPermission = { level: Exclude<PermissionLevel, "none"> } | { approverOf: "environment" };

export interface ArgumentSpec {
  name: string;
  required: boolean;
  /** What the argument names, for help and errors ("environment", "model"). */
  describes: string;
  pattern: RegExp;
}

export interface FlagSpec {
  name: string;
  /** Flags either take one value (`--to staging`) or none (`--force`). */
  value: { describes: string; pattern: RegExp } | null;
  /** May be given several times (`--param a=1 --param b=2`); the values are in `ParsedCommand.lists`. */
  repeatable?: { max: number };
}

/** One `/slipway <name>` command: its arguments and who may run it. Runners live with the workflows. */
export interface CommandSpec {
  name: string;
  summary: string;
  args: readonly ArgumentSpec[];
  flags: readonly FlagSpec[];
  permission: CommandPermission;
  /** Where it may be written: pull requests only (the default), or issues too. */
  onIssues?: boolean;
}

export interface ParsedCommand {
  name: string;
  args: Record<string, string>;
  flags: Record<string, string | true>;
  /** Values of repeatable flags, in the order given. */
  lists?: Record<string, string[]>;
}

export function usageOf(spec: CommandSpec): string {
  const args = spec.args.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`));
  const flags = spec.flags.map(
    (f) => `[--${f.name}${f.value ? ` <${f.value.describes}>` : ""}${f.repeatable ? " …" : ""}]`,
  );
  return ["/slipway", spec.name, ...args, ...flags].join(" ");
}

export function meetsLevel(actual: PermissionLevel, needed: PermissionLevel): boolean {
  return PERMISSION_LEVELS.indexOf(actual) >= PERMISSION_LEVELS.indexOf(needed);
}
