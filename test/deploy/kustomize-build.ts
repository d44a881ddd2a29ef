import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";

const run = promisify(execFile);

export const DEPLOY_DIR = new URL("../../deploy/", import.meta.url).pathname;
export const OVERLAYS = ["staging", "production"] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** One object of a kustomize build, as plain data. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** kubectl's client version, or null when kubectl is not on PATH (the deploy tests then skip, and say so). */
function kubectlVersion(): string | null {
  try {
    const out = execFileSync("kubectl", ["version", "--client", "-o", "json"], { encoding: "utf8" });
    const parsed = JSON.parse(out) as { clientVersion?: { gitVersion?: string } };
    return parsed.clientVersion?.gitVersion ?? "unknown";
  } catch {
    return null;
  }
}

export const KUBECTL = kubectlVersion();
if (KUBECTL === null) {
  process.stderr.write(
    "\n*** SKIPPED: kubectl is not on PATH, so deploy/overlays were NOT built or validated ***\n\n",
  );
}

/** `kubectl kustomize <dir>` as objects; a failed build or a malformed document names the overlay and the cause. */
export async function kustomize(dir: string): Promise<Manifest[]> {
  let stdout: string;
  try {
    ({ stdout } = await run("kubectl", ["kustomize", dir], { maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`kubectl kustomize ${dir} failed: ${stderr || (error as Error).message}`);
  }
  return parseStream(stdout, dir);
}

export function parseStream(text: string, source: string): Manifest[] {
  return parseAllDocuments(text).map((doc, i) => {
    const where = `${source}: document ${i + 1}`;
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0]?.message}`);
    const value = doc.toJS() as Partial<Manifest> | null;
    if (!value || typeof value.kind !== "string" || typeof value.apiVersion !== "string")
      throw new Error(`${where}: not a Kubernetes object (no apiVersion or kind)`);
    if (typeof value.metadata?.name !== "string") throw new Error(`${where}: ${value.kind} without a name`);
    return value as Manifest;
  });
}

export const overlayDir = (overlay: Overlay): string => `${DEPLOY_DIR}overlays/${overlay}`;

/** `Kind namespace/name`, as kubectl prints objects. */
export const label = (m: Manifest): string =>
  `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name}`;
