import { StateError } from "./state-error.ts";

// Intent ids of the cluster store. Each environment's queue lives in its own ConfigMap, but `position`
// and `finish` take an id alone, so an id carries its environment: the low 24 bits are a hash of the
// environment's name (its tag), the bits above a sequence number kept in the ConfigMap. Ids stay safe
// integers for 2^29 intents per environment.

const TAG_BITS = 24;
const TAG_SPAN = 2 ** TAG_BITS;
export const MAX_SEQUENCE = Math.floor(Number.MAX_SAFE_INTEGER / TAG_SPAN) - 1;

/** FNV-1a over the name's UTF-16 code units, folded to 24 bits. */
export function environmentTag(environment: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < environment.length; i++) {
    hash ^= environment.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return ((hash ^ (hash >>> TAG_BITS)) >>> 0) % TAG_SPAN;
}

export function intentId(sequence: number, tag: number): number {
  if (sequence > MAX_SEQUENCE) throw new StateError("full", "this environment has used up its intent ids");
  return sequence * TAG_SPAN + tag;
}

export const tagOfId = (id: number): number => id % TAG_SPAN;
export const sequenceOfId = (id: number): number => Math.floor(id / TAG_SPAN);

/** The environments by tag; two bound environments whose names share a tag are refused at start. */
export function environmentsByTag(environments: readonly string[]): Map<number, string> {
  const byTag = new Map<number, string>();
  for (const env of environments) {
    const tag = environmentTag(env);
    const other = byTag.get(tag);
    if (other !== undefined && other !== env)
      throw new StateError(
        "invalid",
        `environments ${other} and ${env} hash to the same intent id tag; rename one of them to keep both in the cluster store`,
      );
    byTag.set(tag, env);
  }
  return byTag;
}
