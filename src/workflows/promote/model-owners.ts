import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { PromotePorts } from "./promote-ports.ts";

/**
 * Why `login` may not change `model` (null when they may): promotion and rollback belong to the model's
 * owners (`spec.owners`: `@login`, or `@org/team` through team membership). Owners are read from the
 * default branch, so a pull request cannot name its own author an owner; a model that is new in the pull
 * request has no owners there yet, and its own declaration is used (whoever may push to the branch could
 * make the same change by hand).
 */
export async function ownerRefusal(
  ports: PromotePorts,
  model: string,
  login: string,
  snapshots: { defaultBranch: PlatformSnapshot; head: PlatformSnapshot },
): Promise<string | null> {
  const manifest =
    snapshots.defaultBranch.manifests.Model.get(model) ?? snapshots.head.manifests.Model.get(model);
  const owners = manifest?.value.spec.owners ?? [];
  if (await ports.isMember(login, owners)) return null;
  return `only an owner of \`${model}\` (${owners.join(", ") || "none declared"}) can change where it runs; nothing was written.`;
}

/** The model's environments in `.slipway.yml` order (the deploy order); names the config lacks go last. */
export function inConfigOrder(names: readonly string[], order: readonly string[]): string[] {
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return [...names].sort((a, b) => rank(a) - rank(b));
}
