import { isReply, listPage } from "./list.ts";
import { invalid, notFound, ok, type Reply } from "./replies.ts";
import { robfigCronProblem } from "./robfig-cron.ts";
import { field, type Route, type RouteContext } from "./routing.ts";
import { resolveSource } from "./run-source.ts";
import type { RecurringRunState } from "./state.ts";
import { unknownFields } from "./strict-body.ts";

const FIELDS = [
  "recurring_run_id",
  "display_name",
  "description",
  "pipeline_version_id",
  "pipeline_spec",
  "pipeline_version_reference",
  "runtime_config",
  "service_account",
  "max_concurrency",
  "trigger",
  "mode",
  "created_at",
  "updated_at",
  "status",
  "error",
  "no_catchup",
  "namespace",
  "experiment_id",
  "plugins_input",
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function readable(ctx: RouteContext, id: string, verb: string): RecurringRunState | Reply {
  const job = ctx.state.recurringRuns.get(id);
  if (!job)
    return notFound(`Failed to get a recurring run: ResourceNotFoundError: RecurringRun ${id} not found`);
  return ctx.authorize(job.namespace, verb, "jobs") ?? job;
}

/** `cron_schedule` (robfig/cron v1) or `periodic_schedule`, checked as KFP's api_converter checks them. */
function triggerProblem(trigger: unknown): string | null {
  if (!isObject(trigger)) return "Invalid input error: Trigger is required";
  const cron = trigger.cron_schedule;
  const periodic = trigger.periodic_schedule;
  if (isObject(cron)) {
    const problem = typeof cron.cron === "string" ? robfigCronProblem(cron.cron) : "Schedule is empty";
    return problem
      ? `Invalid input error: Schedule cron is not a supported format(https://godoc.org/github.com/robfig/cron). Error: ${problem}`
      : null;
  }
  if (isObject(periodic)) {
    const seconds = Number(periodic.interval_second ?? 0);
    return seconds > 0
      ? null
      : `Invalid input error: Found invalid period schedule: interval_second ${seconds}`;
  }
  return "Invalid input error: Trigger is required";
}

function create(ctx: RouteContext): Reply {
  const bad = unknownFields(ctx.body, FIELDS);
  if (bad) return bad;
  const name = field(ctx, "display_name");
  if (!name)
    return invalid("Invalid input error: The recurring run name is empty. Please specify a valid name");
  const concurrency = Number(ctx.body.max_concurrency ?? 0);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10)
    return invalid(
      `Invalid input error: The max concurrency of the recurring run is out of range. Support 1-10. Received ${concurrency}`,
    );
  const mode = ctx.body.mode;
  if (mode !== "ENABLE" && mode !== "DISABLE")
    return invalid("Invalid input error: Recurring run mode must be ENABLE or DISABLE");
  const trigger = triggerProblem(ctx.body.trigger);
  if (trigger) return invalid(trigger);
  const source = resolveSource(ctx, "recurring run");
  if (isReply(source)) return source;
  const at = ctx.state.now();
  const plugins = ctx.body.plugins_input;
  const job: RecurringRunState = {
    recurring_run_id: ctx.state.id(),
    display_name: name,
    ...(field(ctx, "description") ? { description: field(ctx, "description") as string } : {}),
    ...(source.reference
      ? { pipeline_version_reference: source.reference }
      : { pipeline_spec: source.spec as Json }),
    runtime_config: { parameters: source.parameters },
    service_account: source.serviceAccount,
    max_concurrency: concurrency,
    trigger: ctx.body.trigger as Json,
    mode,
    status: mode === "ENABLE" ? "ENABLED" : "DISABLED",
    no_catchup: ctx.body.no_catchup === true,
    ...(source.experiment.namespace ? { namespace: source.experiment.namespace } : {}),
    experiment_id: source.experiment.experiment_id,
    ...(isObject(plugins) ? { plugins_input: plugins } : {}),
    created_at: at,
    updated_at: at,
  };
  ctx.state.recurringRuns.set(job.recurring_run_id, job);
  return ok(ctx.state.recurringJson(job));
}

function list(ctx: RouteContext): Reply {
  const experimentId = ctx.query.experiment_id || undefined;
  let namespace = ctx.query.namespace || undefined;
  if (experimentId) {
    const experiment = ctx.state.experiments.get(experimentId);
    if (!experiment) return notFound(`Failed to list recurring runs: Experiment ${experimentId} not found`);
    namespace = experiment.namespace;
  } else if (ctx.multiUser && !namespace)
    return invalid(
      "Invalid input error: ListRecurringRuns must filter by resource reference or namespace in multi-user mode",
    );
  const denied = ctx.authorize(namespace, "list", "jobs");
  if (denied) return denied;
  const all = [...ctx.state.recurringRuns.values()]
    .filter((j) =>
      experimentId ? j.experiment_id === experimentId : !ctx.multiUser || j.namespace === namespace,
    )
    .map((j) => ctx.state.recurringJson(j));
  const page = listPage(ctx, all, ["display_name", "description"]);
  if (isReply(page)) return page;
  return ok({
    ...(page.items.length > 0 ? { recurringRuns: page.items } : {}),
    ...(page.total > 0 ? { total_size: page.total } : {}),
    ...(page.next ? { next_page_token: page.next } : {}),
  });
}

function setMode(enabled: boolean) {
  return (ctx: RouteContext): Reply => {
    const job = readable(ctx, ctx.params.id as string, enabled ? "enable" : "disable");
    if (isReply(job)) return job;
    job.status = enabled ? "ENABLED" : "DISABLED";
    job.mode = enabled ? "ENABLE" : "DISABLE";
    job.updated_at = ctx.state.now();
    return ok({});
  };
}

export const recurringRoutes: readonly Route[] = [
  { method: "POST", template: "recurringruns", handle: create },
  { method: "GET", template: "recurringruns", handle: list },
  {
    method: "GET",
    template: "recurringruns/{id}",
    handle: (ctx) => {
      const job = readable(ctx, ctx.params.id as string, "get");
      return isReply(job) ? job : ok(ctx.state.recurringJson(job));
    },
  },
  { method: "POST", template: "recurringruns/{id}:enable", handle: setMode(true) },
  { method: "POST", template: "recurringruns/{id}:disable", handle: setMode(false) },
  {
    method: "DELETE",
    template: "recurringruns/{id}",
    handle: (ctx) => {
      const job = readable(ctx, ctx.params.id as string, "delete");
      if (isReply(job)) return job;
      ctx.state.recurringRuns.delete(job.recurring_run_id);
      return ok({});
    },
  },
];
