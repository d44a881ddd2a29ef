import { constants } from "node:fs";
import { lstat, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliCommand } from "./cli-command.ts";
import { ciWorkflow, serverConfigExample } from "./init-files.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { slipwayVersion } from "./version.ts";

const USAGE = `usage: slipway init [DIR]

Creates a platform repository in DIR (default: the current directory, which may already hold other
files): the template's manifests (a model with promotion gates, feature views, a drift monitor, a
retraining pipeline, the platform stack), their JSON Schemas in .slipway/schemas/ so that editors with
the YAML language server check every file as you type, a GitHub Actions workflow that runs
'slipway validate --format github' and 'slipway plan --offline' on pull requests, and a commented
example of the server configuration to hand to whoever runs the Slipway server.
Nothing is overwritten: if any of these files exists, nothing is written.
Exit status: 0 created, 2 usage error, a file in the way, or a write that failed.
`;

const OPTIONS = { help: { type: "boolean", short: "h" } } as const;

/** The template as shipped beside the code: two levels up from src/cli/ and from dist/cli/. */
const TEMPLATE = fileURLToPath(new URL("../../platform-repo-template/", import.meta.url));
const SERVER_CONFIG_EXAMPLE = fileURLToPath(new URL("../../server-config.example.yaml", import.meta.url));

export const WORKFLOW_PATH = ".github/workflows/slipway.yml";
export const SERVER_CONFIG_PATH = "slipway-server-config.example.yaml";

export async function runInit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, USAGE, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one directory\n\n${USAGE}`);
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  const shown = relative(io.cwd, dir) || ".";

  const files = await plannedFiles();
  const inTheWay: string[] = [];
  for (const path of files.keys()) {
    const existing = await lstat(join(dir, path)).catch(() => null);
    if (existing) inTheWay.push(path);
  }
  const target = await lstat(dir).catch(() => null);
  if (target && !target.isDirectory()) {
    io.stderr(`slipway init: ${shown} exists and is not a directory; nothing was written\n`);
    return EXIT_USAGE;
  }
  if (inTheWay.length > 0) {
    const listed = inTheWay.slice(0, 10).map((p) => `  ${p}`);
    if (inTheWay.length > 10) listed.push(`  … and ${inTheWay.length - 10} more`);
    io.stderr(
      `slipway init: ${shown} already has files init would write; nothing was written:\n${listed.join("\n")}\n` +
        "Move them away, or run slipway init in another directory.\n",
    );
    return EXIT_USAGE;
  }
  for (const [path, bytes] of files) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    // Exclusive create: a file that appeared since the check above is still never overwritten.
    await writeFile(full, bytes, { flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY });
  }
  const manifests = [...files.keys()].filter((p) =>
    /^(platform|models|features|monitors|pipelines)\//.test(p),
  );
  const cd = shown === "." ? "" : `  cd ${/^[\w./-]+$/.test(shown) ? shown : JSON.stringify(shown)}\n`;
  io.stdout(
    `created a platform repository in ${shown}:\n` +
      `  .slipway.yml and ${manifests.length} manifest files in platform/, models/, features/, monitors/, pipelines/\n` +
      "  .slipway/schemas/     JSON Schemas for editors (each file's first line points at its schema)\n" +
      `  ${WORKFLOW_PATH}  slipway validate and offline plans on every pull request\n` +
      `  ${SERVER_CONFIG_PATH}  for the server's operator: what to bind\n\n` +
      `next:\n${cd}  git init && git add . && git commit -m "Platform repository"\n` +
      "  slipway validate\n  slipway plan --env staging --offline\n",
  );
  return EXIT_OK;
}

/** Every file init writes, by path in the new repository. */
async function plannedFiles(): Promise<Map<string, Uint8Array | string>> {
  const files = new Map<string, Uint8Array | string>();
  for (const path of await listFiles(TEMPLATE)) files.set(path, await readFile(join(TEMPLATE, path)));
  files.set(WORKFLOW_PATH, ciWorkflow(slipwayVersion()));
  files.set(SERVER_CONFIG_PATH, serverConfigExample(await readFile(SERVER_CONFIG_EXAMPLE, "utf8")));
  return files;
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join("/"));
    }
  };
  await walk(root);
  return out.sort();
}

export const command: CliCommand = { run: runInit, options: OPTIONS };
