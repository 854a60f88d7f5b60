import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { cidrSubnet } from "./cidr";
import { AwsRegion } from "./regions";
import { configSchema, NEW_VPC_DEFAULTS } from "./schema";
import { SERVICE_NAMES, ServiceName } from "./service-names";

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
      readonly workspacePrefix: string;
    };

export interface ExistingNetworkSettings {
  readonly vpcId: string;
  readonly privateSubnetIds: readonly string[];
  readonly publicSubnetIds: readonly string[];
  readonly egressPublicIps: readonly string[];
}

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
    readonly natGateways: "one-per-az" | "single";
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
    readonly authServerPort: number;
    readonly accessLogs?: { readonly bucket: string; readonly prefix: string };
    readonly deletionProtection: boolean;
  };
  readonly keycloak: {
    readonly realm: string;
    readonly demoUsers: boolean;
    readonly logLevel: string;
    readonly clientSecretVersion: number;
    readonly waitForHealthyService: boolean;
    readonly configureRealm: boolean;
  };
  /** Enabled services only, in a fixed order. */
  readonly services: readonly ServiceSettings[];
  readonly database: {
    readonly minAcu: number;
    readonly maxAcu: number;
    readonly backupRetentionDays: number;
    readonly reader: boolean;
    readonly engineVersion: string;
    readonly proxy: boolean;
  };
  readonly fileSystem: { readonly throughputMode: "bursting" | "elastic" };
  readonly observability: { readonly logRetentionDays: number; readonly alarmEmail?: string };
  readonly secrets: {
    readonly secretKeyVersion: number;
    readonly registryAdminPasswordVersion: number;
    readonly metricsApiKeyVersion: number;
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

const UPSTREAM_IMAGE_VERSION = "1.25.0";
const UPSTREAM_IMAGES = "public.ecr.aws/p3v1o3c6";
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
  registry: { image: `${UPSTREAM_IMAGES}/registry:${UPSTREAM_IMAGE_VERSION}`, cpu: 1024, memory: 2048, minCapacity: 2, maxCapacity: 4 },
  "auth-server": {
    image: `${UPSTREAM_IMAGES}/auth-server:${UPSTREAM_IMAGE_VERSION}`,
    cpu: 1024,
    memory: 2048,
    minCapacity: 2,
    maxCapacity: 4,
  },
  keycloak: { image: KEYCLOAK_IMAGE, cpu: 1024, memory: 2048, minCapacity: 1, maxCapacity: 3 },
  mcpgw: { image: `${UPSTREAM_IMAGES}/mcpgw:${UPSTREAM_IMAGE_VERSION}`, cpu: 512, memory: 1024, minCapacity: 1, maxCapacity: 2 },
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
    if (image.kind === "build") problems.push(...buildContextProblems(name, image));
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
    services.push({
      name,
      image,
      cpu,
      memory: settings.memory ?? (settings.cpu === undefined ? defaults.memory : cpu * 2),
      minCapacity,
      maxCapacity,
      desiredCount,
      spot: settings.spot ?? false,
    });
  }

  const domains = resolveDomains(parsed);
  for (const [key, name] of [["registry", domains.registry], ["keycloak", domains.keycloak]] as const) {
    if (name !== domains.hostedZone && !name.endsWith(`.${domains.hostedZone}`)) {
      problems.push({
        path: parsed.domains.mode === "static" ? `domains.${key}` : "domains.hostedZone",
        message: `(${name}) is not inside the hosted zone ${domains.hostedZone}; use a name that ends in .${domains.hostedZone}`,
      });
    }
  }
  const vpcCidr = parsed.network.vpcCidr ?? NEW_VPC_DEFAULTS.vpcCidr;
  const azCount = parsed.network.azCount ?? NEW_VPC_DEFAULTS.azCount;
  const azIndexes = Array.from({ length: azCount }, (_, index) => index);
  const network = {
    vpcCidr,
    azCount,
    natGateways: parsed.network.natGateways ?? NEW_VPC_DEFAULTS.natGateways,
    // Private subnets take the first quarter of the VPC in /+4 blocks; public ones sit in /+8 blocks above it.
    privateSubnetCidrs: parsed.network.privateSubnetCidrs ?? azIndexes.map((index) => cidrSubnet(vpcCidr, 4, index)),
    publicSubnetCidrs: parsed.network.publicSubnetCidrs ?? azIndexes.map((index) => cidrSubnet(vpcCidr, 8, 64 + index)),
    ingressCidrs: parsed.network.ingressCidrs,
    flowLogs: parsed.network.flowLogs ?? NEW_VPC_DEFAULTS.flowLogs,
    interfaceEndpoints: parsed.network.interfaceEndpoints ?? NEW_VPC_DEFAULTS.interfaceEndpoints,
    existing: parsed.network.existing,
  };
  if (network.existing && network.existing.egressPublicIps.length === 0 && parsed.loadBalancers.keycloakScheme === "internet-facing") {
    problems.push({
      path: "network.existing.egressPublicIps",
      message:
        "is empty, but the services reach the internet-facing Keycloak load balancer through the VPC's NAT gateways; list their public addresses, or set loadBalancers.keycloakScheme: internal",
    });
  }

  const backend: BackendSettings =
    parsed.backend.type === "cloud"
      ? { ...parsed.backend, workspacePrefix: parsed.backend.workspacePrefix ?? parsed.namePrefix }
      : parsed.backend.type === "s3"
        ? { ...parsed.backend, region: parsed.backend.region ?? parsed.region }
        : parsed.backend;

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
        authServerPort: parsed.loadBalancers.authServerPort,
        accessLogs: parsed.loadBalancers.accessLogs,
        deletionProtection: parsed.loadBalancers.deletionProtection ?? parsed.deletionProtection,
      },
      keycloak: parsed.keycloak,
      services,
      database: parsed.database,
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

/** A build context must be a directory holding its Dockerfile, or the image could not be hashed or built. */
function buildContextProblems(name: ServiceName, build: { context: string; dockerfile: string }): { path: string; message: string }[] {
  if (!existsSync(build.context) || !statSync(build.context).isDirectory()) {
    return [{ path: `services.${name}.build.context`, message: `(${build.context}) is not a directory; paths are relative to the configuration file` }];
  }
  if (!existsSync(join(build.context, build.dockerfile))) {
    return [{ path: `services.${name}.build.dockerfile`, message: `(${build.dockerfile}) does not exist in ${build.context}; give its path relative to the context` }];
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
