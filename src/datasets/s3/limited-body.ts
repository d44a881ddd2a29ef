import { DatasetError } from "../dataset-error.ts";

/** A streamed body as Node and the AWS SDK give it: async-iterable chunks that can be destroyed. */
export interface StreamBody extends AsyncIterable<Uint8Array> {
  destroy?(): void;
}

/**
 * The body's chunks, failing with a DatasetError naming `uri` as soon as more than `maxBytes` arrived
 * (a store may announce no length, or the wrong one), and with `fault(error)` when the transfer breaks.
 */
export async function* limitedBody(
  body: StreamBody,
  uri: string,
  maxBytes: number,
  fault: (error: unknown) => Error,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  try {
    for await (const chunk of body) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new DatasetError(uri, `object is over the limit of ${maxBytes} bytes`);
      yield chunk;
    }
  } catch (error) {
    throw error instanceof DatasetError ? error : fault(error);
  } finally {
    // Over the limit, broken, or the consumer stopped early: release the connection either way.
    body.destroy?.();
  }
}
