/** What a route answers; the server serialises `body` as JSON unless `raw` is given. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** gRPC codes KFP's API server answers with, and the HTTP status grpc-gateway maps each to. */
const GRPC: Readonly<Record<string, { code: number; status: number }>> = {
  INVALID_ARGUMENT: { code: 3, status: 400 },
  NOT_FOUND: { code: 5, status: 404 },
  ALREADY_EXISTS: { code: 6, status: 409 },
  PERMISSION_DENIED: { code: 7, status: 403 },
  FAILED_PRECONDITION: { code: 9, status: 400 },
  INTERNAL: { code: 13, status: 500 },
  UNAVAILABLE: { code: 14, status: 503 },
  UNAUTHENTICATED: { code: 16, status: 401 },
};

export type GrpcCode = keyof typeof GRPC;

/**
 * The gateway's error body (`google.rpc.Status` in protobuf JSON): `message` is the server's chain of
 * wrapped errors, and one `details` entry carries the external message (`UserError.GRPCStatus`).
 */
export function grpcError(code: GrpcCode, external: string, internal = external): Reply {
  const { code: number, status } = GRPC[code] as { code: number; status: number };
  return {
    status,
    body: {
      code: number,
      message: `${internal}: ${external}`,
      details: [{ "@type": "type.googleapis.com/google.rpc.Status", code: number, message: external }],
    },
  };
}

/** The upload handlers' own error body (`apiv1beta1.Error`), not the gateway's. */
export function uploadError(status: number, message: string, details = message): Reply {
  return { status, body: { error_message: message, error_details: details } };
}

export const invalid = (message: string): Reply => grpcError("INVALID_ARGUMENT", message);
export const notFound = (message: string): Reply => grpcError("NOT_FOUND", message);
export const ok = (body: unknown = {}): Reply => ({ status: 200, body });
