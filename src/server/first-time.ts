/**
 * A process-long memory of things already said, for messages a loop would otherwise repeat at every
 * pass (a refusal met again at each recovery interval): `firstTime(key)` is true once per key. The
 * oldest keys are forgotten beyond `limit`, so memory stays bounded; a forgotten key is said again.
 */
export function firstTimeMemory(limit = 1000): (key: string) => boolean {
  const said = new Set<string>();
  return (key) => {
    if (said.has(key)) return false;
    said.add(key);
    if (said.size > limit) said.delete(said.values().next().value as string);
    return true;
  };
}
