import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { runGitHttpBackend } from "../fakes/github/git-http-backend.ts";

export interface RecordedGitRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` — repositories are served at `<origin>/<name>.git`. */
  origin: string;
  requests: RecordedGitRequest[];
  close(): Promise<void>;
}

/**
 * A smart-HTTP git server as GitHub speaks it for an installation: `git http-backend` run as a CGI over
 * the bare repositories under `root`, answering 401 unless the request carries
 * `Authorization: Basic base64(x-access-token:<token>)`. Every request's headers are recorded.
 */
export async function startGitHttpServer(root: string, token: () => string): Promise<GitHttpServer> {
  const requests: RecordedGitRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const expected = `Basic ${Buffer.from(`x-access-token:${token()}`).toString("base64")}`;
    const record: RecordedGitRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      status: 0,
    };
    requests.push(record);
    if (req.headers.authorization !== expected) {
      record.status = 401;
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"', "Content-Type": "text/plain" });
      res.end("Authentication required\n");
      return;
    }
    void runGitHttpBackend(
      {
        root,
        pathInfo: decodeURIComponent(url.pathname),
        method: req.method ?? "GET",
        query: url.search.replace(/^\?/, ""),
        headers: req.headers,
        body: req,
      },
      res,
    ).then((status) => {
      record.status = status;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
