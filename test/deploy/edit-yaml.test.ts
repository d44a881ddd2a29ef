import { describe, expect, it } from "vitest";
import { editYamlDocument } from "../../src/workflows/promote/edit-yaml.ts";
import { templateFiles } from "../helpers/template.ts";
import { changedLines, MODEL_FILE } from "./promote-harness.ts";

const isModel = (name: string) => (v: unknown) =>
  (v as { kind?: string; metadata?: { name?: string } }).kind === "Model" &&
  (v as { metadata: { name?: string } }).metadata.name === name;

const edited = (result: { text: string } | { problem: string }): string => {
  if ("problem" in result) throw new Error(result.problem);
  return result.text;
};

const MULTI = `# Two models in one file; the comments and layout are the team's.
apiVersion: slipway.dev/v1alpha1
kind: Model
metadata: {name: churn}
spec:
  registry: {name: churn, version: "3"}
  promotion:
    environments: [ dev ]
---
# The fraud model rolls through dev, then production.
apiVersion: slipway.dev/v1alpha1
kind: Model
metadata:
  name: fraud
spec:
  registry:
    name: fraud
    version: '12'   # pinned by the risk team
  evidence:
    experiment: fraud-v3
    runId: ${"a".repeat(32)}

  promotion:
    environments:
      - dev        # always first
      - production # last
    gates: []
---
kind: Note
text: "environments: [dev]"
`;

// Promote and rollback edit manifests in place (issue #9 item 3): only the intended lines change.
describe("editing one document of a YAML file in place", () => {
  it("adds an environment to the template's flow list and changes no other byte", async () => {
    const text = (await templateFiles())[MODEL_FILE] ?? "";
    const out = edited(
      editYamlDocument(text, isModel("fraud-detection"), [
        { kind: "insert-item", path: ["spec", "promotion", "environments"], index: 2, value: "canary" },
      ]),
    );
    expect(changedLines(text, out)).toEqual([
      ["    environments: [staging, production]", "    environments: [staging, production, canary]"],
    ]);
  });

  it("inserts into a block list between items, in the second document of three, keeping comments", () => {
    const out = edited(
      editYamlDocument(MULTI, isModel("fraud"), [
        { kind: "insert-item", path: ["spec", "promotion", "environments"], index: 1, value: "staging" },
      ]),
    );
    expect(out).toBe(
      MULTI.replace("      - production # last", "      - staging\n      - production # last"),
    );
    const last = edited(
      editYamlDocument(MULTI, isModel("fraud"), [
        { kind: "insert-item", path: ["spec", "promotion", "environments"], index: 2, value: "canary" },
      ]),
    );
    expect(last).toBe(
      MULTI.replace("      - production # last\n", "      - production # last\n      - canary\n"),
    );
    // The padded flow list of the first document keeps its padding.
    const first = edited(
      editYamlDocument(MULTI, isModel("churn"), [
        { kind: "insert-item", path: ["spec", "promotion", "environments"], index: 1, value: "production" },
      ]),
    );
    expect(changedLines(MULTI, first)).toEqual([
      ["    environments: [ dev ]", "    environments: [ dev, production ]"],
    ]);
  });

  it("sets scalars in their own quoting, adds and removes keys in block and flow mappings", () => {
    const out = edited(
      editYamlDocument(MULTI, isModel("fraud"), [
        { kind: "set", path: ["spec", "registry", "version"], value: "9" },
        { kind: "set", path: ["spec", "evidence", "runId"], value: "b".repeat(32) },
        { kind: "set", path: ["spec", "evidence", "datasetDigest"], value: "d41d8cd9" },
        { kind: "delete", path: ["spec", "evidence", "experiment"] },
      ]),
    );
    expect(out).toBe(
      MULTI.replace("version: '12'", "version: '9'").replace(
        `    experiment: fraud-v3\n    runId: ${"a".repeat(32)}\n`,
        `    runId: ${"b".repeat(32)}\n    datasetDigest: d41d8cd9\n`,
      ),
    );
    const flow = edited(
      editYamlDocument(MULTI, isModel("churn"), [
        { kind: "set", path: ["spec", "registry", "version"], value: "2" },
        { kind: "set", path: ["spec", "evidence"], value: { experiment: "churn", runId: "c".repeat(32) } },
        { kind: "delete", path: ["metadata", "name"] },
        { kind: "set", path: ["metadata", "labels"], value: { team: "growth" } },
      ]),
    );
    // The flow mappings are written again from their own entries, in their own padding.
    expect(flow).toBe(
      MULTI.replace('version: "3"', 'version: "2"')
        .replace("metadata: {name: churn}", "metadata: {labels: { team: growth }}")
        .replace(
          "    environments: [ dev ]\n",
          `    environments: [ dev ]\n  evidence:\n    experiment: churn\n    runId: ${"c".repeat(32)}\n`,
        ),
    );
  });

  it("keeps Windows line endings", () => {
    const crlf = MULTI.replaceAll("\n", "\r\n");
    const out = edited(
      editYamlDocument(crlf, isModel("fraud"), [
        { kind: "insert-item", path: ["spec", "promotion", "environments"], index: 2, value: "canary" },
      ]),
    );
    expect(out).toBe(crlf.replace("- production # last\r\n", "- production # last\r\n      - canary\r\n"));
  });

  it("says why when the document is missing, the path is not a list, or the text does not parse", () => {
    expect(editYamlDocument(MULTI, isModel("nope"), [])).toEqual({
      problem: "no document of the file declares it",
    });
    expect(
      editYamlDocument(MULTI, isModel("fraud"), [
        { kind: "insert-item", path: ["spec", "registry", "name"], index: 0, value: "x" },
      ]),
    ).toEqual({ problem: "`spec.registry.name` is not a list" });
    expect(editYamlDocument("kind: Model\nmetadata: {name: fraud\n", isModel("fraud"), [])).toEqual({
      problem: "no document of the file declares it",
    });
  });
});
