import type { ReportBindingProblem } from "./check-report-bindings.ts";
import type { ServerConfig } from "./schemas/server-config.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * `git.url` names one repository's location, so it belongs on an `owner/repo` binding only; it must be
 * a local path, a `file://` URL or an `https://` URL (plain http only on loopback) and carry no
 * credentials — the installation token is passed to git separately, never in a URL.
 */
export function checkGitBindings(config: ServerConfig): ReportBindingProblem[] {
  const problems: ReportBindingProblem[] = [];
  for (const [index, binding] of config.bindings.entries()) {
    const url = binding.git?.url.trim();
    if (url === undefined) continue;
    const path = ["bindings", index, "git", "url"];
    const why = binding.repository.endsWith("/*")
      ? "names one repository's location; set it on an owner/repo binding, not on owner/*"
      : problemOf(url);
    if (why) problems.push({ path, message: why });
  }
  return problems;
}

/**
 * A `git` integration binds one repository whose DVC files Monitors may name: it needs `url`, by the
 * same rules as `git.url`, and no fields of other integration types.
 */
export function checkGitIntegrations(config: ServerConfig): ReportBindingProblem[] {
  const problems: ReportBindingProblem[] = [];
  for (const [index, binding] of config.bindings.entries()) {
    for (const [name, integration] of Object.entries(binding.integrations ?? {})) {
      const path = ["bindings", index, "integrations", name];
      if (integration.type !== "git") {
        if (integration.url !== undefined)
          problems.push({ path: [...path, "url"], message: "is a field of `git` integrations" });
        continue;
      }
      const url = integration.url?.trim();
      const why = url === undefined ? "a `git` integration needs `url`" : problemOf(url);
      if (why) problems.push({ path: url === undefined ? path : [...path, "url"], message: why });
    }
  }
  return problems;
}

function problemOf(url: string): string | null {
  if (url === "") return "is empty";
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
    return /^[a-z][a-z0-9+.-]*::|^[^/]+@[^/]+:/i.test(url)
      ? "must be a local path, a file:// URL or an https:// URL (no ssh or transport helpers)"
      : null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a valid URL";
  }
  const protocol = parsed.protocol.replace(/:$/, "");
  const allowed =
    protocol === "https" || protocol === "file" || (protocol === "http" && LOOPBACK.has(parsed.hostname));
  if (!allowed) return `uses the ${protocol} protocol; use https://, file:// or a local path`;
  // user:password@ is already reported as a plaintext credential (SLW171); a bare token@ is not.
  if (parsed.username && !parsed.password)
    return "carries credentials; Slipway passes the installation token to git itself";
  if (protocol === "file")
    return parsed.host === "" ? null : "must name a path on this machine (file:///path)";
  return parsed.search || parsed.hash ? "must have no query or fragment" : null;
}
