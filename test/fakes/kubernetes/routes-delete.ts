import { deleteStored } from "./finalizers.ts";
import { notFound } from "./routes-read.ts";
import type { FakeState } from "./state.ts";
import { badRequest, type Reply, statusReply } from "./status.ts";
import { ObjectStore, render } from "./store.ts";
import { dryRunProblem, optionsInvalid, subject, type WriteRequest } from "./write-options.ts";

const POLICIES = ["Foreground", "Background", "Orphan"];

/**
 * DELETE: an object without finalizers goes at once (answered with a `Status`); one with finalizers is
 * marked with `deletionTimestamp` and answered with the object as it now is, to stay until they are
 * removed; a Namespace goes Terminating (`finalizers.ts`). There is no garbage collector (see README).
 */
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
  const finalizers = live.object.metadata.finalizers;
  const lingers = spec.kind === "Namespace" || (Array.isArray(finalizers) && finalizers.length > 0);
  if (req.query.dryRun === "All") {
    if (!lingers)
      return statusReply(200, "", {
        subject: { ...subject(spec, name), uid: String(live.object.metadata.uid ?? "") },
      });
    const preview = render(live, spec);
    preview.metadata.deletionTimestamp ??= state.store.now();
    return { status: 200, body: preview };
  }
  if (!deleteStored(state.store, key, live)) return { status: 200, body: render(live, spec) };
  return statusReply(200, "", {
    subject: { ...subject(spec, name), uid: String(live.object.metadata.uid ?? "") },
  });
}
