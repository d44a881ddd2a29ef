import { describe, expect, it } from "vitest";
import { commandRegistry } from "../../src/commands/builtin-commands.ts";
import { parseComment } from "../../src/commands/parse-comment.ts";

const registry = commandRegistry();
const human = { login: "jdoe", type: "User" };

describe("/slipway retrain's arguments", () => {
  it("takes a pipeline and repeated --param name=value, in order", () => {
    expect(
      parseComment(
        "/slipway retrain fraud-detection-retrain --param learning_rate=0.1 --param num_leaves=127",
        human,
        registry,
      ),
    ).toMatchObject({
      kind: "command",
      command: {
        name: "retrain",
        args: { pipeline: "fraud-detection-retrain" },
        lists: { param: ["learning_rate=0.1", "num_leaves=127"] },
      },
    });
  });

  it("refuses a parameter that is not name=value, more than 20 of them, and a missing pipeline", () => {
    expect(parseComment("/slipway retrain p --param learning_rate", human, registry)).toMatchObject({
      kind: "reply",
      text: expect.stringMatching(/^`--param` needs a name=value\./),
    });
    const many = Array.from({ length: 21 }, (_, i) => `--param p${i}=1`).join(" ");
    expect(parseComment(`/slipway retrain p ${many}`, human, registry)).toMatchObject({
      kind: "reply",
      text: expect.stringMatching(/`--param` is given more than 20 times/),
    });
    expect(parseComment("/slipway retrain", human, registry)).toMatchObject({
      kind: "reply",
      text: expect.stringMatching(/^`retrain` needs a pipeline\./),
    });
  });

  it("is listed in help with who may run it", () => {
    const help = parseComment("/slipway help", human, registry);
    expect(help.kind === "reply" && help.text).toContain(
      "| `/slipway retrain <pipeline> [--param <name=value> …]` |",
    );
  });
});
