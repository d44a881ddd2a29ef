import { resolve } from "node:path";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import type { KubeObject } from "../render/kube-object.ts";
import { DEFAULT_BINDING, type EnvironmentBinding } from "../render/render-context.ts";
import { readDirectory } from "../repo/read-directory.ts";
import { renderValidationText } from "../report/validation-text.ts";
import { forStderr } from "./colour.ts";
import { type CliIo, UsageError } from "./io.ts";
import { loadServerBinding } from "./load-binding.ts";

export interface RenderOptions {
  dir: string | undefined;
  env: string | undefined;
  serverConfig: string | undefined;
  repo: string | undefined;
}

export type LoadedInputs =
  | {
      ok: true;
      snapshot: PlatformSnapshot;
      environment: string;
      binding: EnvironmentBinding;
      assumed: boolean;
    }
  | { ok: false; exit: number };

export type LoadedRepository =
  | { ok: true; snapshot: PlatformSnapshot; serverBinding: ServerBinding | null; environments: string[] }
  | { ok: false; exit: number };

/**
 * Reads and validates the platform repo and the server's binding: what `render`, `plan` and `apply`
 * share. An invalid repository prints its diagnostics (on stderr, stdout is for objects or the plan)
 * and stops with findings (exit 1): nothing is rendered from manifests that did not validate.
 */
export async function loadRepository(
  command: string,
  options: Omit<RenderOptions, "env">,
  io: CliIo,
  usage: string,
): Promise<LoadedRepository> {
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
    io.stderr(forStderr(renderValidationText(result.diagnostics, result.summary), io));
    return { ok: false, exit: 1 };
  }
  const environments = result.snapshot.config?.value.environments.map((e) => e.name) ?? [];
  return { ok: true, snapshot: result.snapshot, serverBinding, environments };
}

/**
 * One environment's binding: the server's, or without a server configuration the default one
 * (`assumed`: KServe Standard mode, no GPU placement, namespace `default` for objects naming none).
 */
export function environmentBinding(
  repository: Extract<LoadedRepository, { ok: true }>,
  environment: string,
): { binding: EnvironmentBinding; assumed: boolean } {
  if (!repository.environments.includes(environment)) {
    throw new UsageError(
      `.slipway.yml declares no environment '${environment}' (declared: ${repository.environments.join(", ")})`,
    );
  }
  if (repository.serverBinding === null) return { binding: DEFAULT_BINDING, assumed: true };
  const binding = repository.serverBinding.environments[environment];
  if (!binding) throw new UsageError(`the server configuration binds no environment '${environment}'`);
  return { binding, assumed: false };
}

/** The repository and one environment's binding (`--env` required). */
export async function loadRenderInputs(
  command: string,
  options: RenderOptions,
  io: CliIo,
  usage: string,
): Promise<LoadedInputs> {
  const environment = options.env;
  if (!environment) throw new UsageError(`--env is required\n\n${usage}`);
  const repository = await loadRepository(command, options, io, usage);
  if (!repository.ok) return repository;
  return {
    ok: true,
    snapshot: repository.snapshot,
    environment,
    ...environmentBinding(repository, environment),
  };
}

/**
 * Said on stderr when no server configuration gave the binding: what was assumed, and the namespaces
 * the rendered objects actually land in (each manifest names its own; `default` only for those that
 * name none).
 */
export function assumedBindingNote(
  command: string,
  environment: string,
  objects: readonly KubeObject[],
): string {
  const namespaces = [
    ...new Set(objects.map((o) => o.metadata.namespace).filter((n) => n !== undefined)),
  ].sort();
  const where =
    namespaces.length === 0
      ? "no namespaced objects"
      : `objects in namespace${namespaces.length === 1 ? "" : "s"} ${namespaces.join(", ")}`;
  return (
    `slipway ${command}: no --server-config; '${environment}' rendered with the default binding ` +
    `(KServe Standard mode, no GPU placement): ${where}\n`
  );
}

/** The commit annotated on objects when none is given: says plainly that it is not known. */
export const UNKNOWN_COMMIT = "unknown";

/** A commit id: 7 to 64 lowercase hex digits (abbreviated or full SHA-1/SHA-256). */
export function checkCommit(commit: string | undefined, usage: string): void {
  if (commit !== undefined && !/^[0-9a-f]{7,64}$/.test(commit))
    throw new UsageError(`--commit must be a commit id (7 to 64 hexadecimal digits)\n\n${usage}`);
}
