import { describe, expect, it } from "vitest";
import { maskCredentials, truncateChars } from "../../src/github/mask-credentials.ts";

describe("maskCredentials", () => {
  it("masks GitHub's token formats, JWTs, bearer values, URL user-info and known secrets", () => {
    const cases: [string, string][] = [
      ["token ghs_16C7e42F292c6912E7710c838347Ae178B4a here", "token *** here"],
      ["ghp_abcdefghijklmnopqrstuvwxyz0123456789", "***"],
      ["github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "***"],
      ["jwt eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiI0MiJ9.c2lnbmF0dXJl end", "jwt *** end"],
      ["Authorization: token 0123456789abcdef", "Authorization: token ***"],
      ["sent Bearer abc.def-ghi_jkl", "sent Bearer ***"],
      [
        "https://x-access-token:ghs_x@github.com/acme/platform.git",
        "https://***@github.com/acme/platform.git",
      ],
      ["s3://bucket/key and https://example.com/a@b", "s3://bucket/key and https://example.com/a@b"],
    ];
    for (const [input, expected] of cases) expect(maskCredentials(input)).toBe(expected);
    expect(maskCredentials("password hunter22 and hunter2", ["hunter2", "hunter22"])).toBe(
      "password *** and ***",
    );
  });

  it("leaves ordinary deploy text alone", () => {
    const text = "Deployed churn v7 to production (3 objects applied, token refresh not needed)";
    expect(maskCredentials(text)).toBe(text);
  });
});

describe("truncateChars", () => {
  it("keeps text within the limit and cuts longer text to the limit with an ellipsis, by code points", () => {
    expect(truncateChars("abc", 3)).toBe("abc");
    expect(truncateChars("abcd", 3)).toBe("ab…");
    expect(truncateChars("😀😀😀😀", 3)).toBe("😀😀…");
  });
});
