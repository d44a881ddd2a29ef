import { describe, expect, it } from "vitest";
import { locatedIn, rawWordingIn, validateFiles } from "../helpers/diagnostics.ts";

const messagesIn = (result: ReturnType<typeof validateFiles>, file: string) =>
  result.diagnostics.filter((d) => d.file === file).map((d) => d.message);

describe("unknown kinds", () => {
  it("reports SLW021 at the kind with a did-you-mean for a transposed `Modle`", () => {
    const result = validateFiles({ "models/a.yaml": "apiVersion: slipway.dev/v1alpha1\nkind: Modle\n" });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW021", 2, 7]]);
    expect(messagesIn(result, "models/a.yaml")).toEqual(["unknown kind `Modle` (did you mean `Model`?)"]);
  });

  it("lists the kinds when nothing is close", () => {
    const result = validateFiles({ "models/a.yaml": "apiVersion: slipway.dev/v1alpha1\nkind: Deployment\n" });
    expect(messagesIn(result, "models/a.yaml")).toEqual([
      "unknown kind `Deployment` (kinds: Model, Entity, FeatureView, FeatureService, Monitor, Pipeline, Platform)",
    ]);
  });

  it("does not repeat an enormous kind in full", () => {
    const kind = "K".repeat(5000);
    const result = validateFiles({ "models/a.yaml": `apiVersion: slipway.dev/v1alpha1\nkind: ${kind}\n` });
    const [message] = messagesIn(result, "models/a.yaml");
    expect(message?.length).toBeLessThan(300);
  });

  it("reports a kind that is not text", () => {
    const result = validateFiles({ "models/a.yaml": "apiVersion: slipway.dev/v1alpha1\nkind: [Model]\n" });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW021", 2, 7]]);
    expect(messagesIn(result, "models/a.yaml")[0]).toMatch(/^unknown kind `a non-text value`/);
  });
});

describe("unknown apiVersions", () => {
  it("reports another Slipway version as unsupported", () => {
    const result = validateFiles({ "models/a.yaml": "apiVersion: slipway.dev/v1\nkind: Model\n" });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW020", 1, 13]]);
    expect(messagesIn(result, "models/a.yaml")).toEqual([
      "apiVersion `slipway.dev/v1` is not supported; this Slipway reads slipway.dev/v1alpha1",
    ]);
  });

  it("reports a Kubernetes apiVersion as not a Slipway manifest", () => {
    const result = validateFiles({ "models/a.yaml": "kind: Deployment\napiVersion: apps/v1\n" });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW020", 2, 13]]);
    expect(messagesIn(result, "models/a.yaml")).toEqual([
      "apiVersion `apps/v1` is not a Slipway manifest; expected slipway.dev/v1alpha1",
    ]);
  });
});

describe("documents that are not manifests", () => {
  it.each([
    ["a scalar", "just some text\n", 1, 1],
    ["a list", "- a\n- b\n", 1, 1],
    ["a number after a comment", "# header\n42\n", 2, 1],
  ])("reports %s as SLW022 at the document", (_, text, line, column) => {
    const result = validateFiles({ "models/a.yaml": text });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW022", line, column]]);
    expect(messagesIn(result, "models/a.yaml")).toEqual([
      "this document is not a mapping; a manifest has apiVersion, kind, metadata and spec",
    ]);
  });

  it("reports each bad document of a multi-document file at its own line", () => {
    const result = validateFiles({ "models/a.yaml": "- a\n---\nplain\n---\nkind: Model\n" });
    expect(locatedIn(result, "models/a.yaml")).toEqual([
      ["SLW022", 1, 1],
      ["SLW022", 3, 1],
      ["SLW022", 5, 1],
    ]);
    expect(messagesIn(result, "models/a.yaml")[2]).toBe(
      "this document has no `apiVersion`; a manifest has apiVersion, kind, metadata and spec",
    );
  });

  it("ignores empty documents: a leading or trailing `---` and `---` twice in a row", () => {
    const text = "---\napiVersion: slipway.dev/v1alpha1\nkind: Modle\n---\n---\n# only a comment\n---\n";
    const result = validateFiles({ "models/a.yaml": text });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW021", 3, 7]]);
    expect(rawWordingIn(result.diagnostics)).toEqual([]);
  });
});
