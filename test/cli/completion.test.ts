import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/main.ts";
import { runCli } from "../helpers/run-cli.ts";

const has = (shell: string) => spawnSync(shell, ["-c", "exit 0"]).status === 0;
const scripts: Record<string, string> = {};
const dir = mkdtempSync(join(tmpdir(), "slipway-completion-"));

beforeAll(async () => {
  for (const shell of ["bash", "zsh", "fish"]) {
    const run = await runCli(["completion", shell], "/");
    expect(run.code, shell).toBe(0);
    scripts[shell] = run.stdout;
    writeFileSync(join(dir, shell), run.stdout);
  }
});

/** What bash offers after `words` (the last one being completed), through the generated function. */
function bashComplete(...words: string[]): string[] {
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const run = spawnSync(
    "bash",
    [
      "-c",
      `source ${join(dir, "bash")}; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _slipway; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: "utf8" },
  );
  expect(run.stderr).toBe("");
  return run.stdout.split("\n").filter((l) => l !== "");
}

describe("slipway completion", () => {
  it("completes commands, options, option values and verbs in bash", () => {
    expect(bashComplete("slipway", "")).toEqual([...Object.keys(COMMANDS), "--help", "--version"]);
    expect(bashComplete("slipway", "va")).toEqual(["validate"]);
    expect(bashComplete("slipway", "validate", "--f")).toEqual(["--format"]);
    expect(bashComplete("slipway", "validate", "--format", "")).toEqual(["text", "json", "github"]);
    expect(bashComplete("slipway", "plan", "--format", "m")).toEqual(["markdown"]);
    expect(bashComplete("slipway", "drift", "--mon")).toEqual(["--monitor", "--monitor-file"]);
    expect(bashComplete("slipway", "completion", "")).toEqual(["bash", "zsh", "fish"]);
    // A file argument is left to bash's default completion (complete -o default).
    expect(bashComplete("slipway", "validate", "mod")).toEqual([]);
    expect(scripts.bash).toContain("complete -o default -F _slipway slipway");
  });

  it("lists every command with its options in the zsh and fish scripts", () => {
    for (const name of Object.keys(COMMANDS)) {
      expect(scripts.zsh).toContain(`'${name}:`);
      expect(scripts.fish).toContain(`-a ${name} -d `);
    }
    expect(scripts.zsh).toContain("'--format=:format:(text json github)'");
    expect(scripts.fish).toContain(
      "-n '__fish_seen_subcommand_from validate' -l format -x -a 'text json github'",
    );
  });

  it.skipIf(!has("zsh"))("writes a zsh script zsh parses", () => {
    const run = spawnSync("zsh", ["-n", join(dir, "zsh")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it.skipIf(!has("fish"))("writes a fish script fish parses", () => {
    const run = spawnSync("fish", ["--no-execute", join(dir, "fish")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("refuses a shell it does not know, and no shell", async () => {
    const unknown = await runCli(["completion", "powershell"], "/");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^slipway completion: no completion for 'powershell': choose bash, zsh, fish/,
    );
    expect((await runCli(["completion"], "/")).code).toBe(2);
  });
});
