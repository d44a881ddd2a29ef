import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";

interface CommandEntry {
  summary: string;
  run: (args: string[], io: CliIo) => Promise<number>;
}

const commands: Record<string, CommandEntry> = {
  validate: {
    summary: "validate a platform repository (schemas, references, policy, credentials)",
    run: async (args, io) => (await import("./validate-command.ts")).runValidate(args, io),
  },
  render: {
    summary: "print the Kubernetes objects the repository declares for one environment (YAML)",
    run: async (args, io) => (await import("./render-command.ts")).runRender(args, io),
  },
  plan: {
    summary: "show what applying the repository to one environment would create, update and delete",
    run: async (args, io) => (await import("./plan-command.ts")).runPlan(args, io),
  },
  apply: {
    summary: "apply the repository to one environment's cluster (server-side apply, prune, health, rollback)",
    run: async (args, io) => (await import("./apply-command.ts")).runApply(args, io),
  },
  compare: {
    summary: "compare a model's candidate run with production in MLflow and judge its promotion gates",
    run: async (args, io) => (await import("./compare-command.ts")).runCompare(args, io),
  },
  drift: {
    summary: "compare two datasets, or run a Monitor of the repository (data drift, Evidently's tests)",
    run: async (args, io) => (await import("./drift-command.ts")).runDrift(args, io),
  },
  pipeline: {
    summary: "start a run of one of the repository's Pipelines in Kubeflow Pipelines (pipeline run)",
    run: async (args, io) => (await import("./pipeline-command.ts")).runPipeline(args, io),
  },
  serve: {
    summary: "run the Slipway server",
    run: async (args, io) => (await import("./serve-command.ts")).runServe(args, io),
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: slipway <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'slipway <command> --help' for a command's options.\n`;
}

/** Runs one CLI invocation and returns its exit code; never throws for user errors. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr(`slipway: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`slipway ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`slipway ${name}: ${message}\n`);
    return EXIT_USAGE;
  }
}
