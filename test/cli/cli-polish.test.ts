import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ANSI, highlight, wantsColour } from "../../src/cli/colour.ts";
import { main } from "../../src/cli/main.ts";
import { slowProgress, type Timers } from "../../src/cli/slow-progress.ts";
import { runCli } from "../helpers/run-cli.ts";
import { TEMPLATE_DIR } from "../helpers/template.ts";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

describe("the CLI's first impressions", () => {
  it("prints its version", async () => {
    for (const flag of ["--version", "-V", "version"]) {
      const run = await runCli([flag], "/");
      expect(run).toEqual({ code: 0, stdout: `slipway ${version}\n`, stderr: "" });
    }
  });

  it("suggests the command meant", async () => {
    const run = await runCli(["valdate"], "/");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^slipway: unknown command 'valdate' \(did you mean 'validate'\?\)\n/);
    expect((await runCli(["frobnicate"], "/")).stderr).toMatch(/^slipway: unknown command 'frobnicate'\n/);
  });

  it("names an unknown option and suggests the nearest, without Node's wording", async () => {
    const run = await runCli(["validate", TEMPLATE_DIR, "--formt", "json"], "/");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "slipway validate: unknown option --formt (did you mean --format?)\n\n" +
        "usage: slipway validate [DIR | FILE...] [--server-config FILE] [--repo OWNER/NAME]\n" +
        "                       [--format text|json|github]\n" +
        "Run 'slipway validate --help' for every option.\n",
    );
    const missing = await runCli(["plan", TEMPLATE_DIR, "--env"], "/");
    expect(missing.stderr).toMatch(/^slipway plan: --env needs a value\n/);
    const ambiguous = await runCli(["plan", TEMPLATE_DIR, "--env", "--offline"], "/");
    expect(ambiguous.stderr).toMatch(/^slipway plan: --env needs a value \(write --env=VALUE/);
    const valued = await runCli(["plan", TEMPLATE_DIR, "--offline=yes"], "/");
    expect(valued.stderr).toMatch(/^slipway plan: --offline takes no value\n/);
    for (const r of [missing, ambiguous, valued]) {
      expect(r.code).toBe(2);
      expect(r.stderr).not.toContain("place it at the end");
    }
  });

  it("documents every command's exit statuses in its help", async () => {
    const { COMMANDS } = await import("../../src/cli/main.ts");
    for (const argv of [...Object.keys(COMMANDS).map((c) => [c]), ["pipeline", "run"]]) {
      const help = await runCli([...argv, "--help"], "/");
      expect(help.code, argv.join(" ")).toBe(0);
      expect(help.stdout, argv.join(" ")).toMatch(/^Exit status: 0 /m);
    }
  });

  it("shows a command's help wherever --help stands, also after an option that takes a value", async () => {
    const monitor = await runCli(["drift", "--monitor", "--help"], "/");
    expect(monitor.code).toBe(0);
    expect(monitor.stdout).toMatch(/^usage: slipway drift --monitor NAME/);
    expect(monitor.stderr).toBe("");
    for (const argv of [
      ["plan", "--env", "-h"],
      ["help", "validate"],
      ["apply", "--bogus", "--help"],
    ]) {
      const run = await runCli(argv, "/");
      expect(run.code, argv.join(" ")).toBe(0);
      expect(run.stdout, argv.join(" ")).toMatch(/^usage: slipway /);
    }
    // After `--`, --help is an argument like any other.
    expect((await runCli(["validate", "--", "--help"], "/")).code).toBe(2);
  });

  it.each([
    [{}, true, true],
    [{}, false, false],
    [{}, undefined, false],
    [{ TERM: "dumb" }, true, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "" }, true, true],
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "" }, false, true],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ FORCE_COLOR: "false" }, true, false],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false, true],
  ] as const)("colour with %o on a terminal=%s: %s", (env, tty, expected) => {
    expect(wantsColour(env, tty)).toBe(expected);
  });

  it("colours human output on a terminal, never JSON, and keeps the text otherwise identical", async () => {
    const env = { FORCE_COLOR: "1" };
    const io = (out: string[]) => ({
      stdout: (t: string) => out.push(t),
      stderr: () => {},
      cwd: "/",
      env,
    });
    const plain: string[] = [];
    await main(["validate", TEMPLATE_DIR], { ...io(plain), env: {} });
    const coloured: string[] = [];
    await main(["validate", TEMPLATE_DIR], io(coloured));
    const text = coloured.join("");
    expect(text).toContain("\x1b[2mnotice\x1b[22m");
    expect(text).toContain("\x1b[32mvalid\x1b[39m: 0 errors");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI sequences
    expect(text.replace(/\x1b\[\d+m/g, "")).toBe(plain.join(""));
    const json: string[] = [];
    await main(["validate", TEMPLATE_DIR, "--format", "json"], io(json));
    expect(json.join("")).not.toContain("\x1b[");
  });

  it("highlights severities, verdicts and plan verbs", () => {
    const text = [
      "models/m.yaml:3:5 error SLW102 feature service `x` is not declared",
      "    hint: Declare it.",
      "invalid: 1 error, 0 warnings, 0 notices in 1 file (1 manifest)",
      "fraud-detection: FAIL (1 of 4 gates fail)",
      "Delete Job ml/old",
    ].join("\n");
    const marked = highlight(text, ANSI).split("\n");
    expect(marked[0]).toBe(
      "\x1b[1mmodels/m.yaml:3:5 \x1b[22m\x1b[31merror\x1b[39m\x1b[2m SLW102\x1b[22m feature service `x` is not declared",
    );
    expect(marked[1]).toBe("\x1b[2m    hint: Declare it.\x1b[22m");
    expect(marked[2]?.startsWith("\x1b[31minvalid\x1b[39m: ")).toBe(true);
    expect(marked[3]).toBe("fraud-detection: \x1b[31mFAIL\x1b[39m (1 of 4 gates fail)");
    expect(marked[4]).toBe("\x1b[31mDelete\x1b[39m Job ml/old");
  });
});

describe("the progress line of slow work", () => {
  function fakeTimers() {
    let now = 0;
    let tick: (() => void) | undefined;
    const timers: Timers = {
      every: (_ms, run) => {
        tick = run;
        return () => {
          tick = undefined;
        };
      },
      now: () => now,
    };
    return {
      timers,
      advance(ms: number) {
        now += ms;
        tick?.();
      },
      get running() {
        return tick !== undefined;
      },
    };
  }

  it("says nothing for two seconds, then what it does and for how long, and erases itself", () => {
    const clock = fakeTimers();
    const written: string[] = [];
    const progress = slowProgress(
      "drift",
      { stderr: (t) => written.push(t), tty: { stderr: true, columns: 60 } },
      { timers: clock.timers },
    );
    progress.step("reading a.parquet and b.parquet");
    clock.advance(1_000);
    expect(written).toEqual([]);
    clock.advance(1_000);
    clock.advance(1_000);
    progress.step("comparing 12 columns");
    clock.advance(1_000);
    progress.done();
    expect(written).toEqual([
      "\r\x1b[2Kslipway drift: reading a.parquet and b.parquet… 2 s",
      "\r\x1b[2Kslipway drift: reading a.parquet and b.parquet… 3 s",
      "\r\x1b[2Kslipway drift: comparing 12 columns… 4 s",
      "\r\x1b[2K",
    ]);
    expect(clock.running).toBe(false);
  });

  it("writes nothing when stderr is not a terminal, nor for work that ends quickly", () => {
    const clock = fakeTimers();
    const written: string[] = [];
    const piped = slowProgress("drift", { stderr: (t) => written.push(t) }, { timers: clock.timers });
    piped.step("reading");
    clock.advance(5_000);
    piped.done();
    const quick = slowProgress(
      "drift",
      { stderr: (t) => written.push(t), tty: { stderr: true } },
      { timers: clock.timers },
    );
    quick.step("reading");
    clock.advance(1_000);
    quick.done();
    expect(written).toEqual([]);
  });
});
