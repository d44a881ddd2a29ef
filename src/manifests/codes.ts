import type { Severity } from "./diagnostic.ts";

interface CodeInfo {
  severity: Severity;
  title: string;
  hint: string;
}

/**
 * Every diagnostic code Slipway emits, with its default severity and the hint shown beside it.
 * Codes are stable: CI filters and branch-protection scripts may key on them. Never reuse a number.
 */
export const CODES = {
  // 0xx — reading the file
  SLW001: { severity: "error", title: "file too large", hint: "Split the file; manifests are small." },
  SLW002: { severity: "error", title: "binary file", hint: "Manifests must be UTF-8 YAML text." },
  SLW003: { severity: "error", title: "invalid UTF-8", hint: "Save the file as UTF-8." },
  SLW004: {
    severity: "error",
    title: "path outside the repository",
    hint: "Manifests and links must stay inside the repository.",
  },
  SLW005: {
    severity: "error",
    title: "repository too large",
    hint: "Keep manifests under the limits, or split the repository.",
  },
  SLW006: { severity: "error", title: "too many documents", hint: "Split the file into several." },
  SLW007: {
    severity: "error",
    title: "too many problems",
    hint: "Fix the problems shown first; the rest of this file was not reported.",
  },
  SLW008: {
    severity: "error",
    title: "empty manifest file",
    hint: "Write the manifest the file is meant to hold, or delete the file.",
  },
  SLW009: {
    severity: "notice",
    title: "follows from an unreadable file",
    hint: "Fix the file the message names first; this goes away with it.",
  },
  SLW025: {
    severity: "warning",
    title: "manifest outside the manifest folders",
    hint: "Move the file into one of the folders, or add its folder to `manifests.paths` in .slipway.yml.",
  },
  // 01x — YAML
  SLW010: {
    severity: "error",
    title: "YAML syntax error",
    hint: "Check indentation, quoting and the characters around the position.",
  },
  SLW011: {
    severity: "error",
    title: "duplicate key",
    hint: "A key may appear once per mapping; the later one would silently win.",
  },
  SLW012: { severity: "error", title: "tab indentation", hint: "YAML indents with spaces only." },
  SLW013: {
    severity: "error",
    title: "too many aliases",
    hint: "Anchors and aliases are limited; expand the repeated values.",
  },
  SLW014: {
    severity: "error",
    title: "nesting too deep",
    hint: "Flatten the structure; manifests are shallow.",
  },
  SLW015: {
    severity: "error",
    title: "unsupported YAML tag",
    hint: "Use plain YAML values without custom tags.",
  },
  // 02x — envelope
  SLW020: { severity: "error", title: "unknown apiVersion", hint: "Use apiVersion: slipway.dev/v1alpha1." },
  SLW021: {
    severity: "error",
    title: "unknown kind",
    hint: "Kinds are Model, Entity, FeatureView, FeatureService, Monitor, Pipeline and Platform.",
  },
  SLW022: {
    severity: "error",
    title: "not a manifest",
    hint: "Each YAML document is a mapping with apiVersion, kind, metadata and spec.",
  },
  // 03x — schema
  SLW030: {
    severity: "error",
    title: "missing field",
    hint: "Add the field; see the schema named on the file's first line.",
  },
  SLW031: { severity: "error", title: "unknown field", hint: "Remove the field or fix its spelling." },
  SLW032: { severity: "error", title: "wrong type", hint: "Change the value to the expected type." },
  SLW033: { severity: "error", title: "value not allowed", hint: "Use one of the allowed values." },
  SLW034: { severity: "error", title: "value out of range", hint: "Use a value within the allowed range." },
  SLW035: { severity: "error", title: "invalid format", hint: "Follow the format described in the message." },
  SLW036: { severity: "error", title: "invalid list", hint: "Check the number and uniqueness of the items." },
  // 1xx — across manifests
  SLW101: {
    severity: "error",
    title: "duplicate name",
    hint: "Names are unique per kind across the repository.",
  },
  SLW102: {
    severity: "error",
    title: "unknown reference",
    hint: "Declare the referenced object or fix the name.",
  },
  SLW103: {
    severity: "error",
    title: "unknown feature",
    hint: "Add the feature to the view or fix the reference.",
  },
  SLW104: {
    severity: "warning",
    title: "monitor not linked",
    hint: "List the monitor in the model's spec.monitors so reviewers see it.",
  },
  SLW105: {
    severity: "error",
    title: "ambiguous features",
    hint: "Give either features.service or features.refs, not both.",
  },
  SLW106: {
    severity: "warning",
    title: "unknown column",
    hint: "Monitor columns usually name the model's features, target or prediction.",
  },
  SLW110: {
    severity: "error",
    title: "dtype mismatch",
    hint: "Make the types agree; Feast joins and serves by these types.",
  },
  SLW111: {
    severity: "error",
    title: "feature name collision",
    hint: "Serve features with distinct names; Feast returns them by feature name.",
  },
  SLW120: {
    severity: "error",
    title: "unknown environment",
    hint: "Use an environment declared in .slipway.yml.",
  },
  SLW121: {
    severity: "error",
    title: "environment not bound",
    hint: "Ask the operator to bind it in the server configuration, or fix the name.",
  },
  SLW122: {
    severity: "error",
    title: "integration not bound",
    hint: "Ask the operator to bind it in the server configuration, or fix the name.",
  },
  SLW123: {
    severity: "notice",
    title: "binding not checked",
    hint: "Pass --server-config to check names against the server's bindings.",
  },
  SLW124: {
    severity: "error",
    title: "unknown integration",
    hint: "List the integration under integrations in .slipway.yml.",
  },
  SLW125: {
    severity: "error",
    title: "integration of wrong type",
    hint: "Use an integration of the type this field needs.",
  },
  SLW126: {
    severity: "error",
    title: "environment order",
    hint: "A model rolls through environments in the order .slipway.yml declares.",
  },
  SLW130: {
    severity: "error",
    title: "runtime and format incompatible",
    hint: "Pick a format the runtime serves, or another runtime.",
  },
  SLW131: { severity: "error", title: "serving incomplete", hint: "Add the field the runtime needs." },
  SLW132: {
    severity: "error",
    title: "replicas min above max",
    hint: "Make replicas.min at most replicas.max.",
  },
  SLW133: {
    severity: "warning",
    title: "canary without effect",
    hint: "A fixed canary `percent` must be between 1 and 99; 0 or 100 sends all traffic to one version.",
  },
  SLW134: {
    severity: "error",
    title: "batch source incomplete",
    hint: "File sources need a path; warehouse sources a table or a query.",
  },
  SLW135: {
    severity: "error",
    title: "dataset location",
    hint: "Give `path` (one object) or `prefix` (with optional partition and window), not both.",
  },
  SLW136: {
    severity: "error",
    title: "pipeline package",
    hint: "Give the package as `path` (in this repository), `uri`, or `pipeline` (already in KFP), exactly one.",
  },
  SLW137: {
    severity: "error",
    title: "threshold out of range",
    hint: "p-value tests (ks, chisquare, z) take a threshold between 0 and 1.",
  },
  SLW138: {
    severity: "error",
    title: "request above limit",
    hint: "Make each resource request at most its limit; Kubernetes refuses such a pod.",
  },
  SLW127: {
    severity: "error",
    title: "dataset outside allowed prefixes",
    hint: "Read data only under the prefixes the server binding allows.",
  },
  SLW139: {
    severity: "error",
    title: "pipeline parameter",
    hint: "Give the parameters the compiled pipeline declares, with the types it declares.",
  },
  SLW140: {
    severity: "error",
    title: "gate without bound",
    hint: "Give min, max, or vs: production with maxDrop or maxDropRatio.",
  },
  SLW141: { severity: "error", title: "gate bounds contradict", hint: "Make min at most max." },
  SLW142: {
    severity: "error",
    title: "relative gate incomplete",
    hint: "vs: production needs maxDrop or maxDropRatio, and they need vs: production.",
  },
  SLW143: {
    severity: "error",
    title: "duplicate gate",
    hint: "Merge the bounds of one metric into one gate.",
  },
  SLW144: {
    severity: "error",
    title: "promotion target",
    hint: "Give exactly one of promotion.alias and promotion.stage.",
  },
  SLW145: {
    severity: "warning",
    title: "gate direction",
    hint: "Check the goal: this metric's name suggests the other direction.",
  },
  SLW146: {
    severity: "error",
    title: "canary steps",
    hint: "Give a fixed `percent`, or rising `steps` with an `interval` each; analysis and shadow need steps.",
  },
  SLW147: {
    severity: "error",
    title: "canary check",
    hint: "Each check has a `query` or a `builtin`, and a bound: `max`, `min`, or `vs: stable` with `maxIncrease`, `maxRatio`, `maxDecrease` or `minRatio`.",
  },
  SLW148: {
    severity: "error",
    title: "canary check unavailable here",
    hint: "Use what the runtime provides in every environment the model is promoted to, or write a `query`.",
  },
  SLW149: {
    severity: "error",
    title: "canary metrics integration",
    hint: "Name the Prometheus integration under `integrations.metrics` in .slipway.yml.",
  },
  SLW150: {
    severity: "error",
    title: "invalid cron",
    hint: "Use five fields: minute hour day-of-month month day-of-week (UTC).",
  },
  SLW151: {
    severity: "warning",
    title: "materialization without an online store",
    hint: "Set `online: true`, or remove `materialization`.",
  },
  SLW152: {
    severity: "error",
    title: "pipeline service account",
    hint: "Name the Kubernetes service account the runs use in `spec.serviceAccount`.",
  },
  SLW153: {
    severity: "error",
    title: "not a compiled pipeline",
    hint: "Point `package` at the YAML that kfp's compiler writes (`kfp dsl compile` or `Compiler().compile`).",
  },
  SLW154: {
    severity: "notice",
    title: "pipeline package not checked",
    hint: "Parameters are checked against the compiled pipeline once it can be read through the bound store.",
  },
  SLW156: {
    severity: "error",
    title: "drift trigger",
    hint: "A drift trigger names a monitor, the Pipeline's model, and environments of .slipway.yml; its conditions, environments and cooldown apply to `on: drift` only.",
  },
  SLW157: {
    severity: "warning",
    title: "trigger watches another model",
    hint: "Point the trigger at a Monitor of the model this Pipeline retrains, or set `spec.model` to that model.",
  },
  SLW160: {
    severity: "error",
    title: "policy: namespace",
    hint: "Use a namespace the policy in .slipway.yml allows.",
  },
  SLW161: {
    severity: "error",
    title: "policy: runtime",
    hint: "Use a runtime the policy in .slipway.yml allows.",
  },
  SLW162: {
    severity: "error",
    title: "policy: image registry",
    hint: "Use an image from a registry the policy allows.",
  },
  SLW163: { severity: "error", title: "policy: replicas", hint: "Stay within the policy's maxReplicas." },
  SLW164: { severity: "error", title: "policy: resources", hint: "Stay within the policy's maxResources." },
  SLW165: {
    severity: "error",
    title: "policy: chart repository",
    hint: "Use a chart repository the policy allows.",
  },
  SLW170: {
    severity: "error",
    title: "plaintext credential",
    hint: "Store the value in a Kubernetes Secret and refer to it with secretRef: { name, key }.",
  },
  SLW171: {
    severity: "error",
    title: "credential in URI",
    hint: "Remove user:password@ from the URI and pass the credentials from a Secret.",
  },
  SLW180: { severity: "error", title: "repository configuration", hint: "Fix .slipway.yml; see its schema." },
  SLW181: {
    severity: "error",
    title: "missing repository configuration",
    hint: "Add .slipway.yml at the repository root.",
  },
  SLW190: { severity: "error", title: "server configuration", hint: "Fix the server configuration file." },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;
