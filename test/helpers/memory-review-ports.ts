import type { DatasetAccess } from "../../src/datasets/s3/dataset-access.ts";
import type { SourceTree } from "../../src/manifests/source-tree.ts";
import type { CheckRunOutput } from "../../src/report/check-run-output.ts";
import type {
  CheckRunRef,
  ReviewPorts,
  StickyResult,
  TrackerConnection,
} from "../../src/workflows/review-ports.ts";
import { treeOf } from "./tree.ts";

/** Review ports kept in memory: the workflow's contract, checked without GitHub. */
export class MemoryReviewPorts implements ReviewPorts {
  binding: ReviewPorts["binding"] = null;
  heads = new Map<string, Record<string, string>>();
  defaultConfig: string | null = null;
  changed: string[] = [];
  currentHead = "";
  checks: {
    id: number;
    headSha: string;
    name: string;
    status: string;
    output?: CheckRunOutput;
    failure?: string;
  }[] = [];
  comment: { headSha: string; body: string } | null = null;
  failReadTree: Error | null = null;
  tracker: TrackerConnection = { unavailable: "evidence unavailable: no tracker in this test" };
  trackerRequests: (string | null)[] = [];
  /** Opens datasets integrations by name (a fresh access per request); any other name is unavailable. */
  datasets = new Map<string, () => Promise<DatasetAccess>>();
  datasetRequests: string[] = [];
  clock = new Date("2026-11-25T06:00:00Z");

  async datasetSource(integration: string): Promise<DatasetAccess> {
    this.datasetRequests.push(integration);
    const open = this.datasets.get(integration);
    return open ? open() : { unavailable: `no datasets integration "${integration}" in this test` };
  }
  now(): Date {
    return this.clock;
  }

  async connectTracker(integration: string | null): Promise<TrackerConnection> {
    this.trackerRequests.push(integration);
    return this.tracker;
  }

  async readTree(sha: string): Promise<SourceTree> {
    if (this.failReadTree) throw this.failReadTree;
    return treeOf(this.heads.get(sha) ?? {});
  }
  async readDefaultBranchConfig() {
    return this.defaultConfig === null ? null : new TextEncoder().encode(this.defaultConfig);
  }
  async changedFiles() {
    return this.changed;
  }
  async findCheckRun(headSha: string, name: string): Promise<CheckRunRef | null> {
    const run = this.checks.filter((c) => c.headSha === headSha && c.name === name).at(-1);
    return run ? { id: run.id, status: run.status, conclusion: run.output?.conclusion ?? null } : null;
  }
  async startCheckRun(headSha: string, name: string) {
    const id = this.checks.length + 1;
    this.checks.push({ id, headSha, name, status: "in_progress" });
    return id;
  }
  async finishCheckRun(id: number, output: CheckRunOutput) {
    Object.assign(this.checks[id - 1] ?? {}, { status: "completed", output });
  }
  async failCheckRun(id: number, reason: string) {
    Object.assign(this.checks[id - 1] ?? {}, { status: "completed", failure: reason });
  }
  async upsertStickyComment(headSha: string, body: string): Promise<StickyResult> {
    if (headSha !== this.currentHead) return "stale";
    if (this.comment?.body === body) return "unchanged";
    const result = this.comment ? "updated" : "created";
    this.comment = { headSha, body };
    return result;
  }
}
