import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { runCli } from "../helpers/run-cli.ts";

const BIN = new URL("../../bin/slipway.js", import.meta.url).pathname;

interface Container {
  args: string[];
  env?: { name: string; value: string }[];
  envFrom?: { prefix?: string; secretRef: { name: string } }[];
  volumeMounts: { name: string; mountPath: string }[];
}

export interface MonitorJob {
  /** Runs the CronJob's container once, as kubelet would: its args, env and Secrets; returns the exit code. */
  run(): Promise<number | null>;
  output(): string;
}

/**
 * A Monitor's CronJob as `slipway render` renders it for `environment` with the server configuration —
 * run here as the cluster would run it: `bin/slipway.js` with the container's args, the ConfigMap's files
 * at their mount path, and the env kubelet builds from the Secrets the operator creates.
 */
export async function renderedMonitorJob(options: {
  files: Record<string, string>;
  dir: string;
  config: string;
  repository: string;
  environment: string;
  monitor: string;
  /** Secret name → its keys and values (`AWS_ENDPOINT_URL_S3` is the s3rver endpoint). */
  secrets: Record<string, Record<string, string>>;
}): Promise<MonitorJob> {
  const checkout = join(options.dir, `checkout-${options.environment}`);
  for (const [path, text] of Object.entries(options.files)) {
    mkdirSync(dirname(join(checkout, path)), { recursive: true });
    writeFileSync(join(checkout, path), text);
  }
  const rendered = await runCli(
    [
      "render",
      checkout,
      "--env",
      options.environment,
      "--server-config",
      options.config,
      "--repo",
      options.repository,
    ],
    options.dir,
  );
  if (rendered.code !== 0) throw new Error(`slipway render failed:\n${rendered.stderr}`);
  const objects = parseAllDocuments(rendered.stdout).map((d) => d.toJS()) as {
    kind: string;
    metadata: { name: string };
    data?: Record<string, string>;
    spec?: { jobTemplate: { spec: { template: { spec: { containers: Container[] } } } } };
  }[];
  const name = `slipway-monitor-${options.monitor}`;
  const cron = objects.find((o) => o.kind === "CronJob" && o.metadata.name === name);
  const container = cron?.spec?.jobTemplate.spec.template.spec.containers[0];
  if (!container) throw new Error(`the rendered ${options.environment} objects hold no CronJob ${name}`);
  const mount = container.volumeMounts.find((m) => m.name === "monitor")?.mountPath ?? "";
  const configMap = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === name);
  const jobDir = join(options.dir, `job-${options.environment}`);
  mkdirSync(jobDir, { recursive: true });
  for (const [key, text] of Object.entries(configMap?.data ?? {})) writeFileSync(join(jobDir, key), text);
  const args = container.args.map((a) =>
    a.startsWith(`${mount}/`) ? join(jobDir, a.slice(mount.length + 1)) : a,
  );
  let output = "";
  return {
    output: () => output,
    async run() {
      const env: Record<string, string> = { HOME: options.dir };
      for (const from of container.envFrom ?? []) {
        const data = options.secrets[from.secretRef.name];
        if (!data) throw new Error(`the Job needs a Secret nobody created: ${from.secretRef.name}`);
        for (const [key, value] of Object.entries(data)) env[`${from.prefix ?? ""}${key}`] = value;
      }
      for (const { name: key, value } of container.env ?? []) env[key] = value;
      const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      const [code] = (await once(child, "exit")) as [number | null];
      return code;
    },
  };
}
