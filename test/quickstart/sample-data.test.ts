import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeQuickstartData } from "../../scripts/make-quickstart-data.ts";
import { runCli } from "../helpers/run-cli.ts";

// The committed sample in examples/quickstart/ must be what the committed script makes from today's
// fixtures: a fixture change that the sample does not follow would make the README tell another story
// than the tests. The MLflow store holds fresh ids and times on every build, so it is compared by what
// `slipway compare` reads from it, the data files byte for byte.

const COMMITTED = new URL("../../examples/quickstart/", import.meta.url).pathname;
const TEMPLATE = new URL("../../platform-repo-template/", import.meta.url).pathname;
const fresh = mkdtempSync(join(tmpdir(), "slipway-quickstart-data-"));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

describe("scripts/make-quickstart-data.ts", () => {
  it("makes the committed sample: the same data files, a store that answers the same", async () => {
    await makeQuickstartData(fresh);
    for (const file of ["reference.parquet", "current.csv"])
      expect(readFileSync(join(fresh, file)).equals(readFileSync(join(COMMITTED, file))), file).toBe(true);
    const compare = (dir: string) =>
      runCli(
        ["compare", "--model", "fraud-detection", TEMPLATE, "--tracking-uri", `sqlite:///${dir}mlflow.db`],
        "/",
      );
    const [made, committed] = await Promise.all([compare(`${fresh}/`), compare(COMMITTED)]);
    expect(made.code).toBe(0);
    expect(made.stdout).toBe(committed.stdout);
  });
});
