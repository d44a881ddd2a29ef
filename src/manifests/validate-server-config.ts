import { checkGitBindings, checkGitIntegrations } from "./check-git-bindings.ts";
import { checkReportBindings, monitorReportPrefix } from "./check-report-bindings.ts";
import { compiledValidator } from "./compile-schemas.ts";
import { decodeFile } from "./decode-file.ts";
import { compareDiagnostics, type Diagnostic } from "./diagnostic.ts";
import { findPlaintextCredentials } from "./find-credentials.ts";
import { LIMITS } from "./limits.ts";
import { parseYamlFile } from "./parse-yaml.ts";
import { describeSchemaErrors } from "./schema-errors.ts";
import { type ServerBinding, type ServerConfig, serverConfigSchema } from "./schemas/server-config.ts";

/** Reads the operator's server configuration (YAML or JSON) with located diagnostics. */
export function validateServerConfig(
  file: string,
  bytes: Uint8Array,
): { config: ServerConfig | null; diagnostics: Diagnostic[] } {
  const decoded = decodeFile(file, bytes, LIMITS);
  if (!decoded.ok) return { config: null, diagnostics: [decoded.diagnostic] };
  const parsed = parseYamlFile(file, decoded.text, LIMITS);
  const diagnostics = [...parsed.diagnostics];
  const [doc, extra] = parsed.documents;
  if (!doc || extra) {
    const at = extra ? extra.locate([]) : { line: 1, column: 1, endLine: 1, endColumn: 2 };
    diagnostics.push({
      file,
      ...at,
      severity: "error",
      code: "SLW190",
      message: "the server configuration must be exactly one YAML document",
    });
    return { config: null, diagnostics };
  }
  for (const f of findPlaintextCredentials(doc.value)) {
    diagnostics.push({ file, ...doc.locate(f.path), severity: "error", code: f.code, message: f.message });
  }
  const validate = compiledValidator(serverConfigSchema);
  if (!validate(doc.value)) {
    for (const p of describeSchemaErrors(validate.errors ?? [])) {
      diagnostics.push({
        file,
        ...doc.locate(p.path, p.target),
        severity: "error",
        code: p.code,
        message: p.message,
      });
    }
  } else {
    const config = doc.value as ServerConfig;
    for (const p of [
      ...checkReportBindings(config),
      ...checkGitBindings(config),
      ...checkGitIntegrations(config),
    ])
      diagnostics.push({
        file,
        ...doc.locate(p.path),
        severity: "error",
        code: "SLW190",
        message: p.message,
      });
  }
  // In file order, as validateRepo gives them: credential findings are collected before schema errors.
  diagnostics.sort(compareDiagnostics);
  const ok = diagnostics.every((d) => d.severity !== "error");
  return { config: ok ? (doc.value as ServerConfig) : null, diagnostics };
}

/**
 * The binding for a repository: an exact `owner/repo` entry wins over `owner/*`. Matching is
 * case-insensitive, as GitHub's names are.
 */
export function bindingFor(config: ServerConfig, repository: string): ServerBinding | null {
  const wanted = repository.toLowerCase();
  const owner = wanted.split("/")[0];
  const exact = config.bindings.find((b) => b.repository.toLowerCase() === wanted);
  const found = exact ?? config.bindings.find((b) => b.repository.toLowerCase() === `${owner}/*`) ?? null;
  const reports = found?.reports;
  if (!found || !reports) return found;
  // Each environment carries where this repository's monitor Jobs write (render passes it to them).
  const environments = Object.fromEntries(
    Object.entries(found.environments).map(([name, env]) => [
      name,
      {
        ...env,
        monitorReports: {
          integration: reports.integration,
          prefix: monitorReportPrefix(reports.prefix, repository, name),
        },
      },
    ]),
  );
  return { ...found, environments };
}
