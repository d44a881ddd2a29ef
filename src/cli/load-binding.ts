import { readFile } from "node:fs/promises";
import type { Diagnostic } from "../manifests/diagnostic.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { bindingFor, validateServerConfig } from "../manifests/validate-server-config.ts";
import { type CliIo, UsageError } from "./io.ts";

/**
 * The binding of one repository from a server configuration file, for commands run by hand. A
 * configuration with one binding needs no `--repo`. An invalid file prints its located diagnostics.
 */
export async function loadServerBinding(
  file: string,
  repo: string | undefined,
  command: string,
  io: CliIo,
): Promise<ServerBinding | "failed"> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot read the server configuration ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
    );
  });
  const { config, diagnostics } = validateServerConfig(file, new Uint8Array(bytes));
  if (!config) {
    io.stderr(
      `slipway ${command}: the server configuration is invalid\n${diagnostics.map(diagnosticLine).join("\n")}\n`,
    );
    return "failed";
  }
  if (repo === undefined) {
    const [only, second] = config.bindings;
    if (only && !second) return only;
    throw new UsageError(
      "the server configuration binds several repositories; choose one with --repo OWNER/NAME",
    );
  }
  const binding = bindingFor(config, repo);
  if (!binding) throw new UsageError(`the server configuration has no binding for ${repo}`);
  return binding;
}

export function diagnosticLine(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`;
}
