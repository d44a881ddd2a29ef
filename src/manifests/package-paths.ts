import { decodeFile } from "./decode-file.ts";
import type { Limits } from "./limits.ts";
import { parseYamlFile } from "./parse-yaml.ts";

// A Pipeline's compiled package may be a file of the repository outside the manifest folders
// (`spec.package.path: packages/train.yaml`). A reader that fetches only the manifest folders (issue #20)
// asks this which other files the manifests it read name, and fetches those too — nothing else.

const PIPELINE_KIND = /\bkind:\s*["']?Pipeline\b/;

/** The repository paths Pipeline manifests name as their package, in path order, without duplicates. */
export function pipelinePackagePaths(files: ReadonlyMap<string, Uint8Array>, limits: Limits): string[] {
  const paths = new Set<string>();
  for (const [file, bytes] of files) {
    const decoded = decodeFile(file, bytes, limits);
    // Most manifests are not Pipelines: only those that could be are parsed here (validation parses all).
    if (!decoded.ok || !PIPELINE_KIND.test(decoded.text)) continue;
    for (const document of parseYamlFile(file, decoded.text, limits).documents) {
      const path = packagePathOf(document.value);
      if (path !== null) paths.add(path.replace(/^\.\//, ""));
    }
  }
  return [...paths].sort();
}

function packagePathOf(value: unknown): string | null {
  if (!isRecord(value) || value.kind !== "Pipeline" || !isRecord(value.spec)) return null;
  const pkg = value.spec.package;
  return isRecord(pkg) && typeof pkg.path === "string" && pkg.path.length > 0 ? pkg.path : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
