import { closestMatch } from "../manifests/closest-match.ts";
import { commandLines } from "./command-lines.ts";
import { type CommandSpec, type ParsedCommand, usageOf } from "./command-spec.ts";

export type CommentOutcome =
  | { kind: "ignore" }
  | { kind: "reply"; text: string }
  | { kind: "command"; command: ParsedCommand; spec: CommandSpec };

export interface CommentAuthor {
  login: string;
  type: string;
}

const PREFIX = "/slipway";
const MAX_COMMENT_CHARS = 65_536;
const MAX_ARGUMENTS = 8;
const MAX_TOKEN_CHARS = 100;
/** Arguments are names, versions and refs: nothing a shell, a path or a template could misread. */
const SAFE_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:@/=-]*$/;

/**
 * Reads a PR comment: a command (`/slipway <name> …` starting a line of paragraph text; see
 * command-lines.ts for what is not), an immediate reply (help, unknown command with a suggestion, bad arguments), or nothing to do. Pure: no
 * I/O, and comments from bots are ignored so Slipway never answers itself or another app.
 */
export function parseComment(
  body: string,
  author: CommentAuthor,
  registry: ReadonlyMap<string, CommandSpec>,
): CommentOutcome {
  if (author.type === "Bot" || author.login.endsWith("[bot]")) return { kind: "ignore" };
  const lines = commandLines(body.slice(0, MAX_COMMENT_CHARS));
  const [line, second] = lines;
  if (line === undefined) return { kind: "ignore" };
  if (second !== undefined) return reply("Put one `/slipway` command in a comment; nothing was run.");
  const tokens = line.slice(PREFIX.length).trim().split(/\s+/).filter(Boolean);
  const [name, ...rest] = tokens;
  if (name === undefined || name === "help" || name === "--help") return reply(helpText(registry));
  const spec = registry.get(name.toLowerCase());
  if (!spec) {
    const guess = closestMatch(name.slice(0, MAX_TOKEN_CHARS), [...registry.keys()]);
    const suggestion = guess ? ` Did you mean \`/slipway ${guess}\`?` : "";
    return reply(`\`${printable(name)}\` is not a Slipway command.${suggestion}\n\n${helpText(registry)}`);
  }
  // Each value of a repeatable flag adds two tokens (`--param a=1`) to what a command may take.
  const extra = spec.flags.reduce((n, f) => n + (f.repeatable ? 2 * (f.repeatable.max - 1) : 0), 0);
  if (rest.length > MAX_ARGUMENTS + extra) return reply(`Too many arguments. Usage: \`${usageOf(spec)}\``);
  const unsafe = rest.find(
    (t) =>
      t.length > MAX_TOKEN_CHARS || !(t.startsWith("--") ? SAFE_TOKEN.test(t.slice(2)) : SAFE_TOKEN.test(t)),
  );
  if (unsafe !== undefined) {
    return reply(`\`${printable(unsafe)}\` is not an argument Slipway accepts. Usage: \`${usageOf(spec)}\``);
  }
  return bind(spec, rest);
}

function bind(spec: CommandSpec, tokens: string[]): CommentOutcome {
  const args: Record<string, string> = {};
  const flags: Record<string, string | true> = {};
  const lists: Record<string, string[]> = {};
  const positional: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (!token.startsWith("--")) {
      positional.push(token);
      continue;
    }
    const flag = spec.flags.find((f) => f.name === token.slice(2));
    if (!flag)
      return reply(`\`${printable(token)}\` is not a flag of \`${spec.name}\`. Usage: \`${usageOf(spec)}\``);
    if (Object.hasOwn(flags, flag.name) && !flag.repeatable)
      return reply(`\`--${flag.name}\` is given twice. Usage: \`${usageOf(spec)}\``);
    if (!flag.value) {
      flags[flag.name] = true;
      continue;
    }
    const value = tokens[i + 1];
    if (value === undefined || value.startsWith("--") || !flag.value.pattern.test(value)) {
      return reply(`\`--${flag.name}\` needs a ${flag.value.describes}. Usage: \`${usageOf(spec)}\``);
    }
    flags[flag.name] = value;
    if (flag.repeatable) {
      const list = lists[flag.name] ?? [];
      if (list.length >= flag.repeatable.max)
        return reply(
          `\`--${flag.name}\` is given more than ${flag.repeatable.max} times. Usage: \`${usageOf(spec)}\``,
        );
      lists[flag.name] = [...list, value];
    }
    i++;
  }
  if (positional.length > spec.args.length) {
    return reply(
      `\`${spec.name}\` takes at most ${spec.args.length} argument(s). Usage: \`${usageOf(spec)}\``,
    );
  }
  for (const [i, arg] of spec.args.entries()) {
    const value = positional[i];
    if (value === undefined) {
      if (arg.required)
        return reply(`\`${spec.name}\` needs a ${arg.describes}. Usage: \`${usageOf(spec)}\``);
      continue;
    }
    if (!arg.pattern.test(value)) {
      return reply(`\`${printable(value)}\` is not a valid ${arg.describes}. Usage: \`${usageOf(spec)}\``);
    }
    args[arg.name] = value;
  }
  const command = { name: spec.name, args, flags, ...(Object.keys(lists).length > 0 ? { lists } : {}) };
  return { kind: "command", command, spec };
}

/** The help reply, generated from the registry so it can never list a command that does not exist. */
export function helpText(registry: ReadonlyMap<string, CommandSpec>): string {
  const rows = [...registry.values()]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((spec) => `| \`${usageOf(spec)}\` | ${spec.summary} | ${permissionWords(spec)} |`);
  return [
    "**Slipway commands**",
    "",
    "| command | what it does | who may run it |",
    "|---|---|---|",
    ...rows,
  ].join("\n");
}

function permissionWords(spec: CommandSpec): string {
  return "level" in spec.permission ? `${spec.permission.level} access` : "a declared approver";
}

function reply(text: string): CommentOutcome {
  return { kind: "reply", text };
}

/** Echoes user text safely inside backticks: no backticks, no control characters, bounded length. */
function printable(text: string): string {
  const clean = text.replace(/[`\\]/g, "").replace(/\p{Cc}/gu, "");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
