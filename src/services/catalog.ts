import { ServiceName } from "../config/service-names";
import { AccessPointReference, ContainerImage, ContainerSpec, HealthCheckSpec, MountSpec, SecretReference } from "../constructs/fargate-service";
import { AccessPointName } from "../constructs/file-system";
import { LoadBalancedTargetName } from "../constructs/load-balancers";
import {
  AUTH_SERVER_AUTH_CONFIG_MOUNT_PATH,
  AUTH_SERVER_SCOPES_CONFIG_PATH,
  REGISTRY_AUTH_CONFIG_MOUNT_PATH,
  REGISTRY_SCOPES_CONFIG_PATH,
} from "../constructs/scopes-config";

/** Keycloak's management interface: health and metrics, never behind the public listener. */
export const KEYCLOAK_MANAGEMENT_PORT = 9000;
/** Connections each Keycloak task may hold to the database proxy. */
export const KEYCLOAK_DB_POOL_MAX_SIZE = 50;
/** Infinispan's JGroups transport and failure detection between Keycloak tasks (JDBC_PING discovery). */
export const KEYCLOAK_CLUSTER_PORTS = [7800, 57800] as const;

export const KEYCLOAK_WEB_CLIENT_ID = "mcp-gateway-web";
export const KEYCLOAK_M2M_CLIENT_ID = "mcp-gateway-m2m";
/** The registry's built-in administrator; mcpgw logs in as this user. */
export const REGISTRY_ADMIN_USER = "admin";

/** Everything the service definitions depend on outside themselves. */
export interface CatalogContext {
  readonly region: string;
  readonly domains: { readonly registry: string; readonly keycloak: string };
  readonly keycloak: { readonly realm: string; readonly logLevel: string; readonly databaseJdbcUrl: string };
  readonly images: Readonly<Partial<Record<ServiceName, ContainerImage>>>;
  readonly accessPoint: (name: AccessPointName) => AccessPointReference;
  readonly secrets: {
    /** SECRET_KEY: the registry and the auth server sign and read the same sessions. */
    readonly secretKey: SecretReference;
    readonly registryAdminPassword: SecretReference;
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
  /** scopes.yml from the access model, written onto the auth_config access point before the registry and auth server start. */
  readonly scopes?: {
    readonly initContainer: (authConfig: AccessPointReference) => ContainerSpec;
    readonly startAfterInit: { readonly containerName: string; readonly condition: "SUCCESS" };
    readonly contentHash: string;
  };
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
  readonly calls: readonly ServiceName[];
  readonly usesDatabase: boolean;
  /** Ports the service's tasks use among themselves. */
  readonly peerPorts?: readonly number[];
}

function httpCheck(port: number, path: string, startPeriodSeconds: number): HealthCheckSpec {
  return { command: ["CMD-SHELL", `curl -fsS http://localhost:${port}${path} > /dev/null || exit 1`], startPeriodSeconds };
}

function tcpCheck(port: number, startPeriodSeconds: number): HealthCheckSpec {
  return { command: ["CMD-SHELL", `nc -z localhost ${port} || exit 1`], startPeriodSeconds };
}

/**
 * Keycloak's readiness (database included) from inside its container. The image has neither curl nor wget, so bash
 * speaks HTTP over /dev/tcp: ready answers 200, not ready 503, and a closed port fails the redirection.
 */
export function keycloakReadinessCommand(port: number): string[] {
  const request = "GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n";
  return ["CMD", "bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${port} && printf '${request}' >&3 && read -r status <&3 && [[ "$status" == *" 200 "* ]]`];
}

function mount(context: CatalogContext, name: AccessPointName, containerPath: string): MountSpec {
  return { source: { kind: "efs", accessPoint: context.accessPoint(name) }, containerPath };
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

/** The scopes.yml init container, the main container's wait for it, and the hash that rolls the service on a change. */
function scopesFile(context: CatalogContext): Pick<ContainerSpec, "dependsOn" | "environment"> & { initContainers: ContainerSpec[] } {
  const scopes = context.scopes;
  if (!scopes) return { initContainers: [], environment: {} };
  return {
    initContainers: [scopes.initContainer(context.accessPoint("auth_config"))],
    dependsOn: [scopes.startAfterInit],
    environment: { SCOPES_CONFIG_SHA256: scopes.contentHash },
  };
}

/** Settings the registry and the auth server share for Keycloak login. */
function keycloakLogin(context: CatalogContext): Record<string, string> {
  return {
    AUTH_PROVIDER: "keycloak",
    KEYCLOAK_URL: `https://${context.domains.keycloak}`,
    KEYCLOAK_REALM: context.keycloak.realm,
    KEYCLOAK_CLIENT_ID: KEYCLOAK_WEB_CLIENT_ID,
    KEYCLOAK_M2M_CLIENT_ID: KEYCLOAK_M2M_CLIENT_ID,
  };
}

const DEFINITIONS: Record<ServiceName, (context: CatalogContext) => ServiceDefinition> = {
  registry: (context) => {
    const metrics = metricsClient(context);
    const scopes = scopesFile(context);
    return {
      name: "registry",
      container: {
        name: "registry",
        image: image(context, "registry"),
        // nginx serves the UI and the MCP gateway on 80; the application (and the health endpoint) listens on 7860.
        ports: [
          { name: "http", containerPort: 80 },
          { name: "registry", containerPort: 7860, serviceConnectName: "registry" },
        ],
        environment: {
          ...keycloakLogin(context),
          ...metrics.environment,
          ...scopes.environment,
          AWS_REGION: context.region,
          GATEWAY_ADDITIONAL_SERVER_NAMES: context.domains.registry,
          EC2_PUBLIC_DNS: context.domains.registry,
          AUTH_SERVER_URL: "http://auth-server:8888",
          AUTH_SERVER_EXTERNAL_URL: `https://${context.domains.registry}`,
          KEYCLOAK_ENABLED: "true",
          ADMIN_USER: REGISTRY_ADMIN_USER,
          // The registry reads and rewrites scopes.yml at this fixed path, so auth_config is mounted over /app/auth_server.
          SCOPES_CONFIG_PATH: REGISTRY_SCOPES_CONFIG_PATH,
          EMBEDDINGS_PROVIDER: "sentence-transformers",
          EMBEDDINGS_MODEL_NAME: "all-MiniLM-L6-v2",
          EMBEDDINGS_MODEL_DIMENSIONS: "384",
          SESSION_COOKIE_SECURE: "true",
          SECURITY_SCAN_ENABLED: "true",
          SECURITY_SCAN_ON_REGISTRATION: "true",
          SECURITY_BLOCK_UNSAFE_SERVERS: "true",
          SECURITY_ANALYZERS: "yara",
          SECURITY_SCAN_TIMEOUT: "60",
          SECURITY_ADD_PENDING_TAG: "true",
        },
        secrets: {
          ...keycloakClientSecrets(context),
          ...metrics.secrets,
          SECRET_KEY: context.secrets.secretKey,
          ADMIN_PASSWORD: context.secrets.registryAdminPassword,
          // The registry manages users, groups and M2M clients through the admin API, with its own least-privilege account.
          ...(context.secrets.registryKeycloakAdmin && {
            KEYCLOAK_ADMIN: context.secrets.registryKeycloakAdmin.username,
            KEYCLOAK_ADMIN_PASSWORD: context.secrets.registryKeycloakAdmin.password,
          }),
        },
        mounts: [
          mount(context, "servers", "/app/registry/servers"),
          mount(context, "models", "/app/registry/models"),
          mount(context, "agents", "/app/registry/agents"),
          mount(context, "logs", "/app/logs"),
          mount(context, "auth_config", REGISTRY_AUTH_CONFIG_MOUNT_PATH),
        ],
        healthCheck: httpCheck(7860, "/health", 120),
        dependsOn: scopes.dependsOn,
      },
      additionalContainers: scopes.initContainers,
      loadBalancer: { target: "registry", healthCheckGracePeriodSeconds: 180 },
      serviceConnect: true,
      calls: ["auth-server", "currenttime", "mcpgw", "realserverfaketools", "flight-booking-agent", "travel-assistant-agent", "metrics-service"],
      usesDatabase: false,
    };
  },

  "auth-server": (context) => {
    const metrics = metricsClient(context);
    const scopes = scopesFile(context);
    return {
      name: "auth-server",
      container: {
        name: "auth-server",
        image: image(context, "auth-server"),
        ports: [{ name: "auth-server", containerPort: 8888, serviceConnectName: "auth-server" }],
        environment: {
          ...keycloakLogin(context),
          ...metrics.environment,
          ...scopes.environment,
          AWS_REGION: context.region,
          REGISTRY_URL: `https://${context.domains.registry}`,
          AUTH_SERVER_URL: "http://auth-server:8888",
          AUTH_SERVER_EXTERNAL_URL: `https://${context.domains.registry}`,
          KEYCLOAK_EXTERNAL_URL: `https://${context.domains.keycloak}`,
          // The access point's root is mounted at /efs/auth_config: the file is directly inside it.
          SCOPES_CONFIG_PATH: AUTH_SERVER_SCOPES_CONFIG_PATH,
          SESSION_COOKIE_SECURE: "true",
        },
        secrets: { ...keycloakClientSecrets(context), ...metrics.secrets, SECRET_KEY: context.secrets.secretKey },
        mounts: [mount(context, "logs", "/app/logs"), mount(context, "auth_config", AUTH_SERVER_AUTH_CONFIG_MOUNT_PATH)],
        healthCheck: httpCheck(8888, "/health", 60),
        dependsOn: scopes.dependsOn,
      },
      additionalContainers: scopes.initContainers,
      loadBalancer: { target: "auth-server", healthCheckGracePeriodSeconds: 120 },
      serviceConnect: true,
      calls: ["metrics-service"],
      usesDatabase: false,
    };
  },

  keycloak: (context) => ({
    name: "keycloak",
    container: {
      name: "keycloak",
      image: image(context, "keycloak"),
      command: ["start"],
      ports: [
        { name: "http", containerPort: 8080 },
        { name: "management", containerPort: KEYCLOAK_MANAGEMENT_PORT },
      ],
      environment: {
        KC_DB: "postgres",
        KC_DB_URL: context.keycloak.databaseJdbcUrl,
        KC_DB_POOL_MAX_SIZE: String(KEYCLOAK_DB_POOL_MAX_SIZE),
        // TLS ends at the load balancer, which forwards plain HTTP and X-Forwarded-* headers.
        KC_HTTP_ENABLED: "true",
        KC_PROXY_HEADERS: "xforwarded",
        KC_HOSTNAME: `https://${context.domains.keycloak}`,
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
      // `start` builds Keycloak's optimised image on every boot before it serves; give it time.
      healthCheck: { command: keycloakReadinessCommand(KEYCLOAK_MANAGEMENT_PORT), startPeriodSeconds: 180 },
    },
    loadBalancer: { target: "keycloak", healthCheckGracePeriodSeconds: 300 },
    serviceConnect: false,
    calls: [],
    usesDatabase: true,
    peerPorts: KEYCLOAK_CLUSTER_PORTS,
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
  }),

  mcpgw: (context) => ({
    name: "mcpgw",
    container: {
      name: "mcpgw",
      image: image(context, "mcpgw"),
      ports: [{ name: "mcp", containerPort: 8003, serviceConnectName: "mcpgw-server" }],
      environment: {
        PORT: "8003",
        // Bound to every interface so Service Connect's proxy can reach it.
        HOST: "0.0.0.0",
        REGISTRY_BASE_URL: "http://registry:7860",
        REGISTRY_USERNAME: REGISTRY_ADMIN_USER,
      },
      secrets: { REGISTRY_PASSWORD: context.secrets.registryAdminPassword },
      mounts: [mount(context, "mcpgw_data", "/app/data")],
      healthCheck: tcpCheck(8003, 30),
    },
    serviceConnect: true,
    calls: ["registry"],
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

/** The definitions of the given services, in the given order. */
export function serviceDefinitions(names: readonly ServiceName[], context: CatalogContext): ServiceDefinition[] {
  return names.map((name) => DEFINITIONS[name](context));
}
