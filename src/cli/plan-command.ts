import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { buildPlan, type PlanInput } from "../plan/build-plan.ts";
import { parseInventory } from "../plan/parse-inventory.ts";
import { servedVersionsFrom } from "../plan/served-versions.ts";
import type { KubeObject } from "../render/kube-object.ts";
import { renderEnvironment } from "../render/render-environment.ts";
import { renderPlanJson } from "../report/plan-json.ts";
import { renderPlanMarkdown } from "../report/plan-markdown.ts";
import { renderPlanText } from "../report/plan-text.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { hasCluster } from "./live-target.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { planAgainstCluster } from "./plan-live.ts";
import { checkCommit, loadRenderInputs, UNKNOWN_COMMIT } from "./render-inputs.ts";

const USAGE = `usage: slipway plan [DIR] --env ENV [--offline] [--inventory FILE] [--format text|json|markdown]
                   [--server-config FILE] [--repo OWNER/NAME] [--commit SHA]

Shows what applying the platform repository (default: the current directory) to one environment would
create, update and delete, without applying anything. When the server configuration binds the
environment to a cluster, the plan compares with the live cluster (one LIST per kind and namespace)
and the API server dry-runs every change; otherwise it is offline.
  --env ENV             the environment (declared in .slipway.yml)
  --offline             compare with the last inventory file instead of the cluster
  --inventory FILE      the objects of the last apply (multi-document YAML, as 'slipway render' prints);
                        without it every object is new
  --format FORMAT       text (default), json, or markdown (the pull-request comment section)
  --server-config FILE  take the environment's binding from the server configuration
  --repo OWNER/NAME     which binding of the server configuration applies
  --commit SHA          the source commit annotated on every object (default: unknown)
Exit status: 0 planned, 1 the repository is invalid, the API server refused a change or the cluster
failed, 2 usage or I/O error.
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
  const inputs = await loadRenderInputs(
    "plan",
    { dir: positionals[0], env: values.env, serverConfig: values["server-config"], repo: values.repo },
    io,
    USAGE,
  );
  if (!inputs.ok) return inputs.exit;
  if (!values.offline && hasCluster(inputs.binding)) {
    if (values.inventory) throw new UsageError(`--inventory is for offline plans (--offline)\n\n${USAGE}`);
    return planAgainstCluster(inputs, values.commit ?? UNKNOWN_COMMIT, format, io);
  }
  const desired = renderEnvironment({
    snapshot: inputs.snapshot,
    environment: inputs.environment,
    binding: inputs.binding,
    commit: values.commit ?? UNKNOWN_COMMIT,
    servedVersions: servedVersionsFrom(inventory ?? []),
  });
  const input: PlanInput = { desired };
  if (inventory) input.live = { baseline: "inventory", objects: inventory };
  const plan = buildPlan(input);
  const render = {
    text: renderPlanText,
    json: renderPlanJson,
    markdown: (p: typeof plan) => renderPlanMarkdown(p),
  }[format];
  io.stdout(render(plan));
  return EXIT_OK;
}

function parseOptions(args: string[]) {
  return parseCommandArgs(args, USAGE, {
    env: { type: "string" },
    offline: { type: "boolean" },
    inventory: { type: "string" },
    format: { type: "string" },
    "server-config": { type: "string" },
    repo: { type: "string" },
    commit: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
}
