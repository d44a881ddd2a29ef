import type { IncomingMessage, ServerResponse } from "node:http";
import type { GitRepoExport } from "./export-git-repo.ts";
import { describeFault } from "./faults.ts";
import { runGitHttpBackend } from "./git-http-backend.ts";
import type { RecordedRequest } from "./recorder.ts";
import { checkExpected, type ServerDeps, takeFault } from "./server.ts";

/** GitHub's smart HTTP paths on the web host: `/{owner}/{repo}.git/info/refs` and `…/git-upload-pack`. */
const GIT_PATH = /^\/([^/]+)\/([^/]+?)\.git\/(info\/refs|git-upload-pack|git-receive-pack)$/;

export function isGitHttpPath(path: string): boolean {
  return GIT_PATH.test(path);
}

type GitAuth = { kind: "none" } | { kind: "invalid" } | { kind: "installation"; installationId: number };

/** `Basic base64(x-access-token:<token>)` with a token the fake issued and that has not expired. */
function authenticate(deps: ServerDeps, header: string | undefined): GitAuth {
  if (!header) return { kind: "none" };
  const encoded = /^basic\s+(\S+)$/i.exec(header.trim())?.[1];
  if (!encoded) return { kind: "invalid" };
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0 || decoded.slice(0, colon) !== "x-access-token") return { kind: "invalid" };
  const issued = deps.state.tokens.get(decoded.slice(colon + 1));
  if (!issued || issued.expiresAt <= deps.state.now().getTime()) return { kind: "invalid" };
  return { kind: "installation", installationId: issued.installationId };
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

/**
 * Serves a repository over git's smart HTTP protocol as github.com does for an app: fetches only
 * (`git-upload-pack`), authenticated with an installation token as Basic `x-access-token:<token>`.
 * No or a bad credential is 401 with GitHub's `WWW-Authenticate: Basic realm="GitHub"` (also for a
 * repository that does not exist, so its existence is not revealed); a token whose installation cannot
 * see the repository gets 404. The answer itself comes from `git http-backend` over the repository's
 * export (`GitRepoExport`), brought up to date on each request. Requests are recorded like API ones.
 */
export async function serveGitHttp(
  deps: ServerDeps,
  exported: GitRepoExport,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? "/", deps.urls.web);
  const method = req.method ?? "GET";
  const [, owner = "", name = "", service = ""] = GIT_PATH.exec(url.pathname) ?? [];
  const auth = authenticate(deps, req.headers.authorization);
  const rec: RecordedRequest = {
    seq: deps.requests.length + 1,
    method,
    path: url.pathname,
    route: `${method} /{owner}/{repo}.git/${service}`,
    params: { owner, repo: name },
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(
      Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
    ),
    body: undefined,
    auth: auth.kind,
    status: 0,
    unexpected: false,
    fault: undefined,
    at: Date.now(),
    bytes: 0,
  };
  deps.requests.push(rec);
  checkExpected(deps, rec);
  const answer = (status: number, text: string, headers?: Record<string, string>) => {
    rec.status = status;
    plain(res, status, text, headers);
  };
  const pending = takeFault(deps, rec);
  if (pending) {
    rec.fault = describeFault(pending.fault);
    if ("dropConnection" in pending.fault) return void req.socket.destroy();
    if ("status" in pending.fault) return answer(pending.fault.status, "Injected failure\n");
    if ("delayMs" in pending.fault)
      await new Promise((r) => setTimeout(r, (pending.fault as { delayMs: number }).delayMs));
  }
  const upload =
    service === "info/refs"
      ? method === "GET" && url.searchParams.get("service") === "git-upload-pack"
      : service === "git-upload-pack" && method === "POST";
  if (!upload) return answer(403, "The fake GitHub serves fetches (git-upload-pack over smart HTTP) only.\n");
  if (auth.kind !== "installation")
    return answer(
      401,
      auth.kind === "none"
        ? ""
        : "Invalid username or token. Password authentication is not supported for Git operations.\n",
      { "www-authenticate": 'Basic realm="GitHub"' },
    );
  const repo = deps.state.repo(owner, name);
  if (!repo || repo.installationId !== auth.installationId) return answer(404, "Repository not found.\n");
  const dir = exported.sync(repo);
  const request = {
    root: exported.root,
    pathInfo: `/${dir}/${service}`,
    method,
    query: url.search.slice(1),
    headers: req.headers,
    body: Buffer.concat(chunks),
  };
  rec.status = await runGitHttpBackend(request, res, (bytes) => {
    rec.bytes += bytes;
  });
}
