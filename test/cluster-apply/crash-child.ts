// Run as a child process by apply-crash.test.ts (under the test's own Node): applies the template to
// the fake API server whose kubeconfig is argv[2], then prints "done". The test kills it mid-apply.
import { applyEnvironment } from "../../src/cluster/apply/apply-environment.ts";
import { applySettings } from "../../src/cluster/apply/apply-settings.ts";
import { inventoryLocation } from "../../src/cluster/inventory/inventory-store.ts";
import { connectKubeCluster } from "../../src/cluster/kube-cluster.ts";
import { exampleEnvironment, renderTemplate } from "../render/render-fixtures.ts";

const [kubeconfig, commit] = process.argv.slice(2);
if (!kubeconfig || !commit) throw new Error("usage: crash-child.ts KUBECONFIG COMMIT");
const binding = exampleEnvironment("staging");
const port = connectKubeCluster({ kubeconfig, context: "staging" }, { env: {}, retry: { maxAttempts: 1 } });
const desired = await renderTemplate(undefined, { binding, commit });
const report = await applyEnvironment(
  desired,
  applySettings(port, inventoryLocation("staging", binding.namespaces), { concurrency: 2 }),
);
process.stdout.write(`${report.outcome}\n`);
