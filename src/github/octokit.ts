import type { ProbotOctokit } from "probot";

/** The installation-authenticated client Probot hands to each event. */
export type InstallationOctokit = InstanceType<typeof ProbotOctokit>;
