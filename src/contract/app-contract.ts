/**
 * The MCP Gateway Registry application's runtime contract: what the registry, auth-server and mcpgw images of the
 * supported versions listen on, read from their environment, need as secrets and answer health checks on, and which
 * paths between them the network must open. Upgrading the application is a reviewed change of this file and its
 * tests; the catalog builds the task definitions from it.
 *
 * Evidence (agentic-community/mcp-gateway-registry): terraform/aws-ecs/modules/mcp-gateway/ecs-services.tf and
 * variables.tf @ 036744bb (1.30.0 defaults), registry/core/config.py and registry/core/telemetry.py @ 02c56029.
 */

/** Where upstream publishes the registry, auth-server and mcpgw images. */
export const APPLICATION_IMAGE_REPOSITORY = "public.ecr.aws/p3v1o3c6";

/**
 * The versions this contract describes. From 1.26 on the services refuse to start without
 * AUTH_SERVER_NGINX_MARKER_SECRET and the registry serves the auth server's egress hop on 8091; 1.30.0 is the newest
 * release the evidence shows and the default. Newer releases are accepted as the same contract.
 */
export const SUPPORTED_APPLICATION_VERSIONS = { minimum: "1.26.0", default: "1.30.0" } as const;

export type ContractedService = "registry" | "auth-server" | "mcpgw";
export const CONTRACTED_SERVICES: readonly ContractedService[] = ["registry", "auth-server", "mcpgw"];

export interface ContractPort {
  readonly name: string;
  readonly containerPort: number;
  /** How other tasks reach the port through Service Connect: `http://<dnsName>:<port>`. */
  readonly serviceConnect?: { readonly dnsName: string; readonly port: number; readonly discoveryName: string };
}

export interface ContractHealthCheck {
  /** `http`: GET path answers 2xx on localhost:port; `tcp`: the port accepts connections. */
  readonly kind: "http" | "tcp";
  readonly port: number;
  readonly path?: string;
  /** Failures during this time don't count: first start downloads the CA bundle and the embeddings model. */
  readonly startPeriodSeconds: number;
}

export interface ContainerContract {
  readonly image: string;
  readonly ports: readonly ContractPort[];
  /** The one port a load balancer may target, its health check, and how long the first start may take. */
  readonly loadBalancer?: {
    readonly containerPort: number;
    readonly healthCheckPath: string;
    readonly healthCheckGracePeriodSeconds: number;
  };
  readonly healthCheck: ContractHealthCheck;
  /** Plain environment variables the image reads (the only ones a task definition may set). */
  readonly environment: readonly string[];
  /** Variables the image reads that must come from Secrets Manager, never plain text. */
  readonly secrets: readonly string[];
}

/** The registry's nginx: the only load balancer target (health `/health` on the same port). */
export const REGISTRY_HTTP_PORT = 8080;
/** The registry's internal egress-token listener the auth server calls (never behind a load balancer). */
export const REGISTRY_EGRESS_PORT = 8091;
/** The registry application itself, bound to loopback inside the task: only its own health check reaches it. */
export const REGISTRY_APP_PORT = 7860;
/** The auth server's own port: Service Connect's proxy holds 127.0.0.1:8888 in every task, hence 18888. */
export const AUTH_SERVER_LISTEN_PORT = 18888;
/** The port other services use: `http://auth-server:8888` (Service Connect alias to 18888). */
export const AUTH_SERVER_ALIAS_PORT = 8888;
export const MCPGW_PORT = 8003;

/** The database variables the registry and the auth server share. */
const DOCUMENT_DATABASE_ENVIRONMENT = [
  "STORAGE_BACKEND",
  "DOCUMENTDB_HOST",
  "DOCUMENTDB_PORT",
  "DOCUMENTDB_DATABASE",
  "DOCUMENTDB_NAMESPACE",
  "DOCUMENTDB_USE_TLS",
  "DOCUMENTDB_USE_IAM",
  "DOCUMENTDB_TLS_CA_FILE",
] as const;

/** Keycloak login settings the registry and the auth server share. */
const KEYCLOAK_ENVIRONMENT = [
  "AUTH_PROVIDER",
  "KEYCLOAK_URL",
  "KEYCLOAK_EXTERNAL_URL",
  "KEYCLOAK_REALM",
  "KEYCLOAK_CLIENT_ID",
  "KEYCLOAK_M2M_CLIENT_ID",
] as const;

export const APPLICATION_CONTRACT: Readonly<Record<ContractedService, ContainerContract>> = {
  registry: {
    image: `${APPLICATION_IMAGE_REPOSITORY}/registry:${SUPPORTED_APPLICATION_VERSIONS.default}`,
    ports: [
      {
        name: "http",
        containerPort: REGISTRY_HTTP_PORT,
        serviceConnect: { dnsName: "registry", port: REGISTRY_HTTP_PORT, discoveryName: "registry" },
      },
      {
        name: "egress-internal",
        containerPort: REGISTRY_EGRESS_PORT,
        serviceConnect: { dnsName: "registry", port: REGISTRY_EGRESS_PORT, discoveryName: "registry-egress-internal" },
      },
    ],
    loadBalancer: { containerPort: REGISTRY_HTTP_PORT, healthCheckPath: "/health", healthCheckGracePeriodSeconds: 900 },
    healthCheck: { kind: "http", port: REGISTRY_APP_PORT, path: "/health", startPeriodSeconds: 300 },
    environment: [
      "REGISTRY_URL",
      "BIND_HOST",
      "AWS_REGION",
      "AWS_EC2_METADATA_DISABLED",
      ...KEYCLOAK_ENVIRONMENT,
      "KEYCLOAK_ENABLED",
      "AUTH_SERVER_URL",
      "AUTH_SERVER_EXTERNAL_URL",
      "GATEWAY_ADDITIONAL_SERVER_NAMES",
      "TRUSTED_REAL_IP_CIDRS",
      "SESSION_COOKIE_SECURE",
      ...DOCUMENT_DATABASE_ENVIRONMENT,
      "EMBEDDINGS_PROVIDER",
      "EMBEDDINGS_MODEL_NAME",
      "EMBEDDINGS_MODEL_DIMENSIONS",
      "SECURITY_SCAN_ENABLED",
      "SECURITY_SCAN_ON_REGISTRATION",
      "SECURITY_BLOCK_UNSAFE_SERVERS",
      "SECURITY_ANALYZERS",
      "SECURITY_SCAN_TIMEOUT",
      "SECURITY_ADD_PENDING_TAG",
      "MCP_TELEMETRY_DISABLED",
      "MCP_TELEMETRY_IMDS_PROBE_DISABLED",
      "UPDATE_CHECK_ENABLED",
      "METRICS_SERVICE_URL",
    ],
    secrets: [
      "SECRET_KEY",
      "AUTH_SERVER_NGINX_MARKER_SECRET",
      "KEYCLOAK_CLIENT_SECRET",
      "KEYCLOAK_M2M_CLIENT_SECRET",
      "KEYCLOAK_ADMIN",
      "KEYCLOAK_ADMIN_PASSWORD",
      "DOCUMENTDB_USERNAME",
      "DOCUMENTDB_PASSWORD",
      "METRICS_API_KEY",
    ],
  },
  "auth-server": {
    image: `${APPLICATION_IMAGE_REPOSITORY}/auth-server:${SUPPORTED_APPLICATION_VERSIONS.default}`,
    ports: [
      {
        name: "auth-server",
        containerPort: AUTH_SERVER_LISTEN_PORT,
        serviceConnect: { dnsName: "auth-server", port: AUTH_SERVER_ALIAS_PORT, discoveryName: "auth-server" },
      },
    ],
    healthCheck: { kind: "http", port: AUTH_SERVER_LISTEN_PORT, path: "/health", startPeriodSeconds: 180 },
    environment: [
      "REGISTRY_URL",
      "BIND_HOST",
      "AUTH_LISTEN_PORT",
      "AUTH_SERVER_URL",
      "AUTH_SERVER_EXTERNAL_URL",
      "AWS_REGION",
      "AWS_EC2_METADATA_DISABLED",
      ...KEYCLOAK_ENVIRONMENT,
      "SESSION_COOKIE_SECURE",
      ...DOCUMENT_DATABASE_ENVIRONMENT,
      "METRICS_SERVICE_URL",
    ],
    secrets: [
      "SECRET_KEY",
      "AUTH_SERVER_NGINX_MARKER_SECRET",
      "KEYCLOAK_CLIENT_SECRET",
      "KEYCLOAK_M2M_CLIENT_SECRET",
      "DOCUMENTDB_USERNAME",
      "DOCUMENTDB_PASSWORD",
      "METRICS_API_KEY",
    ],
  },
  mcpgw: {
    image: `${APPLICATION_IMAGE_REPOSITORY}/mcpgw:${SUPPORTED_APPLICATION_VERSIONS.default}`,
    ports: [
      {
        name: "mcp",
        containerPort: MCPGW_PORT,
        serviceConnect: { dnsName: "mcpgw-server", port: MCPGW_PORT, discoveryName: "mcpgw-server" },
      },
    ],
    healthCheck: { kind: "tcp", port: MCPGW_PORT, startPeriodSeconds: 60 },
    // It forwards each caller's bearer token to the registry; it has no credentials of its own.
    environment: ["PORT", "HOST", "REGISTRY_BASE_URL", "REGISTRY_EXTERNAL_URL"],
    secrets: [],
  },
};

/** A network path between two contracted services: `from` calls `to` on the target's container port. */
export interface ServicePath {
  readonly from: ContractedService;
  readonly to: ContractedService;
  /** The callee's container port the security groups open (Service Connect proxies connect to it). */
  readonly containerPort: number;
  readonly why: string;
}

/** Every path among the contracted services; the security groups open exactly these. */
export const SERVICE_PATHS: readonly ServicePath[] = [
  {
    from: "registry",
    to: "auth-server",
    containerPort: AUTH_SERVER_LISTEN_PORT,
    why: "nginx validates requests and serves /oauth2 through http://auth-server:8888",
  },
  {
    from: "auth-server",
    to: "registry",
    containerPort: REGISTRY_EGRESS_PORT,
    why: "the MCP proxy fetches a user's egress token from registry:8091",
  },
  { from: "registry", to: "mcpgw", containerPort: MCPGW_PORT, why: "the gateway proxies MCP calls to mcpgw-server:8003" },
  {
    from: "auth-server",
    to: "mcpgw",
    containerPort: MCPGW_PORT,
    why: "the auth server's MCP proxy filters tools/list from mcpgw-server:8003",
  },
  { from: "mcpgw", to: "registry", containerPort: REGISTRY_HTTP_PORT, why: "mcpgw calls the registry API at http://registry:8080" },
];

/**
 * The audiences the auth server accepts in a Keycloak access token: the web and M2M client IDs, and `mcp-gateway` (what
 * self-registered clients carry). Keycloak's default `account` audience is refused on purpose since 1.29.
 * auth_server/providers/keycloak.py @ 046eec77.
 */
export const AUTH_SERVER_ACCEPTED_AUDIENCES = ["mcp-gateway-web", "mcp-gateway-m2m", "mcp-gateway"] as const;
export const GATEWAY_AUDIENCE = "mcp-gateway";

/** Where the auth server receives the authorization code (upstream's /oauth2/callback/<provider> route). */
export const LOGIN_CALLBACK_PATH = "/oauth2/callback/keycloak";

/** The values the contract fixes regardless of the deployment. */
export const CONTRACT_VALUES = {
  /**
   * The registry's uvicorn binds to BIND_HOST (its entrypoint's default is loopback): nginx in the same container is
   * its only client, so 7860 stays off the task's address. docker/registry-entrypoint.sh @ 1db33108.
   */
  registryBindHost: "127.0.0.1",
  /** The auth server listens on every interface, where Service Connect's proxy reaches it (upstream's ECS value). */
  authServerBindHost: "0.0.0.0",
  authServerUrl: `http://auth-server:${AUTH_SERVER_ALIAS_PORT}`,
  registryBaseUrl: `http://registry:${REGISTRY_HTTP_PORT}`,
  /** Only this value selects SCRAM-SHA-1, the one mechanism Amazon DocumentDB accepts. */
  storageBackend: "documentdb",
  documentDatabaseName: "mcp_registry",
  documentDatabaseNamespace: "default",
  /** The RDS CA bundle the entrypoints download at start when the host is a DocumentDB endpoint. */
  documentDatabaseCaFile: "/app/certs/global-bundle.pem",
  /** Where the registry looks for (and otherwise downloads) its embeddings model: `<dir>/<model name>`. */
  embeddingsModelDirectory: "/app/registry/models",
  embeddingsModel: { provider: "sentence-transformers", name: "all-MiniLM-L6-v2", dimensions: 384 },
} as const;

export interface ApplicationVersion {
  readonly major: number;
  readonly minor?: number;
  readonly patch?: number;
}

/** A release tag (`1`, `1.30`, `1.30.0`, optionally `v`-prefixed); undefined for custom tags such as `main-abc123`. */
export function parseApplicationVersion(tag: string): ApplicationVersion | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(tag);
  if (!match) return undefined;
  const [, major, minor, patch] = match;
  return {
    major: Number(major),
    minor: minor === undefined ? undefined : Number(minor),
    patch: patch === undefined ? undefined : Number(patch),
  };
}

/** The tag of an image reference (`repo:tag` or `repo:tag@sha256:...`); undefined when it has none. */
export function imageTag(reference: string): string | undefined {
  const withoutDigest = reference.split("@")[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  return colon < 0 ? undefined : lastSegment.slice(colon + 1);
}

/**
 * True when an image's tag names a release older than the supported minimum. A floating tag (`1`, `1.30`) stands for
 * the newest release of its series; custom tags and bare digests are not judged.
 */
export function isOlderThanSupported(reference: string): boolean {
  const tag = imageTag(reference);
  const version = tag === undefined ? undefined : parseApplicationVersion(tag);
  if (!version) return false;
  const minimum = parseApplicationVersion(SUPPORTED_APPLICATION_VERSIONS.minimum) as Required<ApplicationVersion>;
  const parts: [number | undefined, number][] = [
    [version.major, minimum.major],
    [version.minor, minimum.minor],
    [version.patch, minimum.patch],
  ];
  for (const [actual, required] of parts) {
    if (actual === undefined) return false;
    if (actual !== required) return actual < required;
  }
  return false;
}

/** The supported range as users read it in error messages and docs. */
export function supportedRangeText(): string {
  return `>= ${SUPPORTED_APPLICATION_VERSIONS.minimum} (default ${SUPPORTED_APPLICATION_VERSIONS.default})`;
}
