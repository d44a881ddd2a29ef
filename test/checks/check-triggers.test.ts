import { describe, expect, it } from "vitest";
import { edit, validateTemplate } from "../helpers/check-repo.ts";

const PIPELINE = "pipelines/fraud-detection-retrain.yaml";
const DRIFT = "    - on: drift\n      monitor: fraud-detection-drift\n";

describe("drift triggers", () => {
  it("accepts conditions, environments of .slipway.yml and a cooldown", async () => {
    const found = await validateTemplate((f) =>
      edit(
        f,
        PIPELINE,
        DRIFT,
        `${DRIFT}      conditions: [drift, classification]\n      environments: [production]\n      cooldown: 12h\n`,
      ),
    );
    expect(found).toEqual([]);
  });

  it("reports an environment .slipway.yml does not declare, at the item", async () => {
    const found = await validateTemplate((f) =>
      edit(f, PIPELINE, DRIFT, `${DRIFT}      environments: [production, prod]\n`),
    );
    expect(found).toEqual([
      expect.objectContaining({
        file: PIPELINE,
        line: 24,
        code: "SLW156",
        severity: "error",
        message: "`prod` is not an environment of .slipway.yml (staging, production)",
      }),
    ]);
  });

  it("reports drift options on a schedule trigger, at the key", async () => {
    const found = await validateTemplate((f) =>
      edit(f, PIPELINE, "    - on: schedule\n", "    - on: schedule\n      cooldown: 1h\n"),
    );
    expect(found).toEqual([
      expect.objectContaining({
        file: PIPELINE,
        line: 22,
        column: 7,
        code: "SLW156",
        message: "`cooldown` applies to `on: drift` triggers only",
      }),
    ]);
  });

  it("reports a drift trigger of a Pipeline that names no model", async () => {
    const found = await validateTemplate((f) => edit(f, PIPELINE, "  model: fraud-detection\n", ""));
    expect(found).toEqual([
      expect.objectContaining({
        file: PIPELINE,
        code: "SLW156",
        message:
          "a drift trigger needs `spec.model`: the version the run registers is proposed to that model",
      }),
    ]);
  });

  it("refuses an unknown condition and a malformed cooldown through the schema", async () => {
    const found = await validateTemplate((f) =>
      edit(f, PIPELINE, DRIFT, `${DRIFT}      conditions: [latency]\n      cooldown: one day\n`),
    );
    expect(found.map((d) => [d.line, d.code])).toEqual([
      [24, "SLW033"],
      [25, "SLW035"],
    ]);
  });
});
