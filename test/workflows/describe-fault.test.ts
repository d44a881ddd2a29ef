import { describe, expect, it } from "vitest";
import { GitMirrorFault } from "../../src/repo/git-mirror-fault.ts";
import { describeFault } from "../../src/workflows/faults.ts";

describe("describeFault", () => {
  it("says what the repository mirror could not do, in its own credential-free words", () => {
    const fault = new GitMirrorFault("auth", "fetch main: the server refused the credentials");
    expect(describeFault(fault)).toBe(
      "the platform repository could not be read: fetch main: the server refused the credentials",
    );
  });

  it("maps GitHub statuses and hides anything unexpected", () => {
    expect(describeFault(Object.assign(new Error("x"), { status: 502 }))).toBe(
      "GitHub failed to answer (HTTP 502) after retries.",
    );
    expect(describeFault(new Error("token ghs_secret leaked in a message"))).not.toContain("ghs_secret");
  });
});
