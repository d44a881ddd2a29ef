import { closestMatch } from "../closest-match.ts";
import { type CompiledPackage, parameterTypeProblem, readCompiledPackage } from "../compiled-package.ts";
import type { Diagnostic } from "../diagnostic.ts";
import type { IntegrationBinding, ServerBinding } from "../schemas/server-config.ts";
import type { Manifest, PlatformSnapshot } from "../snapshot.ts";
import { hasDotSegments, withinPrefix } from "../within-prefix.ts";
import { type CheckContext, createContext } from "./check-context.ts";

/**
 * What Kubeflow Pipelines would refuse, or run in a way nobody reviewed (issue #18): a Pipeline names a
 * bound `kfp` integration and the service account its runs use, and its package URI is one the server
 * may read. Parameters against the compiled pipeline are checked by `checkPipelinePackage`.
 */
export function checkPipelines(ctx: CheckContext): void {
  for (const pipeline of ctx.snapshot.manifests.Pipeline.values()) {
    const spec = pipeline.value.spec;
    if (!spec.serviceAccount)
      ctx.report(
        pipeline,
        ["spec"],
        "SLW152",
        "a Pipeline needs `spec.serviceAccount`: without one KFP runs it as the namespace's default account, which nobody reviewed",
        { target: "key" },
      );
    if (ctx.binding) {
      // An unbound or mistyped integration is reported at `.slipway.yml` (check-bindings.ts).
      const bound = ctx.binding.integrations?.[spec.integration];
      if (bound?.type === "kfp") checkPackageUri(ctx, pipeline, bound, ctx.binding);
    } else if (spec.package.uri !== undefined && !/^(s3|https):\/\//.test(spec.package.uri)) {
      ctx.report(
        pipeline,
        ["spec", "package", "uri"],
        "SLW127",
        "`package.uri` must be an s3:// or https:// location",
      );
    }
  }
}

function checkPackageUri(
  ctx: CheckContext,
  pipeline: Manifest<"Pipeline">,
  kfp: IntegrationBinding,
  binding: ServerBinding,
): void {
  const uri = pipeline.value.spec.package.uri;
  if (uri === undefined) return;
  const at = ["spec", "package", "uri"];
  if (hasDotSegments(uri)) {
    ctx.report(
      pipeline,
      at,
      "SLW127",
      "`package.uri` has '.' or '..' segments; give the location without them",
    );
    return;
  }
  let allowed: readonly string[] = [];
  let what: string;
  if (uri.startsWith("s3://")) {
    const store = kfp.packages?.integration;
    const s3 = store ? binding.integrations?.[store] : undefined;
    allowed = s3?.type === "s3" ? (s3.allowedPrefixes ?? []) : [];
    what = store
      ? `integration \`${store}\` allows (${allowed.join(", ") || "none"})`
      : `any s3 integration allows: integration \`${pipeline.value.spec.integration}\` names none under packages.integration`;
  } else if (uri.startsWith("https://")) {
    allowed = kfp.packages?.allowedUrls ?? [];
    what = `integration \`${pipeline.value.spec.integration}\` allows under packages.allowedUrls (${allowed.join(", ") || "none"})`;
  } else {
    ctx.report(pipeline, at, "SLW127", "`package.uri` must be an s3:// or https:// location");
    return;
  }
  if (!allowed.some((prefix) => withinPrefix(uri, prefix)))
    ctx.report(pipeline, at, "SLW127", `\`package.uri\` is outside the locations ${what}`);
}

/**
 * A Pipeline's parameters against its compiled pipeline, as KFP checks them: a parameter the root does
 * not declare is refused (`Unrecognized input parameter`), a value of the wrong type fails the run, and a
 * required parameter left out fails every scheduled run (an on-demand run may still pass it with --param).
 */
export function checkPipelinePackage(
  ctx: CheckContext,
  pipeline: Manifest<"Pipeline">,
  read: { package: CompiledPackage } | { problem: string },
  at: (string | number)[],
): void {
  if ("problem" in read) {
    ctx.report(pipeline, at, "SLW153", `the package is not a compiled pipeline KFP can run: ${read.problem}`);
    return;
  }
  const declared = read.package.parameters;
  const names = [...declared.keys()];
  const given = pipeline.value.spec.parameters ?? {};
  const label = read.package.name ? `\`${read.package.name}\`` : "the compiled pipeline";
  for (const [name, value] of Object.entries(given)) {
    const parameter = declared.get(name);
    if (!parameter) {
      const near = closestMatch(name, names);
      ctx.report(
        pipeline,
        ["spec", "parameters", name],
        "SLW139",
        `parameter \`${name}\` is not declared by ${label}${near ? ` (did you mean \`${near}\`?)` : ""}; it declares ${names.map((n) => `\`${n}\``).join(", ") || "none"}`,
        { target: "key" },
      );
      continue;
    }
    const problem = parameterTypeProblem(parameter.type, value);
    if (problem)
      ctx.report(pipeline, ["spec", "parameters", name], "SLW139", `parameter \`${name}\` ${problem}`);
  }
  const scheduled = pipeline.value.spec.schedule !== undefined;
  for (const parameter of declared.values()) {
    if (parameter.optional || Object.hasOwn(given, parameter.name)) continue;
    ctx.report(
      pipeline,
      given === pipeline.value.spec.parameters ? ["spec", "parameters"] : ["spec"],
      "SLW139",
      scheduled
        ? `${label} requires parameter \`${parameter.name}\`, which \`spec.parameters\` does not give: every scheduled run would fail`
        : `${label} requires parameter \`${parameter.name}\`; runs started without \`--param ${parameter.name}=…\` will fail`,
      { target: "key", ...(scheduled ? {} : { severity: "warning" as const }) },
    );
  }
}

/**
 * The parameter checks of every Pipeline whose package is a file of the repository (`package.path`),
 * read from the tree itself: offline, bounded like any manifest. URI packages are checked where they
 * can be read (the review, through the bound store; the CLI, with `--package FILE`).
 */
export function checkRepositoryPackages(ctx: CheckContext, files: ReadonlyMap<string, Uint8Array>): void {
  // Pipelines often share one compiled file: it is parsed once.
  const reads = new Map<string, ReturnType<typeof readCompiledPackage>>();
  for (const pipeline of ctx.snapshot.manifests.Pipeline.values()) {
    const path = pipeline.value.spec.package.path?.replace(/^\.\//, "");
    const bytes = path === undefined ? undefined : files.get(path);
    if (path === undefined || bytes === undefined) continue;
    if (!reads.has(path)) reads.set(path, readCompiledPackage(path, bytes));
    checkPipelinePackage(ctx, pipeline, reads.get(path) as ReturnType<typeof readCompiledPackage>, [
      "spec",
      "package",
      "path",
    ]);
  }
}

/** What reading a URI package gave: the bytes parsed, or why it was not read (a fault, not a finding). */
export type UriPackageRead = { package: CompiledPackage } | { problem: string } | { unread: string };

/**
 * The parameter checks of Pipelines whose package is a URI, read (bounded) by the caller through what the
 * binding allows. A package that could not be read is a notice — its parameters are not checked — never
 * a failure: the store may be down, and the pull request is not wrong for it.
 */
export function uriPackageDiagnostics(
  snapshot: PlatformSnapshot,
  binding: ServerBinding | null,
  reads: ReadonlyMap<string, UriPackageRead>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx = createContext(snapshot, binding, out);
  for (const [name, read] of reads) {
    const pipeline = snapshot.manifests.Pipeline.get(name);
    if (!pipeline) continue;
    if ("unread" in read)
      ctx.report(
        pipeline,
        ["spec", "package", "uri"],
        "SLW154",
        `the parameters were not checked: ${read.unread}`,
      );
    else checkPipelinePackage(ctx, pipeline, read, ["spec", "package", "uri"]);
  }
  return out;
}
