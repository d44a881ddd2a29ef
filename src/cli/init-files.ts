// The files `slipway init` writes besides the template: the pull-request workflow and the commented
// server configuration example. Pure text; the version pins the CLI the workflow installs, so CI runs
// the Slipway that created the repository until someone upgrades it on purpose.

/** `.github/workflows/slipway.yml`: validation annotations and an offline plan per environment. */
export function ciWorkflow(version: string): string {
  const pinned = /^\d+\.\d+\.\d+([-+][\w.-]+)?$/.test(version) ? version : "latest";
  return `# Checks every pull request with the Slipway CLI: validation findings become annotations on the
# changed lines, and the plan of each environment (what merging would create, update or delete in its
# cluster, computed offline from the manifests alone) goes to the job summary. It needs no secret.
# The Slipway GitHub App, once installed, posts the same checks with evidence from MLflow and live
# plans; this workflow is the part that runs without it.
name: slipway

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  validate-and-plan:
    runs-on: ubuntu-latest
    env:
      SLIPWAY_VERSION: "${pinned}"
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - name: Install the Slipway CLI
        run: npm install --global "slipway@$SLIPWAY_VERSION"
      - name: Validate
        run: slipway validate --format github
      - name: Plan every environment (offline)
        run: |
          slipway plan --offline
          slipway plan --offline --format markdown >> "$GITHUB_STEP_SUMMARY"
`;
}

/**
 * The server configuration example, introduced for the repository it is written into: it documents
 * what the operator binds, and must never carry credentials or be read from this repository.
 */
export function serverConfigExample(example: string): string {
  const body = example.replace(/^# yaml-language-server: \$schema=\S+\n/, "").replace(/^(# [^\n]*\n)+/, "");
  return `# yaml-language-server: $schema=.slipway/schemas/server-config.schema.json
# An EXAMPLE of the Slipway server's configuration, for whoever operates the server. Slipway never
# reads it from this repository: the operator keeps the real one in a Kubernetes Secret and points
# SLIPWAY_SERVER_CONFIG at it. It binds the names this repository uses — environments in .slipway.yml
# (staging, production) and integrations (mlflow, datalake, kubeflow, ml-alerts) — to clusters,
# namespaces and services, with credentials read from the server's environment ({ env: NAME }) or from
# mounted files ({ file: PATH }), never written here.
#
# Check the names of this repository against it:  slipway validate --server-config ${"slipway-server-config.example.yaml"}
${body}`;
}
