import { createHash } from "node:crypto";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { GitMirrorFault } from "./git-mirror-fault.ts";

/**
 * Where a mirror fetches from. `server` mode is an https remote reached with an installation token;
 * `embedded` mode is a repository on this machine (a path or a file:// URL) read without credentials.
 */
export interface MirrorRemote {
  mode: "server" | "embedded";
  /** What git is given as the remote: never carries a credential. */
  url: string;
  /** The only protocols git may use for this remote (GIT_ALLOW_PROTOCOL). */
  protocols: readonly string[];
  /** Directory name of this remote's mirror: readable and unique per URL. */
  key: string;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Checks the URL the operator configured; every refusal names what is wrong without echoing secrets. */
export function parseMirrorRemote(input: string): MirrorRemote {
  const text = input.trim();
  if (text.length === 0) throw invalid("the repository URL is empty");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return parseUrl(text);
  if (/^[a-z][a-z0-9+.-]*::|^[^/]+@[^/]+:/i.test(text))
    throw invalid(
      "only https:// URLs, file:// URLs and local paths are supported (no ssh or transport helpers)",
    );
  const path = resolve(text);
  return { mode: "embedded", url: pathToFileURL(path).href, protocols: ["file"], key: keyOf(path) };
}

function parseUrl(text: string): MirrorRemote {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid("the repository URL is not a valid URL");
  }
  if (url.protocol === "file:") {
    if (url.host !== "") throw invalid("a file:// URL must name a path on this machine");
    const path = fileURLToPath(url);
    if (!isAbsolute(path)) throw invalid("a file:// URL must name an absolute path");
    return { mode: "embedded", url: pathToFileURL(path).href, protocols: ["file"], key: keyOf(path) };
  }
  // Plain http would carry the token unencrypted: accepted only on loopback (a local test server).
  const loopbackHttp = url.protocol === "http:" && LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !loopbackHttp)
    throw invalid(`the ${url.protocol.replace(/:$/, "")} protocol is not allowed; use https://`);
  if (url.username || url.password)
    throw invalid("the repository URL carries credentials; give them through `credentials` instead");
  if (url.search || url.hash) throw invalid("the repository URL has a query or a fragment");
  if (url.pathname.split("/").filter(Boolean).length === 0)
    throw invalid("the repository URL names no repository");
  const href = url.href.replace(/\/+$/, "");
  return { mode: "server", url: href, protocols: [loopbackHttp ? "http" : "https"], key: keyOf(href, url) };
}

/** `host-owner-repo-<hash>`: a person can tell mirrors apart; the hash keeps lookalike URLs apart. */
function keyOf(location: string, url?: URL): string {
  const readable = (url ? `${url.host}${url.pathname}` : location)
    .replace(/\.git$/, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|-+$/g, "")
    .slice(-80);
  const hash = createHash("sha256").update(location).digest("hex").slice(0, 12);
  return `${readable || "repo"}-${hash}.git`;
}

function invalid(reason: string): GitMirrorFault {
  return new GitMirrorFault("invalid", `opening the platform repository's mirror: ${reason}`);
}
