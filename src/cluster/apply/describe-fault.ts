import { ENVIRONMENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from "../../render/labels.ts";
import type { ClusterFault } from "../cluster-port.ts";

/**
 * The field managers named in a server-side apply conflict. The API server says, for example,
 * `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas`.
 */
export function conflictingManagers(message: string): string[] {
  const names = [...message.matchAll(/conflicts? with "([^"]+)"/g)].map((m) => m[1] ?? "");
  return [...new Set(names.filter((n) => n !== ""))];
}

/**
 * A fault as one line for the report. A field-manager conflict on an object Slipway does not own
 * names the other manager and the two ways out, since Slipway never forces fields it did not create.
 */
export function describeFault(fault: ClusterFault, environment: string): string {
  const managers = conflictingManagers(fault.message);
  if (fault.kind !== "conflict" || managers.length === 0) return fault.message;
  const who = managers.map((m) => `"${m}"`).join(", ");
  return (
    `the object exists and field manager ${who} owns fields Slipway sets; Slipway does not take fields ` +
    `from objects it does not own. Delete the object, or hand it over by labelling it ` +
    `${MANAGED_BY_LABEL}=${MANAGED_BY},${ENVIRONMENT_LABEL}=${environment}. The API server said: ${fault.message}`
  );
}
