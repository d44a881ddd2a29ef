import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { METRIC_LIST } from "../../src/metrics/metric-names.ts";
import { MONITOR_METRICS } from "../../src/render/render-prometheus-rule.ts";
import type { DeploymentView } from "./workload-invariants.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const DOC = readFileSync(`${ROOT}docs/operations.md`, "utf8");

/** The rows of the metrics table: `| \`name\` | type | \`a\`, \`b\` | meaning |`. */
function metricRows(markdown: string): { name: string; type: string; labels: string[]; help: string }[] {
  // Cells may be padded to align the columns (the Markdown formatter does).
  return [...markdown.matchAll(/^\| `(slipway_\w+)` +\| (\w+) +\|([^|]*)\| (.*?) *\|$/gm)].map((m) => ({
    name: m[1] ?? "",
    type: m[2] ?? "",
    labels: [...(m[3] ?? "").matchAll(/`(\w+)`/g)].map((l) => l[1] ?? ""),
    help: m[4] ?? "",
  }));
}

/** Secret name → keys, from the `kubectl create secret generic NAME --from-…=KEY=…` commands. */
function documentedSecrets(markdown: string): Map<string, string[]> {
  const secrets = new Map<string, string[]>();
  const commands = markdown.replace(/\\\n\s*/g, " ").matchAll(/create secret generic ([\w-]+)([^\n]*)/g);
  for (const [, name, rest] of commands) {
    const keys = [...(rest ?? "").matchAll(/--from-(?:literal|file)=([\w.-]+)=/g)].map((k) => k[1] ?? "");
    secrets.set(name ?? "", keys);
  }
  return secrets;
}

describe("docs/operations.md", () => {
  it("lists exactly the metrics of src/metrics/metric-names.ts, in order, with their types, labels and help", () => {
    expect(metricRows(DOC)).toEqual(
      METRIC_LIST.map((m) => ({ name: m.name, type: m.type, labels: [...m.labels], help: m.help })),
    );
  });

  it("the metric names follow Prometheus conventions and include the gauges the PrometheusRules query", () => {
    const names = METRIC_LIST.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of METRIC_LIST) {
      expect(m.name).toMatch(/^slipway_[a-z_]+[a-z]$/);
      if (m.type === "counter") expect(m.name).toMatch(/_total$/);
      if (m.type === "histogram") expect(m.name).toMatch(/_seconds$/);
      for (const l of m.labels) expect(l).toMatch(/^[a-z][a-z_]*$/);
    }
    for (const name of Object.values(MONITOR_METRICS)) expect(names).toContain(name);
  });

  it("creates the Secrets, with the keys, the base Deployment references", () => {
    const deployment = parse(readFileSync(`${ROOT}deploy/base/deployment.yaml`, "utf8")) as DeploymentView & {
      spec: { template: { spec: { containers: { envFrom?: { secretRef: { name: string } }[] }[] } } };
    };
    const pod = deployment.spec.template.spec;
    const referenced = new Map<string, Set<string>>();
    const add = (name: string, key?: string) => {
      const keys = referenced.get(name) ?? new Set<string>();
      if (key) keys.add(key);
      referenced.set(name, keys);
    };
    for (const c of pod.containers) {
      for (const e of c.env ?? [])
        if (e.valueFrom?.secretKeyRef) add(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
      for (const from of c.envFrom ?? []) add(from.secretRef.name);
    }
    for (const v of pod.volumes ?? []) {
      const secret = v.secret as { secretName: string; items?: { key: string }[] } | undefined;
      if (secret) add(secret.secretName, secret.items?.[0]?.key);
    }
    const documented = documentedSecrets(DOC);
    expect([...documented.keys()].sort()).toEqual([...referenced.keys()].sort());
    for (const [name, keys] of referenced)
      expect(documented.get(name)).toEqual(expect.arrayContaining([...keys]));
    // The server configuration's file name is the one SLIPWAY_SERVER_CONFIG points to.
    expect(documented.get("slipway-server-config")).toEqual(["server-config.yaml"]);
  });

  it("is linked from the README", () => {
    expect(readFileSync(`${ROOT}README.md`, "utf8")).toContain("(docs/operations.md)");
  });
});

describe("reading the operations doc", () => {
  it("finds table rows and secret commands, and misses what differs", () => {
    const doc =
      "| `slipway_x_total` | counter | `a`, `b` | X. |\n| `slipway_y` | gauge | | Y. |\n| `z` | gauge | | Z |\n";
    expect(metricRows(doc)).toEqual([
      { name: "slipway_x_total", type: "counter", labels: ["a", "b"], help: "X." },
      { name: "slipway_y", type: "gauge", labels: [], help: "Y." },
    ]);
    const cmd = "kubectl create secret generic s \\\n  --from-literal=k1=v --from-file=k2.pem=./f\n";
    expect(documentedSecrets(cmd)).toEqual(new Map([["s", ["k1", "k2.pem"]]]));
  });
});
