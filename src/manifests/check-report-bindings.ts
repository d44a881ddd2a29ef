import type { ServerConfig } from "./schemas/server-config.ts";

export interface ReportBindingProblem {
  /** Path in the configuration document, for a located diagnostic. */
  path: (string | number)[];
  message: string;
}

/**
 * `reports` must name an `s3` integration of the same binding: the monitor Jobs write with that
 * integration's credentials (its Secret in the cluster), and the server reads the reports with them.
 */
export function checkReportBindings(config: ServerConfig): ReportBindingProblem[] {
  const problems: ReportBindingProblem[] = [];
  for (const [index, binding] of config.bindings.entries()) {
    const reports = binding.reports;
    if (!reports) continue;
    const integration = binding.integrations?.[reports.integration];
    const path = ["bindings", index, "reports", "integration"];
    if (!integration)
      problems.push({
        path,
        message: `names no integration of this binding: "${reports.integration}" is not under integrations`,
      });
    else if (integration.type !== "s3")
      problems.push({
        path,
        message: `must name an s3 integration; "${reports.integration}" is of type ${integration.type}`,
      });
  }
  return problems;
}

/**
 * The report prefix of one repository in one environment: `<prefix><owner>/<repo>/<environment>/`,
 * lowercase owner and repo (GitHub's names are case-insensitive, the keys must not be).
 */
export function monitorReportPrefix(prefix: string, repository: string, environment: string): string {
  return `${prefix}${repository.toLowerCase()}/${environment}/`;
}
