import { type GitCommandSettings, gitCommand } from "./git-command.ts";
import { toGitMirrorFault } from "./git-mirror-fault.ts";
import { parseBatchCheck } from "./git-object-output.ts";
import type { mirrorRepository } from "./mirror-repository.ts";
import type { GitObjectReader } from "./read-git-tree.ts";

type MirrorRepository = ReturnType<typeof mirrorRepository>;

const lines = (oids: readonly string[]) => `${oids.join("\n")}\n`;

/** The tree reader's git commands for one commit of a mirror; only `fetchBlobs` reaches the remote. */
export function mirrorObjectReader(
  repository: MirrorRepository,
  settings: GitCommandSettings,
  sha: string,
): GitObjectReader {
  const operation = `reading the files of commit ${sha}`;
  const fetched = new Set<string>(); // blobs this reader already brought in: not looked up again
  return {
    listTree: (at, maxEntries) => listTreeBounded(settings, at, maxEntries, operation),
    fetchBlobs: async (oids) => {
      const wanted = oids.filter((oid) => !fetched.has(oid));
      await repository.fetchBlobs(wanted, `fetching ${wanted.length} file(s) of commit ${sha}`);
      for (const oid of wanted) fetched.add(oid);
    },
    blobSizes: async (oids) =>
      parseBatchCheck(await repository.read(operation, ["cat-file", "--batch-check"], lines(oids))),
    readBlobs: async (oids) => {
      try {
        return await gitCommand(settings, null, { offline: true, input: lines(oids) }).binaryCatFile([
          "--batch",
        ]);
      } catch (error) {
        throw toGitMirrorFault(operation, error, [], settings.timeoutMs);
      }
    },
  };
}

/**
 * `git ls-tree -r -z --full-tree`, stopped as soon as it has printed more than `maxEntries` entries: a
 * tree of millions of paths (a tiny push: empty files compress to nothing) never fills memory.
 */
async function listTreeBounded(
  settings: GitCommandSettings,
  sha: string,
  maxEntries: number,
  operation: string,
): Promise<{ output: string; complete: boolean }> {
  const stop = new AbortController();
  let entries = 0;
  const git = gitCommand(settings, null, {
    offline: true,
    signal: stop.signal,
    onStdout: (chunk) => {
      for (let at = chunk.indexOf(0); at >= 0; at = chunk.indexOf(0, at + 1)) entries++;
      if (entries > maxEntries) stop.abort();
    },
  });
  try {
    const output = await git.raw(["ls-tree", "-r", "-z", "--full-tree", sha]);
    return { output, complete: true };
  } catch (error) {
    if (stop.signal.aborted) return { output: "", complete: false };
    throw toGitMirrorFault(operation, error, [], settings.timeoutMs);
  }
}
