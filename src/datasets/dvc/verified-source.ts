import { DatasetError } from "../dataset-error.ts";
import type { DatasetSource, OpenedObject } from "../s3/dataset-source.ts";
import { DvcHasher } from "./dvc-md5.ts";

// A datasets source whose objects are checked against their DVC content hash as they stream: the last
// chunk is handed on only after the hash matched, so no reader parses an object that was changed or
// damaged in the remote. Objects without an expectation are refused — every byte read is verified.

export interface Expected {
  /** The md5 without a `.dir` suffix. */
  readonly md5: string;
  readonly legacy: boolean;
  /** The size the output records, when it does. */
  readonly size?: number;
  /** How the object is named in a message: its path in the repository. */
  readonly label: string;
}

export function verifiedSource(inner: DatasetSource, expected: ReadonlyMap<string, Expected>): DatasetSource {
  return {
    list: (prefix, page, startAfter) => inner.list(prefix, page, startAfter),
    async open(uri, maxBytes): Promise<OpenedObject> {
      const want = expected.get(uri);
      if (!want) throw new DatasetError(uri, "not a DVC object of this dataset");
      const opened = await inner.open(uri, maxBytes);
      if (want.size !== undefined && opened.size !== undefined && opened.size !== want.size) {
        opened.cancel();
        throw new DatasetError(
          uri,
          `${want.label}: the object holds ${opened.size} bytes but DVC recorded ${want.size} (the object was changed or damaged)`,
        );
      }
      return { size: opened.size, body: verify(opened, want, uri), cancel: opened.cancel };
    },
  };
}

async function* verify(opened: OpenedObject, want: Expected, uri: string): AsyncGenerator<Uint8Array> {
  const hasher = new DvcHasher(want.legacy);
  let held: Uint8Array | undefined;
  for await (const chunk of opened.body) {
    hasher.update(chunk);
    if (held) yield held;
    held = chunk;
  }
  const got = hasher.digest();
  if (got !== want.md5)
    throw new DatasetError(
      uri,
      `${want.label}: content does not match its DVC hash (md5 ${want.md5} recorded, ${got} read); the object was changed or damaged, so it is not read`,
    );
  if (held) yield held;
}
