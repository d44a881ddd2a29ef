import { connectBoundDatasets } from "../datasets/s3/dataset-access.ts";
import { MAX_PACKAGE_BYTES } from "../manifests/compiled-package.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import { hasDotSegments, withinPrefix } from "../manifests/within-prefix.ts";
import type { PackageSource } from "../plan/recurring-runs.ts";
import type { ReadSecret } from "../tracker/mlflow-rest/auth.ts";
import type { PackageBytes } from "../workflows/pipelines/pipeline-ports.ts";

export interface ReadPackageOptions {
  /** The repository's server binding; null in embedded mode and the CLI (any s3:// or https:// then). */
  readonly binding: ServerBinding | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readSecret: ReadSecret;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /**
   * Without a binding, may an https:// package be fetched at all? The CLI and the default branch's sync
   * say yes; a pull request's review says no (it reads only what the operator allowed, DESIGN.md §4).
   */
  readonly unboundHttps?: boolean;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** A body read up to `limit` bytes, or null past it (the transfer is cancelled). */
async function limited(response: Response, limit: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if ((Number.isFinite(declared) && declared > limit) || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return response.body ? null : new Uint8Array();
  }
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/**
 * A Pipeline's compiled package, bounded: a file of the repository's tree, an s3:// object read through
 * the `kfp` integration's `packages.integration` within its allowed prefixes, or an https:// file within
 * `packages.allowedUrls` (no redirects followed, no credentials sent). Never throws: a reason instead.
 */
export async function readPipelinePackage(
  source: PackageSource,
  tree: SourceTree,
  integration: string,
  options: ReadPackageOptions,
): Promise<PackageBytes> {
  const limit = options.maxBytes ?? MAX_PACKAGE_BYTES;
  if (source.kind === "pipeline") return { problem: `\`${source.name}\` is a pipeline in KFP, not a file` };
  if (source.kind === "path") {
    const bytes = tree.files.get(source.path);
    if (bytes) return { bytes };
    const rejected = tree.rejected?.find((r) => r.path === source.path);
    return { problem: `${source.path}: ${rejected ? rejected.reason : "not a file of the repository"}` };
  }
  const uri = source.uri;
  if (hasDotSegments(uri)) return { problem: `${uri}: '.' or '..' segments are not read` };
  const kfp = options.binding?.integrations?.[integration];
  if (uri.startsWith("s3://")) {
    const store = kfp?.packages?.integration;
    if (options.binding && !store)
      return {
        problem: `${uri}: the \`${integration}\` integration names no \`packages.integration\` to read s3:// packages with`,
      };
    const access = await connectBoundDatasets(
      options.binding,
      store ?? "aws",
      options.env,
      options.readSecret,
    );
    if ("unavailable" in access) return { problem: `${uri}: ${access.unavailable}` };
    try {
      const allowed = (
        access.allowlist === "unrestricted" ? ["s3://"] : access.allowlist
      ) as readonly string[];
      if (!allowed.some((prefix) => withinPrefix(uri, prefix)))
        return { problem: `${uri} is outside the prefixes \`${store}\` allows` };
      const opened = await access.source.open(uri, limit);
      return { bytes: await collect(opened.body) };
    } catch (error) {
      return { problem: (error as Error).message };
    } finally {
      access.close();
    }
  }
  if (!uri.startsWith("https://"))
    return { problem: `${uri}: packages are read from s3:// or https:// only` };
  if (!options.binding && options.unboundHttps === false)
    return {
      problem: `${uri}: https:// packages are read only where a server binding allows them (packages.allowedUrls)`,
    };
  if (options.binding && !(kfp?.packages?.allowedUrls ?? []).some((prefix) => withinPrefix(uri, prefix)))
    return { problem: `${uri} is outside the \`${integration}\` integration's packages.allowedUrls` };
  const where = new URL(uri);
  try {
    const response = await (options.fetch ?? fetch)(uri, {
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      headers: { accept: "application/yaml, text/yaml, */*" },
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return { problem: `${where.host} answered HTTP ${response.status} for the package` };
    }
    const bytes = await limited(response, limit);
    return bytes ? { bytes } : { problem: `${uri} is larger than ${limit} bytes; it was not read` };
  } catch (error) {
    const name = (error as { name?: string }).name;
    return {
      problem:
        name === "TimeoutError"
          ? `${where.host} did not send the package in time`
          : `${where.host} could not be reached for the package`,
    };
  }
}
