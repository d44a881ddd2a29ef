import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseDirManifest } from "../../src/datasets/dvc/dir-manifest.ts";
import { parseDvcConfig } from "../../src/datasets/dvc/dvc-config.ts";
import { DvcHasher, looksLikeText } from "../../src/datasets/dvc/dvc-md5.ts";
import { dvcFileOuts, dvcLockOuts } from "../../src/datasets/dvc/dvc-outputs.ts";

// DVC's content hashes and pointer files, read as DVC writes them.

const md5 = (bytes: Uint8Array | string) => createHash("md5").update(bytes).digest("hex");
const MiB = 1024 * 1024;

function hash(legacy: boolean, bytes: Uint8Array, chunk = 65_536): string {
  const hasher = new DvcHasher(legacy);
  for (let at = 0; at < bytes.length; at += chunk) hasher.update(bytes.subarray(at, at + chunk));
  return hasher.digest();
}

describe("DVC content hashes", () => {
  it("DVC 3 hashes the bytes as they are", () => {
    const bytes = new TextEncoder().encode("a,b\r\n1,2\r\n");
    expect(hash(false, bytes)).toBe(md5(bytes));
  });

  it("DVC 2 hashes text with CRLF as LF, each 1 MiB block on its own, and binary as it is", () => {
    const text = new TextEncoder().encode("a,b\r\n1,2\r\n");
    expect(hash(true, text)).toBe(md5("a,b\n1,2\n"));
    // A CRLF split across the first two 1 MiB blocks stays as it is (dvc-data converts block by block).
    const big = new Uint8Array(MiB + 10).fill(0x61);
    big[MiB - 1] = 0x0d;
    big[MiB] = 0x0a;
    big[MiB + 5] = 0x0d;
    big[MiB + 6] = 0x0a;
    const expected = createHash("md5")
      .update(big.subarray(0, MiB))
      .update(Buffer.concat([big.subarray(MiB, MiB + 5), big.subarray(MiB + 6)]))
      .digest("hex");
    expect(hash(true, big, 100_000)).toBe(expected);
    const binary = Uint8Array.of(0, 1, 0x0d, 0x0a, 2);
    expect(looksLikeText(binary)).toBe(false);
    expect(hash(true, binary)).toBe(md5(binary));
  });
});

describe("DVC pointer files", () => {
  it("reads .dvc outputs, DVC 3 and DVC 2, relative to the file", () => {
    const text =
      "outs:\n- md5: 0123456789abcdef0123456789abcdef\n  size: 4\n  hash: md5\n  path: train.csv\n- md5: fedcba9876543210fedcba9876543210.dir\n  path: images\n  remote: backup\n";
    expect(dvcFileOuts("data/train.csv.dvc", new TextEncoder().encode(text))).toEqual([
      {
        file: "data/train.csv.dvc",
        path: "data/train.csv",
        md5: "0123456789abcdef0123456789abcdef",
        legacy: false,
        size: 4,
        remote: undefined,
        cached: true,
      },
      {
        file: "data/train.csv.dvc",
        path: "data/images",
        md5: "fedcba9876543210fedcba9876543210.dir",
        legacy: true,
        size: undefined,
        remote: "backup",
        cached: true,
      },
    ]);
  });

  it("reads dvc.lock outputs in both lock schemas, refusing a templated wdir it cannot resolve", () => {
    const lock1 =
      "prepare:\n  cmd: x\n  outs:\n  - path: data.csv\n    md5: 0123456789abcdef0123456789abcdef\n";
    expect(dvcLockOuts("dvc.lock", new TextEncoder().encode(lock1), null)).toMatchObject([
      { path: "data.csv", legacy: true },
    ]);
    const lock2 =
      "schema: '2.0'\nstages:\n  train@us:\n    cmd: x\n    outs:\n    - path: model.csv\n      hash: md5\n      md5: 0123456789abcdef0123456789abcdef\n";
    const yaml = "stages:\n  train:\n    foreach: [us, eu]\n    do:\n      cmd: x\n      wdir: regions\n";
    expect(
      dvcLockOuts("ml/dvc.lock", new TextEncoder().encode(lock2), new TextEncoder().encode(yaml)),
    ).toMatchObject([{ path: "ml/regions/model.csv", legacy: false }]);
    // DVC's own templating syntax, `${item}`, resolved only by DVC at run time.
    const templated = ["stages:", "  train:", `    wdir: ${"$"}{item}`, ""].join("\n");
    expect(() =>
      dvcLockOuts("ml/dvc.lock", new TextEncoder().encode(lock2), new TextEncoder().encode(templated)),
    ).toThrow(/stage train@us has a templated wdir/);
  });

  it("reads .dvc/config remotes in configobj's dialect", () => {
    const config = [
      "[core]",
      "    remote = storage  # the default",
      "    autostage = true",
      "['remote \"storage\"']",
      "    url = s3://lake/dvcstore",
      '[remote "local"]',
      '    url = "../../store"',
    ].join("\n");
    const parsed = parseDvcConfig(config);
    expect(parsed).toEqual({
      defaultRemote: "storage",
      remotes: new Map([
        ["storage", "s3://lake/dvcstore"],
        ["local", "../../store"],
      ]),
    });
    expect(parseDvcConfig("[core]\nnot a setting")).toEqual({
      problem: "line 2 is neither a [section] nor key = value",
    });
  });

  it("refuses what cannot be trusted in them, saying where", () => {
    expect(() =>
      dvcFileOuts("data/x.dvc", new TextEncoder().encode("outs:\n- md5: nothex\n  path: x.csv\n")),
    ).toThrow("data/x.dvc: outs[0] (x.csv) has no md5 content hash");
    expect(() => dvcFileOuts("data/x.dvc", new TextEncoder().encode("outs: [\n"))).toThrow(
      /^data\/x.dvc:2:1: /,
    );
    // An output outside the repository is not in its cache: not read at all.
    expect(
      dvcFileOuts(
        "x.dvc",
        new TextEncoder().encode(
          "outs:\n- md5: 0123456789abcdef0123456789abcdef\n  path: ../../etc/passwd\n",
        ),
      ),
    ).toEqual([]);
    expect(
      parseDirManifest(
        new TextEncoder().encode('[{"md5": "0123456789abcdef0123456789abcdef", "relpath": "../x"}]'),
      ),
    ).toEqual({
      problem: "entry 0 of the directory manifest has an unusable relpath",
    });
  });
});
