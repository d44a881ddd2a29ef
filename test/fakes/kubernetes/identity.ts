/**
 * Who a request is (the authenticator's answer): a user name and groups. The fake's default token is a
 * cluster administrator (`system:masters`, which RBAC never checks); `tokenFor` issues tokens for other
 * users, whose every request is then authorized by RBAC (`rbac.ts`).
 */
export interface Identity {
  readonly name: string;
  readonly groups: readonly string[];
}

export const ADMIN: Identity = {
  name: "kubernetes-admin",
  groups: ["system:masters", "system:authenticated"],
};

const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** `system:serviceaccount:<namespace>:<name>`, as a ServiceAccount token authenticates. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The groups the API server adds to a user: a ServiceAccount's are `system:serviceaccounts[:<ns>]`. */
export function identityOf(name: string): Identity {
  const sa = SERVICE_ACCOUNT.exec(name);
  const groups = sa ? ["system:serviceaccounts", `system:serviceaccounts:${sa[1]}`] : [];
  return { name, groups: [...groups, "system:authenticated"] };
}

/** The ServiceAccount a user name stands for, if it is one. */
export function serviceAccountOf(name: string): { namespace: string; name: string } | undefined {
  const sa = SERVICE_ACCOUNT.exec(name);
  return sa ? { namespace: sa[1] ?? "", name: sa[2] ?? "" } : undefined;
}
