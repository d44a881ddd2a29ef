import type { CliCommand } from "./cli-command.ts";
import { type CliIo, EXIT_OK, UsageError } from "./io.ts";
import { PIPELINE_RUN_USAGE, runPipelineRun } from "./pipeline-run-command.ts";

const USAGE = `usage: slipway pipeline <subcommand> [options]

subcommands:
  run   start one run of a Pipeline in Kubeflow Pipelines

${PIPELINE_RUN_USAGE}`;

/** `slipway pipeline …`: the repository's Pipelines in Kubeflow Pipelines. */
export async function runPipeline(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(USAGE);
    return sub === undefined ? 2 : EXIT_OK;
  }
  if (sub === "run") return runPipelineRun(rest, io);
  throw new UsageError(`unknown subcommand '${sub}'\n\n${USAGE}`);
}

export const command: CliCommand = {
  run: runPipeline,
  options: { help: { type: "boolean", short: "h" } },
  verbs: ["run"],
};
