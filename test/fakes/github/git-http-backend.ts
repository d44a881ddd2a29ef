import { spawn } from "node:child_process";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { Readable } from "node:stream";

export interface BackendRequest {
  /** GIT_PROJECT_ROOT: the directory holding the bare repositories. */
  readonly root: string;
  /** The path below the root, e.g. `/platform.git/info/refs`. */
  readonly pathInfo: string;
  readonly method: string;
  /** The query without its `?`. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  /** The request body: the bytes already read, or the request stream itself. */
  readonly body: Buffer | Readable;
}

/**
 * Runs `git http-backend` as a CGI for one request and streams its answer into `res`; resolves with the
 * status it answered. Smart HTTP v0 and v2 (the `Git-Protocol` header reaches it as GIT_PROTOCOL), any
 * SHA wantable when the repository's config allows it. Authentication is the caller's business.
 */
export function runGitHttpBackend(
  request: BackendRequest,
  res: ServerResponse,
  onBody?: (bytes: number) => void,
): Promise<number> {
  const { headers } = request;
  const child = spawn("git", ["http-backend"], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      GIT_PROJECT_ROOT: request.root,
      GIT_HTTP_EXPORT_ALL: "1",
      REQUEST_METHOD: request.method,
      PATH_INFO: request.pathInfo,
      QUERY_STRING: request.query,
      CONTENT_TYPE: headers["content-type"] ?? "",
      ...(Buffer.isBuffer(request.body) ? { CONTENT_LENGTH: String(request.body.length) } : {}),
      HTTP_CONTENT_ENCODING: headers["content-encoding"] ?? "",
      GIT_PROTOCOL: String(headers["git-protocol"] ?? ""),
      REMOTE_USER: "x-access-token",
      REMOTE_ADDR: "127.0.0.1",
    },
    stdio: ["pipe", "pipe", "ignore"],
  });
  if (Buffer.isBuffer(request.body)) child.stdin.end(request.body);
  else request.body.pipe(child.stdin);
  // A client that hangs up early must not crash the server with EPIPE.
  child.stdin.on("error", () => {});
  let status = 0;
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headersDone) {
      onBody?.(chunk.length);
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    headersDone = true;
    status = 200;
    const answer: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else answer[name] = value;
    }
    res.writeHead(status, answer);
    onBody?.(head.length - end - 4);
    res.write(head.subarray(end + 4));
  });
  return new Promise((resolve) => {
    child.on("close", () => {
      if (!headersDone) {
        status = 500;
        res.writeHead(500);
      }
      res.end();
      resolve(status);
    });
  });
}
