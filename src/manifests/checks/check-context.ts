import { CODES, type DiagnosticCode } from "../codes.ts";
import type { Diagnostic, Severity } from "../diagnostic.ts";
import type { JsonPath } from "../locate-node.ts";
import type { RepoPolicy } from "../schemas/repo-config.ts";
import type { ServerBinding } from "../schemas/server-config.ts";
import type { Located, PlatformSnapshot } from "../snapshot.ts";

/** What every repository-wide check receives: the snapshot, the server binding, and a way to report. */
export interface CheckContext {
  snapshot: PlatformSnapshot;
  binding: ServerBinding | null;
  /** The policy in force: the default branch's when reviewing a pull request, else the tree's own. */
  policy: RepoPolicy | undefined;
  report: (
    at: Located<unknown>,
    path: JsonPath,
    code: DiagnosticCode,
    message: string,
    options?: { target?: "value" | "key"; severity?: Severity },
  ) => void;
}

export type Check = (ctx: CheckContext) => void;

export function createContext(
  snapshot: PlatformSnapshot,
  binding: ServerBinding | null,
  out: Diagnostic[],
  policy: RepoPolicy | undefined = snapshot.config?.value.policy,
): CheckContext {
  return {
    snapshot,
    binding,
    policy,
    report: (at, path, code, message, options = {}) => {
      out.push({
        file: at.file,
        ...at.locate(path, options.target ?? "value"),
        severity: options.severity ?? CODES[code].severity,
        code,
        message,
      });
    },
  };
}
