import { readFile, stat } from "node:fs/promises";
import { decodeFile } from "../manifests/decode-file.ts";
import { LIMITS } from "../manifests/limits.ts";
import { parseYamlFile } from "../manifests/parse-yaml.ts";
import type { Manifest } from "../manifests/snapshot.ts";
import { validateDocument } from "../manifests/validate-document.ts";
import { diagnosticLine } from "./load-binding.ts";

/**
 * The Monitor a monitor Job runs: the definition its ConfigMap mounts (the manifest as JSON; YAML
 * reads too), checked against the Monitor schema with located errors. Cross-references (its Model,
 * the bound integrations) were checked when the platform repo was validated before the deploy.
 */
export async function readMonitorFile(
  path: string,
  shown: string,
): Promise<{ monitor: Manifest<"Monitor"> } | { problem: string }> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error)
    return {
      problem: `cannot read ${shown}: ${info.code === "ENOENT" ? "no such file" : (info.code ?? info.message)}`,
    };
  if (!info.isFile()) return { problem: `cannot read ${shown}: not a regular file` };
  if (info.size > LIMITS.maxFileBytes)
    return { problem: `${shown} is ${info.size} bytes; the limit is ${LIMITS.maxFileBytes} bytes` };
  const bytes = new Uint8Array(await readFile(path));
  const decoded = decodeFile(shown, bytes, LIMITS);
  if (!decoded.ok) return { problem: diagnosticLine(decoded.diagnostic) };
  const parsed = parseYamlFile(shown, decoded.text, LIMITS);
  const [doc, extra] = parsed.documents;
  if (parsed.diagnostics.some((d) => d.severity === "error"))
    return { problem: parsed.diagnostics.map(diagnosticLine).join("\n") };
  if (!doc || extra) return { problem: `${shown}:1:1 error SLW022 the file must hold exactly one Monitor` };
  const result = validateDocument(doc);
  if (result.diagnostics.length > 0) return { problem: result.diagnostics.map(diagnosticLine).join("\n") };
  if (result.manifest?.kind !== "Monitor")
    return {
      problem: `${shown}:1:1 error SLW022 this is a ${result.manifest?.kind ?? "document"}, not a Monitor`,
    };
  return { monitor: result.manifest };
}
