import { resolve } from "node:path";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { DEFAULT_BINDING, type EnvironmentBinding } from "../render/render-context.ts";
import { readDirectory } from "../repo/read-directory.ts";
import { renderValidationText } from "../report/validation-text.ts";
import { type CliIo, UsageError } from "./io.ts";
import { loadServerBinding } from "./load-binding.ts";

export interface RenderOptions {
  dir: string | undefined;
  env: string | undefined;
  serverConfig: string | undefined;
  repo: string | undefined;
}

export type LoadedInputs =
  | { ok: true; snapshot: PlatformSnapshot; environment: string; binding: EnvironmentBinding }
  | { ok: false; exit: number };

/**
 * Reads and validates the platform repo and finds the environment's binding: what `render` and `plan`
 * share. An invalid repository prints its diagnostics (on stderr, stdout is for objects or the plan)
 * and stops with findings (exit 1): nothing is rendered from manifests that did not validate.
 */
export async function loadRenderInputs(
  command: string,
  options: RenderOptions,
  io: CliIo,
  usage: string,
): Promise<LoadedInputs> {
  const environment = options.env;
  if (!environment) throw new UsageError(`--env is required\n\n${usage}`);
  let serverBinding: ServerBinding | null = null;
  if (options.serverConfig) {
    const loaded = await loadServerBinding(resolve(io.cwd, options.serverConfig), options.repo, command, io);
    if (loaded === "failed") return { ok: false, exit: 2 };
    serverBinding = loaded;
  } else if (options.repo) throw new UsageError(`--repo needs --server-config\n\n${usage}`);

  const dir = resolve(io.cwd, options.dir ?? ".");
  const tree = await readDirectory(dir).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${dir}: ${error.code === "ENOENT" ? "no such directory" : error.message}`);
  });
  const result = validateRepo(tree, { binding: serverBinding });
  if (!result.ok) {
    io.stderr(`slipway ${command}: the platform repository is invalid; nothing was rendered\n`);
    io.stderr(renderValidationText(result.diagnostics, result.summary));
    return { ok: false, exit: 1 };
  }
  const declared = result.snapshot.config?.value.environments.map((e) => e.name) ?? [];
  if (!declared.includes(environment)) {
    throw new UsageError(
      `.slipway.yml declares no environment '${environment}' (declared: ${declared.join(", ")})`,
    );
  }
  if (serverBinding === null) {
    io.stderr(
      `slipway ${command}: no --server-config; assuming the default binding for '${environment}' ` +
        "(namespace default, KServe Standard mode, no GPU placement)\n",
    );
    return { ok: true, snapshot: result.snapshot, environment, binding: DEFAULT_BINDING };
  }
  const binding = serverBinding.environments[environment];
  if (!binding) throw new UsageError(`the server configuration binds no environment '${environment}'`);
  return { ok: true, snapshot: result.snapshot, environment, binding };
}

/** The commit annotated on objects when none is given: says plainly that it is not known. */
export const UNKNOWN_COMMIT = "unknown";

/** A commit id: 7 to 64 lowercase hex digits (abbreviated or full SHA-1/SHA-256). */
export function checkCommit(commit: string | undefined, usage: string): void {
  if (commit !== undefined && !/^[0-9a-f]{7,64}$/.test(commit))
    throw new UsageError(`--commit must be a commit id (7 to 64 hexadecimal digits)\n\n${usage}`);
}
