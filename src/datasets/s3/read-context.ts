import type { DatasetLimits } from "./dataset-limits.ts";
import type { DatasetSource, OpenedObject } from "./dataset-source.ts";
import type { ProgressReporter } from "./progress.ts";

/** A seeded sample: when the dataset has more than `rows` rows, `rows` of them chosen by `seed`. */
export interface SampleOptions {
  readonly rows: number;
  readonly seed: number;
}

/** What the format readers share while reading the objects of one dataset. */
export interface ReadContext {
  readonly source: DatasetSource;
  /** The dataset's path or prefix, for messages about the whole. */
  readonly label: string;
  readonly limits: DatasetLimits;
  readonly sample: SampleOptions | undefined;
  readonly progress: ProgressReporter;
  /** Bytes read from the store so far. */
  bytesRead: number;
}

/** Opens an object within what is left of the byte budget, telling the progress reporter its size. */
export async function openObject(
  ctx: ReadContext,
  uri: string,
  knownSize: number | undefined,
): Promise<OpenedObject> {
  const left = ctx.limits.maxTotalBytes - ctx.bytesRead;
  const opened = await ctx.source.open(uri, Math.min(ctx.limits.maxObjectBytes, left));
  if (knownSize === undefined && opened.size !== undefined) ctx.progress.total(ctx.bytesRead + opened.size);
  return opened;
}

/** Every chunk of an opened object, counted against the budget and reported as progress. */
export async function* chunksOf(ctx: ReadContext, opened: OpenedObject): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of opened.body) {
      ctx.bytesRead += chunk.byteLength;
      ctx.progress.advance(chunk.byteLength);
      yield chunk;
    }
  } finally {
    opened.cancel();
  }
}
