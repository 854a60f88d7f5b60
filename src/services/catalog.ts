import { ServiceName } from "../config/service-names";
import {
  AccessPointReference,
  ContainerImage,
  ContainerSpec,
  HealthCheckSpec,
  PortSpec,
  SecretReference,
  ServiceDeployment,
} from "../constructs/compute/fargate-service";
import { LoadBalancedTargetName } from "../constructs/edge/load-balancers";
import {
  APPLICATION_CONTRACT,
  applicationContract,
  AUTH_SERVER_LISTEN_PORT,
  CONTRACT_VALUES,
  ContractedService,
  ContractHealthCheck,
  ContractPort,
  KEYCLOAK_HTTP_PORT,
  releaseEnvironment,
  releaseLineOf,
  SERVICE_PATHS,
  SSRF_GUARD,
} from "../contract/app-contract";
import { MCP_GATEWAY_ACCESS_MODEL } from "../contract/access-model";
import { scopeDocuments } from "../contract/scope-documents";
import { CaBundleSource, caBundleInit } from "./ca-bundle";
import { databaseInit } from "./database-init";

/** Keycloak's management interface: health and metrics, never behind the public listener. */
export const KEYCLOAK_MANAGEMENT_PORT = 9000;
/** Connections each Keycloak task may hold to the database proxy. */
export const KEYCLOAK_DB_POOL_MAX_SIZE = 50;
/**
 * How long a starting Keycloak task waits for the database lock another task holds while it migrates or initialises
 * the database, before it gives up on its own: Keycloak's documented default (`spi-dblock-jpa-lock-wait-timeout`).
 */
export const KEYCLOAK_DB_LOCK_WAIT_SECONDS = 900;
/** The longest container health-check start period ECS accepts. */
export const ECS_MAX_HEALTH_CHECK_START_PERIOD_SECONDS = 300;
/**
 * ECS ignores failing health checks of a new Keycloak task this long. A task that waits the full lock timeout behind
 * another task's migration and then boots (`start` rebuilds the optimised image first: up to 180 s) is never killed
 * mid-start, and a task killed while it holds the lock would leave it held (docs/keycloak.md, "Keycloak's first start").
 */
export const KEYCLOAK_HEALTH_CHECK_GRACE_SECONDS = KEYCLOAK_DB_LOCK_WAIT_SECONDS + 180;
/** Infinispan's JGroups transport and failure detection between Keycloak tasks (JDBC_PING discovery). */
export const KEYCLOAK_CLUSTER_PORTS = [7800, 57800] as const;

export const KEYCLOAK_WEB_CLIENT_ID = "mcp-gateway-web";
export const KEYCLOAK_M2M_CLIENT_ID = "mcp-gateway-m2m";

/** Everything the service definitions depend on outside themselves. */
export interface CatalogContext {
  readonly region: string;
  readonly domains: { readonly registry: string; readonly keycloak: string };
  /** The VPC's address range: the load balancer's addresses, whose X-Forwarded-For nginx trusts. */
  readonly vpcCidr: string;
  readonly keycloak: {
    readonly realm: string;
    readonly logLevel: string;
    readonly databaseJdbcUrl: string;
    /** How a Keycloak deploy replaces its tasks (config `keycloak.upgradeStrategy`). */
    readonly deployment: ServiceDeployment;
  };
  readonly images: Readonly<Partial<Record<ServiceName, ContainerImage>>>;
  /** The registry's and the auth server's MongoDB-compatible database, and the credentials they log in with. */
  readonly documentDatabase: {
    host: string;
    port: number;
    credentials: { username: SecretReference; password: SecretReference };
    /** The RDS CA bundle the deployment serves its clients, which an init container of each client task reads. */
    caBundle: CaBundleSource;
  };
  /** The registry's own outbound calls, off unless the deployment switches them on. */
  readonly application: { readonly telemetry: boolean; readonly updateCheck: boolean };
  /** Present when the embeddings model is cached on EFS: mounted where the registry looks for it. */
  readonly modelsCache?: AccessPointReference;
  readonly secrets: {
    /** SECRET_KEY: the registry and the auth server sign and read the same sessions. */
    readonly secretKey: SecretReference;
    /** AUTH_SERVER_NGINX_MARKER_SECRET: proves to the auth server that a request came through the registry's nginx. */
    readonly nginxMarkerSecret: SecretReference;
    /** Terraform's admin service account, which Keycloak creates in the master realm on its first start. */
    readonly keycloakBootstrapClient: { readonly clientId: string; readonly secret: SecretReference };
    /** The registry's own master-realm account, limited to managing the application realm (created with the realm). */
    readonly registryKeycloakAdmin?: { readonly username: SecretReference; readonly password: SecretReference };
    readonly database: { readonly username: SecretReference; readonly password: SecretReference };
    /** Present when metrics-service runs: the key its clients authenticate with. */
    readonly metricsApiKey?: SecretReference;
    /** The Keycloak OAuth clients' secrets, created with the realm; without them, Keycloak login stays unconfigured. */
    readonly keycloakClients?: { readonly web: SecretReference; readonly m2m: SecretReference };
  };
}

/** A Service Connect call: every published port of the callee, or only one of its container ports. */
export type ServiceCall = ServiceName | { readonly service: ServiceName; readonly containerPort: number };

/**
 * How the registry should list an MCP server the deployment runs: `npm run ops -- register` sends it to the registry's
 * API (POST /api/servers/register), with the path `/<name>/` and the Service Connect URL of the port named here.
 */
export interface McpServerRegistration {
  /** The registry's display name (`name` in the register form). */
  readonly displayName: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The container port (by name) the gateway proxies to; it must be published through Service Connect. */
  readonly portName: string;
  readonly transport: "streamable-http" | "sse";
}

/** One service as data: the constructs turn it into a task definition, service, roles and network rules. */
export interface ServiceDefinition {
  readonly name: ServiceName;
  readonly container: ContainerSpec;
  readonly additionalContainers?: readonly ContainerSpec[];
  /** The load balancer target group the service registers with, and how long new tasks may take to turn healthy. */
  readonly loadBalancer?: { readonly target: LoadBalancedTargetName; readonly healthCheckGracePeriodSeconds: number };
  /** Joins Service Connect: to be reached by name, to reach others by name, or both. */
  readonly serviceConnect: boolean;
  /** Services this one calls through Service Connect; the network admits exactly these paths. */
  readonly calls: readonly ServiceCall[];
  readonly usesDatabase: boolean;
  /** Ports the service's tasks use among themselves. */
  readonly peerPorts?: readonly number[];
  /** How a deployment replaces the service's tasks; rolling when omitted. */
  readonly deployment?: ServiceDeployment;
  /** Present for an MCP server the registry should list (not for mcpgw, which the registry registers itself). */
  readonly registration?: McpServerRegistration;
}

function httpCheck(port: number, path: string, startPeriodSeconds: number): HealthCheckSpec {
  return { command: ["CMD-SHELL", `curl -fsS http://localhost:${port}${path} > /dev/null || exit 1`], startPeriodSeconds };
}

function tcpCheck(port: number, startPeriodSeconds: number): HealthCheckSpec {
  return { command: ["CMD-SHELL", `nc -z localhost ${port} || exit 1`], startPeriodSeconds };
}

/**
 * Keycloak's liveness from inside its container, for the container health check: ECS replaces a task whose check
 * fails, and readiness (`/health/ready`) also fails while the database is unreachable, so a database failover or
 * restart would have ECS kill every Keycloak task at once. Readiness stays with the load balancer, which only stops
 * sending traffic. The image has neither curl nor wget, so bash speaks HTTP over /dev/tcp: live answers 200, not live
 * 503, and a closed port fails the redirection.
 */
export function keycloakLivenessCommand(port: number): string[] {
  const request = "GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n";
  return [
    "CMD",
    "bash",
    "-c",
    `exec 3<>/dev/tcp/127.0.0.1/${port} && printf '${request}' >&3 && read -r status <&3 && [[ "$status" == *" 200 "* ]]`,
  ];
}

function image(context: CatalogContext, name: ServiceName): ContainerImage {
  const found = context.images[name];
  if (!found) throw new Error(`no image for service ${name}`);
  return found;
}

/** What the registry and the auth server send their metrics with, when metrics-service runs. */
function metricsClient(context: CatalogContext): { environment: Record<string, string>; secrets: Record<string, SecretReference> } {
  const key = context.secrets.metricsApiKey;
  return key
    ? { environment: { METRICS_SERVICE_URL: "http://metrics-service:8890" }, secrets: { METRICS_API_KEY: key } }
    : { environment: {}, secrets: {} };
}

function keycloakClientSecrets(context: CatalogContext): Record<string, SecretReference> {
  const clients = context.secrets.keycloakClients;
  return clients ? { KEYCLOAK_CLIENT_SECRET: clients.web, KEYCLOAK_M2M_CLIENT_SECRET: clients.m2m } : {};
}

/** The system CA bundle of the registry and auth-server images (Debian's ca-certificates), which trusts ACM's roots. */
export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

/**
 * Settings the registry and the auth server share for Keycloak login. The services reach Keycloak inside the VPC
 * (KEYCLOAK_URL, its Service Connect alias over plain HTTP), browsers at its public name (KEYCLOAK_EXTERNAL_URL).
 * Tokens carry the public issuer either way (KC_HOSTNAME is a full URL), which the auth server accepts next to the
 * internal one (auth_server/providers/keycloak.py @ 8c5b834b). An https KEYCLOAK_URL would make the registry's nginx
 * verify Keycloak against KEYCLOAK_CA_BUNDLE, whose default file the image lacks: then the system bundle is named.
 */
function keycloakLogin(context: CatalogContext): Record<string, string> {
  const internalUrl = CONTRACT_VALUES.keycloakInternalUrl;
  return {
    AUTH_PROVIDER: "keycloak",
    KEYCLOAK_URL: internalUrl,
    KEYCLOAK_EXTERNAL_URL: `https://${context.domains.keycloak}`,
    ...(internalUrl.startsWith("https://") && { KEYCLOAK_CA_BUNDLE: SYSTEM_CA_BUNDLE }),
    KEYCLOAK_REALM: context.keycloak.realm,
    KEYCLOAK_CLIENT_ID: KEYCLOAK_WEB_CLIENT_ID,
    KEYCLOAK_M2M_CLIENT_ID: KEYCLOAK_M2M_CLIENT_ID,
  };
}

/**
 * The auth server's exact allow-list of absolute redirect targets (OAUTH2_ALLOWED_REDIRECT_URIS, comma-separated,
 * compared after normalising host case, default port and a trailing slash; relative targets always pass): the
 * registry's UI after login, and its logout page after logout. auth_server/server.py @ 8c5b834b.
 */
export function allowedRedirectUris(registryDomain: string): string {
  return [`https://${registryDomain}`, `https://${registryDomain}/logout`].join(",");
}

/** The calls to Keycloak inside the VPC: its HTTP port, through the Service Connect alias `keycloak`. */
const KEYCLOAK_CALL: ServiceCall = { service: "keycloak", containerPort: KEYCLOAK_HTTP_PORT };

/** The database block the registry and the auth server share, and the credentials they log in with. */
function documentDatabase(context: CatalogContext): { environment: Record<string, string>; secrets: Record<string, SecretReference> } {
  const database = context.documentDatabase;
  return {
    environment: {
      STORAGE_BACKEND: CONTRACT_VALUES.storageBackend,
      DOCUMENTDB_HOST: database.host,
      DOCUMENTDB_PORT: String(database.port),
      DOCUMENTDB_DATABASE: CONTRACT_VALUES.documentDatabaseName,
      DOCUMENTDB_NAMESPACE: CONTRACT_VALUES.documentDatabaseNamespace,
      DOCUMENTDB_USE_TLS: "true",
      DOCUMENTDB_USE_IAM: "false",
      DOCUMENTDB_TLS_CA_FILE: CONTRACT_VALUES.documentDatabaseCaFile,
    },
    secrets: { DOCUMENTDB_USERNAME: database.credentials.username, DOCUMENTDB_PASSWORD: database.credentials.password },
  };
}

/** The registry's calls home: each variable is an opt-out, so "off" sets it and "on" sets the opposite. */
function outboundCalls(context: CatalogContext): Record<string, string> {
  const { telemetry, updateCheck } = context.application;
  return {
    MCP_TELEMETRY_DISABLED: telemetry ? "0" : "1",
    MCP_TELEMETRY_IMDS_PROBE_DISABLED: telemetry ? "0" : "1",
    UPDATE_CHECK_ENABLED: updateCheck ? "true" : "false",
  };
}

function contractPort(port: ContractPort): PortSpec {
  const alias = port.serviceConnect;
  if (!alias) return { name: port.name, containerPort: port.containerPort };
  return {
    name: port.name,
    containerPort: port.containerPort,
    serviceConnectName: alias.dnsName,
    serviceConnectPort: alias.port === port.containerPort ? undefined : alias.port,
    discoveryName: alias.discoveryName === alias.dnsName ? undefined : alias.discoveryName,
  };
}

function contractHealthCheck(check: ContractHealthCheck): HealthCheckSpec {
  return check.kind === "http"
    ? httpCheck(check.port, check.path ?? "/", check.startPeriodSeconds)
    : tcpCheck(check.port, check.startPeriodSeconds);
}

/** The calls a contracted service makes to the others, one container port each, as the contract's paths list them. */
function contractCalls(service: ContractedService): ServiceCall[] {
  return SERVICE_PATHS.filter((path) => path.from === service).map((path) => ({ service: path.to, containerPort: path.containerPort }));
}

/**
 * A contracted service's main container: ports and health check from the contract, and only variables the contract
 * lists. Anything else is a programming error, caught at synth.
 */
function contractContainer(
  service: ContractedService,
  context: CatalogContext,
  settings: Pick<ContainerSpec, "environment" | "secrets" | "mounts">,
): ContainerSpec {
  const serviceImage = image(context, service);
  // The image's tag selects its release line, and with it the variables the line adds.
  const line = releaseLineOf(serviceImage.reference);
  const contract = applicationContract(service, line);
  const environment = { ...releaseEnvironment(service, line), ...settings.environment };
  const secrets = settings.secrets ?? {};
  const unlisted = [
    ...Object.keys(environment).filter((name) => !contract.environment.includes(name)),
    ...Object.keys(secrets).filter((name) => !contract.secrets.includes(name)),
  ];
  const plainSecrets = Object.keys(environment).filter((name) => contract.secrets.includes(name));
  if (unlisted.length > 0 || plainSecrets.length > 0) {
    throw new Error(
      `${service}: ${[...unlisted.map((name) => `${name} is not in the application contract`), ...plainSecrets.map((name) => `${name} must be a secret`)].join("; ")}`,
    );
  }
  return {
    name: service,
    image: serviceImage,
    ports: contract.ports.map(contractPort),
    environment,
    secrets,
    mounts: settings.mounts,
    healthCheck: contractHealthCheck(contract.healthCheck),
  };
}

/**
 * What a service's definition may depend on among the others defined with it: the Service Connect hosts of the MCP
 * servers the registry lists (ssrfAllowedHosts).
 */
interface Peers {
  readonly mcpServerHosts: readonly string[];
}

/**
 * The hosts the registry's SSRF guard must admit (SSRF_ALLOWED_HOSTS): the Service Connect name of every MCP server
 * the deployment runs and registers (the port its registration names), and nothing else. Upstream's reserved
 * `mcpgw-server` is left out (SSRF_GUARD).
 */
export function ssrfAllowedHosts(definitions: readonly ServiceDefinition[]): string[] {
  const hosts = definitions.flatMap((definition) => {
    const registration = definition.registration;
    const port = registration && definition.container.ports?.find((candidate) => candidate.name === registration.portName);
    return port?.serviceConnectName ? [port.serviceConnectName.toLowerCase()] : [];
  });
  const reserved: readonly string[] = SSRF_GUARD.reservedHosts;
  return [...new Set(hosts)].filter((host) => !reserved.includes(host)).sort();
}

const DEFINITIONS: Record<ServiceName, (context: CatalogContext, peers: Peers) => ServiceDefinition> = {
  registry: (context, peers) => {
    const metrics = metricsClient(context);
    const database = documentDatabase(context);
    const registryUrl = `https://${context.domains.registry}`;
    const contract = APPLICATION_CONTRACT.registry;
    const caBundle = caBundleInit(image(context, "registry"), context.documentDatabase.caBundle, context.region);
    const init = databaseInit({
      image: image(context, "registry"),
      database: context.documentDatabase,
      scopeDocuments: scopeDocuments(MCP_GATEWAY_ACCESS_MODEL),
      caBundle,
    });
    return {
      name: "registry",
      container: {
        ...contractContainer("registry", context, {
          environment: {
            ...keycloakLogin(context),
            ...database.environment,
            ...metrics.environment,
            ...outboundCalls(context),
            REGISTRY_URL: registryUrl,
            BIND_HOST: CONTRACT_VALUES.registryBindHost,
            AWS_REGION: context.region,
            AWS_EC2_METADATA_DISABLED: "true",
            KEYCLOAK_ENABLED: "true",
            AUTH_SERVER_URL: CONTRACT_VALUES.authServerUrl,
            AUTH_SERVER_EXTERNAL_URL: registryUrl,
            GATEWAY_ADDITIONAL_SERVER_NAMES: context.domains.registry,
            // The load balancers' addresses: nginx takes the client address from their X-Forwarded-For, from no one else.
            TRUSTED_REAL_IP_CIDRS: context.vpcCidr,
            SESSION_COOKIE_SECURE: "true",
            EMBEDDINGS_PROVIDER: CONTRACT_VALUES.embeddingsModel.provider,
            EMBEDDINGS_MODEL_NAME: CONTRACT_VALUES.embeddingsModel.name,
            EMBEDDINGS_MODEL_DIMENSIONS: String(CONTRACT_VALUES.embeddingsModel.dimensions),
            SECURITY_SCAN_ENABLED: "true",
            SECURITY_SCAN_ON_REGISTRATION: "true",
            SECURITY_BLOCK_UNSAFE_SERVERS: "true",
            SECURITY_ANALYZERS: "yara",
            SECURITY_SCAN_TIMEOUT: "60",
            SECURITY_ADD_PENDING_TAG: "true",
            // Service Connect names resolve to loopback addresses, which the SSRF guard refuses unless listed.
            ...(peers.mcpServerHosts.length > 0 && { [SSRF_GUARD.allowedHostsVariable]: peers.mcpServerHosts.join(",") }),
          },
          secrets: {
            ...keycloakClientSecrets(context),
            ...database.secrets,
            ...metrics.secrets,
            SECRET_KEY: context.secrets.secretKey,
            AUTH_SERVER_NGINX_MARKER_SECRET: context.secrets.nginxMarkerSecret,
            // The registry manages users, groups and M2M clients through the admin API, with its own least-privilege account.
            ...(context.secrets.registryKeycloakAdmin && {
              KEYCLOAK_ADMIN: context.secrets.registryKeycloakAdmin.username,
              KEYCLOAK_ADMIN_PASSWORD: context.secrets.registryKeycloakAdmin.password,
            }),
          },
          mounts: [
            caBundle.mount,
            ...(context.modelsCache
              ? [
                  {
                    source: { kind: "efs", accessPoint: context.modelsCache },
                    containerPath: CONTRACT_VALUES.embeddingsModelDirectory,
                  } as const,
                ]
              : []),
          ],
        }),
        dependsOn: [caBundle.startAfter, init.startAfter],
      },
      additionalContainers: [caBundle.container, init.container],
      loadBalancer: contract.loadBalancer && {
        target: "registry",
        healthCheckGracePeriodSeconds: contract.loadBalancer.healthCheckGracePeriodSeconds,
      },
      serviceConnect: true,
      calls: [
        ...contractCalls("registry"),
        "currenttime",
        "realserverfaketools",
        "flight-booking-agent",
        "travel-assistant-agent",
        "metrics-service",
        KEYCLOAK_CALL,
      ],
      usesDatabase: false,
    };
  },

  "auth-server": (context) => {
    const metrics = metricsClient(context);
    const database = documentDatabase(context);
    const registryUrl = `https://${context.domains.registry}`;
    const caBundle = caBundleInit(image(context, "auth-server"), context.documentDatabase.caBundle, context.region);
    return {
      name: "auth-server",
      container: {
        ...contractContainer("auth-server", context, {
          environment: {
            ...keycloakLogin(context),
            ...database.environment,
            ...metrics.environment,
            REGISTRY_URL: registryUrl,
            BIND_HOST: CONTRACT_VALUES.authServerBindHost,
            AUTH_LISTEN_PORT: String(AUTH_SERVER_LISTEN_PORT),
            AUTH_SERVER_URL: CONTRACT_VALUES.authServerUrl,
            AUTH_SERVER_EXTERNAL_URL: registryUrl,
            AWS_REGION: context.region,
            AWS_EC2_METADATA_DISABLED: "true",
            KEYCLOAK_ENABLED: "true",
            OAUTH2_ALLOWED_REDIRECT_URIS: allowedRedirectUris(context.domains.registry),
            SESSION_COOKIE_SECURE: "true",
          },
          secrets: {
            ...keycloakClientSecrets(context),
            ...database.secrets,
            ...metrics.secrets,
            SECRET_KEY: context.secrets.secretKey,
            AUTH_SERVER_NGINX_MARKER_SECRET: context.secrets.nginxMarkerSecret,
          },
          mounts: [caBundle.mount],
        }),
        dependsOn: [caBundle.startAfter],
      },
      additionalContainers: [caBundle.container],
      serviceConnect: true,
      calls: [...contractCalls("auth-server"), "metrics-service", KEYCLOAK_CALL],
      usesDatabase: false,
    };
  },

  keycloak: (context) => ({
    name: "keycloak",
    container: {
      name: "keycloak",
      image: image(context, "keycloak"),
      command: ["start"],
      // The registry and the auth server reach it at http://keycloak:8080; the management port stays task-local.
      ports: [
        { name: "http", containerPort: KEYCLOAK_HTTP_PORT, serviceConnectName: "keycloak" },
        { name: "management", containerPort: KEYCLOAK_MANAGEMENT_PORT },
      ],
      environment: {
        KC_DB: "postgres",
        KC_DB_URL: context.keycloak.databaseJdbcUrl,
        KC_DB_POOL_MAX_SIZE: String(KEYCLOAK_DB_POOL_MAX_SIZE),
        // TLS ends at the load balancer, which forwards plain HTTP and X-Forwarded-* headers.
        KC_HTTP_ENABLED: "true",
        KC_PROXY_HEADERS: "xforwarded",
        // A full URL: front-end URLs and every token's issuer are the public name, however Keycloak was reached.
        KC_HOSTNAME: `https://${context.domains.keycloak}`,
        // Token, JWKS, userinfo and admin calls from inside the VPC (http://keycloak:8080) get URLs of the host they used.
        KC_HOSTNAME_BACKCHANNEL_DYNAMIC: "true",
        KC_HEALTH_ENABLED: "true",
        KC_METRICS_ENABLED: "true",
        KC_HTTP_MANAGEMENT_PORT: String(KEYCLOAK_MANAGEMENT_PORT),
        KC_LOG_LEVEL: context.keycloak.logLevel,
        // Read only when the master realm is created: the admin account is a service account, so no password login exists.
        KC_BOOTSTRAP_ADMIN_CLIENT_ID: context.secrets.keycloakBootstrapClient.clientId,
      },
      secrets: {
        KC_DB_USERNAME: context.secrets.database.username,
        KC_DB_PASSWORD: context.secrets.database.password,
        KC_BOOTSTRAP_ADMIN_CLIENT_SECRET: context.secrets.keycloakBootstrapClient.secret,
      },
      // The service's grace period, not this start period, covers a first start that migrates the database.
      healthCheck: {
        command: keycloakLivenessCommand(KEYCLOAK_MANAGEMENT_PORT),
        startPeriodSeconds: ECS_MAX_HEALTH_CHECK_START_PERIOD_SECONDS,
      },
    },
    loadBalancer: { target: "keycloak", healthCheckGracePeriodSeconds: KEYCLOAK_HEALTH_CHECK_GRACE_SECONDS },
    serviceConnect: true,
    calls: [],
    usesDatabase: true,
    peerPorts: KEYCLOAK_CLUSTER_PORTS,
    // A new version migrates the schema on start; `recreate` keeps old versions from serving (and clustering with the
    // new one) on a schema they do not know (docs/keycloak.md, "Upgrading Keycloak").
    deployment: context.keycloak.deployment,
  }),

  currenttime: (context) => ({
    name: "currenttime",
    container: {
      name: "currenttime",
      image: image(context, "currenttime"),
      ports: [{ name: "mcp", containerPort: 8000, serviceConnectName: "currenttime-server" }],
      environment: { PORT: "8000", MCP_TRANSPORT: "streamable-http" },
      healthCheck: tcpCheck(8000, 30),
    },
    serviceConnect: true,
    calls: [],
    usesDatabase: false,
    registration: {
      displayName: "Current Time",
      description: "Example MCP server: the current time in any time zone",
      tags: ["example", "time", "timezone"],
      portName: "mcp",
      transport: "streamable-http",
    },
  }),

  // No registration: the registry registers mcpgw itself on start, as /airegistry-tools/ (DISABLE_AI_REGISTRY_TOOLS_SERVER).
  mcpgw: (context) => ({
    name: "mcpgw",
    container: contractContainer("mcpgw", context, {
      environment: {
        PORT: String(APPLICATION_CONTRACT.mcpgw.ports[0].containerPort),
        // Every interface, so Service Connect's proxy can reach it.
        HOST: "0.0.0.0",
        // nginx, not the loopback-bound application port.
        REGISTRY_BASE_URL: CONTRACT_VALUES.registryBaseUrl,
        REGISTRY_EXTERNAL_URL: `https://${context.domains.registry}`,
      },
    }),
    serviceConnect: true,
    calls: contractCalls("mcpgw"),
    usesDatabase: false,
  }),

  realserverfaketools: (context) => ({
    name: "realserverfaketools",
    container: {
      name: "realserverfaketools",
      image: image(context, "realserverfaketools"),
      ports: [{ name: "mcp", containerPort: 8002, serviceConnectName: "realserverfaketools-server" }],
      environment: { PORT: "8002", MCP_TRANSPORT: "streamable-http" },
      healthCheck: tcpCheck(8002, 30),
    },
    serviceConnect: true,
    calls: [],
    usesDatabase: false,
    registration: {
      displayName: "Real Server Fake Tools",
      description: "Example MCP server: made-up tools taking parameters of every type, for trying out clients",
      tags: ["example", "demo", "testing"],
      portName: "mcp",
      transport: "streamable-http",
    },
  }),

  "flight-booking-agent": (context) => agent(context, "flight-booking-agent", []),

  // The travel assistant delegates bookings to the flight booking agent.
  "travel-assistant-agent": (context) => agent(context, "travel-assistant-agent", ["flight-booking-agent"]),

  "metrics-service": (context) => {
    const key = context.secrets.metricsApiKey;
    if (!key) throw new Error("metrics-service needs the metrics API key secret");
    return {
      name: "metrics-service",
      container: {
        name: "metrics-service",
        image: image(context, "metrics-service"),
        ports: [
          { name: "metrics-api", containerPort: 8890, serviceConnectName: "metrics-service" },
          { name: "prometheus", containerPort: 9465 },
        ],
        environment: {
          METRICS_SERVICE_HOST: "0.0.0.0",
          METRICS_SERVICE_PORT: "8890",
          OTEL_SERVICE_NAME: "mcp-metrics-service",
          OTEL_PROMETHEUS_ENABLED: "true",
          OTEL_PROMETHEUS_PORT: "9465",
          SQLITE_DB_PATH: "/tmp/metrics.db",
        },
        // The service accepts every METRICS_API_KEY_<CLIENT> it is given; its clients share one generated key.
        secrets: { METRICS_API_KEY_REGISTRY: key, METRICS_API_KEY_AUTH: key },
        healthCheck: httpCheck(8890, "/health", 30),
      },
      serviceConnect: true,
      calls: [],
      usesDatabase: false,
    };
  },
};

function agent(context: CatalogContext, name: "flight-booking-agent" | "travel-assistant-agent", calls: ServiceName[]): ServiceDefinition {
  return {
    name,
    container: {
      name,
      image: image(context, name),
      ports: [{ name: "a2a", containerPort: 9000, serviceConnectName: name }],
      environment: { AWS_REGION: context.region, AWS_DEFAULT_REGION: context.region },
      healthCheck: httpCheck(9000, "/ping", 60),
    },
    serviceConnect: true,
    calls,
    usesDatabase: false,
  };
}

/**
 * The definitions of the given services, in the given order. The registry's is made last: it admits the MCP servers
 * defined with it.
 */
export function serviceDefinitions(names: readonly ServiceName[], context: CatalogContext): ServiceDefinition[] {
  const noPeers: Peers = { mcpServerHosts: [] };
  const others = new Map<ServiceName, ServiceDefinition>(
    names.filter((name) => name !== "registry").map((name) => [name, DEFINITIONS[name](context, noPeers)]),
  );
  const peers: Peers = { mcpServerHosts: ssrfAllowedHosts([...others.values()]) };
  return names.map((name) => others.get(name) ?? DEFINITIONS[name](context, peers));
}
