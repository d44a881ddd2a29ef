import YAML from "yaml";

/**
 * A kubeconfig for the fake: plain HTTP needs `insecure-skip-tls-verify` (client-node refuses `http:`
 * otherwise), and the user authenticates with the fake's bearer token.
 */
export function kubeconfigYaml(server: string, token: string, context: string, namespace?: string): string {
  return YAML.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: `${context}-cluster`, cluster: { server, "insecure-skip-tls-verify": true } }],
    users: [{ name: `${context}-user`, user: { token } }],
    contexts: [
      {
        name: context,
        context: {
          cluster: `${context}-cluster`,
          user: `${context}-user`,
          ...(namespace ? { namespace } : {}),
        },
      },
    ],
    "current-context": context,
  });
}
