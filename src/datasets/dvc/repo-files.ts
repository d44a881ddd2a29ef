// The datasets' port to a git repository's files, for DVC: the platform repository (its git mirror in
// server mode, the working tree or a local clone in the CLI) or another repository the operator bound.
// Every method rejects with a DatasetFault (the repository could not be read) or a DatasetError (what
// it holds cannot be used); none carries a credential.

export interface RepoFiles {
  /** How the repository is named in messages: `the platform repository` or its URL. */
  readonly label: string;
  /**
   * The commit a revision names (a tag, a branch or a full SHA), fetched if needed. Null asks for the
   * repository as the run sees it: the reviewed commit, or the working tree (then null comes back).
   */
  resolve(rev: string | null): Promise<string | null>;
  /** Every file path of the commit (null: the working tree), at most `max` of them. */
  list(commit: string | null, max: number): Promise<readonly string[]>;
  /** The files that exist among `paths`, each at most `maxBytes` (a larger one is an error). */
  read(
    commit: string | null,
    paths: readonly string[],
    maxBytes: number,
  ): Promise<ReadonlyMap<string, Uint8Array>>;
  /** The directory of a checked-out repository, where a DVC remote given as a local path is resolved. */
  readonly localDir?: string;
}
