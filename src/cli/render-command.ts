import { renderEnvironment } from "../render/render-environment.ts";
import { objectsYaml } from "../report/objects-yaml.ts";
import type { CliCommand } from "./cli-command.ts";
import { type CliIo, EXIT_OK, UsageError } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { assumedBindingNote, checkCommit, loadRenderInputs, UNKNOWN_COMMIT } from "./render-inputs.ts";

const USAGE = `usage: slipway render [DIR] --env ENV [--server-config FILE] [--repo OWNER/NAME] [--commit SHA]

Prints the Kubernetes objects the platform repository (default: the current directory) declares for one
environment, as multi-document YAML on stdout. Nothing is applied and no cluster is contacted.
  --env ENV             the environment (declared in .slipway.yml)
  --server-config FILE  take the environment's binding (namespaces, KServe mode, GPU placement) from the
                        server configuration; without it: KServe Standard mode, no GPU placement, and
                        namespace default for objects whose manifest names none
  --repo OWNER/NAME     which binding of the server configuration applies (needed when it has several)
  --commit SHA          the source commit annotated on every object (default: unknown)
Exit status: 0 rendered, 1 the repository is invalid, 2 usage or I/O error.
`;

export async function runRender(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one directory\n\n${USAGE}`);
  checkCommit(values.commit, USAGE);
  const inputs = await loadRenderInputs(
    "render",
    { dir: positionals[0], env: values.env, serverConfig: values["server-config"], repo: values.repo },
    io,
    USAGE,
  );
  if (!inputs.ok) return inputs.exit;
  const result = renderEnvironment({
    snapshot: inputs.snapshot,
    environment: inputs.environment,
    binding: inputs.binding,
    commit: values.commit ?? UNKNOWN_COMMIT,
  });
  if (inputs.assumed) io.stderr(assumedBindingNote("render", inputs.environment, result.objects));
  for (const s of result.skipped)
    io.stderr(`slipway render: not rendered: ${s.kind} ${s.name} (${s.path}): ${s.reason}\n`);
  io.stdout(objectsYaml(result.objects));
  return EXIT_OK;
}

const OPTIONS = {
  env: { type: "string" },
  "server-config": { type: "string" },
  repo: { type: "string" },
  commit: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(args: string[]) {
  return parseCommandArgs(args, USAGE, OPTIONS);
}

export const command: CliCommand = { run: runRender, options: OPTIONS };
