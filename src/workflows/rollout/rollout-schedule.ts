import type { RolloutState } from "../../state/environment-state.ts";

/**
 * When a rollout next needs its executor: at once when aborted, never while paused, else the earliest
 * step that comes due among the Models still walking.
 */
export function nextEvaluation(rollout: RolloutState): string | null {
  if (rollout.abort) return rollout.abort.at;
  if (rollout.paused) return null;
  const walking = rollout.models.filter((m) => m.step < m.steps);
  // Every Model walked its steps, yet the rollout is recorded: its end was missed; finish it now.
  if (walking.length === 0) return rollout.models[0]?.dueAt ?? null;
  return walking.map((m) => m.dueAt).sort()[0] ?? null;
}
