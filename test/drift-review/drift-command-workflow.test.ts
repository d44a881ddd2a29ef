import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commandRegistry } from "../../src/commands/builtin-commands.ts";
import { parseComment } from "../../src/commands/parse-comment.ts";
import { reviewPullRequest } from "../../src/workflows/review-pull-request.ts";
import { seedFraudData } from "./fraud-data.ts";
import { bindingFor, NOW, type ReviewScenario, startReviewScenario, TARGET } from "./review-scenario.ts";

// `/slipway drift [monitor]`: the review again, with the drift of the affected monitors or of the one
// named, changed or not.

const user = { login: "maintainer", type: "User" };

describe("/slipway drift parsing", () => {
  const registry = commandRegistry();

  it("takes an optional monitor name and needs write access", () => {
    const named = parseComment("/slipway drift fraud-detection-drift", user, registry);
    expect(named).toMatchObject({
      kind: "command",
      command: { name: "drift", args: { monitor: "fraud-detection-drift" } },
      spec: { permission: { level: "write" } },
    });
    expect(parseComment("/slipway drift", user, registry)).toMatchObject({
      kind: "command",
      command: { name: "drift", args: {} },
    });
  });

  it("refuses a name that is not a monitor name, and lists the command in the help", () => {
    expect(parseComment("/slipway drift Fraud_Drift", user, registry)).toEqual({
      kind: "reply",
      text: "`Fraud_Drift` is not a valid monitor. Usage: `/slipway drift [monitor]`",
    });
    const help = parseComment("/slipway help", user, registry);
    expect(help.kind === "reply" && help.text).toContain("| `/slipway drift [monitor]` |");
  });
});

describe("the review for /slipway drift", () => {
  let scenario: ReviewScenario;
  beforeEach(async () => {
    scenario = await startReviewScenario();
    await scenario.bind(bindingFor(scenario.s3.endpoint));
    await seedFraudData((key, body) => scenario.s3.put(key, body), { at: NOW, from: -7, to: 0 });
    // A pull request that touches no platform file.
    scenario.head({});
    scenario.ports.changed = ["README.md"];
  });
  afterEach(async () => {
    await scenario.close();
  });
  const comment = () => scenario.ports.comment?.body ?? "";

  it("computes a named monitor the pull request does not change", async () => {
    await reviewPullRequest(TARGET, scenario.ports);
    expect(comment()).not.toContain("### Drift");
    await reviewPullRequest(TARGET, scenario.ports, {
      force: true,
      drift: { monitor: "fraud-detection-drift" },
    });
    expect(comment()).toContain("### Drift · `fraud-detection-drift`");
    expect(comment()).toContain("✅ **No dataset drift**");
    expect(scenario.ports.datasetRequests).toEqual(["datalake"]);
  });

  it("names the monitors there are when the one asked for does not exist", async () => {
    await scenario.s3.forget();
    await reviewPullRequest(TARGET, scenario.ports, { force: true, drift: { monitor: "fraud-drift" } });
    expect(comment()).toContain(
      "### Drift\nNo Monitor named `fraud-drift` at this head; monitors: `fraud-detection-drift`.",
    );
    expect(await scenario.s3.requests()).toEqual([]);
    expect(scenario.ports.datasetRequests).toEqual([]);
  });

  it("says how to name one when no monitor is affected", async () => {
    await reviewPullRequest(TARGET, scenario.ports, { force: true, drift: {} });
    expect(comment()).toContain(
      "### Drift\nNo Monitor is affected by this pull request; name one to see its drift: `/slipway drift <monitor>`.",
    );
    expect(scenario.ports.datasetRequests).toEqual([]);
  });

  it("reads nothing for a fork, even when asked", async () => {
    await scenario.s3.forget();
    await reviewPullRequest({ ...TARGET, fork: true }, scenario.ports, {
      force: true,
      drift: { monitor: "fraud-detection-drift" },
    });
    expect(comment()).toContain("Data is not read for pull requests from forks");
    expect(await scenario.s3.requests()).toEqual([]);
  });
});
