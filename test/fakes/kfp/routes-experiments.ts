import { isReply, listPage } from "./list.ts";
import { grpcError, invalid, notFound, ok, type Reply } from "./replies.ts";
import { field, type Route, type RouteContext } from "./routing.ts";
import type { ExperimentState } from "./state.ts";
import { unknownFields } from "./strict-body.ts";

const FIELDS = [
  "experiment_id",
  "display_name",
  "description",
  "created_at",
  "namespace",
  "storage_state",
  "last_run_created_at",
];

/** The experiment a request names, if the caller may read it; else KFP's refusal. */
export function readableExperiment(ctx: RouteContext, id: string, verb = "get"): ExperimentState | Reply {
  const experiment = ctx.state.experiments.get(id);
  if (!experiment) return notFound(`Failed to get experiment: Experiment ${id} not found`);
  return ctx.authorize(experiment.namespace, verb, "experiments") ?? experiment;
}

function create(ctx: RouteContext): Reply {
  const bad = unknownFields(ctx.body, FIELDS);
  if (bad) return bad;
  const name = field(ctx, "display_name");
  if (!name)
    return invalid("Invalid input error: Experiment name is empty. Please specify a valid experiment name");
  const namespace = field(ctx, "namespace");
  if (ctx.multiUser && !namespace)
    return invalid("Invalid input error: An experiment cannot have an empty namespace in multi-user mode");
  const denied = ctx.authorize(namespace, "create", "experiments");
  if (denied) return denied;
  for (const e of ctx.state.experiments.values())
    if (e.display_name === name && e.namespace === namespace)
      return grpcError(
        "ALREADY_EXISTS",
        `Failed to create a new experiment. The name ${name} already exists. Please specify a new name`,
      );
  const experiment: ExperimentState = {
    experiment_id: ctx.state.id(),
    display_name: name,
    ...(field(ctx, "description") ? { description: field(ctx, "description") as string } : {}),
    ...(namespace ? { namespace } : {}),
    storage_state: "AVAILABLE",
    created_at: ctx.state.now(),
  };
  ctx.state.experiments.set(experiment.experiment_id, experiment);
  return ok(experiment);
}

function list(ctx: RouteContext): Reply {
  const namespace = ctx.query.namespace || undefined;
  if (ctx.multiUser && !namespace)
    return invalid("Invalid input error: An experiment cannot have an empty namespace in multi-user mode");
  const denied = ctx.authorize(namespace, "list", "experiments");
  if (denied) return denied;
  const all = [...ctx.state.experiments.values()].filter((e) => !ctx.multiUser || e.namespace === namespace);
  const page = listPage(ctx, all as unknown as Record<string, unknown>[], [
    "display_name",
    "description",
    "storage_state",
  ]);
  if (isReply(page)) return page;
  return ok({
    ...(page.items.length > 0 ? { experiments: page.items } : {}),
    ...(page.total > 0 ? { total_size: page.total } : {}),
    ...(page.next ? { next_page_token: page.next } : {}),
  });
}

export const experimentRoutes: readonly Route[] = [
  { method: "POST", template: "experiments", handle: create },
  { method: "GET", template: "experiments", handle: list },
  {
    method: "GET",
    template: "experiments/{id}",
    handle: (ctx) => {
      const found = readableExperiment(ctx, ctx.params.id as string);
      return isReply(found) ? found : ok(found);
    },
  },
];
