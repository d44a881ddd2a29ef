import type {
  TrackingIssue,
  TrackingIssuePort,
  TrackingIssueResult,
} from "../workflows/tracking-issue-port.ts";
import { toGitHubCallFault } from "./github-call-fault.ts";
import { maskCredentials, truncateChars } from "./mask-credentials.ts";
import type { InstallationOctokit } from "./octokit.ts";

/** Every tracking issue carries this label; the search for an existing one lists only labelled issues. */
export const TRACKING_LABEL = "slipway";
/** GitHub's issue body limit, in characters (code points). */
const MAX_BODY = 65_536;
/** Pages of 100 issues read when looking for an existing one (newest first): older ones are not adopted. */
const MAX_PAGES = 10;
const CUT_NOTE = "\n\n… (the rest is not shown: GitHub limits an issue to 65,536 characters)";

export type TrackingIssueTarget = {
  owner: string;
  repo: string;
  /** Values to mask in titles, bodies and notes besides GitHub's token formats. */
  secrets?: readonly string[];
} & (
  | { /** The app's bot account, e.g. `slipway[bot]`. */ botLogin: string }
  | { /** The app's slug; its bot is `<slug>[bot]`. */ appSlug: string }
);

/** The hidden line that ties an issue to its key; keys are single-line and cannot close the comment. */
export function trackingMarker(key: string): string {
  if (key === "" || /[\r\n]|-->/.test(key))
    throw new Error(`tracking issue key ${JSON.stringify(key)} is not usable`);
  return `<!-- slipway:issue:${key} -->`;
}

/** The marker, then the body cut (with a plain note) so the whole stays within GitHub's limit. */
export function trackingBody(key: string, body: string): string {
  const head = `${trackingMarker(key)}\n`;
  const full = [...head, ...body];
  if (full.length <= MAX_BODY) return head + body;
  return full.slice(0, MAX_BODY - [...CUT_NOTE].length).join("") + CUT_NOTE;
}

interface Listed {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  labels: (string | { name?: string })[];
  user: { login: string; type?: string } | null;
  pull_request?: unknown;
}

const labelNames = (issue: Listed): string[] =>
  issue.labels.flatMap((l) => (typeof l === "string" ? [l] : l.name ? [l.name] : []));

/**
 * Slipway's tracking issues in one repository over the Issues API (`TrackingIssuePort`). An issue is
 * found again by its marker *and* by being written by this app's bot, so an issue someone else wrote
 * with the marker (quoted or copied) is never taken over. Nothing is written when title, body and
 * state are already as wanted.
 */
export function githubTrackingIssues(
  octokit: InstallationOctokit,
  target: TrackingIssueTarget,
): TrackingIssuePort {
  const repo = { owner: target.owner, repo: target.repo };
  const bot = ("botLogin" in target ? target.botLogin : `${target.appSlug}[bot]`).toLowerCase();
  const mask = (text: string): string => maskCredentials(text, target.secrets ?? []);

  async function find(marker: string): Promise<Listed | undefined> {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
      ...repo,
      labels: TRACKING_LABEL,
      state: "all",
      sort: "created",
      direction: "desc",
      per_page: 100,
    });
    let read = 0;
    for await (const page of pages) {
      const mine = (page.data as Listed[]).find(
        (i) =>
          i.pull_request === undefined &&
          i.user?.type === "Bot" &&
          i.user.login.toLowerCase() === bot &&
          (i.body ?? "").includes(marker),
      );
      if (mine) return mine;
      read += 1;
      if (read >= MAX_PAGES) return undefined;
    }
    return undefined;
  }

  async function upsert(issue: TrackingIssue): Promise<TrackingIssueResult> {
    const marker = trackingMarker(issue.key);
    const title = mask(issue.title);
    const body = trackingBody(issue.key, mask(issue.body));
    const labels = [...new Set([TRACKING_LABEL, ...issue.labels])];
    const found = await find(marker);
    const result = (
      action: TrackingIssueResult["action"],
      at: { number: number; html_url: string } | undefined,
    ) => ({
      action,
      number: at?.number ?? null,
      url: at?.html_url ?? null,
    });

    if (!found) {
      if (!issue.open) return result("none", undefined);
      const { data } = await octokit.rest.issues.create({ ...repo, title, body, labels });
      return result("created", data);
    }
    // Labels someone added by hand stay; the ones Slipway wants are added.
    const current = labelNames(found);
    const missing = labels.filter((l) => !current.some((c) => c.toLowerCase() === l.toLowerCase()));
    const same = found.title === title && found.body === body && missing.length === 0;
    const patch = { ...repo, issue_number: found.number, title, body, labels: [...current, ...missing] };

    if (issue.open) {
      if (found.state === "open" && same) return result("unchanged", found);
      await octokit.rest.issues.update({ ...patch, state: "open" });
      return result(found.state === "open" ? "updated" : "reopened", found);
    }
    if (found.state !== "open") return result("none", found);
    if (issue.closingNote)
      await octokit.rest.issues.createComment({
        ...repo,
        issue_number: found.number,
        body: truncateChars(mask(issue.closingNote), MAX_BODY),
      });
    await octokit.rest.issues.update({ ...patch, state: "closed", state_reason: "completed" });
    return result("closed", found);
  }

  return {
    upsert: async (issue) => {
      trackingMarker(issue.key);
      // Without the bot's login no issue could be recognised as Slipway's, and each pass would open another.
      if (bot === "" || bot === "[bot]")
        throw new Error("tracking issues need the app's bot login or slug; none was given");
      try {
        return await upsert(issue);
      } catch (error) {
        throw toGitHubCallFault(
          `keeping the tracking issue ${issue.key} in ${repo.owner}/${repo.repo}`,
          error,
          target.secrets,
        );
      }
    },
  };
}
