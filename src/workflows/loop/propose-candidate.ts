import type { ModelEvidence } from "../../experiments/evidence.ts";
import type { Manifest, PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { SourceTree } from "../../manifests/source-tree.ts";
import { validateRepo } from "../../manifests/validate-repo.ts";
import { type CandidateOrigin, candidateBranch, candidatePull } from "../../report/candidate-pull.ts";
import { trimCandidates } from "../../state/loop-records.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import { BranchMovedError } from "../branch-write-port.ts";
import { gatherEvidence } from "../evidence/gather-evidence.ts";
import type { YamlEdit } from "../promote/edit-yaml.ts";
import { editModelFile } from "../promote/model-file-edit.ts";
import type { LoopPorts } from "./loop-ports.ts";

export interface ProposeInput {
  defaultBranch: { name: string; head: string; snapshot: PlatformSnapshot; tree: SourceTree };
  /** The Model as the default branch declares it. */
  model: Manifest<"Model">;
  version: string;
  runId: string;
  experiment: { name: string; id: string | null };
  found: "plugin" | "experiment" | "webhook";
  origin: CandidateOrigin;
  kfp: { pipeline: string; runUrl: string | null } | null;
  tracker: Tracker;
  trackingUrl?: string;
}

export type ProposeOutcome =
  | { action: "opened" | "updated"; pull: number; version: string }
  | { action: "already"; pull: number | null; note: string }
  | { action: "refused"; note: string };

/** A claim left by a crash (or a concurrent proposer) is taken over after this long. */
const CLAIM_STALE_MS = 10 * 60_000;

/**
 * Issue #19, item 2: proposes one registered version of a model in a candidate pull request — the Model's
 * `spec.registry.version` and `spec.evidence` edited in place, as `/slipway promote` edits — never two
 * open for one model: a newer version is committed to the open one's branch and its text rewritten. A
 * version is proposed once (recorded ahead, before GitHub is written), whoever notices it first; a pull
 * request a person closed is not opened again. The gates are judged before opening, for the body; the
 * review judges them again on the head.
 */
export async function proposeCandidate(ports: LoopPorts, input: ProposeInput): Promise<ProposeOutcome> {
  const model = input.model.name;
  const branch = candidateBranch(model, input.version);
  const now = ports.now();
  const claim = await ports.records.update((r) => {
    const known = (r.candidates ?? []).find((c) => c.model === model && c.version === input.version);
    if (known?.pull) return { already: known.pull };
    if (known && Date.parse(now) - Date.parse(known.at) < CLAIM_STALE_MS) return { already: null };
    r.candidates = trimCandidates([
      ...(r.candidates ?? []).filter((c) => c !== known),
      { model, version: input.version, branch, pull: null, at: now },
    ]);
    return null;
  });
  if (claim)
    return {
      action: "already",
      pull: claim.already,
      note: `version ${input.version} of \`${model}\` was proposed already${claim.already ? ` (#${claim.already})` : " (in progress)"}`,
    };
  const record = (pull: number | null, at: string = branch) =>
    ports.records.update((r) => {
      const entry = (r.candidates ?? []).find((c) => c.model === model && c.version === input.version);
      if (entry) {
        entry.pull = pull;
        entry.branch = at;
      }
    });
  const release = () =>
    ports.records.update((r) => {
      r.candidates = (r.candidates ?? []).filter(
        (c) => !(c.model === model && c.version === input.version && c.pull === null),
      );
    });

  try {
    const open = await ports.pulls.openFor(model);
    if (open) return await updateOpen(ports, input, open, record, release);
    const earlier = await ports.pulls.fromBranch(branch);
    if (earlier[0]) {
      await record(earlier[0].number);
      return {
        action: "already",
        pull: earlier[0].number,
        note: `version ${input.version} of \`${model}\` was proposed in #${earlier[0].number} (${earlier[0].state}); it is not opened again`,
      };
    }
    const { tree, snapshot, head, name } = input.defaultBranch;
    const edited = editModelFile(tree, input.model, edits(input.model, input));
    if ("problem" in edited) {
      await release();
      return { action: "refused", note: `nothing was written: ${edited.problem}` };
    }
    const gates = await judgeGates(ports, input, tree, snapshot, edited.change);
    const text = candidatePull(pullInput(input, gates, null));
    const opened = await ports.branches.openPullRequest({
      branch,
      fromCommit: head,
      baseBranch: name,
      title: text.title,
      body: text.body,
      message: text.message,
      changes: [edited.change],
    });
    await record(opened.number);
    ports.metrics.recordCandidatePull(model, "opened");
    return { action: "opened", pull: opened.number, version: input.version };
  } catch (error) {
    await release();
    throw error;
  }
}

async function updateOpen(
  ports: LoopPorts,
  input: ProposeInput,
  open: { number: number; branch: string; headSha: string },
  record: (pull: number | null, branch?: string) => Promise<void>,
  release: () => Promise<void>,
): Promise<ProposeOutcome> {
  const model = input.model.name;
  const tree = await ports.readTree(open.headSha);
  const { snapshot } = validateRepo(tree, { binding: ports.binding });
  const there = snapshot.manifests.Model.get(model);
  const proposed = there ? String(there.value.spec.registry.version) : null;
  if (!there || (proposed !== null && Number(proposed) >= Number(input.version))) {
    await record(open.number, open.branch);
    return {
      action: "already",
      pull: open.number,
      note: `#${open.number} proposes version ${proposed ?? "?"} of \`${model}\` already`,
    };
  }
  const edited = editModelFile(tree, there, edits(there, input));
  if ("problem" in edited) {
    await release();
    return { action: "refused", note: `#${open.number} was not updated: ${edited.problem}` };
  }
  const gates = await judgeGates(ports, input, tree, input.defaultBranch.snapshot, edited.change);
  const text = candidatePull(pullInput(input, gates, proposed));
  try {
    await ports.branches.commitToBranch({
      branch: open.branch,
      expectedHead: open.headSha,
      message: text.message,
      changes: [edited.change],
    });
  } catch (error) {
    if (!(error instanceof BranchMovedError)) throw error;
    await release();
    return {
      action: "refused",
      note: `#${open.number} was not updated: ${error.message}; the next pass tries again`,
    };
  }
  await ports.pulls.update(open.number, { title: text.title, body: text.body });
  await record(open.number, open.branch);
  ports.metrics.recordCandidatePull(model, "updated");
  return { action: "updated", pull: open.number, version: input.version };
}

/** `spec.registry.version` (keeping a number a number) and `spec.evidence` of the candidate. */
function edits(manifest: Manifest<"Model">, input: ProposeInput): YamlEdit[] {
  const spec = manifest.value.spec;
  const version = typeof spec.registry.version === "number" ? Number(input.version) : input.version;
  const out: YamlEdit[] = [{ kind: "set", path: ["spec", "registry", "version"], value: version }];
  if (spec.evidence)
    out.push(
      { kind: "set", path: ["spec", "evidence", "experiment"], value: input.experiment.name },
      { kind: "set", path: ["spec", "evidence", "runId"], value: input.runId },
    );
  else
    out.push({
      kind: "set",
      path: ["spec", "evidence"],
      value: { experiment: input.experiment.name, runId: input.runId },
    });
  return out;
}

/** The candidate's gates as the review will judge them: the edited tree against the default branch. */
async function judgeGates(
  ports: LoopPorts,
  input: ProposeInput,
  tree: SourceTree,
  base: PlatformSnapshot,
  change: { path: string; content: string },
): Promise<ModelEvidence | { unavailable: string }> {
  const files = new Map(tree.files);
  files.set(change.path, new TextEncoder().encode(change.content));
  const { snapshot } = validateRepo({ ...tree, files }, { binding: ports.binding });
  const [evidence] = await gatherEvidence({
    head: snapshot,
    base,
    tracker: input.tracker,
    only: input.model.name,
    requireEvaluationData: base.config?.value.policy?.evidence?.requireEvaluationData === true,
  });
  return evidence ?? { unavailable: "the edited model could not be read back" };
}

function pullInput(
  input: ProposeInput,
  gates: ModelEvidence | { unavailable: string },
  replaces: string | null,
) {
  const spec = input.model.value.spec;
  return {
    model: input.model.name,
    registeredModel: spec.registry.name,
    file: input.model.file,
    version: input.version,
    previousVersion: String(spec.registry.version),
    runId: input.runId,
    experiment: input.experiment.name,
    experimentId: input.experiment.id,
    found: input.found,
    origin: input.origin,
    kfp: input.kfp,
    gates,
    replaces,
    ...(input.trackingUrl ? { trackingUrl: input.trackingUrl } : {}),
  };
}
