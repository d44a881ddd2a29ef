import { readFileSync } from "node:fs";
import type { Diagnostic } from "../../src/manifests/diagnostic.ts";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import {
  type ValidateOptions,
  type ValidationResult,
  validateRepo,
} from "../../src/manifests/validate-repo.ts";
import { bindingFor, validateServerConfig } from "../../src/manifests/validate-server-config.ts";
import { SERVER_CONFIG_EXAMPLE, templateFiles } from "./template.ts";
import { treeOf } from "./tree.ts";

/** A diagnostic without its end position and hint: what most check tests compare. */
export type Finding = Pick<Diagnostic, "file" | "line" | "column" | "severity" | "code" | "message">;

export function findings(result: ValidationResult): Finding[] {
  return result.diagnostics.map(({ file, line, column, severity, code, message }) => ({
    file,
    line,
    column,
    severity,
    code,
    message,
  }));
}

/** The example server configuration's binding for the template repository (`acme/ml-platform`). */
export function exampleBinding(): ServerBinding {
  const { config, diagnostics } = validateServerConfig(
    SERVER_CONFIG_EXAMPLE,
    new Uint8Array(readFileSync(SERVER_CONFIG_EXAMPLE)),
  );
  if (!config) throw new Error(`example server configuration is invalid: ${JSON.stringify(diagnostics)}`);
  const binding = bindingFor(config, "acme/ml-platform");
  if (!binding) throw new Error("example server configuration does not bind acme/ml-platform");
  return structuredClone(binding);
}

/**
 * Replaces exactly one occurrence of `from` in `files[path]`. Throws when the text is missing or
 * repeated, so a test whose mutation no longer applies fails instead of silently testing the template.
 */
export function edit(files: Record<string, string>, path: string, from: string, to: string): void {
  const text = files[path];
  if (text === undefined) throw new Error(`no file ${path}`);
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`${path} does not contain ${JSON.stringify(from)}`);
  if (text.indexOf(from, at + 1) >= 0) throw new Error(`${path} contains ${JSON.stringify(from)} twice`);
  files[path] = text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * Validates the template after `mutate`, against the example binding unless options say otherwise,
 * so the unmutated template yields no diagnostics at all and every finding comes from the mutation.
 */
export async function validateTemplate(
  mutate: (files: Record<string, string>) => void,
  options: ValidateOptions = { binding: exampleBinding() },
): Promise<Finding[]> {
  const files = await templateFiles();
  mutate(files);
  return findings(validateRepo(treeOf(files), options));
}
