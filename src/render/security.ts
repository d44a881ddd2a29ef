/**
 * Pod and container security settings for the Jobs Slipway renders (monitors, feature store): they meet
 * the Kubernetes "restricted" Pod Security Standard, so they run in namespaces that enforce it. The uid
 * is explicit because the kubelet cannot prove `runAsNonRoot` for an image whose USER is a name
 * (Slipway's image runs as `node`, uid 1000, of the official Node.js image).
 */
export const RESTRICTED_POD_SECURITY = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  seccompProfile: { type: "RuntimeDefault" },
};

export const RESTRICTED_CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
};
