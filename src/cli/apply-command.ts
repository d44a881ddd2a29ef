import { resolve } from "node:path";
import { applyEnvironment } from "../cluster/apply/apply-environment.ts";
import { applySettings, type RenderCommit } from "../cluster/apply/apply-settings.ts";
import { DEFAULT_MAX_PRUNE_SHARE } from "../cluster/apply/prune-guard.ts";
import { isClusterFault } from "../cluster/cluster-port.ts";
import { InventoryError } from "../cluster/inventory/inventory-error.ts";
import { renderApplyJson } from "../report/apply-json.ts";
import { renderApplyText } from "../report/apply-text.ts";
import { dryRunApply } from "./apply-dry-run.ts";
import { parseWait, resolveCommit, waitForDeletion, waitForHealth } from "./apply-options.ts";
import type { CliCommand } from "./cli-command.ts";
import { forStdout } from "./colour.ts";
import { gitTreeAt } from "./git-tree-at.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { hasCluster, liveTarget, renderFromLive, snapshotOf } from "./live-target.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { checkCommit, loadRenderInputs } from "./render-inputs.ts";

const USAGE = `usage: slipway apply [DIR] --env ENV --server-config FILE [--prune] [--allow-mass-prune]
                    [--max-prune-share SHARE] [--wait DURATION] [--dry-run] [--format text|json]
                    [--repo OWNER/NAME] [--commit SHA] [--concurrency N]

Applies the platform repository (default: the current directory) to one environment's cluster with
server-side apply, stage by stage, after a server-side dry run of every change. The inventory of
applied objects is kept in the ConfigMap slipway-inventory-ENV in the environment's first namespace.
  --env ENV              the environment (declared in .slipway.yml, bound to a cluster in --server-config)
  --prune                delete objects of the inventory that the repository no longer declares
  --allow-mass-prune     allow a prune of more than --max-prune-share of the inventory
  --max-prune-share S    the largest share of the inventory one prune may delete (default ${DEFAULT_MAX_PRUNE_SHARE})
  --wait DURATION        wait up to DURATION (e.g. 5m, 90s) for changed objects to become healthy, and
                         roll back to the last good commit when they do not; and for objects still being
                         deleted (finalizers) to go before they are created again (without it they fail)
  --dry-run              show the plan and the API server's verdict; write nothing
  --format FORMAT        text (default) or json
  --commit SHA           the commit applied (default: HEAD when DIR is a clean git checkout)
  --concurrency N        requests in flight within a stage (default 8)
Exit status: 0 applied (or nothing to do), 1 refused, failed, unhealthy or rolled back, 2 usage or
configuration error (a kubeconfig that cannot be read, a cluster that cannot be reached or refuses the
credentials).
`;

export async function runApply(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json")
    throw new UsageError(`--format must be text or json\n\n${USAGE}`);
  if (positionals.length > 1) throw new UsageError(`expected at most one directory\n\n${USAGE}`);
  checkCommit(values.commit, USAGE);
  const waitSeconds = values.wait === undefined ? null : parseWait(values.wait, USAGE);
  const maxPruneShare =
    values["max-prune-share"] === undefined ? DEFAULT_MAX_PRUNE_SHARE : Number(values["max-prune-share"]);
  if (!(maxPruneShare >= 0 && maxPruneShare <= 1))
    throw new UsageError(`--max-prune-share must be a number from 0 to 1\n\n${USAGE}`);
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency must be a whole number from 1 to 64\n\n${USAGE}`);
  if (!values["server-config"])
    throw new UsageError(`--server-config is required: it binds the environment to its cluster\n\n${USAGE}`);

  const dir = resolve(io.cwd, positionals[0] ?? ".");
  const inputs = await loadRenderInputs(
    "apply",
    { dir, env: values.env, serverConfig: values["server-config"], repo: values.repo },
    io,
    USAGE,
  );
  if (!inputs.ok) return inputs.exit;
  const { snapshot, environment, binding } = inputs;
  if (!hasCluster(binding))
    throw new UsageError(
      `the server configuration binds no cluster for '${environment}' (cluster.kubeconfig, context or inCluster)`,
    );
  const commit = await resolveCommit(values.commit, dir, io);
  try {
    const target = liveTarget(environment, binding, io);
    const source = renderFromLive(snapshot, environment, binding, commit);
    if (values["dry-run"])
      return await dryRunApply(
        target,
        source,
        {
          prune: Boolean(values.prune),
          allowMassPrune: Boolean(values["allow-mass-prune"]),
          maxPruneShare,
          concurrency,
          format,
        },
        io,
      );
    const renderCommit: RenderCommit = async (good) =>
      renderFromLive(snapshotOf(await gitTreeAt(dir, good)), environment, binding, good);
    const settings = applySettings(target.port, target.inventoryAt, {
      prune: Boolean(values.prune),
      allowMassPrune: Boolean(values["allow-mass-prune"]),
      maxPruneShare,
      concurrency,
      waitHealthy: waitSeconds === null ? null : waitForHealth(target.port, waitSeconds),
      waitGone: waitSeconds === null ? null : waitForDeletion(target.port, waitSeconds),
      renderCommit,
    });
    const report = await applyEnvironment(source, settings);
    io.stdout(format === "json" ? renderApplyJson(report) : forStdout(renderApplyText(report), io));
    return report.outcome === "applied" || report.outcome === "no-op" ? EXIT_OK : EXIT_FINDINGS;
  } catch (error) {
    if (!isClusterFault(error) && !(error instanceof InventoryError)) throw error;
    // Before anything was applied, or outside the report: a fault, not a finding about the manifests.
    io.stderr(`slipway apply: ${error.message}\n`);
    return EXIT_USAGE;
  }
}

const OPTIONS = {
  env: { type: "string" },
  prune: { type: "boolean" },
  "allow-mass-prune": { type: "boolean" },
  "max-prune-share": { type: "string" },
  wait: { type: "string" },
  "dry-run": { type: "boolean" },
  format: { type: "string" },
  "server-config": { type: "string" },
  repo: { type: "string" },
  commit: { type: "string" },
  concurrency: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(args: string[]) {
  return parseCommandArgs(args, USAGE, OPTIONS);
}

export const command: CliCommand = {
  run: runApply,
  options: OPTIONS,
  choices: { format: ["text", "json"] },
};
