import type { DeploymentState, DeploymentStatusState } from "./deployment-state.ts";
import { appJson, type Urls, userJson } from "./shapes.ts";
import type { AppInfo } from "./state.ts";

const nodeId = (kind: string, id: number): string => Buffer.from(`${kind}:${id}`).toString("base64url");

function deploymentUrl(urls: Urls, d: DeploymentState): string {
  return `${urls.api}/repos/${d.repo.owner.login}/${d.repo.name}/deployments/${d.id}`;
}

export function deploymentJson(urls: Urls, app: AppInfo, d: DeploymentState): Record<string, unknown> {
  const url = deploymentUrl(urls, d);
  return {
    url,
    id: d.id,
    node_id: nodeId("Deployment", d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: userJson(urls, d.creator),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: `${urls.api}/repos/${d.repo.owner.login}/${d.repo.name}`,
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
    performed_via_github_app: appJson(urls, app),
  };
}

export function deploymentStatusJson(
  urls: Urls,
  app: AppInfo,
  d: DeploymentState,
  s: DeploymentStatusState,
): Record<string, unknown> {
  const url = deploymentUrl(urls, d);
  return {
    url: `${url}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId("DeploymentStatus", s.id),
    state: s.state,
    creator: userJson(urls, s.creator),
    description: s.description,
    environment: s.environment,
    // `target_url` is the older name of `log_url`; GitHub answers both with the same value.
    target_url: s.logUrl,
    log_url: s.logUrl,
    environment_url: s.environmentUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: url,
    repository_url: `${urls.api}/repos/${d.repo.owner.login}/${d.repo.name}`,
    performed_via_github_app: s.viaApp ? appJson(urls, app) : null,
  };
}
