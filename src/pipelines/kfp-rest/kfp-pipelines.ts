import { pipelineSpecBody } from "../../manifests/compiled-package.ts";
import { isPipelinesFault } from "../pipelines-fault.ts";
import type { ListQuery, PipelinesPort, RunRequest } from "../pipelines-port.ts";
import type { KfpHttp, Query } from "./kfp-http.ts";
import {
  checked,
  page,
  parseExperiment,
  parsePipeline,
  parseRecurringRun,
  parseRun,
  parseVersion,
} from "./kfp-shapes.ts";

export interface KfpPipelinesOptions {
  /** The profile namespace of a multi-user install; undefined for a single-user install. */
  readonly namespace?: string;
  /** The KFP UI's base for links (default: the endpoint). */
  readonly uiUrl?: string;
}

/** A `filter` query value: KFP takes a JSON-serialised Filter message (filter.proto). */
function filter(
  predicates: { key: string; operation: "EQUALS" | "IS_SUBSTRING"; value: string }[],
): string | undefined {
  if (predicates.length === 0) return undefined;
  return JSON.stringify({
    predicates: predicates.map((p) => ({ key: p.key, operation: p.operation, string_value: p.value })),
  });
}

function listFilter(query: ListQuery): string | undefined {
  return filter([
    ...(query.displayName === undefined
      ? []
      : [{ key: "display_name", operation: "EQUALS" as const, value: query.displayName }]),
    ...(query.descriptionContains === undefined
      ? []
      : [{ key: "description", operation: "IS_SUBSTRING" as const, value: query.descriptionContains }]),
  ]);
}

const id = (value: string) => encodeURIComponent(value);

/** The run body shared by runs and recurring runs (KFP's `Run`/`RecurringRun` in protobuf JSON). */
function runBody(request: RunRequest): Record<string, unknown> {
  const source =
    request.source.kind === "version"
      ? {
          pipeline_version_reference: {
            pipeline_id: request.source.pipelineId,
            ...(request.source.versionId ? { pipeline_version_id: request.source.versionId } : {}),
          },
        }
      : { pipeline_spec: pipelineSpecBody(request.source.package) };
  return {
    display_name: request.displayName,
    ...(request.description ? { description: request.description } : {}),
    experiment_id: request.experimentId,
    ...source,
    runtime_config: { parameters: request.parameters },
    ...(request.serviceAccount ? { service_account: request.serviceAccount } : {}),
    ...(request.mlflowExperiment
      ? { plugins_input: { mlflow: { experiment_name: request.mlflowExperiment } } }
      : {}),
  };
}

/** The request bodies Slipway would send, for `--dry-run` (the same code builds what is sent). */
export const kfpRequestBodies = { run: runBody };

/** The PipelinesPort over KFP's v2beta1 REST API. */
export function kfpPipelines(http: KfpHttp, options: KfpPipelinesOptions = {}): PipelinesPort {
  const ns = options.namespace;
  const ui = new URL(options.uiUrl ?? http.base.toString());
  if (!ui.pathname.endsWith("/")) ui.pathname += "/";
  const uiLink = (fragment: string) => `${ui.origin}${ui.pathname}#/${fragment}`;
  const get = (path: string, query?: Query) =>
    http.call({ method: "GET", path, idempotent: true, ...(query ? { query } : {}) });
  const post = (path: string, json: object, idempotent = false) =>
    http.call({ method: "POST", path, json, idempotent });
  const where = (what: string) => `Kubeflow Pipelines (${http.host}) ${what}`;
  const orNull = async <T>(read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      if (isPipelinesFault(error) && error.kind === "not-found") return null;
      throw error;
    }
  };

  return {
    namespace: ns,

    async findExperiment(displayName) {
      const body = await get("experiments", {
        namespace: ns,
        filter: filter([{ key: "display_name", operation: "EQUALS", value: displayName }]),
        page_size: 10,
      });
      const found = checked(where("GET experiments"), () => page(body, "experiments", parseExperiment).items);
      return found.find((e) => e.displayName === displayName) ?? null;
    },

    async createExperiment(displayName, description) {
      const body = await post("experiments", {
        display_name: displayName,
        ...(description ? { description } : {}),
        ...(ns ? { namespace: ns } : {}),
      });
      return checked(where("POST experiments"), () => parseExperiment(body, "experiment"));
    },

    async findPipeline(name) {
      const byName = (namespace: string | undefined) =>
        orNull(async () => {
          const body = await get(`pipelines/names/${id(name)}`, { namespace });
          return checked(where("GET pipelines/names"), () => parsePipeline(body, "pipeline"));
        });
      // The namespace's own pipeline first, then a shared one (a multi-user install's pipelines without a namespace).
      return (await byName(ns)) ?? (ns ? await byName(undefined) : null);
    },

    async findPipelineVersion(pipelineId, name) {
      const body = await get(`pipelines/${id(pipelineId)}/versions`, {
        filter: filter([{ key: "name", operation: "EQUALS", value: name }]),
        page_size: 10,
      });
      const found = checked(
        where("GET pipeline versions"),
        () => page(body, "pipeline_versions", parseVersion).items,
      );
      return found.find((v) => v.name === name) ?? null;
    },

    async latestPipelineVersion(pipelineId) {
      const body = await get(`pipelines/${id(pipelineId)}/versions`, {
        sort_by: "created_at desc",
        page_size: 1,
      });
      const found = checked(
        where("GET pipeline versions"),
        () => page(body, "pipeline_versions", parseVersion).items,
      );
      return found[0] ?? null;
    },

    async createPipeline(name, description) {
      const body = await post("pipelines", {
        name,
        display_name: name,
        ...(description ? { description } : {}),
        ...(ns ? { namespace: ns } : {}),
      });
      return checked(where("POST pipelines"), () => parsePipeline(body, "pipeline"));
    },

    async uploadPipelineVersion(pipelineId, name, file, description) {
      const form = new FormData();
      form.set(
        "uploadfile",
        new Blob([new Uint8Array(file)], { type: "application/x-yaml" }),
        `${name}.yaml`,
      );
      const body = await http.call({
        method: "POST",
        path: "pipelines/upload_version",
        query: { pipelineid: pipelineId, name, display_name: name, ...(description ? { description } : {}) },
        form,
        idempotent: false,
      });
      return checked(where("POST pipelines/upload_version"), () => parseVersion(body, "pipeline_version"));
    },

    async createRun(request) {
      const body = await post("runs", runBody(request));
      return checked(where("POST runs"), () => parseRun(body, "run"));
    },

    async getRun(runId) {
      const body = await get(`runs/${id(runId)}`);
      return checked(where("GET runs"), () => parseRun(body, "run"));
    },

    async listRuns(query) {
      const body = await get("runs", {
        ...(query.experimentId ? { experiment_id: query.experimentId } : { namespace: ns }),
        filter: listFilter(query),
        page_token: query.pageToken,
        page_size: query.pageSize,
        sort_by: "created_at desc",
      });
      return checked(where("GET runs"), () => page(body, "runs", parseRun));
    },

    async terminateRun(runId) {
      await post(`runs/${id(runId)}:terminate`, {}, true);
    },

    async createRecurringRun(request) {
      const body = await post("recurringruns", {
        ...runBody(request),
        trigger: { cron_schedule: { cron: request.cron } },
        max_concurrency: String(request.maxConcurrency),
        no_catchup: request.noCatchup,
        mode: request.enabled ? "ENABLE" : "DISABLE",
      });
      return checked(where("POST recurringruns"), () => parseRecurringRun(body, "recurring_run"));
    },

    getRecurringRun: (recurringRunId) =>
      orNull(async () => {
        const body = await get(`recurringruns/${id(recurringRunId)}`);
        return checked(where("GET recurringruns"), () => parseRecurringRun(body, "recurring_run"));
      }),

    async listRecurringRuns(query) {
      const body = await get("recurringruns", {
        ...(query.experimentId ? { experiment_id: query.experimentId } : { namespace: ns }),
        filter: listFilter(query),
        page_token: query.pageToken,
        page_size: query.pageSize,
      });
      return checked(where("GET recurringruns"), () => page(body, "recurringRuns", parseRecurringRun));
    },

    async enableRecurringRun(recurringRunId) {
      await post(`recurringruns/${id(recurringRunId)}:enable`, {}, true);
    },

    async disableRecurringRun(recurringRunId) {
      await post(`recurringruns/${id(recurringRunId)}:disable`, {}, true);
    },

    async deleteRecurringRun(recurringRunId) {
      await orNull(() =>
        http.call({ method: "DELETE", path: `recurringruns/${id(recurringRunId)}`, idempotent: true }),
      );
    },

    runUrl: (runId) => uiLink(`runs/details/${id(runId)}`),
    recurringRunUrl: (recurringRunId) => uiLink(`recurringrun/details/${id(recurringRunId)}`),
  };
}
