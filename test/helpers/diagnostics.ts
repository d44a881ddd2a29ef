import type { Diagnostic } from "../../src/manifests/diagnostic.ts";
import type { Limits } from "../../src/manifests/limits.ts";
import { type ValidationResult, validateRepo } from "../../src/manifests/validate-repo.ts";
import { treeOf } from "./tree.ts";

/**
 * ajv's own wording (and its error-object field names). Users must only ever see Slipway's plain
 * sentences, so any of these in a message means a raw validator error leaked through.
 */
export const RAW_VALIDATOR_WORDING: readonly RegExp[] = [
  /must NOT have/,
  /must have required property/,
  /must be equal to (one of the allowed values|constant)/,
  /must match (pattern|format|"then"|"else")/,
  /must be (<=|>=|<|>) /,
  /instancePath/,
  /schemaPath/,
  /keyword/,
];

/** A valid `.slipway.yml` (the template's), so a test's only findings are about the file under test. */
export const REPO_CONFIG = `version: 1
environments:
  - name: staging
    branch: main
integrations:
  tracking: mlflow
`;

/** Validates `.slipway.yml` plus `files`; never lets an exception escape unnoticed (the call itself is the assertion). */
export function validateFiles(
  files: Record<string, string | Uint8Array>,
  limits: Partial<Limits> = {},
): ValidationResult {
  return validateRepo(treeOf({ ".slipway.yml": REPO_CONFIG, ...files }), { limits });
}

/** The diagnostics of one file, as `[code, line, column]` — the shape most assertions compare. */
export function locatedIn(result: ValidationResult, file: string): [string, number, number][] {
  return result.diagnostics.filter((d) => d.file === file).map((d) => [d.code, d.line, d.column]);
}

/** Messages that read as Slipway's, not as a validator's or a JavaScript engine's. */
export function rawWordingIn(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map((d) => d.message)
    .filter(
      (m) => RAW_VALIDATOR_WORDING.some((re) => re.test(m)) || /call stack|undefined|\[object /.test(m),
    );
}
