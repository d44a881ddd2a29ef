import type { Manifest } from "../../manifests/snapshot.ts";
import type { DeployRecord } from "../../state/environment-store.ts";
import { snapshotAt } from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";

export interface ServedDeploy {
  record: DeployRecord;
  /** The model's manifest at the deploy's commit (its version and evidence then). */
  manifest: Manifest<"Model">;
}

/** How far back the history is read: the stores keep at most 50 deploy records per environment. */
const HISTORY = 50;

/**
 * The successful deploys of `environment` that served `model`, newest first. A deploy record lists the
 * version of every model of its commit, including models that were not rendered into that environment;
 * the commit's own manifest says whether the model was there (`spec.promotion.environments`).
 */
export async function* servedDeploys(
  ports: DeployPorts,
  environment: string,
  model: string,
): AsyncGenerator<ServedDeploy> {
  for (const record of await ports.store.deploys(environment, HISTORY)) {
    if (record.outcome !== "success" || record.models[model] === undefined) continue;
    const at = await snapshotAt(ports, record.commit);
    if ("problem" in at) continue;
    const manifest = at.snapshot.manifests.Model.get(model);
    if (!manifest?.value.spec.promotion.environments.includes(environment)) continue;
    if (String(manifest.value.spec.registry.version) !== record.models[model]) continue;
    yield { record, manifest };
  }
}
