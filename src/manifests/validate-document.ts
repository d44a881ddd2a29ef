import { closestMatch } from "./closest-match.ts";
import type { DiagnosticCode } from "./codes.ts";
import { compiledValidator } from "./compile-schemas.ts";
import type { Diagnostic } from "./diagnostic.ts";
import type { JsonPath } from "./locate-node.ts";
import type { ParsedDocument } from "./parse-yaml.ts";
import { describeSchemaErrors } from "./schema-errors.ts";
import { API_VERSION } from "./schemas/common.ts";
import { isManifestKind, KIND_SCHEMAS, MANIFEST_KINDS, type ManifestKind } from "./schemas/index.ts";
import type { AnyManifest } from "./snapshot.ts";

export interface DocumentResult {
  manifest: AnyManifest | null;
  /** Kind and name from a readable envelope, even when the spec is invalid. */
  declared: { kind: ManifestKind; name: string } | null;
  diagnostics: Diagnostic[];
}

/** Checks one document's envelope, then its whole body against the kind's schema. */
export function validateDocument(doc: ParsedDocument): DocumentResult {
  const diagnostics: Diagnostic[] = [];
  const report = (path: JsonPath, code: DiagnosticCode, message: string, target: "value" | "key" = "value") =>
    diagnostics.push({ file: doc.file, ...doc.locate(path, target), severity: "error", code, message });
  const none = { manifest: null, declared: null, diagnostics };

  const value = doc.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    report(
      [],
      "SLW022",
      "this document is not a mapping; a manifest has apiVersion, kind, metadata and spec",
    );
    return none;
  }
  const envelope = value as Record<string, unknown>;
  if (envelope.apiVersion === undefined || envelope.kind === undefined) {
    const missing = envelope.apiVersion === undefined ? "apiVersion" : "kind";
    report(
      [],
      "SLW022",
      `this document has no \`${missing}\`; a manifest has apiVersion, kind, metadata and spec`,
    );
    return none;
  }
  if (envelope.apiVersion !== API_VERSION) {
    const shown =
      typeof envelope.apiVersion === "string" ? envelope.apiVersion.slice(0, 100) : "a non-text value";
    const other = typeof envelope.apiVersion === "string" && envelope.apiVersion.startsWith("slipway.dev/");
    report(
      ["apiVersion"],
      "SLW020",
      other
        ? `apiVersion \`${shown}\` is not supported; this Slipway reads ${API_VERSION}`
        : `apiVersion \`${shown}\` is not a Slipway manifest; expected ${API_VERSION}`,
    );
    return none;
  }
  if (!isManifestKind(envelope.kind)) {
    const shown = typeof envelope.kind === "string" ? envelope.kind.slice(0, 100) : "a non-text value";
    const guess = typeof envelope.kind === "string" ? closestMatch(envelope.kind, MANIFEST_KINDS) : undefined;
    const suggestion = guess ? ` (did you mean \`${guess}\`?)` : ` (kinds: ${MANIFEST_KINDS.join(", ")})`;
    report(["kind"], "SLW021", `unknown kind \`${shown}\`${suggestion}`);
    return none;
  }
  const kind = envelope.kind;
  const metadata = envelope.metadata as Record<string, unknown> | undefined;
  const name = typeof metadata?.name === "string" ? metadata.name : null;
  const declared = name === null ? null : { kind, name };

  const validate = compiledValidator(KIND_SCHEMAS[kind]);
  if (!validate(value)) {
    for (const p of describeSchemaErrors(validate.errors ?? [])) report(p.path, p.code, p.message, p.target);
    return { manifest: null, declared, diagnostics };
  }
  const manifest = { kind, name, file: doc.file, index: doc.index, value, locate: doc.locate } as AnyManifest;
  return { manifest, declared, diagnostics };
}
