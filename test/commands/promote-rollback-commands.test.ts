import { describe, expect, it } from "vitest";
import { BUILTIN_COMMANDS, commandRegistry } from "../../src/commands/builtin-commands.ts";
import { helpText, parseComment } from "../../src/commands/parse-comment.ts";

const registry = commandRegistry(BUILTIN_COMMANDS);
const human = { login: "jdoe", type: "User" };

// Issue 9 item 3: promote and rollback are registered with their arguments and need write access.
describe("the promote and rollback commands", () => {
  it("parse a model, `--to <env>` and `--break-glass`", () => {
    expect(parseComment("/slipway promote fraud-detection --to production", human, registry)).toMatchObject({
      kind: "command",
      command: { name: "promote", args: { model: "fraud-detection" }, flags: { to: "production" } },
      spec: { permission: { level: "write" } },
    });
    expect(parseComment("/slipway rollback fraud-detection --break-glass", human, registry)).toMatchObject({
      kind: "command",
      command: { name: "rollback", args: { model: "fraud-detection" }, flags: { "break-glass": true } },
      spec: { permission: { level: "write" } },
    });
  });

  it("answer bad arguments with the usage, and are listed by help", () => {
    for (const [body, words] of [
      ["/slipway promote", "`promote` needs a model. Usage: `/slipway promote <model> [--to <environment>]`"],
      ["/slipway rollback fraud-detection --break-glass now", "`rollback` takes at most 1 argument(s)"],
      ["/slipway rollback fraud-detection --to staging", "`--to` is not a flag of `rollback`"],
      ["/slipway promote fraud-detection --to Prod!", "is not an argument Slipway accepts"],
    ] as const)
      expect(parseComment(body, human, registry)).toEqual({
        kind: "reply",
        text: expect.stringContaining(words),
      });
    const help = helpText(registry);
    expect(help).toContain("| `/slipway promote <model> [--to <environment>]` |");
    expect(help).toContain("| `/slipway rollback <model> [--break-glass]` |");
    expect(help).toContain("(an owner of the model) | write access |");
  });
});
