import { describe, expect, it } from "vitest";
import { chooseBaseline } from "../../src/experiments/baseline.ts";

describe("chooseBaseline: what production runs", () => {
  it("prefers the last deploy record, then git, then the registry", () => {
    const registry = { via: "alias" as const, name: "champion", version: "6" };
    expect(chooseBaseline({ deployRecord: { version: "6" }, git: { version: "6" }, registry })).toEqual({
      version: "6",
      source: "deploy-record",
      note: null,
    });
    expect(chooseBaseline({ deployRecord: null, git: { version: "6" }, registry })).toMatchObject({
      version: "6",
      source: "git",
    });
    expect(chooseBaseline({ deployRecord: null, git: null, registry })).toEqual({
      version: "6",
      source: "alias",
      note: null,
    });
  });

  it("is a first deployment when no source knows a version", () => {
    expect(chooseBaseline({ deployRecord: null, git: null, registry: null })).toEqual({
      version: null,
      source: "none",
      note: null,
    });
  });

  it("notes when the registry's alias disagrees with git, and still judges against git", () => {
    const choice = chooseBaseline({
      deployRecord: null,
      git: { version: "6" },
      registry: { via: "alias", name: "champion", version: "5" },
    });
    expect(choice.version).toBe("6");
    expect(choice.note).toBe(
      "Sources disagree: the registry's alias `champion` points at version 5, not version 6. Judged against version 6.",
    );
  });

  it("notes when the last deploy and git disagree, and when the stage holder differs too", () => {
    const choice = chooseBaseline({
      deployRecord: { version: "5" },
      git: { version: "6" },
      registry: { via: "stage", name: "Production", version: "4" },
    });
    expect(choice).toMatchObject({ version: "5", source: "deploy-record" });
    expect(choice.note).toBe(
      "Sources disagree: the last deploy applied version 5 but the default branch declares version 6; the registry's stage Production points at version 4, not version 5. Judged against version 5.",
    );
  });
});
