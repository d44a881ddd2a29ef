/**
 * Runs tasks with the same key one after another, in call order. Keyed by the mirror's directory, so
 * two mirror objects opened on one repository in this process still never run git side by side in it.
 * (Module state on purpose: exclusion must hold across every caller in the process.)
 */
const tails = new Map<string, Promise<void>>();

export function runExclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const result = previous.then(task);
  const tail = result.then(
    () => {},
    () => {},
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}
