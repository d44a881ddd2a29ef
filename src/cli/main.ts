import { closestMatch } from "../manifests/closest-match.ts";
import type { CliCommand } from "./cli-command.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { slipwayVersion } from "./version.ts";

export interface CommandEntry {
  summary: string;
  /** Imports the command's module when it runs: `slipway validate` never loads the server. */
  load: () => Promise<{ command: CliCommand }>;
}

/** Every `slipway` command, in the order `slipway --help` lists them. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  init: {
    summary:
      "create a platform repository: the template, editor schemas, a CI workflow (refuses to overwrite)",
    load: () => import("./init-command.ts"),
  },
  validate: {
    summary: "validate a platform repository or some of its files (schemas, references, policy, credentials)",
    load: () => import("./validate-command.ts"),
  },
  render: {
    summary: "print the Kubernetes objects the repository declares for one environment (YAML)",
    load: () => import("./render-command.ts"),
  },
  plan: {
    summary: "show what applying the repository to one environment would create, update and delete",
    load: () => import("./plan-command.ts"),
  },
  apply: {
    summary: "apply the repository to one environment's cluster (server-side apply, prune, health, rollback)",
    load: () => import("./apply-command.ts"),
  },
  compare: {
    summary: "compare a model's candidate run with production in MLflow and judge its promotion gates",
    load: () => import("./compare-command.ts"),
  },
  drift: {
    summary: "compare two datasets, or run a Monitor of the repository (data drift, Evidently's tests)",
    load: () => import("./drift-command.ts"),
  },
  pipeline: {
    summary: "start a run of one of the repository's Pipelines in Kubeflow Pipelines (pipeline run)",
    load: () => import("./pipeline-command.ts"),
  },
  serve: {
    summary: "run the Slipway server (the GitHub App)",
    load: () => import("./serve-command.ts"),
  },
  completion: {
    summary: "print a shell completion script: slipway completion bash|zsh|fish",
    load: () => import("./completion-command.ts"),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return (
    "usage: slipway <command> [options]\n       slipway --version\n\n" +
    `commands:\n${lines.join("\n")}\n\n` +
    "Run 'slipway <command> --help' for a command's options.\n" +
    "Exit status: 0 ok, 1 findings (invalid manifests, failed gates, drift), 2 usage, configuration or\n" +
    "I/O error, or a service that could not be reached.\n"
  );
}

/** Runs one CLI invocation and returns its exit code; never throws for user errors. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    if (name === "help" && rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0]))
      return main([rest[0], "--help"], io);
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout(`slipway ${slipwayVersion()}\n`);
    return EXIT_OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    const guess = closestMatch(name, Object.keys(COMMANDS));
    const hint = guess ? ` (did you mean '${guess}'?)` : "";
    io.stderr(`slipway: unknown command '${name}'${hint}\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    const { command } = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`slipway ${name}: ${briefly(error.message, name)}\n`);
      return EXIT_USAGE;
    }
    // A fault nothing more specific caught (a file that cannot be read, a service that is down): said
    // in one line, without a stack trace, and exit 2 as the help of every command documents.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`slipway ${name}: ${message}\n`);
    return EXIT_USAGE;
  }
}

/**
 * A usage error with the command's usage text shortened to its synopsis (the lines up to the first
 * blank line after "usage:"), and where to find the rest: the problem stays on screen.
 */
function briefly(message: string, command: string): string {
  const at = message.indexOf("\n\nusage: ");
  if (at < 0) return message;
  const usage = message.slice(at + 2);
  const end = usage.indexOf("\n\n");
  const synopsis = end < 0 ? usage.trimEnd() : usage.slice(0, end);
  return `${message.slice(0, at)}\n\n${synopsis}\nRun 'slipway ${command} --help' for every option.`;
}
