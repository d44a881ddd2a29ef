import Type, { type Static } from "typebox";
import { dnsName, manifestSchema } from "./common.ts";

const component = Type.Object(
  {
    enabled: Type.Boolean(),
    namespace: dnsName("Namespace the component is installed in."),
    chart: Type.Object(
      {
        repository: Type.String({
          description: "Helm repository URL (https:// or oci://).",
          pattern: "^(https|oci)://[^\\s]+$",
          patternErrorMessage: "must be an https:// or oci:// Helm repository URL",
          maxLength: 1024,
        }),
        name: Type.String({ minLength: 1, maxLength: 253 }),
        version: Type.String({ minLength: 1, maxLength: 64, description: "Exact chart version." }),
      },
      { additionalProperties: false },
    ),
    values: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: "Chart values; credentials only as secretRef." }),
    ),
    environments: Type.Optional(
      Type.Array(dnsName("Environment name."), {
        uniqueItems: true,
        description: "Environments that install this component (opt-in); none listed means none.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const platformSchema = manifestSchema(
  "Platform",
  dnsName("Platform stack name (DNS-1123)."),
  Type.Object(
    {
      components: Type.Record(Type.String({ pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" }), component, {
        description: "Components by name: mlflow, feast, kubeflow, kserve, seldon, prometheus, grafana, ...",
        minProperties: 1,
        // Without it a key the name pattern rejects is not validated at all, and checks read it as a component.
        additionalProperties: false,
      }),
    },
    { additionalProperties: false },
  ),
  "The platform stack: Helm-charted components with their values.",
);

export type PlatformManifest = Static<typeof platformSchema>;
export type PlatformComponent = Static<typeof component>;
