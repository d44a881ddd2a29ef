import { describe, expect, it } from "vitest";
import { toGitMirrorFault } from "../../src/repo/git-mirror-fault.ts";
import { GitExitError, GitTimeoutError } from "../../src/repo/run-git.ts";

const TOKEN = "ghs_faultTokenDDDDDDDDDDDDDDDDDDDDDDDDD";
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");

describe("git failures as mirror faults", () => {
  it("classifies git's own words and keeps only its reason line", () => {
    const cases: [string, string][] = [
      ["fatal: could not read Username for 'https://github.com': terminal prompts disabled\n", "auth"],
      [
        "remote: Repository not found.\nfatal: repository 'https://github.com/a/b.git/' not found\n",
        "not-found",
      ],
      ["fatal: couldn't find remote ref refs/heads/release\n", "not-found"],
      [
        "fatal: unable to access 'https://github.com/a/b.git/': The requested URL returned error: 403\n",
        "auth",
      ],
      [
        "fatal: unable to access 'https://github.com/a/b.git/': The requested URL returned error: 404\n",
        "not-found",
      ],
      [
        "fatal: unable to access 'https://github.com/a/b.git/': Could not resolve host: github.com\n",
        "unreachable",
      ],
      ["fatal: Unable to create '/m/shallow.lock': File exists.\n", "corrupt"],
      [
        "error: inflate: data stream error (incorrect header check)\nfatal: loose object abc is corrupt\n",
        "corrupt",
      ],
      ["fatal: something nobody expected\n", "git"],
    ];
    for (const [stderr, kind] of cases) {
      const fault = toGitMirrorFault("fetching branch main", new GitExitError(128, null, stderr), [], 1000);
      expect(fault.kind, stderr).toBe(kind);
      expect(fault.message.startsWith("fetching branch main: "), stderr).toBe(true);
      expect(fault.message).not.toContain("\n");
    }
    const notFound = toGitMirrorFault(
      "x",
      new GitExitError(128, null, "fatal: couldn't find remote ref nope\n"),
      [],
      1,
    );
    expect(notFound.message).toBe(
      "x: the repository, branch or commit does not exist on the remote (git: fatal: couldn't find remote ref nope)",
    );
  });

  it("masks the token and its header form wherever git prints them", () => {
    const stderr = `error: header Authorization: Basic ${BASIC}\nfatal: token ${TOKEN} and ${BASIC} refused: HTTP 403\n`;
    const fault = toGitMirrorFault("fetching", new GitExitError(128, null, stderr), [TOKEN, BASIC], 1000);
    expect(fault.kind).toBe("auth");
    expect(fault.message).not.toContain(TOKEN);
    expect(fault.message).not.toContain(BASIC);
    expect(fault.message).toContain("fatal: token *** and *** refused");
  });

  it("reports an aborted command as a timeout", () => {
    const fault = toGitMirrorFault("fetching", new GitTimeoutError(90_000), [], 90_000);
    expect(fault).toMatchObject({ kind: "timeout", message: "fetching: git did not finish within 90 s" });
  });
});
