import type { Multipart } from "./routing.ts";

/** Parses a `multipart/form-data` body (RFC 7578) as Go's `r.FormFile` reads it; null when it is not one. */
export function parseMultipart(contentType: string, body: Buffer): Multipart | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!/^multipart\/form-data/i.test(contentType) || !boundary) return null;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const fields: Record<string, string> = {};
  const files: Record<string, { filename: string; content: Buffer }> = {};
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // drop CRLF after the delimiter and before the next
    const split = part.indexOf("\r\n\r\n");
    if (split >= 0) {
      const headers = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        if (filename !== undefined) files[name] = { filename, content: Buffer.from(content) };
        else fields[name] = content.toString("utf8");
      }
    }
    start = next;
  }
  return { fields, files };
}
