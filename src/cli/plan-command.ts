import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import { buildPlan, type PlanInput } from "../plan/build-plan.ts";
import { parseInventory } from "../plan/parse-inventory.ts";
import { servedVersionsFrom } from "../plan/served-versions.ts";
import type { KubeObject } from "../render/kube-object.ts";
import type { EnvironmentBinding, ServedVersion } from "../render/render-context.ts";
import { renderEnvironment } from "../render/render-environment.ts";
import { renderPlanJson } from "../report/plan-json.ts";
import { renderPlanMarkdown } from "../report/plan-markdown.ts";
import { renderPlanText } from "../report/plan-text.ts";
import { rolloutPlanMarkdown } from "../report/rollout-plan-markdown.ts";
import { metricsRuntime } from "../rollout/builtin-checks.ts";
import { rolloutTargets } from "../rollout/rollout-targets.ts";
import type { CliCommand } from "./cli-command.ts";
import { forStdout } from "./colour.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { hasCluster } from "./live-target.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { planAgainstCluster } from "./plan-live.ts";
import {
  assumedBindingNote,
  checkCommit,
  environmentBinding,
  loadRepository,
  UNKNOWN_COMMIT,
} from "./render-inputs.ts";

const USAGE = `usage: slipway plan [DIR] [--env ENV] [--offline] [--inventory FILE] [--format text|json|markdown]
                   [--server-config FILE] [--repo OWNER/NAME] [--commit SHA]

Shows what applying the platform repository (default: the current directory) to an environment would
create, update and delete, without applying anything: one environment, or without --env each one
.slipway.yml declares, in deploy order. When the server configuration binds an environment to a
cluster, the plan compares with the live cluster (one LIST per kind and namespace) and the API server
dry-runs every change; otherwise it is offline.
  --env ENV             the environment (declared in .slipway.yml); default: every environment
  --offline             compare with the last inventory file instead of the cluster
  --inventory FILE      the objects of the last apply (multi-document YAML, as 'slipway render' prints);
                        without it every object is new (needs --env)
  --format FORMAT       text (default), json (needs --env), or markdown (the pull-request comment section)
  --server-config FILE  take the environment's binding from the server configuration
  --repo OWNER/NAME     which binding of the server configuration applies
  --commit SHA          the source commit annotated on every object (default: unknown)
Exit status: 0 planned, 1 the repository is invalid or the API server refused a change, 2 usage,
configuration or I/O error, or a cluster that could not be read.
`;

const FORMATS = ["text", "json", "markdown"] as const;

export async function runPlan(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = (values.format ?? "text") as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}\n\n${USAGE}`);
  if (positionals.length > 1) throw new UsageError(`expected at most one directory\n\n${USAGE}`);
  checkCommit(values.commit, USAGE);

  if (values.env === undefined && format === "json")
    throw new UsageError(`--format json plans one environment: add --env\n\n${USAGE}`);
  if (values.env === undefined && values.inventory)
    throw new UsageError(`--inventory is the last apply of one environment: add --env\n\n${USAGE}`);

  let inventory: KubeObject[] | null = null;
  if (values.inventory) {
    const file = resolve(io.cwd, values.inventory);
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        `cannot read the inventory ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
      );
    });
    const parsed = parseInventory(text);
    if ("error" in parsed) {
      io.stderr(`slipway plan: the inventory ${file} is invalid: ${parsed.error}\n`);
      return EXIT_USAGE;
    }
    inventory = parsed.objects;
  }
  const repository = await loadRepository(
    "plan",
    { dir: positionals[0], serverConfig: values["server-config"], repo: values.repo },
    io,
    USAGE,
  );
  if (!repository.ok) return repository.exit;
  const environments = values.env === undefined ? repository.environments : [values.env];
  let exit = EXIT_OK;
  for (const [i, environment] of environments.entries()) {
    if (i > 0) io.stdout("\n");
    const { binding, assumed } = environmentBinding(repository, environment);
    const inputs = { snapshot: repository.snapshot, environment, binding };
    const commit = values.commit ?? UNKNOWN_COMMIT;
    if (!values.offline && hasCluster(binding)) {
      if (values.inventory) throw new UsageError(`--inventory is for offline plans (--offline)\n\n${USAGE}`);
      exit = Math.max(exit, await planAgainstCluster(inputs, commit, format, io));
      continue;
    }
    const served = servedVersionsFrom(inventory ?? []);
    const desired = renderEnvironment({ ...inputs, commit, servedVersions: served });
    if (assumed) io.stderr(assumedBindingNote("plan", environment, desired.objects));
    const input: PlanInput = { desired };
    if (inventory) input.live = { baseline: "inventory", objects: inventory };
    const plan = buildPlan(input);
    const render = {
      text: renderPlanText,
      json: renderPlanJson,
      markdown: (p: typeof plan) => renderPlanMarkdown(p),
    }[format];
    io.stdout(format === "text" ? forStdout(render(plan), io) : render(plan));
    // Issue #22: the canary steps and checks a deploy of this commit would walk (not in JSON, whose
    // shape is the plan's).
    const rollout = format === "json" ? "" : rolloutPart(repository.snapshot, environment, binding, served);
    if (rollout) io.stdout(`\n${format === "text" ? forStdout(rollout, io) : rollout}\n`);
  }
  return exit;
}

function rolloutPart(
  snapshot: PlatformSnapshot,
  environment: string,
  binding: EnvironmentBinding,
  served: ReadonlyMap<string, ServedVersion>,
): string {
  const mode = binding.kserve?.deploymentMode;
  return rolloutPlanMarkdown({
    environment,
    metrics: snapshot.config?.value.integrations.metrics,
    targets: rolloutTargets(snapshot, environment, served).flatMap((target) => {
      const manifest = snapshot.manifests.Model.get(target.model);
      return manifest
        ? [{ target, manifest, runtime: metricsRuntime(manifest.value.spec.serving.runtime, mode) }]
        : [];
    }),
  });
}

const OPTIONS = {
  env: { type: "string" },
  offline: { type: "boolean" },
  inventory: { type: "string" },
  format: { type: "string" },
  "server-config": { type: "string" },
  repo: { type: "string" },
  commit: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(args: string[]) {
  return parseCommandArgs(args, USAGE, OPTIONS);
}

export const command: CliCommand = { run: runPlan, options: OPTIONS, choices: { format: FORMATS } };
