import { isUtf8 } from "node:buffer";
import { invalidUtf8Offset as walkForInvalidUtf8 } from "../manifests/utf8-offset.ts";

/**
 * Offset of the first byte that is not well-formed UTF-8 in [start, end), or −1 when the range is
 * valid. Node's native check answers the common case; the byte walk runs only to locate a bad byte.
 */
export function invalidUtf8Offset(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (isUtf8(bytes.subarray(start, end))) return -1;
  return walkForInvalidUtf8(bytes, start, end);
}
