import { stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { summarize } from "../manifests/diagnostic.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { allManifests } from "../manifests/snapshot.ts";
import { type ValidationResult, validateRepo } from "../manifests/validate-repo.ts";
import { readDirectory } from "../repo/read-directory.ts";
import { renderValidationGithub } from "../report/validation-github.ts";
import { renderValidationJson } from "../report/validation-json.ts";
import { renderValidationText } from "../report/validation-text.ts";
import type { CliCommand } from "./cli-command.ts";
import { forStdout } from "./colour.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { loadServerBinding } from "./load-binding.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const USAGE = `usage: slipway validate [DIR | FILE...] [--server-config FILE] [--repo OWNER/NAME]
                       [--format text|json|github]

Validates every manifest of a platform repository (default: the current directory). Given files, it
validates them in their repository (the nearest directory above them with a .slipway.yml, so that
references between manifests are checked) and reports only their problems.
  --server-config FILE  check environment and integration names against the server's bindings
  --repo OWNER/NAME     which binding of the server configuration applies (needed when it has several)
  --format FORMAT       text (default), json, or github (workflow-command annotations)
Exit status: 0 valid, 1 findings, 2 usage or I/O error.
`;

const FORMATS = ["text", "json", "github"] as const;

export async function runValidate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = (values.format ?? "text") as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}\n\n${USAGE}`);
  const target = await validationTarget(positionals, io);
  let binding: ServerBinding | null = null;
  if (values["server-config"]) {
    const loaded = await loadServerBinding(
      resolve(io.cwd, values["server-config"]),
      values.repo,
      "validate",
      io,
    );
    if (loaded === "failed") return EXIT_USAGE;
    binding = loaded;
  } else if (values.repo) throw new UsageError(`--repo needs --server-config\n\n${USAGE}`);

  const tree = await readDirectory(target.root).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot read ${target.root}: ${error.code === "ENOENT" ? "no such directory" : error.message}`,
    );
  });
  const result = onlyFiles(validateRepo(tree, { binding }), target.files, io);
  const render = {
    text: () => renderValidationText(result.diagnostics, result.summary),
    json: () => renderValidationJson(result.ok, result.diagnostics, result.summary),
    github: () => renderValidationGithub(result.diagnostics, result.summary),
  }[format];
  io.stdout(format === "text" ? forStdout(render(), io) : render());
  return result.ok ? EXIT_OK : EXIT_FINDINGS;
}

const OPTIONS = {
  "server-config": { type: "string" },
  repo: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(args: string[]) {
  return parseCommandArgs(args, USAGE, OPTIONS);
}

export const command: CliCommand = { run: runValidate, options: OPTIONS, choices: { format: FORMATS } };

interface Target {
  /** The repository's directory. */
  root: string;
  /** The files asked for, relative to the root; null for the whole repository. */
  files: string[] | null;
}

/** A directory (the repository), or files found in the nearest repository above them. */
async function validationTarget(positionals: string[], io: CliIo): Promise<Target> {
  const paths = (positionals.length > 0 ? positionals : ["."]).map((p) => resolve(io.cwd, p));
  const kinds = await Promise.all(
    paths.map((p) =>
      stat(p).then(
        (s) => (s.isDirectory() ? "dir" : "file"),
        (error: NodeJS.ErrnoException) => {
          throw new Error(
            `cannot read ${p}: ${error.code === "ENOENT" ? "no such file or directory" : error.message}`,
          );
        },
      ),
    ),
  );
  if (kinds.includes("dir")) {
    if (paths.length > 1) throw new UsageError(`give one directory, or files\n\n${USAGE}`);
    return { root: paths[0] as string, files: null };
  }
  const root = await repositoryAbove(dirname(paths[0] as string));
  if (root === null)
    throw new UsageError(
      `no .slipway.yml in ${dirname(paths[0] as string)} or above it: validate the repository's directory instead`,
    );
  const files = paths.map((p) => relative(root, p).split(sep).join("/"));
  const outside = files.find((f) => f.startsWith("../") || isAbsolute(f));
  if (outside !== undefined) throw new UsageError(`${outside} is not in the repository at ${root}`);
  return { root, files };
}

async function repositoryAbove(dir: string): Promise<string | null> {
  for (let at = dir; ; at = dirname(at)) {
    if (
      await stat(join(at, ".slipway.yml")).then(
        () => true,
        () => false,
      )
    )
      return at;
    if (dirname(at) === at) return null;
  }
}

/** The result for some files of the repository: their diagnostics, counted as such. */
function onlyFiles(result: ValidationResult, files: string[] | null, io: CliIo): ValidationResult {
  if (files === null) return result;
  const wanted = new Set(files);
  const diagnostics = result.diagnostics.filter((d) => wanted.has(d.file));
  const others = result.diagnostics.filter((d) => !wanted.has(d.file) && d.severity !== "notice");
  const manifests = allManifests(result.snapshot).filter((m) => wanted.has(m.file)).length;
  const unread = files.filter((f) => !result.snapshot.paths.has(f) || !/\.ya?ml$/i.test(f));
  for (const f of unread)
    io.stderr(`slipway validate: ${f} is not a YAML file of the repository; it was not checked\n`);
  if (others.length > 0) {
    const errors = others.filter((d) => d.severity === "error").length;
    const counts = [`${errors} error(s)`, `${others.length - errors} warning(s)`].join(", ");
    io.stderr(`slipway validate: other files of the repository have ${counts}, not shown here\n`);
  }
  const summary = summarize(diagnostics, files.length - unread.length, manifests);
  return { ...result, ok: summary.errors === 0, diagnostics, summary };
}
