import { compiledValidator } from "./compile-schemas.ts";
import type { Diagnostic } from "./diagnostic.ts";
import type { ParsedDocument } from "./parse-yaml.ts";
import { describeSchemaErrors } from "./schema-errors.ts";
import { type RepoConfig, repoConfigSchema } from "./schemas/repo-config.ts";
import type { Located } from "./snapshot.ts";

/** Validates `.slipway.yml`: one document, against its schema. */
export function validateRepoConfig(docs: ParsedDocument[]): {
  config: Located<RepoConfig> | null;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const [doc, second] = docs;
  if (!doc) return { config: null, diagnostics };
  if (second) {
    diagnostics.push({
      file: second.file,
      ...second.locate([]),
      severity: "error",
      code: "SLW180",
      message: ".slipway.yml must hold exactly one YAML document",
    });
  }
  const validate = compiledValidator(repoConfigSchema);
  if (!validate(doc.value)) {
    for (const p of describeSchemaErrors(validate.errors ?? [])) {
      diagnostics.push({
        file: doc.file,
        ...doc.locate(p.path, p.target),
        severity: "error",
        code: p.code,
        message: p.message,
      });
    }
    return { config: null, diagnostics };
  }
  return {
    config: { file: doc.file, index: doc.index, value: doc.value as RepoConfig, locate: doc.locate },
    diagnostics,
  };
}
