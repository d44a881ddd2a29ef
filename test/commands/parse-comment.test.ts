import fc from "fast-check";
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

  it("takes commands only from paragraph text, as GitHub renders the comment (CommonMark with GFM)", () => {
    const hidden = [
      // An indented code block, alone or after a paragraph.
      "    /slipway validate",
      "Try this:\n\n    /slipway validate",
      // HTML comments, as a block or inline, on one line or several.
      "<!--\n/slipway validate\n-->",
      "<!-- /slipway validate -->",
      "Looks good <!--\n/slipway validate\n--> to me",
      // A ``` fence is not closed by ~~~ (nor the reverse), and an unclosed fence runs to the end.
      "```\n/slipway plan\n~~~\n/slipway validate\n```",
      "~~~\n/slipway validate\n```\n/slipway plan",
      "````\n```\n/slipway validate\n```\n````",
      // Quotes, including a line that continues the quoted paragraph lazily.
      "> /slipway validate",
      "> earlier\n/slipway validate",
      // List items and table cells are examples, not commands.
      "- /slipway validate",
      "1. /slipway validate",
      "| a | b |\n|---|---|\n/slipway validate | x",
      // Escaped, or not at the start of a line.
      "\\/slipway validate",
      "see `/slipway validate`",
    ];
    for (const body of hidden) expect(parseComment(body, human, registry), body).toEqual({ kind: "ignore" });
    const visible = [
      "/slipway validate",
      "Please re-check.\n/slipway validate",
      "   /slipway validate",
      "<details>\n\n/slipway validate\n\n</details>",
      "```\nexample\n```\n\n/slipway validate",
      "/slipway validate\r\n",
    ];
    for (const body of visible)
      expect(parseComment(body, human, registry), body).toMatchObject({
        kind: "command",
        command: { name: "validate" },
      });
  });

  it("reads nested quotes and lists, and does not read a comment that nests them absurdly deep", () => {
    expect(parseComment(`${"> ".repeat(10)}earlier\n\n/slipway validate`, human, registry).kind).toBe(
      "command",
    );
    // 64 KiB of quote markers on one line took the parser minutes; such a comment is not read.
    for (const nesting of [">".repeat(65_000), "- ".repeat(32_000), "> 1. ".repeat(13_000)])
      expect(parseComment(`${nesting}\n\n/slipway validate`, human, registry)).toEqual({ kind: "ignore" });
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

  it("always ends in one of its three outcomes, whatever the comment holds", () => {
    const pieces = [
      "/slipway validate",
      "/slipway",
      "```",
      "~~~",
      "    ",
      "> ",
      "- ",
      "<!--",
      "-->",
      "`",
      "\\",
      "\n",
      "\r\n",
      "|",
      "*",
      "x",
    ];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string()), { maxLength: 40 }), (parts) => {
        const outcome = parseComment(parts.join(""), human, registry);
        expect(["ignore", "reply", "command"]).toContain(outcome.kind);
      }),
      { numRuns: 500 },
    );
  });
});
