import { describe, expect, it } from "vitest";
import { BUILTIN_COMMANDS, commandRegistry } from "../../src/commands/builtin-commands.ts";
import type { CommandSpec } from "../../src/commands/command-spec.ts";
import { parseComment } from "../../src/commands/parse-comment.ts";

const human = { login: "jdoe", type: "User" };
const promote: CommandSpec = {
  name: "promote",
  summary: "promote a model",
  args: [{ name: "model", required: true, describes: "model name", pattern: /^[a-z0-9-]+$/ }],
  flags: [
    { name: "to", value: { describes: "environment", pattern: /^[a-z0-9-]+$/ } },
    { name: "force", value: null },
  ],
  permission: { level: "write" },
};
const registry = commandRegistry([...BUILTIN_COMMANDS, promote]);

describe("parseComment", () => {
  it("finds a command at the start of a line and binds its arguments and flags", () => {
    const outcome = parseComment(
      "Looks good.\n/slipway promote fraud-detection --to production --force\nthanks",
      human,
      registry,
    );
    expect(outcome).toMatchObject({
      kind: "command",
      command: {
        name: "promote",
        args: { model: "fraud-detection" },
        flags: { to: "production", force: true },
      },
    });
  });

  it("ignores comments without a command, commands inside code blocks or quotes, and look-alikes", () => {
    for (const body of [
      "just a comment",
      "```\n/slipway validate\n```",
      "> /slipway validate",
      "/slipwayvalidate",
      "run /slipway validate please",
    ]) {
      expect(parseComment(body, human, registry), body).toEqual({ kind: "ignore" });
    }
  });

  it("ignores bots, including itself, whatever they write", () => {
    expect(parseComment("/slipway validate", { login: "slipway[bot]", type: "Bot" }, registry)).toEqual({
      kind: "ignore",
    });
    expect(parseComment("/slipway validate", { login: "renovate[bot]", type: "User" }, registry)).toEqual({
      kind: "ignore",
    });
  });

  it("answers help, and an empty command, with the generated command table", () => {
    for (const body of ["/slipway help", "/slipway", "/slipway --help"]) {
      const outcome = parseComment(body, human, registry);
      expect(outcome.kind).toBe("reply");
      const text = outcome.kind === "reply" ? outcome.text : "";
      expect(text).toContain("| `/slipway validate` |");
      expect(text).toContain(
        "| `/slipway promote <model> [--to <environment>] [--force]` | promote a model | write access |",
      );
    }
  });

  it("suggests the nearest command for a typo", () => {
    const outcome = parseComment("/slipway valdiate", human, registry);
    expect(outcome).toMatchObject({ kind: "reply" });
    expect(outcome.kind === "reply" && outcome.text).toContain(
      "`valdiate` is not a Slipway command. Did you mean `/slipway validate`?",
    );
  });

  it("rejects unknown flags, missing or invalid arguments, repeated flags and extra arguments with the usage", () => {
    const cases: [string, string][] = [
      ["/slipway promote fraud-detection --dry", "`--dry` is not a flag of `promote`"],
      ["/slipway promote", "`promote` needs a model name"],
      ["/slipway promote Fraud_Detection", "`Fraud_Detection` is not a valid model name"],
      ["/slipway promote a --to", "`--to` needs a environment"],
      ["/slipway promote a --force --force", "`--force` is given twice"],
      ["/slipway promote a b", "`promote` takes at most 1 argument(s)"],
      ["/slipway validate now", "`validate` takes at most 0 argument(s)"],
    ];
    for (const [body, words] of cases) {
      const outcome = parseComment(body, human, registry);
      expect(outcome.kind, body).toBe("reply");
      expect(outcome.kind === "reply" && outcome.text, body).toContain(words);
      expect(outcome.kind === "reply" && outcome.text, body).toContain("Usage: `/slipway");
    }
  });

  it("refuses dangerous arguments without echoing them raw", () => {
    for (const token of ["$(rm -rf /)", "`whoami`", "a;b", "../../etc", "x|y", "<script>"]) {
      const outcome = parseComment(`/slipway promote ${token}`, human, registry);
      expect(outcome.kind, token).toBe("reply");
      const text = outcome.kind === "reply" ? outcome.text : "";
      // User text is echoed only inside inline code, with its own backticks and control characters removed.
      expect(text).not.toContain("``");
      expect(text).toMatch(/is not (an argument Slipway accepts|a valid model name)|takes at most/);
    }
  });

  it("runs one command per comment", () => {
    const outcome = parseComment("/slipway validate\n/slipway help", human, registry);
    expect(outcome).toEqual({
      kind: "reply",
      text: "Put one `/slipway` command in a comment; nothing was run.",
    });
  });
});
