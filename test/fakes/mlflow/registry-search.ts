import { invalid, ok, type Reply } from "./replies.ts";
import { maxResults, type RouteContext, str } from "./routing.ts";
import { compare, page, parseFilter, readPageToken } from "./search.ts";
import type { FakeMlflowState, ModelState, VersionState } from "./state.ts";

export const STAGES = ["None", "Staging", "Production", "Archived"];

/** MLflow canonicalises stage names case-insensitively and rejects others. */
export function canonicalStage(stage: string): string | undefined {
  return STAGES.find((s) => s.toLowerCase() === stage.toLowerCase());
}

/** Per stage, the highest READY version in it (`get_latest_versions`). */
export function latest(state: FakeMlflowState, model: ModelState, stages: readonly string[]) {
  const wanted = stages.length > 0 ? stages : STAGES;
  return wanted.flatMap((stage) => {
    const inStage = model.versions.filter((v) => v.current_stage === stage && v.status === "READY");
    const top = inStage.sort((a, b) => Number(b.version) - Number(a.version))[0];
    return top ? [state.versionJson(model, top)] : [];
  });
}

const VERSION_PREFIXES = { attributes: "attributes", tags: "tags", tag: "tags" };

function versionValue(v: VersionState, kind: string, key: string): string | number | undefined {
  if (kind === "tags") return v.tags.find((t) => t.key === key)?.value;
  if (key === "version_number") return Number(v.version);
  if (key === "source_path") return v.source;
  return (v as unknown as Record<string, string | undefined>)[key];
}

export function searchVersions(ctx: RouteContext): Reply {
  const filter = parseFilter(str(ctx, "filter"), VERSION_PREFIXES);
  if (typeof filter === "string") return invalid(filter);
  const max = maxResults(ctx, 1000, 200_000);
  if (typeof max === "string") return invalid(max);
  const offset = readPageToken(str(ctx, "page_token"));
  if (typeof offset === "string") return invalid(offset);
  const all = [...ctx.state.models.values()].flatMap((m) => m.versions.map((v) => ({ m, v })));
  // MLflow's tiebreak: name ASC, then version number DESC.
  const matching = all
    .filter(({ v }) => filter.every((c) => compare(versionValue(v, c.kind, c.key), c.op, c.value)))
    .sort((a, b) => a.v.name.localeCompare(b.v.name) || Number(b.v.version) - Number(a.v.version));
  const { items, next } = page(matching, offset, max);
  const versions = items.map(({ m, v }) => ctx.state.versionJson(m, v));
  return ok({
    ...(versions.length > 0 ? { model_versions: versions } : {}),
    ...(next ? { next_page_token: next } : {}),
  });
}
