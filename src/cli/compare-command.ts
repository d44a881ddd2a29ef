import { resolve } from "node:path";
import { evidenceVerdict } from "../experiments/evidence.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { readDirectory } from "../repo/read-directory.ts";
import { renderEvidenceJson, renderEvidenceText } from "../report/evidence-text.ts";
import { experimentsSection } from "../report/experiments-section.ts";
import { comparisonsOf } from "../report/gates-check-output.ts";
import { mlflowEnvCredentials } from "../tracker/connect-bound-tracker.ts";
import { commandLineS3Opener } from "../tracker/model-files/s3-openers.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import { openTracker } from "../tracker/open-tracker.ts";
import { isTrackerFault } from "../tracker/tracker-fault.ts";
import { gatherEvidence } from "../workflows/evidence/gather-evidence.ts";
import type { CliCommand } from "./cli-command.ts";
import { forStdout } from "./colour.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const USAGE = `usage: slipway compare --model NAME [DIR] [--tracking-uri URI] [--base DIR] [--against VERSION|RUN]
                      [--format text|json|markdown]

Compares a model's candidate run (its manifest's registry version and evidence) with what production
runs, judges its promotion gates and checks its evidence: the version is READY, was registered from
the evidence run, and its signature takes the features the model consumes.
  --model NAME         the Model manifest to compare
  --tracking-uri URI   MLflow: http(s)://server, sqlite:///mlflow.db or an mlruns directory (read-only);
                       default: $MLFLOW_TRACKING_URI. Credentials: $MLFLOW_TRACKING_TOKEN, or
                       $MLFLOW_TRACKING_USERNAME and $MLFLOW_TRACKING_PASSWORD
  --base DIR           a checkout of the default branch: its version of the model is production's
                       (default: the registry's alias or stage holder), and its .slipway.yml policy
                       applies (default: DIR's)
  --against REF        compare with this registry version or run id instead of production
  --format FORMAT      text (default), json (docs/compare-json.md) or markdown (the PR comment section)
Relative gates compare runs evaluated on the same data (inputs logged with mlflow.log_input(dataset,
context="evaluation")); without recorded evaluation data they are judged on the numbers with a warning,
or fail under .slipway.yml's policy.evidence.requireEvaluationData.
Exit status: 0 every gate passes and the evidence is intact (warnings included), 1 a gate fails or the
evidence has a problem, 2 usage (an --against version or run that does not exist, a directory that is
not an mlruns store), I/O or MLflow error.
`;

const FORMATS = ["text", "json", "markdown"] as const;

export async function runCompare(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = (values.format ?? "text") as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}\n\n${USAGE}`);
  if (!values.model) throw new UsageError(`--model is required\n\n${USAGE}`);
  if (positionals.length > 1) throw new UsageError(`expected at most one directory\n\n${USAGE}`);
  if (values.against !== undefined && !/^([1-9][0-9]{0,9}|[0-9a-f]{32})$/.test(values.against))
    throw new UsageError("--against takes a registry version (e.g. 6) or a 32-character run id");
  const uri = values["tracking-uri"] ?? io.env.MLFLOW_TRACKING_URI;
  if (!uri) throw new UsageError(`no MLflow: pass --tracking-uri or set MLFLOW_TRACKING_URI\n\n${USAGE}`);

  const head = await validated(resolve(io.cwd, positionals[0] ?? "."), io, "the repository");
  if (!head) return EXIT_FINDINGS;
  if (!head.manifests.Model.has(values.model)) {
    io.stderr(`slipway compare: no Model named '${values.model}' in the repository\n`);
    return EXIT_USAGE;
  }
  const base = values.base ? await validated(resolve(io.cwd, values.base), io, "--base") : null;
  if (values.base && !base) return EXIT_USAGE;

  let opened: Awaited<ReturnType<typeof openTracker>>;
  try {
    opened = await openTracker(uri, {
      allowLocal: true,
      cwd: io.cwd,
      credentials: mlflowEnvCredentials(io.env),
      readSecret: nodeSecretReader(io.env),
      s3: commandLineS3Opener(io.env, nodeSecretReader(io.env)),
    });
  } catch (error) {
    io.stderr(`slipway compare: ${isTrackerFault(error) ? error.message : "cannot open the tracking URI"}\n`);
    return EXIT_USAGE;
  }
  try {
    const evidence = await gatherEvidence({
      head,
      base,
      tracker: opened.tracker,
      modelFiles: opened.modelFiles,
      only: values.model,
      ...(values.against !== undefined ? { against: values.against } : {}),
      // The policy of --base (the default branch) when given, as on a pull request; else the checkout's.
      requireEvaluationData: (base ?? head).config?.value.policy?.evidence?.requireEvaluationData === true,
    });
    const [first] = evidence;
    if (!first) return EXIT_USAGE;
    if (first.status === "unavailable") {
      io.stderr(`slipway compare: ${first.reason.replace(/`/g, "").replace(/; retry with .*$/, "")}\n`);
      return EXIT_USAGE;
    }
    const trackingUrl = opened.kind === "rest" ? uri : undefined;
    io.stdout(
      format === "json"
        ? renderEvidenceJson(evidence)
        : format === "markdown"
          ? `${experimentsSection(comparisonsOf(evidence), trackingUrl ? { trackingUrl } : {}).body}\n`
          : forStdout(renderEvidenceText(first), io),
    );
    return evidenceVerdict(first) === "pass" ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    opened.close();
  }
}

async function validated(dir: string, io: CliIo, what: string) {
  const tree = await readDirectory(dir).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${dir}: ${error.code === "ENOENT" ? "no such directory" : error.message}`);
  });
  const result = validateRepo(tree, { binding: null });
  if (result.ok) return result.snapshot;
  io.stderr(
    `slipway compare: ${what} does not validate (${result.summary.errors} errors); run 'slipway validate' for the details\n`,
  );
  return null;
}

const OPTIONS = {
  model: { type: "string" },
  "tracking-uri": { type: "string" },
  base: { type: "string" },
  against: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(args: string[]) {
  return parseCommandArgs(args, USAGE, OPTIONS);
}

export const command: CliCommand = { run: runCompare, options: OPTIONS, choices: { format: FORMATS } };
