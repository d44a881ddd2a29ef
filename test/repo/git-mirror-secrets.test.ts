import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openGitMirror } from "../../src/repo/git-mirror.ts";
import { filesUnder, git, recordingGit, recordingLog, SourceRepo } from "./git-fixture.ts";
import { type GitHttpServer, startGitHttpServer } from "./git-http-server.ts";

const TOKEN = "ghs_s3cretInstallationToken0123456789AB";
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");
const FORMS = [TOKEN, BASIC, TOKEN.slice(4, 24)];

function leaks(text: string): string[] {
  return FORMS.filter((form) => text.includes(form));
}

describe("the installation token stays out of argv, the mirror, logs and errors", () => {
  let source: SourceRepo;
  let server: GitHttpServer;
  let state: string;
  let tools: string;

  beforeEach(async () => {
    source = new SourceRepo();
    server = await startGitHttpServer(source.root, () => TOKEN);
    state = mkdtempSync(join(tmpdir(), "slipway-mirror-state-"));
    tools = mkdtempSync(join(tmpdir(), "slipway-git-tools-"));
    process.env.GIT_ASKPASS = "/bin/echo";
    process.env.SSH_ASKPASS = "/bin/echo";
    process.env.GIT_TRACE_CURL = "1";
  });

  afterEach(async () => {
    delete process.env.GIT_ASKPASS;
    delete process.env.SSH_ASKPASS;
    delete process.env.GIT_TRACE_CURL;
    await server.close();
    source.remove();
    rmSync(state, { recursive: true, force: true });
    rmSync(tools, { recursive: true, force: true });
  });

  it("uses the token only through the child's environment", async () => {
    const old = source.commit({ "models/a.yaml": "a: 1\n", "README.md": "# platform\n" });
    const head = source.commit({ "models/a.yaml": "a: 2\n" });
    const recorder = recordingGit(tools);
    const log = recordingLog();
    const url = `${server.origin}/platform.git`;
    const mirror = await openGitMirror({
      url,
      dir: state,
      credentials: async () => TOKEN,
      log,
      gitBinary: recorder.binary,
    });

    expect(await mirror.headOf("main")).toBe(head);
    expect(await mirror.fetch("main")).toBe(head);
    expect(await mirror.fetch(old)).toBe(old);
    expect((await mirror.readTree(head)).files.size).toBe(1);
    await mirror.close();

    // The token did reach the server — in the header, the only place it belongs.
    expect(
      server.requests.filter((r) => r.headers.authorization === `Basic ${BASIC}`).length,
    ).toBeGreaterThan(3);
    expect(server.requests.every((r) => !leaks(r.url).length)).toBe(true);

    const argv = recorder.invocations();
    expect(argv.some((line) => line.includes("fetch --depth=1 --filter=blob:none --no-tags"))).toBe(true);
    expect(argv.flatMap(leaks)).toEqual([]);
    // The child's git environment is exactly Slipway's: the ambient askpass and trace variables set in
    // beforeEach are gone, prompts are off, protocols limited, the header passed as config.
    expect(recorder.environment("-c maintenance.auto=false fetch")).toEqual([
      "GIT_ALLOW_PROTOCOL=http",
      "GIT_CONFIG_COUNT=5",
      "GIT_CONFIG_GLOBAL=/dev/null",
      "GIT_CONFIG_KEY_0=core.hooksPath",
      "GIT_CONFIG_KEY_1=credential.helper",
      "GIT_CONFIG_KEY_2=http.followRedirects",
      "GIT_CONFIG_KEY_3=gc.autoDetach",
      `GIT_CONFIG_KEY_4=http.${url}.extraheader`,
      "GIT_CONFIG_NOSYSTEM=1",
      "GIT_CONFIG_VALUE_0",
      "GIT_CONFIG_VALUE_1",
      "GIT_CONFIG_VALUE_2",
      "GIT_CONFIG_VALUE_3",
      "GIT_CONFIG_VALUE_4",
      `GIT_DIR=${mirror.gitDir}`,
      "GIT_TERMINAL_PROMPT=0",
    ]);

    expect(git(mirror.gitDir, "config", "remote.origin.url").trim()).toBe(url);
    const files = filesUnder(mirror.gitDir);
    expect(files.map((f) => f.path)).toContain(join(mirror.gitDir, "config"));
    expect(files.filter((f) => leaks(f.bytes.toString("latin1")).length > 0).map((f) => f.path)).toEqual([]);

    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.flatMap(leaks)).toEqual([]);
  });

  it("reports a refused token as a clear authentication fault without the token", async () => {
    source.commit({ "a.yaml": "a: 1\n" });
    const log = recordingLog();
    const wrong = "ghs_wrongTokenZZZZZZZZZZZZZZZZZZZZZZZZZZ";
    const mirror = await openGitMirror({
      url: `${server.origin}/platform.git`,
      dir: state,
      credentials: async () => wrong,
      log,
    });
    const error = await mirror.fetch("main").then(
      () => null,
      (e: unknown) => e as Error & { kind?: string },
    );
    await mirror.close();

    expect(error?.kind).toBe("auth");
    expect(error?.message).toMatch(
      /^fetching branch main from http:\/\/127\.0\.0\.1:\d+\/platform\.git: the server refused the credentials/,
    );
    const wrongBasic = Buffer.from(`x-access-token:${wrong}`).toString("base64");
    for (const text of [error?.message ?? "", error?.stack ?? "", ...log.lines]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(wrongBasic);
    }
    expect(server.requests.map((r) => r.status)).toContain(401);
    expect(filesUnder(mirror.gitDir).filter((f) => f.bytes.toString("latin1").includes(wrong))).toEqual([]);
  });

  it("masks a token that a failing credentials callback put into its message", async () => {
    const mirror = await openGitMirror({
      url: `${server.origin}/platform.git`,
      dir: state,
      credentials: async () => {
        throw new Error(`token ${TOKEN} expired`);
      },
    });
    const error = await mirror.fetch("main").catch((e: Error) => e);
    await mirror.close();
    expect(error).toMatchObject({ kind: "auth" });
    expect((error as Error).message).toContain("no installation token could be obtained (token *** expired)");
    expect(leaks((error as Error).message)).toEqual([]);
  });

  it("refuses a URL that carries credentials, without repeating them", async () => {
    const url = `https://x-access-token:${TOKEN}@github.com/acme/platform.git`;
    const error = await openGitMirror({ url, dir: state }).catch((e: Error) => e);
    expect(error).toMatchObject({ kind: "invalid" });
    expect((error as Error).message).toBe(
      "opening the platform repository's mirror: the repository URL carries credentials; give them through `credentials` instead",
    );
  });
});
