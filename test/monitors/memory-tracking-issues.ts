import type {
  TrackingIssue,
  TrackingIssuePort,
  TrackingIssueResult,
} from "../../src/workflows/tracking-issue-port.ts";

export interface StoredIssue {
  number: number;
  key: string;
  title: string;
  body: string;
  labels: string[];
  state: "open" | "closed";
  comments: string[];
}

/**
 * The tracking-issue port over a list in memory, with the adapter's contract: found by key, never
 * duplicated, `unchanged` when nothing would change. `writes` counts what would be GitHub writes.
 */
export class MemoryTrackingIssues implements TrackingIssuePort {
  readonly issues: StoredIssue[] = [];
  writes = 0;

  async upsert(issue: TrackingIssue): Promise<TrackingIssueResult> {
    const found = this.issues.find((i) => i.key === issue.key);
    const result = (action: TrackingIssueResult["action"], stored: StoredIssue | undefined) => ({
      action,
      number: stored?.number ?? null,
      url: stored ? `https://github.example/issues/${stored.number}` : null,
    });
    if (!issue.open) {
      if (!found || found.state === "closed") return result("none", found);
      found.state = "closed";
      if (issue.closingNote) found.comments.push(issue.closingNote);
      this.writes++;
      return result("closed", found);
    }
    const labels = [...issue.labels];
    if (!found) {
      const stored: StoredIssue = {
        number: this.issues.length + 1,
        key: issue.key,
        title: issue.title,
        body: issue.body,
        labels,
        state: "open",
        comments: [],
      };
      this.issues.push(stored);
      this.writes++;
      return result("created", stored);
    }
    const same =
      found.title === issue.title && found.body === issue.body && found.labels.join() === labels.join();
    if (found.state === "open" && same) return result("unchanged", found);
    const reopened = found.state === "closed";
    Object.assign(found, { title: issue.title, body: issue.body, labels, state: "open" });
    this.writes++;
    return result(reopened ? "reopened" : "updated", found);
  }
}
