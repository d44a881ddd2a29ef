import { describe, expect, it } from "vitest";
import { runMarkdown, runUrl } from "../../src/report/experiments-format.ts";

const runId = "3f2a9c41d8e04b6f9a7c2e51b0d4f813";

describe("links to runs in the MLflow UI", () => {
  it("builds <base>/#/experiments/<id>/runs/<run> from an http(s) base, with or without a trailing slash", () => {
    expect(runUrl("https://mlflow.example.com", "12", runId)).toBe(
      `https://mlflow.example.com/#/experiments/12/runs/${runId}`,
    );
    expect(runUrl("http://mlflow:5000/prefix/", "0", runId)).toBe(
      `http://mlflow:5000/prefix/#/experiments/0/runs/${runId}`,
    );
  });

  it.each([
    ["a local store", "sqlite:///mlflow.db"],
    ["a script", "javascript:alert(1)"],
    ["credentials", "https://user:secret@mlflow.example.com"],
    ["no URL at all", "databricks"],
  ])("refuses %s", (_, base) => {
    expect(runUrl(base, "12", runId)).toBeNull();
  });

  it("drops a query or fragment of the base and encodes parentheses that would end a Markdown link", () => {
    expect(runUrl("https://h.example/a(b)?token=x#y", "1", runId)).toBe(
      `https://h.example/a%28b%29/#/experiments/1/runs/${runId}`,
    );
  });

  it("links nothing when the ids do not look like MLflow ids or the experiment is unknown", () => {
    expect(runUrl("https://h.example", "1/../x", runId)).toBeNull();
    expect(runUrl("https://h.example", "1", "a) [x](y")).toBeNull();
    expect(runUrl("https://h.example", null, runId)).toBeNull();
    expect(runUrl(undefined, "1", runId)).toBeNull();
  });

  it("shows the short run id in code either way, never a stray backtick", () => {
    expect(runMarkdown("candidate", undefined, "1", runId)).toBe("candidate `3f2a9c41`");
    expect(runMarkdown("candidate", undefined, "1", "ab`c")).toBe("candidate `abc`");
    expect(runMarkdown("candidate", "https://h.example", "1", runId)).toBe(
      `[candidate \`3f2a9c41\`](https://h.example/#/experiments/1/runs/${runId})`,
    );
  });
});
