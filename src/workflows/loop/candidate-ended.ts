import { candidateDeclined, candidateMerged } from "../../report/retrain-notes.ts";
import type { LoopPorts } from "./loop-ports.ts";

export interface EndedPull {
  number: number;
  merged: boolean;
  /** Who merged it, when GitHub says. */
  mergedBy: string | null;
}

/**
 * A candidate pull request merged or closed (issue #19): said once on the monitor issues of the runs that
 * led to it, so the issue tells the loop to its end — merged (the deploy follows, through the same gates
 * and approvals as any merge), or declined (that version is not proposed again). A pull request Slipway
 * did not open for a retrain, or one said already (a redelivered webhook), is left alone.
 */
export async function candidateEnded(
  ports: Pick<LoopPorts, "records" | "comment">,
  pull: EndedPull,
): Promise<{ issues: number[] }> {
  const ended = pull.merged ? "merged" : "closed";
  const claimed = await ports.records.update((r) => {
    const mine = (r.candidates ?? []).filter((c) => c.pull === pull.number);
    if (mine.length === 0 || mine.some((c) => c.ended)) return null;
    for (const c of mine) c.ended = ended;
    const newest = mine.reduce((a, b) => (Number(b.version) > Number(a.version) ? b : a));
    const runs = r.runs.filter((x) => x.followUp?.pull === pull.number && x.trigger?.issue);
    return {
      model: newest.model,
      version: newest.version,
      told: runs.map((x) => ({ issue: x.trigger?.issue as number, pipeline: x.pipeline })),
    };
  });
  if (!claimed) return { issues: [] };
  const issues = [...new Map(claimed.told.map((t) => [t.issue, t])).values()];
  for (const { issue, pipeline } of issues)
    await ports.comment(
      issue,
      pull.merged
        ? candidateMerged(claimed.model, claimed.version, pull.number, pull.mergedBy)
        : candidateDeclined(claimed.model, claimed.version, pull.number, pipeline),
    );
  return { issues: issues.map((i) => i.issue) };
}
