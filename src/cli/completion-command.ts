import type { CliCommand } from "./cli-command.ts";
import { type CompletionSpec, completionScript, SHELLS, type Shell } from "./completion-scripts.ts";
import { type CliIo, EXIT_OK, UsageError } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const USAGE = `usage: slipway completion bash|zsh|fish

Prints a completion script for the shell: commands, their options, the values of options such as
--format, and files for arguments.
  bash   source <(slipway completion bash), or save it in /etc/bash_completion.d/slipway
  zsh    source <(slipway completion zsh) after compinit, or save it as _slipway in your $fpath
  fish   slipway completion fish | source, or save it as ~/.config/fish/completions/slipway.fish
Exit status: 0 printed, 2 usage error.
`;

const OPTIONS = { help: { type: "boolean", short: "h" } } as const;

export async function runCompletion(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, USAGE, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const [shell, ...extra] = positionals;
  if (shell === undefined) throw new UsageError(`name a shell: ${SHELLS.join(", ")}\n\n${USAGE}`);
  if (!SHELLS.includes(shell as Shell))
    throw new UsageError(`no completion for '${shell}': choose ${SHELLS.join(", ")}\n\n${USAGE}`);
  if (extra.length > 0) throw new UsageError(`expected one shell\n\n${USAGE}`);
  io.stdout(completionScript(shell as Shell, await completionSpecs()));
  return EXIT_OK;
}

/** Every command of the table, its module loaded for its options. */
export async function completionSpecs(): Promise<CompletionSpec[]> {
  const { COMMANDS } = await import("./main.ts");
  const specs: CompletionSpec[] = [];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const { command } = (await entry.load()) as { command: CliCommand };
    specs.push({
      name,
      summary: entry.summary,
      options: Object.entries(command.options).map(([option, o]) => ({
        name: option,
        takesValue: o.type === "string",
      })),
      choices: command.choices ?? {},
      verbs: command.verbs ?? [],
    });
  }
  return specs;
}

export const command: CliCommand = {
  run: runCompletion,
  options: OPTIONS,
  verbs: SHELLS,
};
