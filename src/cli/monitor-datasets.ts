import { isAbsolute, join } from "node:path";
import type { DatasetAccess } from "../datasets/s3/dataset-access.ts";
import type { DatasetSource } from "../datasets/s3/dataset-source.ts";
import { localDatasetSource } from "../datasets/s3/local-source.ts";
import { createS3Client } from "../datasets/s3/s3-client.ts";
import { s3DatasetSource } from "../datasets/s3/s3-source.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";

// The datasets `slipway drift --monitor` reads without a server binding: what the user named on their
// own machine, so nothing is refused. s3:// locations go through the standard AWS chain (and
// AWS_ENDPOINT_URL_S3 for MinIO, Ceph or s3rver); any other location is a local path, relative to
// the repository directory. The S3 client is made on first use, so local-only monitors need no AWS.

/** A local source whose relative paths are read below `dir` and reported as written. */
function relativeTo(dir: string, inner: DatasetSource): DatasetSource {
  // join keeps a trailing slash, and dot segments were refused before any read.
  const abs = (path: string) => (isAbsolute(path) ? path : join(dir, path));
  return {
    async list(prefix, page, startAfter) {
      const listed = await inner.list(
        abs(prefix),
        page,
        startAfter === undefined ? undefined : abs(startAfter),
      );
      if (isAbsolute(prefix)) return listed;
      const base = abs(prefix);
      const objects = listed.objects.map((o) => ({ ...o, uri: prefix + o.uri.slice(base.length) }));
      return listed.next ? { objects, next: listed.next } : { objects };
    },
    open: (uri, maxBytes) => inner.open(abs(uri), maxBytes),
  };
}

export function localMachineDatasets(dir: string, env: NodeJS.ProcessEnv): DatasetAccess {
  let s3: Promise<{ source: DatasetSource; close: () => void }> | undefined;
  const openS3 = () => {
    s3 ??= createS3Client({ name: "s3", binding: {}, readSecret: nodeSecretReader(env), env }).then((c) => ({
      source: s3DatasetSource(c),
      close: () => c.client.destroy(),
    }));
    return s3;
  };
  const local = relativeTo(dir, localDatasetSource());
  const route = async (uri: string) => (uri.startsWith("s3://") ? (await openS3()).source : local);
  return {
    source: {
      list: async (prefix, page, startAfter) => (await route(prefix)).list(prefix, page, startAfter),
      open: async (uri, maxBytes) => (await route(uri)).open(uri, maxBytes),
    },
    allowlist: "unrestricted",
    close: () => {
      void s3?.then((c) => c.close()).catch(() => undefined);
    },
  };
}
