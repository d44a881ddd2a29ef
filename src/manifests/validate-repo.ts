import { runChecks } from "./checks/run-checks.ts";
import type { DiagnosticCode } from "./codes.ts";
import { CODES } from "./codes.ts";
import { decodeFile } from "./decode-file.ts";
import {
  compareDiagnostics,
  type Diagnostic,
  type DiagnosticSummary,
  FILE_START,
  summarize,
} from "./diagnostic.ts";
import { findPlaintextCredentials } from "./find-credentials.ts";
import { LIMITS, type Limits } from "./limits.ts";
import { type ParsedDocument, parseYamlFile } from "./parse-yaml.ts";
import type { RepoPolicy } from "./schemas/repo-config.ts";
import type { ServerBinding } from "./schemas/server-config.ts";
import { emptySnapshot, type PlatformSnapshot } from "./snapshot.ts";
import {
  DEFAULT_MANIFEST_DIRS,
  isManifestPath,
  pathProblem,
  printablePath,
  REPO_CONFIG_PATH,
  type SourceTree,
} from "./source-tree.ts";
import { validateDocument } from "./validate-document.ts";
import { validateRepoConfig } from "./validate-repo-config.ts";

export interface ValidateOptions {
  /** The server's binding for this repository; null when validating without one (names unchecked). */
  binding?: ServerBinding | null;
  /**
   * The policy in force, when it is not the tree's own: a pull request is held to the default branch's
   * policy, so it cannot relax the rules it is checked against (DESIGN.md §4).
   */
  policy?: { from: RepoPolicy | undefined };
  limits?: Partial<Limits>;
}

export interface ValidationResult {
  ok: boolean;
  snapshot: PlatformSnapshot;
  diagnostics: Diagnostic[];
  summary: DiagnosticSummary;
}

/**
 * Validates a whole platform repository: reads and parses every manifest file, checks each document
 * against its kind's schema, then checks the repository as a whole (references, types, policy,
 * bindings, credentials). Pure and total: any input yields diagnostics, never an exception.
 */
export function validateRepo(tree: SourceTree, options: ValidateOptions = {}): ValidationResult {
  const limits: Limits = { ...LIMITS, ...options.limits };
  const byFile = new Map<string, Diagnostic[]>();
  const add = (d: Diagnostic) => {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  };
  for (const { path, code, reason } of tree.rejected ?? [])
    add(fileDiagnostic(printablePath(path), code, reason));
  const paths = new Set<string>();
  for (const path of [...tree.files.keys(), ...(tree.otherPaths ?? [])]) {
    const problem = pathProblem(path, limits);
    if (problem === null) paths.add(path);
    // Files whose content was handed over are reported; paths known only by name are just left out.
    else if (tree.files.has(path)) add(fileDiagnostic(printablePath(path), "SLW004", problem));
  }
  const snapshot = emptySnapshot(paths);

  /** The file's documents; a manifest file not read in full is noted in `snapshot.unread`. */
  const readDocuments = (path: string, manifest = false): ParsedDocument[] => {
    const bytes = tree.files.get(path) as Uint8Array;
    const decoded = decodeFile(path, bytes, limits);
    if (!decoded.ok) {
      add(decoded.diagnostic);
      if (manifest) snapshot.unread.set(path, "");
      return [];
    }
    const parsed = parseYamlFile(path, decoded.text, limits);
    for (const d of parsed.diagnostics) add(d);
    if (manifest && parsed.documents.length === 0 && parsed.diagnostics.length === 0) {
      const what = decoded.text.trim() === "" ? "is empty" : "holds no YAML document, only comments";
      add(fileDiagnostic(path, "SLW008", `the file ${what}: it declares no manifest`));
    }
    if (manifest && (parsed.documents.length === 0 || parsed.diagnostics.some((d) => d.severity === "error")))
      snapshot.unread.set(path, decoded.text);
    for (const doc of parsed.documents) {
      for (const f of findPlaintextCredentials(doc.value)) {
        add({ file: path, ...doc.locate(f.path), severity: "error", code: f.code, message: f.message });
      }
    }
    return parsed.documents;
  };

  if (paths.has(REPO_CONFIG_PATH)) {
    const config = validateRepoConfig(readDocuments(REPO_CONFIG_PATH));
    for (const d of config.diagnostics) add(d);
    snapshot.config = config.config;
  } else {
    add(fileDiagnostic(REPO_CONFIG_PATH, "SLW181", "the repository has no .slipway.yml"));
  }

  const dirs = snapshot.config?.value.manifests?.paths ?? DEFAULT_MANIFEST_DIRS;
  const manifestFiles = [...paths]
    .filter((p) => p !== REPO_CONFIG_PATH && tree.files.has(p) && isManifestPath(p, dirs))
    .sort();
  let files = 0;
  let totalBytes = 0;
  const firstDeclarations = new Map<string, ParsedDocument>();
  for (const path of manifestFiles) {
    totalBytes += tree.files.get(path)?.length ?? 0;
    if (files >= limits.maxFiles || totalBytes > limits.maxTotalBytes) {
      const limit =
        files >= limits.maxFiles ? `${limits.maxFiles} manifest files` : `${limits.maxTotalBytes} bytes`;
      add(
        fileDiagnostic(
          path,
          "SLW005",
          `the repository has more than ${limit}; this file and later ones were not read`,
        ),
      );
      break;
    }
    files++;
    for (const doc of readDocuments(path, true)) {
      const result = validateDocument(doc);
      for (const d of result.diagnostics) add(d);
      if (!result.declared) continue;
      // Duplicates are found by declared name, valid spec or not: an invalid first declaration still
      // owns the name, and a second one is reported whichever of the two is broken.
      const { kind, name } = result.declared;
      const first = firstDeclarations.get(`${kind}/${name}`);
      if (first) {
        add(duplicate(kind, name, doc, first));
        continue;
      }
      firstDeclarations.set(`${kind}/${name}`, doc);
      snapshot.declared[kind].add(name);
      const m = result.manifest;
      if (m) (snapshot.manifests[m.kind] as Map<string, typeof m>).set(m.name, m);
    }
  }

  const manifestSet = new Set(manifestFiles);
  for (const path of [...tree.files.keys()].sort()) {
    if (path === REPO_CONFIG_PATH || !paths.has(path) || manifestSet.has(path)) continue;
    const outside = slipwayManifestOutside(path, tree.files.get(path) as Uint8Array, dirs);
    if (outside) add(outside);
  }

  for (const d of runChecks(snapshot, options.binding ?? null, options.policy ?? null, tree.files)) add(d);

  const diagnostics: Diagnostic[] = [];
  // Files in order, each file's list already sorted: a global sort would move a file's closing SLW007
  // ("n more problems not shown") before the last problem it follows, which shares its position.
  for (const file of [...byFile.keys()].sort()) {
    diagnostics.push(...capPerFile((byFile.get(file) as Diagnostic[]).sort(compareDiagnostics), limits));
  }
  for (const d of diagnostics) d.hint ??= CODES[d.code].hint;
  const manifests = Object.values(snapshot.manifests).reduce((n, m) => n + m.size, 0);
  const summary = summarize(diagnostics, files + (paths.has(REPO_CONFIG_PATH) ? 1 : 0), manifests);
  return { ok: summary.errors === 0, snapshot, diagnostics, summary };
}

function duplicate(kind: string, name: string, doc: ParsedDocument, first: ParsedDocument): Diagnostic {
  const at = first.locate(["metadata", "name"]);
  return {
    file: doc.file,
    ...doc.locate(["metadata", "name"]),
    severity: "error",
    code: "SLW101",
    message: `${kind} \`${name}\` is already declared at ${first.file}:${at.line}`,
  };
}

function fileDiagnostic(file: string, code: DiagnosticCode, message: string): Diagnostic {
  return { file, ...FILE_START, endColumn: 2, severity: CODES[code].severity, code, message };
}

function capPerFile(list: Diagnostic[], limits: Limits): Diagnostic[] {
  if (list.length <= limits.maxDiagnosticsPerFile) return list;
  const kept = list.slice(0, limits.maxDiagnosticsPerFile);
  const last = kept[kept.length - 1] as Diagnostic;
  const more = list.length - kept.length;
  kept.push({
    ...last,
    severity: "error",
    code: "SLW007",
    message: `${more} more problem(s) in this file not shown`,
  });
  return kept;
}

const SLIPWAY_API_VERSION = /^apiVersion:[ \t]*["']?slipway\.dev\/[^\n]*$/m;
const lenient = new TextDecoder("utf-8", { fatal: false });

/**
 * A YAML file outside the manifest folders that holds a Slipway manifest is ignored by validation and
 * by deploys: a warning at its apiVersion line says so, and which setting decides.
 */
function slipwayManifestOutside(path: string, bytes: Uint8Array, dirs: readonly string[]): Diagnostic | null {
  if (!/\.ya?ml$/i.test(path) || bytes.length > LIMITS.maxFileBytes) return null;
  const text = lenient.decode(bytes);
  const found = SLIPWAY_API_VERSION.exec(text);
  if (!found) return null;
  const line = text.slice(0, found.index).split("\n").length;
  const kind = /^kind:[ \t]*["']?([A-Za-z]+)/m.exec(text)?.[1];
  const folders = dirs.map((d) => d.replace(/^\.\//, "").replace(/\/+$/, "")).join(", ");
  return {
    file: printablePath(path),
    line,
    column: 1,
    endLine: line,
    endColumn: found[0].length + 1,
    severity: "warning",
    code: "SLW025",
    message:
      `this file holds a Slipway manifest${kind ? ` (kind ${kind.slice(0, 40)})` : ""} but is outside the folders ` +
      `manifests are read from (${folders}: \`manifests.paths\` in .slipway.yml), so it is ignored`,
  };
}
