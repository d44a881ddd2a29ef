/**
 * One GitHub issue Slipway keeps per subject — config drift of an environment, dataset drift of a
 * monitor — found again by its key (a hidden marker in the body, written by this app) and updated in
 * place, never duplicated. `src/github/tracking-issue-github.ts` implements it over the Issues API.
 */
export interface TrackingIssue {
  /** Stable identity, e.g. `config-drift:staging` or `monitor:staging:fraud-detection-drift`. */
  key: string;
  title: string;
  /** Markdown; the marker carrying the key is added by the adapter. */
  body: string;
  labels: readonly string[];
  /** true: the condition holds (open or reopen the issue); false: it cleared (close it if open). */
  open: boolean;
  /** Said in a comment when the issue is closed because the condition cleared. */
  closingNote?: string;
}

export type TrackingIssueAction = "created" | "updated" | "reopened" | "unchanged" | "closed" | "none";

export interface TrackingIssueResult {
  action: TrackingIssueAction;
  /** The issue's number and web URL; null when there is none (`none`: nothing open and nothing to say). */
  number: number | null;
  url: string | null;
}

export interface TrackingIssuePort {
  upsert(issue: TrackingIssue): Promise<TrackingIssueResult>;
}
