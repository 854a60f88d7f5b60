import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { cidrsOverlap, cidrSubnet, parseCidr } from "./cidr";
import { AwsRegion } from "./regions";
import { DocumentDatabaseInstanceClass } from "./document-database-classes";
import { realmReachabilityProblems } from "./realm-reachability";
import { PostgresInstanceClass } from "./postgres-instance-classes";
import { configSchema } from "./schema";
import { AURORA_SERVERLESS_DEFAULTS, POSTGRES_INSTANCE_DEFAULTS } from "./schema/data";
import { NEW_VPC_DEFAULTS } from "./schema/network";
import { FARGATE_MEMORY_BY_CPU } from "./schema/services";
import { SERVICE_NAMES, ServiceName } from "./service-names";
import { APPLICATION_CONTRACT } from "../contract/app-contract";
import { McpServerSettings, resolveMcpServers } from "./mcp-servers";
import { RealmUserConfig, realmUserEmailProblems } from "./realm-users";

type ParsedConfig = z.output<typeof configSchema>;

export type ImageSource =
  | { readonly kind: "reference"; readonly reference: string }
  | {
      readonly kind: "build";
      /** Absolute path of the build context, resolved against the configuration file's directory. */
      readonly context: string;
      readonly dockerfile: string;
      readonly args: Readonly<Record<string, string>>;
    };

export interface ServiceSettings {
  readonly name: ServiceName;
  readonly image: ImageSource;
  readonly cpu: number;
  readonly memory: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly desiredCount: number;
  readonly spot: boolean;
  /** ECS Exec into the tasks; off unless the configuration asks for it, for every service including Keycloak. */
  readonly exec: boolean;
}

export type BackendSettings =
  | { readonly type: "local" }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly keyPrefix: string;
      readonly region: string;
      readonly kmsKeyId?: string;
      readonly locking: "dynamodb" | "lockfile";
      readonly dynamodbTable?: string;
    }
  | {
      readonly type: "cloud";
      readonly organization: string;
      readonly hostname?: string;
      readonly project?: string;
      /** Optional organisation-wide prefix in front of `<namePrefix>-<region>-<stack>`. */
      readonly workspacePrefix?: string;
      readonly executionMode: "remote" | "agent" | "local";
    };

export interface ExistingNetworkSettings {
  readonly vpcId: string;
  readonly privateSubnetIds: readonly string[];
  readonly publicSubnetIds: readonly string[];
  readonly egressPublicIps: readonly string[];
}

export interface AuroraServerlessSettings {
  readonly engine: "aurora-serverless";
  readonly minAcu: number;
  readonly maxAcu: number;
  readonly reader: boolean;
}

export interface PostgresInstanceSettings {
  readonly engine: "postgres-instance";
  readonly instanceClass: PostgresInstanceClass;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
}

/** Keycloak's database: what both engines share, and the settings of the one chosen. */
export type DatabaseSettings = {
  readonly backupRetentionDays: number;
  readonly engineVersion: string;
  readonly proxy: boolean;
} & (AuroraServerlessSettings | PostgresInstanceSettings);

/** The validated, fully resolved configuration every stack and construct receives. */
export interface DeploymentConfig {
  readonly namePrefix: string;
  readonly region: AwsRegion;
  readonly domains: {
    readonly registry: string;
    readonly keycloak: string;
    readonly hostedZone: string;
  };
  readonly network: {
    readonly vpcCidr: string;
    readonly azCount: 2 | 3;
    readonly natGateways: "one-per-az" | "single" | "instance";
    /** EC2 instance type of the NAT instance; used only with natGateways "instance". */
    readonly natInstanceType: string;
    readonly publicSubnetCidrs: readonly string[];
    readonly privateSubnetCidrs: readonly string[];
    readonly ingressCidrs: readonly string[];
    readonly flowLogs: boolean;
    readonly interfaceEndpoints: boolean;
    /** A VPC the deployment uses instead of creating one; the settings above then describe nothing. */
    readonly existing?: ExistingNetworkSettings;
  };
  readonly loadBalancers: {
    readonly keycloakScheme: "internal" | "internet-facing";
    /** Keycloak on the main load balancer by host name; it has no load balancer of its own. */
    readonly shared: boolean;
    /** Access logs of every load balancer; without `bucket` the deployment creates the bucket (retentionDays applies). */
    readonly accessLogs: { readonly enabled: boolean; readonly bucket?: string; readonly prefix: string; readonly retentionDays: number };
    /** The web ACL on every load balancer; rate limits are requests per client address in 5 minutes. */
    readonly waf: {
      readonly enabled: boolean;
      readonly ipReputationList: boolean;
      readonly rateLimitPerAddress: number;
      readonly loginRateLimitPerAddress: number;
    };
    readonly deletionProtection: boolean;
    readonly idleTimeoutSeconds: number;
    readonly deregistrationDelaySeconds: number;
  };
  readonly keycloak: {
    readonly realm: string;
    /** Networks that may use Keycloak's admin console and API; the tasks are added by the load balancers. */
    readonly adminCidrs: readonly string[];
    readonly demoUsers: boolean;
    readonly logLevel: string;
    readonly clientSecretVersion: number;
    readonly registryAccountPasswordVersion: number;
    readonly waitForHealthyService: boolean;
    readonly configureRealm: boolean;
    readonly dynamicClientRegistration: boolean;
    /** `recreate`: old Keycloak tasks stop before new ones start; `rolling`: side by side (docs/keycloak.md, "Upgrading Keycloak"). */
    readonly upgradeStrategy: "recreate" | "rolling";
    /** People of the application realm by configuration, next to the access model's own users. */
    readonly users: readonly RealmUserConfig[];
  };
  /** The registry's own outbound calls: telemetry and the release check. */
  readonly application: { readonly telemetry: boolean; readonly updateCheck: boolean };
  /** Enabled services only, in a fixed order. */
  readonly services: readonly ServiceSettings[];
  /** MCP servers of your own (`mcpServers`), by name. */
  readonly mcpServers: readonly McpServerSettings[];
  readonly database: DatabaseSettings;
  readonly documentDatabase: {
    readonly instanceClass: DocumentDatabaseInstanceClass;
    readonly instances: number;
    readonly backupRetentionDays: number;
    readonly credentialsVersion: number;
  };
  readonly fileSystem: { readonly modelsCache: boolean; readonly throughputMode: "bursting" | "elastic" };
  readonly observability: { readonly logRetentionDays: number; readonly alarmEmail?: string };
  readonly secrets: {
    readonly secretKeyVersion: number;
    readonly nginxMarkerSecretVersion: number;
    readonly metricsApiKeyVersion: number;
    readonly databasePasswordVersion: number;
  };
  readonly deletionProtection: boolean;
  readonly backend: BackendSettings;
  /** Set only when deploying to a local AWS emulator. */
  readonly emulator?: { readonly endpoint: string };
  readonly tags: Readonly<Record<string, string>>;
  readonly imageRepositories: { readonly keepImages: number };
  /** Resource address in the app stack → import ID of the existing resource it adopts. */
  readonly adopt: Readonly<Record<string, string>>;
}

export const KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:26.7.3";

interface ServiceDefaults {
  readonly image?: string;
  readonly cpu: number;
  readonly memory: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/** Services without a default image have no public image and run only when configured with `image` or `build`. */
export const SERVICE_DEFAULTS: Record<ServiceName, ServiceDefaults> = {
  registry: { image: APPLICATION_CONTRACT.registry.image, cpu: 1024, memory: 2048, minCapacity: 2, maxCapacity: 4 },
  "auth-server": {
    image: APPLICATION_CONTRACT["auth-server"].image,
    cpu: 1024,
    memory: 2048,
    minCapacity: 2,
    maxCapacity: 4,
  },
  // Two tasks: one survives a task or AZ failure and a deploy never leaves logins without a server; they share sessions
  // through the Infinispan cluster (JGroups on KEYCLOAK_CLUSTER_PORTS).
  keycloak: { image: KEYCLOAK_IMAGE, cpu: 1024, memory: 2048, minCapacity: 2, maxCapacity: 3 },
  mcpgw: { image: APPLICATION_CONTRACT.mcpgw.image, cpu: 512, memory: 1024, minCapacity: 1, maxCapacity: 2 },
  currenttime: { cpu: 512, memory: 1024, minCapacity: 1, maxCapacity: 2 },
  realserverfaketools: { cpu: 512, memory: 1024, minCapacity: 1, maxCapacity: 2 },
  "flight-booking-agent": { cpu: 512, memory: 1024, minCapacity: 1, maxCapacity: 2 },
  "travel-assistant-agent": { cpu: 512, memory: 1024, minCapacity: 1, maxCapacity: 2 },
  "metrics-service": { cpu: 512, memory: 1024, minCapacity: 1, maxCapacity: 2 },
};

/** Services the registry and auth server cannot run without; they can't be disabled. */
const REQUIRED_SERVICES: readonly ServiceName[] = ["registry", "auth-server", "keycloak"];

/**
 * Turns schema output into plain resolved values. `configDirectory` anchors relative build contexts.
 * Returns problems (field path and message) for combinations the schema can't see on its own.
 */
export function resolveConfig(
  parsed: ParsedConfig,
  resolvePath: (relative: string) => string,
): { config?: DeploymentConfig; problems: { path: string; message: string }[] } {
  const problems: { path: string; message: string }[] = [];
  const services: ServiceSettings[] = [];
  for (const name of SERVICE_NAMES) {
    const settings = parsed.services[name] ?? {};
    const defaults = SERVICE_DEFAULTS[name];
    const hasSource = Boolean(settings.image || settings.build || defaults.image);
    const enabled = settings.enabled ?? (REQUIRED_SERVICES.includes(name) || Boolean(settings.image || settings.build || defaults.image));
    if (!enabled) {
      if (REQUIRED_SERVICES.includes(name)) {
        problems.push({ path: `services.${name}.enabled`, message: "is false, but this service is required; remove the setting" });
      }
      continue;
    }
    if (!hasSource) {
      problems.push({
        path: `services.${name}`,
        message: "is enabled but has no public image; set image (a pinned reference) or build (a Docker context)",
      });
      continue;
    }
    const image: ImageSource = settings.build
      ? { kind: "build", context: resolvePath(settings.build.context), dockerfile: settings.build.dockerfile, args: settings.build.args }
      : { kind: "reference", reference: settings.image ?? (defaults.image as string) };
    if (image.kind === "build") problems.push(...buildContextProblems(`services.${name}`, image));
    const minCapacity = settings.minCapacity ?? Math.min(defaults.minCapacity, settings.maxCapacity ?? defaults.minCapacity);
    const maxCapacity = settings.maxCapacity ?? Math.max(defaults.maxCapacity, minCapacity);
    const desiredCount = settings.desiredCount ?? minCapacity;
    if (desiredCount < minCapacity || desiredCount > maxCapacity) {
      problems.push({
        path: `services.${name}.desiredCount`,
        message: `(${desiredCount}) must lie between minCapacity (${minCapacity}) and maxCapacity (${maxCapacity})`,
      });
    }
    const cpu = settings.cpu ?? defaults.cpu;
    const memory = settings.memory ?? (settings.cpu === undefined ? defaults.memory : cpu * 2);
    const sizeProblem = taskSizeProblem(cpu, memory, settings.cpu !== undefined);
    if (sizeProblem) problems.push({ path: `services.${name}.memory`, message: sizeProblem });
    services.push({
      name,
      image,
      cpu,
      memory,
      minCapacity,
      maxCapacity,
      desiredCount,
      spot: settings.spot ?? false,
      exec: settings.exec ?? false,
    });
  }

  problems.push(...keycloakTaskProblems(parsed));
  const mcpServers = resolveMcpServers(parsed.mcpServers, resolvePath, parsed);
  problems.push(...mcpServers.problems);

  const domains = resolveDomains(parsed);
  const outsideZone = (name: string) => name !== domains.hostedZone && !name.endsWith(`.${domains.hostedZone}`);
  if (parsed.domains.mode === "static") {
    for (const key of ["registry", "keycloak"] as const) {
      if (outsideZone(domains[key])) {
        problems.push({
          path: `domains.${key}`,
          message: `(${domains[key]}) is not inside the hosted zone ${domains.hostedZone}; use a name that ends in .${domains.hostedZone}`,
        });
      }
    }
  } else if (outsideZone(domains.registry) || outsideZone(domains.keycloak)) {
    // Regional names are derived, not chosen: the fix is the zone (or static names), never "use another name".
    const base = parsed.domains.baseDomain as string;
    problems.push({
      path: "domains.hostedZone",
      message:
        `(${domains.hostedZone}) does not hold the names mode regional derives from baseDomain (${domains.registry}, ${domains.keycloak}); ` +
        `set hostedZone to ${base} or ${parsed.region}.${base}, or remove it (the zone is then baseDomain), or set mode: static with registry and keycloak names inside ${domains.hostedZone}`,
    });
  }
  const vpcCidr = parsed.network.vpcCidr ?? NEW_VPC_DEFAULTS.vpcCidr;
  const azCount = parsed.network.azCount ?? NEW_VPC_DEFAULTS.azCount;
  const azIndexes = Array.from({ length: azCount }, (_, index) => index);
  const network = {
    vpcCidr,
    azCount,
    natGateways: parsed.network.natGateways ?? NEW_VPC_DEFAULTS.natGateways,
    natInstanceType: parsed.network.natInstanceType ?? NEW_VPC_DEFAULTS.natInstanceType,
    // Private subnets take the first quarter of the VPC in /+4 blocks; public ones sit in /+8 blocks above it.
    privateSubnetCidrs: parsed.network.privateSubnetCidrs ?? azIndexes.map((index) => cidrSubnet(vpcCidr, 4, index)),
    publicSubnetCidrs: parsed.network.publicSubnetCidrs ?? azIndexes.map((index) => cidrSubnet(vpcCidr, 8, 64 + index)),
    ingressCidrs: parsed.network.ingressCidrs,
    flowLogs: parsed.network.flowLogs ?? NEW_VPC_DEFAULTS.flowLogs,
    interfaceEndpoints: parsed.network.interfaceEndpoints ?? NEW_VPC_DEFAULTS.interfaceEndpoints,
    existing: parsed.network.existing,
  };
  const backend: BackendSettings =
    parsed.backend.type === "cloud"
      ? parsed.backend
      : parsed.backend.type === "s3"
        ? { ...parsed.backend, region: parsed.backend.region ?? parsed.region }
        : parsed.backend;

  problems.push(...defaultSubnetOverlaps(parsed.network, network));
  if (parsed.keycloak.demoUsers && !parsed.keycloak.configureRealm) {
    problems.push({
      path: "keycloak.demoUsers",
      message:
        "(true) would be ignored: keycloak.configureRealm is false, so no users are created here; remove demoUsers or set configureRealm: true",
    });
  }
  if (parsed.keycloak.users.length > 0 && !parsed.keycloak.configureRealm) {
    problems.push({
      path: "keycloak.users",
      message: `(${parsed.keycloak.users.length} users) would be ignored: keycloak.configureRealm is false, so no users are created here; remove users or set configureRealm: true`,
    });
  }
  problems.push(...realmUserEmailProblems(parsed.keycloak.users, domains.hostedZone));
  problems.push(...realmReachabilityProblems(parsed));
  if (problems.length > 0) return { problems };
  return {
    problems,
    config: {
      namePrefix: parsed.namePrefix,
      region: parsed.region,
      domains,
      network,
      loadBalancers: {
        keycloakScheme: parsed.loadBalancers.keycloakScheme,
        shared: parsed.loadBalancers.shared,
        accessLogs: parsed.loadBalancers.accessLogs,
        waf: parsed.loadBalancers.waf,
        deletionProtection: parsed.loadBalancers.deletionProtection ?? parsed.deletionProtection,
        idleTimeoutSeconds: parsed.loadBalancers.idleTimeoutSeconds,
        deregistrationDelaySeconds: parsed.loadBalancers.deregistrationDelaySeconds,
      },
      keycloak: parsed.keycloak,
      application: parsed.application,
      services,
      mcpServers: mcpServers.servers,
      database: resolveDatabase(parsed.database),
      documentDatabase: parsed.documentDatabase,
      fileSystem: parsed.fileSystem,
      observability: parsed.observability,
      secrets: parsed.secrets,
      deletionProtection: parsed.deletionProtection,
      backend,
      emulator: parsed.emulator,
      tags: parsed.tags,
      imageRepositories: parsed.imageRepositories,
      adopt: parsed.adopt,
    },
  };
}

function resolveDatabase(database: ParsedConfig["database"]): DatabaseSettings {
  const shared = { backupRetentionDays: database.backupRetentionDays, engineVersion: database.engineVersion, proxy: database.proxy };
  if (database.engine === "postgres-instance") {
    return {
      ...shared,
      engine: "postgres-instance",
      instanceClass: database.instanceClass ?? POSTGRES_INSTANCE_DEFAULTS.instanceClass,
      allocatedStorageGb: database.allocatedStorageGb ?? POSTGRES_INSTANCE_DEFAULTS.allocatedStorageGb,
      maxAllocatedStorageGb: database.maxAllocatedStorageGb ?? POSTGRES_INSTANCE_DEFAULTS.maxAllocatedStorageGb,
      multiAz: database.multiAz ?? POSTGRES_INSTANCE_DEFAULTS.multiAz,
    };
  }
  return {
    ...shared,
    engine: "aurora-serverless",
    minAcu: database.minAcu ?? AURORA_SERVERLESS_DEFAULTS.minAcu,
    maxAcu: database.maxAcu ?? AURORA_SERVERLESS_DEFAULTS.maxAcu,
    reader: database.reader ?? AURORA_SERVERLESS_DEFAULTS.reader,
  };
}

/**
 * Terraform configures the realm through Keycloak's admin API in the same apply that starts Keycloak, and reads it back
 * in every later plan: with no Keycloak task (now, or after autoscaling scales in to zero) nobody answers.
 */
function keycloakTaskProblems(parsed: ParsedConfig): { path: string; message: string }[] {
  const settings = parsed.services.keycloak ?? {};
  if (!parsed.keycloak.configureRealm || settings.enabled === false) return [];
  const why =
    "Terraform configures the realm through Keycloak's admin API (keycloak.configureRealm: true) in the apply and reads it back in every plan";
  const fix = "or set keycloak.configureRealm: false to leave the realm to someone else";
  if (settings.desiredCount === 0) {
    return [
      {
        path: "services.keycloak.desiredCount",
        message: `(0) starts Keycloak with no task, but ${why}, so apply would fail; set desiredCount: 1 or more (2 survive a task or AZ failure), ${fix}`,
      },
    ];
  }
  if (settings.minCapacity === 0) {
    return [
      {
        path: "services.keycloak.minCapacity",
        message: `(0) lets ${settings.desiredCount === undefined ? "Keycloak start with no task (desiredCount defaults to minCapacity) and autoscaling" : "autoscaling"} stop its last task, but ${why}; set minCapacity: 1 or more (2 survive a task or AZ failure), ${fix}`,
      },
    ];
  }
  return [];
}

/** Subnets given for one tier must not overlap the defaults carved for the other. */
function defaultSubnetOverlaps(
  given: { publicSubnetCidrs?: string[]; privateSubnetCidrs?: string[] },
  resolved: { publicSubnetCidrs: string[]; privateSubnetCidrs: string[] },
): { path: string; message: string }[] {
  const pairs = [
    ["publicSubnetCidrs", "privateSubnetCidrs"],
    ["privateSubnetCidrs", "publicSubnetCidrs"],
  ] as const;
  return pairs.flatMap(([key, other]) => {
    if (!given[key] || given[other]) return [];
    return given[key].flatMap((block, index) => {
      const clash = resolved[other].find((defaultBlock) => parseCidr(block) && cidrsOverlap(block, defaultBlock));
      return clash
        ? [
            {
              path: `network.${key}.${index}`,
              message: `(${block}) overlaps the default ${other === "privateSubnetCidrs" ? "private" : "public"} subnet ${clash}; set network.${other} too, or choose a block outside it`,
            },
          ]
        : [];
    });
  });
}

/** Fargate runs only certain CPU/memory pairs; says which CPUs would take `memory` when `cpu` cannot. */
export function taskSizeProblem(cpu: number, memory: number, cpuConfigured: boolean): string | undefined {
  const fits = (units: number) => {
    const range = FARGATE_MEMORY_BY_CPU[units];
    return memory >= range.min && memory <= range.max && memory % range.step === 0;
  };
  if (fits(cpu)) return undefined;
  const range = FARGATE_MEMORY_BY_CPU[cpu];
  const others = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number).filter(fits);
  const which = cpuConfigured ? `cpu ${cpu}` : `the default cpu ${cpu}`;
  const fix =
    others.length > 0
      ? `set cpu to ${others.join(" or ")}, or choose memory for cpu ${cpu}`
      : `choose a memory size Fargate offers (512-30720 MiB: multiples of 1024 above 2048)`;
  return `(${memory}) does not fit ${which}; Fargate allows ${range.min}-${range.max} MiB in steps of ${range.step} with it; ${fix}`;
}

/** A build context must be a directory holding its Dockerfile, or the image could not be hashed or built. */
/** `field` is where the build is configured, e.g. services.registry or mcpServers.weather. */
export function buildContextProblems(field: string, build: { context: string; dockerfile: string }): { path: string; message: string }[] {
  if (!existsSync(build.context) || !statSync(build.context).isDirectory()) {
    return [
      {
        path: `${field}.build.context`,
        message: `(${build.context}) is not a directory; paths are relative to the configuration file`,
      },
    ];
  }
  if (!existsSync(join(build.context, build.dockerfile))) {
    return [
      {
        path: `${field}.build.dockerfile`,
        message: `(${build.dockerfile}) does not exist in ${build.context}; give its path relative to the context`,
      },
    ];
  }
  return [];
}

function resolveDomains(parsed: ParsedConfig): DeploymentConfig["domains"] {
  const { domains, region } = parsed;
  if (domains.mode === "regional") {
    const base = domains.baseDomain as string;
    return {
      registry: `registry.${region}.${base}`,
      keycloak: `kc.${region}.${base}`,
      hostedZone: domains.hostedZone ?? base,
    };
  }
  return {
    registry: domains.registry as string,
    keycloak: domains.keycloak as string,
    hostedZone: (domains.hostedZone ?? domains.baseDomain) as string,
  };
}
