import { notFound } from "./routes-read.ts";
import type { FakeState } from "./state.ts";
import { badRequest, type Reply, statusReply } from "./status.ts";
import { ObjectStore } from "./store.ts";
import { dryRunProblem, optionsInvalid, subject, type WriteRequest } from "./write-options.ts";

const POLICIES = ["Foreground", "Background", "Orphan"];

/** DELETE: immediate (the fake has no garbage collector or finalizers; see README). */
export function deleteObject(state: FakeState, req: WriteRequest): Reply {
  const { spec, namespace, name } = req;
  let policy = req.query.propagationPolicy;
  if (policy === undefined && req.body.trim() !== "") {
    try {
      const options = JSON.parse(req.body) as { propagationPolicy?: unknown };
      if (typeof options.propagationPolicy === "string") policy = options.propagationPolicy;
    } catch {
      return badRequest("error decoding DeleteOptions: the body is not JSON");
    }
  }
  if (policy !== undefined && !POLICIES.includes(policy))
    return optionsInvalid(
      "DeleteOptions",
      "propagationPolicy",
      `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  const dryRunBad = dryRunProblem(req.query, "DeleteOptions");
  if (dryRunBad) return dryRunBad;
  const key = ObjectStore.key(spec, namespace, name);
  const live = state.store.objects.get(key);
  if (!live) return notFound(spec, name);
  if (req.query.dryRun !== "All") {
    state.store.objects.delete(key);
    // Deleting a namespace deletes what is in it (the namespace controller, done at once here).
    if (spec.kind === "Namespace")
      for (const [k, s] of state.store.objects)
        if (s.object.metadata.namespace === name) state.store.objects.delete(k);
    state.store.nextRevision();
  }
  return statusReply(200, "", {
    subject: { ...subject(spec, name), uid: String(live.object.metadata.uid ?? "") },
  });
}
