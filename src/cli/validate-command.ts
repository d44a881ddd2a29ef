import { resolve } from "node:path";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { readDirectory } from "../repo/read-directory.ts";
import { renderValidationGithub } from "../report/validation-github.ts";
import { renderValidationJson } from "../report/validation-json.ts";
import { renderValidationText } from "../report/validation-text.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { loadServerBinding } from "./load-binding.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const USAGE = `usage: slipway validate [DIR] [--server-config FILE] [--repo OWNER/NAME] [--format text|json|github]

Validates every manifest of a platform repository (default: the current directory).
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
  if (positionals.length > 1) throw new UsageError(`expected at most one directory\n\n${USAGE}`);
  const dir = resolve(io.cwd, positionals[0] ?? ".");

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

  const tree = await readDirectory(dir).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${dir}: ${error.code === "ENOENT" ? "no such directory" : error.message}`);
  });
  const result = validateRepo(tree, { binding });
  const render = {
    text: () => renderValidationText(result.diagnostics, result.summary),
    json: () => renderValidationJson(result.ok, result.diagnostics, result.summary),
    github: () => renderValidationGithub(result.diagnostics, result.summary),
  }[format];
  io.stdout(render());
  return result.ok ? EXIT_OK : EXIT_FINDINGS;
}

function parseOptions(args: string[]) {
  return parseCommandArgs(args, USAGE, {
    "server-config": { type: "string" },
    repo: { type: "string" },
    format: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
}
