import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type CompiledPackage,
  MAX_PACKAGE_BYTES,
  readCompiledPackage,
} from "../manifests/compiled-package.ts";
import type { Manifest } from "../manifests/snapshot.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { connectKfp } from "../pipelines/connect-bound-pipelines.ts";
import { kfpRequestBodies } from "../pipelines/kfp-rest/kfp-pipelines.ts";
import { isPipelinesFault } from "../pipelines/pipelines-fault.ts";
import type { PipelineSource, RunRequest } from "../pipelines/pipelines-port.ts";
import { readPipelinePackage } from "../pipelines/read-package.ts";
import { runParameters } from "../plan/pipeline-run.ts";
import { packageSourceOf } from "../plan/recurring-runs.ts";
import { readDirectory } from "../repo/read-directory.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import { ensureExperiment } from "../workflows/pipelines/ensure-in-kfp.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

export const PIPELINE_RUN_USAGE = `usage: slipway pipeline run PIPELINE [DIR] [--kfp-endpoint URL] [--namespace NS] [--token-file F]
                             [--param NAME=VALUE …] [--package FILE] [--dry-run] [--format text|json]

Starts one run of a Pipeline of the repository in Kubeflow Pipelines (API v2beta1): its compiled
package sent as the run's pipeline spec (a \`package.pipeline\` runs that pipeline's version in KFP), its
parameters with --param overrides typed as the compiled pipeline declares them, its service account,
in its experiment (found or created).
  --kfp-endpoint URL   the KFP API, e.g. https://kubeflow.example/pipeline; default: $KFP_ENDPOINT
  --namespace NS       a multi-user install's profile namespace; default: $KFP_NAMESPACE
  --token-file F       a bearer token (e.g. a projected service-account token); default: $KFP_TOKEN_FILE
  --param NAME=VALUE   override a parameter (repeat for several)
  --package FILE       the compiled pipeline, read offline instead of the manifest's path or uri
  --dry-run            print the request body, send nothing
  --format FORMAT      text (default) or json
Exit status: 0 the run was created (or the dry run printed), 2 usage, a parameter KFP would refuse, I/O or
a Kubeflow Pipelines fault.
`;

const FORMATS = ["text", "json"] as const;

function options(args: string[]) {
  return parseCommandArgs(args, PIPELINE_RUN_USAGE, {
    "kfp-endpoint": { type: "string" },
    namespace: { type: "string" },
    "token-file": { type: "string" },
    param: { type: "string", multiple: true },
    package: { type: "string" },
    "dry-run": { type: "boolean" },
    format: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
}

/** The compiled package: `--package FILE`, else the manifest's path (in DIR) or uri (AWS chain, https). */
async function loadPackage(
  manifest: Manifest<"Pipeline">,
  file: string | undefined,
  dir: string,
  io: CliIo,
  tree: Awaited<ReturnType<typeof readDirectory>>,
): Promise<{ package: CompiledPackage } | { problem: string } | null> {
  if (file !== undefined) {
    const path = resolve(io.cwd, file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return { problem: `${file} is not a file` };
    if (info.size > MAX_PACKAGE_BYTES)
      return { problem: `${file} is larger than ${MAX_PACKAGE_BYTES} bytes` };
    return readCompiledPackage(file, new Uint8Array(await readFile(path)));
  }
  const source = packageSourceOf(manifest.value.spec.package);
  if (!source || source.kind === "pipeline") return null;
  const read = await readPipelinePackage(source, tree, manifest.value.spec.integration, {
    binding: null,
    env: io.env,
    readSecret: nodeSecretReader(io.env),
  });
  if ("problem" in read) return { problem: read.problem };
  return readCompiledPackage(source.kind === "path" ? `${dir}/${source.path}` : source.uri, read.bytes);
}

export async function runPipelineRun(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = options(args);
  if (values.help) {
    io.stdout(PIPELINE_RUN_USAGE);
    return EXIT_OK;
  }
  const format = (values.format ?? "text") as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be text or json\n\n${PIPELINE_RUN_USAGE}`);
  const [name, dirArg, extra] = positionals;
  if (!name || extra !== undefined) throw new UsageError(`expected PIPELINE [DIR]\n\n${PIPELINE_RUN_USAGE}`);
  const endpoint = values["kfp-endpoint"] ?? io.env.KFP_ENDPOINT;
  const dryRun = values["dry-run"] === true;
  if (!endpoint && !dryRun)
    throw new UsageError(
      `no Kubeflow Pipelines: pass --kfp-endpoint or set KFP_ENDPOINT\n\n${PIPELINE_RUN_USAGE}`,
    );
  const dir = resolve(io.cwd, dirArg ?? ".");
  const tree = await readDirectory(dir);
  const { snapshot } = validateRepo(tree);
  const manifest = snapshot.manifests.Pipeline.get(name);
  if (!manifest) {
    io.stderr(
      `slipway pipeline run: no valid Pipeline named '${name}' in ${dirArg ?? "."} (run slipway validate)\n`,
    );
    return EXIT_USAGE;
  }
  const spec = manifest.value.spec;
  const loaded = await loadPackage(manifest, values.package, dirArg ?? ".", io, tree);
  if (loaded && "problem" in loaded) {
    io.stderr(`slipway pipeline run: the package cannot be used: ${loaded.problem}\n`);
    return EXIT_USAGE;
  }
  const params = runParameters(spec.parameters ?? {}, values.param ?? [], loaded?.package.parameters ?? null);
  if ("problem" in params) {
    io.stderr(`slipway pipeline run: ${params.problem}\n`);
    return EXIT_USAGE;
  }
  const missing = [...(loaded?.package.parameters.values() ?? [])].filter(
    (p) => !p.optional && !Object.hasOwn(params.parameters, p.name),
  );
  if (missing.length > 0) {
    io.stderr(
      `slipway pipeline run: the pipeline requires ${missing.map((p) => p.name).join(", ")}; pass --param NAME=VALUE\n`,
    );
    return EXIT_USAGE;
  }
  const experimentName = spec.experiment ?? manifest.name;
  const namespace = values.namespace ?? io.env.KFP_NAMESPACE;
  const tokenFile = values["token-file"] ?? io.env.KFP_TOKEN_FILE;
  const request = (experimentId: string, source: PipelineSource): RunRequest => ({
    displayName: `${manifest.name} · run from the command line`,
    description: "Started with slipway pipeline run.",
    experimentId,
    source,
    parameters: params.parameters as Record<string, never>,
    ...(spec.serviceAccount ? { serviceAccount: spec.serviceAccount } : {}),
  });
  const named = spec.package.pipeline;

  if (dryRun) {
    const source: PipelineSource = loaded
      ? { kind: "spec", package: loaded.package }
      : {
          kind: "version",
          pipelineId: `<id of pipeline ${named}>`,
          ...(spec.package.version ? { versionId: `<id of version ${spec.package.version}>` } : {}),
        };
    const body = kfpRequestBodies.run(
      request(`<id of experiment ${experimentName}${namespace ? ` in ${namespace}` : ""}>`, source),
    );
    if (format === "json")
      io.stdout(
        `${JSON.stringify({ dryRun: true, method: "POST", path: "/apis/v2beta1/runs", body }, null, 2)}\n`,
      );
    else
      io.stdout(
        `dry run: nothing was sent${endpoint ? ` to ${new URL(endpoint).host}` : ""}. POST /apis/v2beta1/runs would carry:\n${JSON.stringify(body, null, 2)}\n`,
      );
    return EXIT_OK;
  }
  try {
    const kfp = await connectKfp(
      {
        endpoint: endpoint as string,
        ...(namespace ? { namespace } : {}),
        ...(tokenFile ? { token: { file: resolve(io.cwd, tokenFile) } } : {}),
      },
      nodeSecretReader(io.env),
    );
    const experiment = await ensureExperiment(kfp, experimentName);
    let source: PipelineSource;
    if (loaded) source = { kind: "spec", package: loaded.package };
    else {
      const pipeline = await kfp.findPipeline(named as string);
      if (!pipeline) throw new UsageError(`Kubeflow Pipelines has no pipeline named '${named}'`);
      const version = spec.package.version
        ? await kfp.findPipelineVersion(pipeline.id, spec.package.version)
        : null;
      if (spec.package.version && !version)
        throw new UsageError(`pipeline '${named}' has no version '${spec.package.version}'`);
      source = { kind: "version", pipelineId: pipeline.id, ...(version ? { versionId: version.id } : {}) };
    }
    const run = await kfp.createRun(request(experiment.id, source));
    const url = kfp.runUrl(run.id);
    if (format === "json")
      io.stdout(
        `${JSON.stringify({ run: { id: run.id, url, state: run.state, experiment: experimentName, experimentId: experiment.id, parameters: run.parameters } }, null, 2)}\n`,
      );
    else io.stdout(`started run ${run.id} of ${manifest.name} in experiment ${experimentName}\n${url}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    io.stderr(
      `slipway pipeline run: ${isPipelinesFault(error) ? error.message : String((error as Error)?.message ?? error)}\n`,
    );
    return EXIT_USAGE;
  }
}
