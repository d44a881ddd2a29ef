import { DatasetError } from "../../datasets/dataset-error.ts";
import { isDatasetFault } from "../../datasets/s3/dataset-source.ts";

/**
 * A store fault or unreadable data in the words a reviewer or a terminal reads: what failed, with the
 * location and the store's error code — never a stack trace or a credential (the adapters build their
 * messages from error names and statuses, never from bodies the store sent). Null for any other error.
 */
export function datasetFaultWords(error: unknown): string | null {
  if (isDatasetFault(error)) {
    const why = {
      "not-found": "the data was not found",
      auth: "the store refused the credentials",
      "access-denied": "the store denied access",
      unreachable: "the store could not be reached",
      timeout: "the store did not answer in time",
      invalid: "the location or the integration is not usable",
      server: "the store failed to answer",
    }[error.kind];
    return `${why} (${oneLine(error.message)})`;
  }
  if (error instanceof DatasetError) return `the data could not be read (${oneLine(error.message)})`;
  return null;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
