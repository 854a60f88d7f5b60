/**
 * The MCP Gateway Registry application's runtime contract: what the registry, auth-server and mcpgw images of the
 * supported versions listen on, read from their environment, need as secrets and answer health checks on, and which
 * paths between them the network must open. Upgrading the application is a reviewed change of this file and its
 * tests; the catalog builds the task definitions from it.
 *
 * The contract is one table of releases (APPLICATION_RELEASES), each adding what its line reads first; a service's image
 * tag selects its line. Evidence (agentic-community/mcp-gateway-registry): terraform/aws-ecs/modules/mcp-gateway/
 * ecs-services.tf @ 036744bb (1.31 development), main @ 8c5b834b (about 1.30.0: registry/core/nginx_service.py,
 * auth_server/providers/keycloak.py, auth_server/server.py), docs/release-notes/1.31.0.md @ 4ee114ba, 1.32.0.md @
 * 0cd91215 and 1.32.1.md @ a5884164.
 */

/** Where upstream publishes the registry, auth-server and mcpgw images. */
export const APPLICATION_IMAGE_REPOSITORY = "public.ecr.aws/p3v1o3c6";

/**
 * The versions this contract describes. From 1.26 on the services refuse to start without
 * AUTH_SERVER_NGINX_MARKER_SECRET; 1.32.1 is the newest release the evidence shows and the default. A newer release
 * tag is deployed with the newest line's contract, and synth says so (releaseNotices).
 */
export const SUPPORTED_APPLICATION_VERSIONS = { minimum: "1.26.0", default: "1.32.1", newestKnown: "1.32.1" } as const;

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
/**
 * No egress-token port: the auth server calls the registry's egress vend (http://registry:8080 by default, :8091 in
 * upstream's 1.31+ ECS wiring) only when EGRESS_AUTH_ENABLED is true, which this deployment leaves at its default,
 * false (auth_server/server.py and registry/core/config.py @ 8c5b834b). So no path from the auth server to the
 * registry is opened; enabling egress means adding EGRESS_AUTH_ENABLED, EGRESS_REGISTRY_INTERNAL_URL, the registry's
 * port and that path here together.
 */
/** The registry application itself, bound to loopback inside the task: only its own health check reaches it. */
export const REGISTRY_APP_PORT = 7860;
/** The auth server's own port: Service Connect's proxy holds 127.0.0.1:8888 in every task, hence 18888. */
export const AUTH_SERVER_LISTEN_PORT = 18888;
/** The port other services use: `http://auth-server:8888` (Service Connect alias to 18888). */
export const AUTH_SERVER_ALIAS_PORT = 8888;
export const MCPGW_PORT = 8003;
/** Keycloak's HTTP port, which the registry and the auth server reach inside the VPC as `http://keycloak:8080`. */
export const KEYCLOAK_HTTP_PORT = 8080;

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

/**
 * Keycloak login settings the registry and the auth server share. KEYCLOAK_URL is the server-side base (token, JWKS,
 * userinfo, admin API, and the registry nginx's /realms/ proxy); KEYCLOAK_EXTERNAL_URL the browsers' (auth and logout
 * URLs). KEYCLOAK_CA_BUNDLE is what nginx trusts when KEYCLOAK_URL is https (default /etc/nginx/certs/keycloak-ca.pem,
 * which the image lacks): registry/core/nginx_service.py, auth_server/providers/keycloak.py @ 8c5b834b.
 */
const KEYCLOAK_ENVIRONMENT = [
  "AUTH_PROVIDER",
  "KEYCLOAK_URL",
  "KEYCLOAK_EXTERNAL_URL",
  "KEYCLOAK_CA_BUNDLE",
  "KEYCLOAK_REALM",
  "KEYCLOAK_CLIENT_ID",
  "KEYCLOAK_M2M_CLIENT_ID",
] as const;

/** The contract of the floor release, which every later line extends (APPLICATION_RELEASES). */
const BASE_CONTRACT: Readonly<Record<ContractedService, ContainerContract>> = {
  registry: {
    image: `${APPLICATION_IMAGE_REPOSITORY}/registry:${SUPPORTED_APPLICATION_VERSIONS.default}`,
    ports: [
      {
        name: "http",
        containerPort: REGISTRY_HTTP_PORT,
        serviceConnect: { dnsName: "registry", port: REGISTRY_HTTP_PORT, discoveryName: "registry" },
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
      // The SSRF guard's host allow-list (since 1.26.0, #1363): see SSRF_GUARD.
      "SSRF_ALLOWED_HOSTS",
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
      // oauth2_providers.yml substitutes ${KEYCLOAK_ENABLED}; unset, the literal stays and is merely truthy.
      "KEYCLOAK_ENABLED",
      // The exact post-login and post-logout redirect targets; unset, a cookie-domain heuristic applies.
      "OAUTH2_ALLOWED_REDIRECT_URIS",
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

/** One line of releases: from `from` up to the next entry's, what the images read beyond the earlier lines. */
export interface ApplicationRelease {
  /** The first release of the line (bare `X.Y.Z`, as upstream tags its images). */
  readonly from: string;
  /** Where the line's facts come from (agentic-community/mcp-gateway-registry file @ commit). */
  readonly evidence: string;
  /**
   * Variables the line reads first, with the value this deployment gives them; later lines keep them. Set where our
   * value differs from the code's default, and for the scan-blocking posture even where it matches, so a changed
   * default never relaxes it unseen.
   */
  readonly adds: Partial<Record<ContractedService, Readonly<Record<string, string>>>>;
}

/**
 * Every supported release line, oldest first. The variables removed or renamed since 1.26: none (the 1.31.0 notes:
 * "No environment variables were removed or renamed"; 1.32.0 and 1.32.1 add only what is listed). Left at their
 * defaults on purpose: 1.31's CIMD_* (off), EGRESS_HTTP_POOL_*, VECTOR_SEARCH_*, EMBEDDINGS_ENCODE_CONCURRENCY,
 * SEARCH_LOG_QUERY_TEXT (false), DEDUP_SCORE_THRESHOLD (per-model default); 1.32's EGRESS_FORWARD_PROXY_ENABLED
 * (false: this deployment has no forward proxy, so HTTP(S)_PROXY and NO_PROXY are not set either).
 */
export const APPLICATION_RELEASES: readonly ApplicationRelease[] = [
  {
    from: "1.26.0",
    evidence: "the floor: AUTH_SERVER_NGINX_MARKER_SECRET required; ecs-services.tf @ 036744bb",
    adds: {},
  },
  { from: "1.30.0", evidence: "main @ 8c5b834b (1.30.0 notes 17608ae4)", adds: {} },
  {
    from: "1.31.0",
    evidence: "docs/release-notes/1.31.0.md @ 4ee114ba",
    // False: a failed scan disables the whole server, as before 1.31 (per-tool blocking is the opt-in).
    adds: { registry: { SECURITY_ALLOW_UNSAFE_SERVERS: "false" } },
  },
  {
    from: "1.32.0",
    evidence: "docs/release-notes/1.32.0.md @ 0cd91215 (#1766); 1.32.1.md @ a5884164: no new variables",
    // A scan that could not run blocks the server, like a failed one.
    adds: { registry: { SECURITY_BLOCK_ON_SCAN_FAILURE: "true" } },
  },
];

/** The line a release belongs to: the newest entry not newer than it (the floor for anything older). */
export function releaseLine(version: string): ApplicationRelease {
  const parsed = parseApplicationVersion(version);
  if (!parsed) throw new Error(`not a release version: ${version}`);
  const lines = APPLICATION_RELEASES.filter(
    (line) => compareVersions(parseApplicationVersion(line.from) as ApplicationVersion, parsed) <= 0,
  );
  return lines[lines.length - 1] ?? APPLICATION_RELEASES[0];
}

/** The variables (with values) a service's image of this line reads beyond the floor contract. */
export function releaseEnvironment(service: ContractedService, line: ApplicationRelease): Record<string, string> {
  const upTo = APPLICATION_RELEASES.slice(0, APPLICATION_RELEASES.indexOf(line) + 1);
  return upTo.reduce<Record<string, string>>((environment, release) => ({ ...environment, ...release.adds[service] }), {});
}

/** A service's contract for one release line: the floor's, plus the variables the line and those before it add. */
export function applicationContract(service: ContractedService, line: ApplicationRelease): ContainerContract {
  const base = BASE_CONTRACT[service];
  const image = `${APPLICATION_IMAGE_REPOSITORY}/${service}:${line === defaultLine() ? SUPPORTED_APPLICATION_VERSIONS.default : line.from}`;
  return { ...base, image, environment: [...base.environment, ...Object.keys(releaseEnvironment(service, line))] };
}

function defaultLine(): ApplicationRelease {
  return releaseLine(SUPPORTED_APPLICATION_VERSIONS.default);
}

/**
 * The line an image is deployed with: its tag's, for a release tag; the default's for a custom tag or a bare digest,
 * which this contract cannot judge.
 */
export function releaseLineOf(reference: string): ApplicationRelease {
  const tag = imageTag(reference);
  const version = tag === undefined ? undefined : parseApplicationVersion(tag);
  return version && version.minor !== undefined ? releaseLine(tag as string) : defaultLine();
}

/** The contract of the default release, per service. */
export const APPLICATION_CONTRACT: Readonly<Record<ContractedService, ContainerContract>> = Object.fromEntries(
  CONTRACTED_SERVICES.map((service) => [service, applicationContract(service, defaultLine())]),
) as Record<ContractedService, ContainerContract>;

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

/**
 * The registry's SSRF guard (registry/utils/url_guard.py @ 8c5b834b, last changed e4dd1dac; added by #1363, which
 * the 1.26.0 notes list, so every supported release has it): health checks and tool discovery of a registered server
 * resolve its host, and a host with any private or loopback answer is refused unless SSRF_ALLOWED_HOSTS names it
 * (comma-separated, trimmed, lower-cased, matched exactly: no ports, no wildcards) or SSRF_ALLOWED_CIDRS holds the
 * address. Service Connect names resolve to 127.255.0.x (loopback, and a 2600:f0f0:: address: the comment on
 * /etc/gai.conf in docker/Dockerfile.registry @ 8c5b834b), not to the VPC's range, so a VPC CIDR would not admit
 * them, and 127.0.0.0/8 would admit every Service Connect name and the tasks' own loopback: only the hosts are
 * narrow. Credential endpoints (169.254.169.254, 169.254.170.2, ...) stay refused whatever is listed.
 * `mcpgw-server` is reserved: admitted only for the built-in /airegistry-tools/ entry at http://mcpgw-server:8003/,
 * refused for any other entry whether listed or not, so it is never listed.
 */
export const SSRF_GUARD = {
  allowedHostsVariable: "SSRF_ALLOWED_HOSTS",
  reservedHosts: ["mcpgw-server"],
} as const;

/**
 * The RDS CA bundle as the registry and auth-server entrypoints handle it (upstream facts, docs/rds-ca-bundle.md):
 * when DOCUMENTDB_HOST matches `*docdb.amazonaws.com*` they download it with one `curl -fsSL` under `set -e`, always
 * to this fixed path (DOCUMENTDB_TLS_CA_FILE only says where pymongo reads it), and skip the download when the file
 * exists (`if [ ! -f "$CA_BUNDLE_PATH" ]`). The images ship none: /app/certs is an empty directory owned by appuser
 * (uid 1000). docker/registry-entrypoint.sh @ 1db33108, docker/auth-entrypoint.sh @ 425eb725, Dockerfile.registry @
 * d85f0145, Dockerfile.auth @ 0530678f. So a file placed at `path` before the entrypoint runs stops the download.
 */
export const CA_BUNDLE_CONTRACT = {
  directory: "/app/certs",
  path: "/app/certs/global-bundle.pem",
  skippedWhenPresent: true,
} as const;

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
  /**
   * Keycloak as the registry and the auth server reach it: its Service Connect alias, plain HTTP inside the VPC. An
   * http KEYCLOAK_URL makes the registry's nginx proxy /realms/ without proxy_ssl_* (nginx_service.py @ 8c5b834b).
   */
  keycloakInternalUrl: `http://keycloak:${KEYCLOAK_HTTP_PORT}`,
  registryBaseUrl: `http://registry:${REGISTRY_HTTP_PORT}`,
  /** Only this value selects SCRAM-SHA-1, the one mechanism Amazon DocumentDB accepts. */
  storageBackend: "documentdb",
  documentDatabaseName: "mcp_registry",
  documentDatabaseNamespace: "default",
  /** Where pymongo reads the RDS CA bundle: the entrypoints' fixed path, which an init container fills (CA_BUNDLE_CONTRACT). */
  documentDatabaseCaFile: CA_BUNDLE_CONTRACT.path,
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

/**
 * Orders two versions; a part missing from either (a floating `1.30`) compares equal, so a floating tag matches every
 * release of its series.
 */
export function compareVersions(a: ApplicationVersion, b: ApplicationVersion): number {
  const parts: [number | undefined, number | undefined][] = [
    [a.major, b.major],
    [a.minor, b.minor],
    [a.patch, b.patch],
  ];
  for (const [left, right] of parts) {
    if (left === undefined || right === undefined) return 0;
    if (left !== right) return left - right;
  }
  return 0;
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
  return compareVersions(version, parseApplicationVersion(SUPPORTED_APPLICATION_VERSIONS.minimum) as ApplicationVersion) < 0;
}

/** Upstream's images of a contracted service, e.g. `public.ecr.aws/p3v1o3c6/registry`. */
function isUpstreamRepository(reference: string, service: ContractedService): boolean {
  return reference.split("@")[0].replace(/:[^/]*$/, "") === `${APPLICATION_IMAGE_REPOSITORY}/${service}`;
}

/**
 * Why an upstream image reference can't be what upstream publishes, or undefined. Upstream tags its ECR images with
 * bare release versions only (`1.32.1`: terraform/aws-ecs/variables.tf @ 8c5b834b, charts/mongodb-configure/values.yaml
 * @ 14f8589a); no `v` prefix, no floating `1.32`, no `latest`. A digest pins without a tag. Other repositories
 * (mirrors, custom builds) are not judged here.
 */
export function upstreamTagProblem(reference: string, service: ContractedService): string | undefined {
  if (!isUpstreamRepository(reference, service)) return undefined;
  const tag = imageTag(reference);
  if (tag === undefined) return reference.includes("@sha256:") ? undefined : `has no tag`;
  if (/^\d+\.\d+\.\d+$/.test(tag)) return undefined;
  const bare = /^v(\d+\.\d+\.\d+)$/.exec(tag)?.[1];
  return bare
    ? `has the tag ${tag}, but upstream tags releases without a "v" (${bare})`
    : `has the tag ${tag}, which upstream never publishes`;
}

/** How to fix an upstream tag problem: the default release's reference, or a digest. */
export function upstreamTagFix(service: ContractedService): string {
  return (
    `upstream publishes ${APPLICATION_IMAGE_REPOSITORY}/${service} with bare release tags (X.Y.Z) only; ` +
    `use e.g. ${APPLICATION_IMAGE_REPOSITORY}/${service}:${SUPPORTED_APPLICATION_VERSIONS.default}, or pin a digest (@sha256:...)`
  );
}

/**
 * What synth tells the user about a contracted service's image whose release tag is newer than the newest release
 * this contract knows: it is deployed with the newest line's contract, which may lack what the newer release reads.
 * Undefined for known releases, custom tags and digests.
 */
export function newerReleaseNotice(field: string, reference: string): string | undefined {
  const tag = imageTag(reference);
  const version = tag === undefined ? undefined : parseApplicationVersion(tag);
  const newest = SUPPORTED_APPLICATION_VERSIONS.newestKnown;
  if (!version || version.minor === undefined) return undefined;
  if (compareVersions(version, parseApplicationVersion(newest) as ApplicationVersion) <= 0) return undefined;
  return (
    `Note: ${field} (${reference}) is release ${tag}, newer than the newest release the application contract knows ` +
    `(${newest}); it is deployed with the contract of ${newest} (the ${releaseLine(newest).from} line). Read upstream's ` +
    `release notes after ${newest} for new, changed or removed variables, then add the release to ` +
    `src/contract/app-contract.ts (docs/contract.md, "Upgrading the application").`
  );
}

/** The supported range as users read it in error messages and docs. */
export function supportedRangeText(): string {
  return `>= ${SUPPORTED_APPLICATION_VERSIONS.minimum} (default ${SUPPORTED_APPLICATION_VERSIONS.default}, newest known ${SUPPORTED_APPLICATION_VERSIONS.newestKnown})`;
}
