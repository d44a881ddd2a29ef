import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMlflowTracker } from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import type { Tracker } from "../../src/tracker/tracker-port.ts";
import type { ModelVersion, Run } from "../../src/tracker/tracker-types.ts";
import { type Answer, answer } from "./fixtures/answers.ts";
import { type SeededStores, seedStores } from "./fixtures/local-stores.ts";
import type { Scenario } from "./fixtures/scenario.ts";

type Question = (t: Tracker, s: Scenario) => Promise<unknown>;

/** Follows next-page tokens until the last page; answers the run names in order and the page count. */
async function allPages(t: Tracker, s: Scenario, filter?: string) {
  const names: (string | undefined)[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const page = await t.searchRuns({
      experimentIds: [s.experimentId],
      maxResults: 2,
      ...(filter ? { filter } : {}),
      ...(pageToken ? { pageToken } : {}),
    });
    names.push(...page.items.map((r) => r.info.run_name));
    pageToken = page.nextPageToken;
    pages += 1;
  } while (pageToken && pages < 10);
  return { names, pages };
}
const names = (runs: { items: readonly Run[] }) => runs.items.map((r) => r.info.run_name);
const versions = (vs: readonly ModelVersion[]) => vs.map((v) => `${v.name}/${v.version}`);
const ok = (a: Answer): unknown => ("ok" in a ? a.ok : a);

/** Each question with what the REST fake must answer, so agreement on an empty or wrong answer fails. */
const QUESTIONS: Record<string, { ask: Question; rest: (answer: unknown, s: Scenario) => void }> = {
  "a run with its latest metrics, params, tags and dataset input": {
    ask: (t, s) => t.getRun(s.runs.baseline),
    rest: (run) => {
      expect(run).toMatchObject({ info: { run_name: "xgb-baseline", status: "FINISHED" } });
      expect((run as Run).data.metrics.find((m) => m.key === "f1")?.value).toBe(0.8163);
      expect((run as Run).inputs.dataset_inputs[0]?.dataset.digest).toBe("d1a2b3c4");
    },
  },
  "runs by metric and param, ordered by a metric": {
    ask: async (t, s) =>
      names(
        await t.searchRuns({
          experimentIds: [s.experimentId],
          filter: "metrics.f1 > 0.8 AND params.model = 'lightgbm'",
          orderBy: ["metrics.f1 DESC"],
        }),
      ),
    rest: (a) => expect(a).toEqual(["lgbm-candidate", "lgbm-wide"]),
  },
  "runs by tag and status attribute, in MLflow's default order": {
    ask: async (t, s) =>
      names(
        await t.searchRuns({
          experimentIds: [s.experimentId],
          filter: "tags.team = 'risk' AND attributes.status = 'FINISHED'",
        }),
      ),
    rest: (a) => expect(a).toEqual(["lgbm-candidate", "xgb-baseline"]),
  },
  "a run by its run_name attribute": {
    ask: async (t, s) =>
      (
        await t.searchRuns({ experimentIds: [s.experimentId], filter: "attributes.run_name = 'lgbm-oom'" })
      ).items.map((r) => r.info.status),
    rest: (a) => expect(a).toEqual(["FAILED"]),
  },
  "pages of two, followed by page token": {
    ask: (t, s) => allPages(t, s),
    rest: (a) =>
      expect(a).toEqual({ names: ["lgbm-oom", "lgbm-wide", "lgbm-candidate", "xgb-baseline"], pages: 2 }),
  },
  "deleted runs, and all runs": {
    ask: async (t, s) => ({
      deleted: names(await t.searchRuns({ experimentIds: [s.experimentId], runViewType: "DELETED_ONLY" })),
      all: (await t.searchRuns({ experimentIds: [s.experimentId], runViewType: "ALL" })).items.length,
    }),
    rest: (a) => expect(a).toEqual({ deleted: ["old-baseline"], all: 5 }),
  },
  "order by a param, then a metric with a missing value last": {
    ask: async (t, s) =>
      names(
        await t.searchRuns({
          experimentIds: [s.experimentId],
          orderBy: ["params.model ASC", "metrics.roc_auc DESC"],
        }),
      ),
    rest: (a) => expect(a).toEqual(["lgbm-candidate", "lgbm-wide", "lgbm-oom", "xgb-baseline"]),
  },
  "an experiment by name": {
    ask: (t) => t.getExperimentByName("fraud-detection"),
    rest: (a) =>
      expect(a).toMatchObject({ name: "fraud-detection", tags: [{ key: "owner", value: "risk-ml" }] }),
  },
  "a registered model with its latest version per stage and its aliases": {
    ask: (t) => t.getRegisteredModel("fraud-detection"),
    rest: (a) =>
      expect(a).toMatchObject({
        name: "fraud-detection",
        aliases: [{ alias: "challenger" }, { alias: "champion" }, { alias: "shadow" }],
      }),
  },
  "a model version and a pending one": {
    ask: async (t) => [
      await t.getModelVersion("fraud-detection", "1"),
      await t.getModelVersion("fraud-detection", "3"),
    ],
    rest: (a) =>
      expect(a).toMatchObject([
        { current_stage: "Production", aliases: ["champion"] },
        { status: "PENDING_REGISTRATION" },
      ]),
  },
  "the version registered from a logged model": {
    ask: (t) => t.getModelVersion("fraud-detection", "4"),
    rest: (a, s) => expect(a).toMatchObject({ model_id: s.loggedModelId, aliases: ["shadow"] }),
  },
  "versions by model name": {
    ask: async (t) => versions((await t.searchModelVersions({ filter: "name = 'fraud-detection'" })).items),
    rest: (a) =>
      expect(a).toEqual(["fraud-detection/4", "fraud-detection/3", "fraud-detection/2", "fraud-detection/1"]),
  },
  "versions by run id": {
    ask: async (t, s) =>
      versions((await t.searchModelVersions({ filter: `run_id = '${s.runs.candidate}'` })).items),
    rest: (a) => expect(a).toEqual(["fraud-detection/4", "fraud-detection/2"]),
  },
  "versions by alias": {
    ask: async (t) => [
      (await t.getModelVersionByAlias("fraud-detection", "champion")).version,
      (await t.getModelVersionByAlias("fraud-detection", "shadow")).version,
    ],
    rest: (a) => expect(a).toEqual(["1", "4"]),
  },
  "latest versions of every stage, and of Production": {
    ask: async (t) => [
      versions(await t.getLatestVersions("fraud-detection")),
      versions(await t.getLatestVersions("fraud-detection", ["Production"])),
    ],
    rest: (a) =>
      expect(a).toEqual([
        ["fraud-detection/4", "fraud-detection/2", "fraud-detection/1"],
        ["fraud-detection/1"],
      ]),
  },
  "the download URI of a version with an artifact source": {
    ask: (t) => t.getDownloadUri("fraud-detection", "2"),
    rest: (a, s) => expect(a).toBe(`mlflow-artifacts:/${s.experimentId}/${s.runs.candidate}/artifacts/model`),
  },
  "a logged model": {
    ask: (t, s) => t.getLoggedModel(s.loggedModelId),
    rest: (a, s) =>
      expect(a).toMatchObject({
        name: "fraud-lgbm",
        status: "LOGGED_MODEL_READY",
        source_run_id: s.runs.candidate,
        metrics: expect.arrayContaining([
          expect.objectContaining({ key: "f1", value: 0.8543, run_id: s.runs.candidate }),
          expect.objectContaining({
            key: "roc_auc",
            value: 0.962,
            dataset_name: "eval-2026-01",
            dataset_digest: "d1a2b3c4",
            model_id: s.loggedModelId,
          }),
          expect.objectContaining({ key: "roc_auc", step: 1, dataset_digest: "e5f6a7b8" }),
        ]),
      }),
  },
  "a version registered from a logged model, with its metrics and their datasets (MLflow 3)": {
    ask: (t) => t.getModelVersion("fraud-detection", "4"),
    rest: (a) =>
      expect((a as ModelVersion).model_metrics?.map((m) => `${m.key}@${m.dataset_digest ?? "-"}`)).toEqual(
        expect.arrayContaining(["roc_auc@d1a2b3c4", "roc_auc@e5f6a7b8", "f1@-"]),
      ),
  },
};

const NOT_FOUND: Record<string, Question> = {
  run: (t) => t.getRun("0".repeat(32)),
  experiment: (t) => t.getExperimentByName("no-such-experiment"),
  "registered model": (t) => t.getRegisteredModel("no-such-model"),
  "model version": (t) => t.getModelVersion("fraud-detection", "9"),
  alias: (t) => t.getModelVersionByAlias("fraud-detection", "ghost"),
  "download URI of a missing model": (t) => t.getDownloadUri("no-such-model", "1"),
  "logged model": (t) => t.getLoggedModel(`m-${"0".repeat(32)}`),
};

describe("REST, sqlite and mlruns adapters answer the same questions identically", () => {
  let stores: SeededStores;
  let adapters: Record<string, Tracker>;
  beforeAll(async () => {
    stores = await seedStores();
    const rest = await connectMlflowTracker({ trackingUri: stores.fake.url }, async () => "", {
      maxAttempts: 1,
    });
    adapters = { rest, sqlite: stores.sqlite(), mlruns: await stores.mlruns() };
  });
  afterAll(async () => {
    stores.fake.assertNoUnexpected();
    await stores.close();
  });

  for (const [name, question] of Object.entries(QUESTIONS))
    it(name, async () => {
      const [rest, sqlite, mlruns] = await Promise.all(
        ["rest", "sqlite", "mlruns"].map((k) =>
          answer(question.ask(adapters[k] as Tracker, stores.scenario)),
        ),
      );
      question.rest(ok(rest as Answer), stores.scenario);
      expect(sqlite).toEqual(rest);
      expect(mlruns).toEqual(rest);
    });

  for (const [what, ask] of Object.entries(NOT_FOUND))
    it(`a missing ${what} is RESOURCE_DOES_NOT_EXIST everywhere`, async () => {
      for (const tracker of Object.values(adapters))
        expect(await answer(ask(tracker, stores.scenario))).toEqual({
          fault: { kind: "not-found", errorCode: "RESOURCE_DOES_NOT_EXIST" },
        });
    });

  it("a filter none can parse is INVALID_PARAMETER_VALUE everywhere", async () => {
    for (const tracker of Object.values(adapters))
      expect(
        await answer(
          tracker.searchRuns({ experimentIds: [stores.scenario.experimentId], filter: "metrics.f1 >" }),
        ),
      ).toEqual({
        fault: { kind: "invalid", errorCode: "INVALID_PARAMETER_VALUE" },
      });
  });
});
