import { z } from "zod";
import { cidrContains, cidrProblem, cidrsOverlap, parseCidr } from "./cidr";
import { AWS_REGIONS } from "./regions";
import { SERVICE_NAMES, ServiceName } from "./service-names";
import { DOCUMENT_DATABASE_INSTANCE_CLASSES } from "./document-database-classes";
import { POSTGRES_INSTANCE_CLASSES } from "./postgres-instance-classes";
import { engineVersionProblem } from "./postgres-versions";
import { tagsSchema } from "./tags";
import { keycloakImageProblem } from "./keycloak-image";
import { mcpServersSchema, validateMcpServers } from "./mcp-servers";
import { realmUsersSchema } from "./realm-users";
import {
  CONTRACTED_SERVICES,
  ContractedService,
  isOlderThanSupported,
  supportedRangeText,
  upstreamTagFix,
  upstreamTagProblem,
} from "../contract/app-contract";

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** An emulator must run on this machine: credentials and state of a test deployment never leave it. */
const LOOPBACK_ENDPOINT = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?\/?$/;
/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/**
 * Load balancer idle timeout: an hour, long enough for an MCP stream that waits on a slow tool or a quiet SSE channel;
 * upstream's SSE endpoints send no keep-alive of their own that would reset a shorter timer.
 */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 3600;
/** Deregistration delay: five minutes for open streams to finish before a deploy or scale-in stops their task. */
export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;
/** Application load balancers need subnets of at least a /27. */
const MAX_LOAD_BALANCER_SUBNET_PREFIX = 27;
/** Fargate task sizes: CPU units and the memory (MiB) each allows. */
export const FARGATE_MEMORY_BY_CPU: Record<number, { min: number; max: number; step: number }> = {
  256: { min: 512, max: 2048, step: 512 },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
};

const domainName = z
  .string()
  .transform((value) => value.toLowerCase())
  .refine((value) => DOMAIN_PATTERN.test(value), {
    message: "is not a valid DNS name; use lower-case labels separated by dots, e.g. mycorp.example.com",
  });

const cidr = z.string().superRefine((value, ctx) => {
  if (parseCidr(value) === undefined) ctx.addIssue({ code: "custom", message: cidrProblem(value), input: value });
});

/** Defaults of the VPC this deployment creates when `network.existing` is not set. */
export const NEW_VPC_DEFAULTS = {
  vpcCidr: "10.0.0.0/16",
  azCount: 2,
  natGateways: "one-per-az",
  /** The smallest Graviton type: NAT for a small deployment's image pulls and API calls (up to 5 Gbps burst). */
  natInstanceType: "t4g.nano",
  flowLogs: true,
  interfaceEndpoints: true,
} as const;

/**
 * Graviton (arm64) instance types: the generation digit is followed by `g` (t4g, m7gd, c7gn, im4gn, is4gen, x2gd), or
 * the first-generation a1. x86 families never carry a `g` there (g4dn, g5 and x2idn put it elsewhere).
 */
const GRAVITON_INSTANCE_TYPE = /^(a1|[a-z]+\d+g[a-z]*)\.[a-z0-9]+$/;

/** Keycloak's database: Aurora Serverless v2 (the default) or a single RDS for PostgreSQL instance. */
export const DATABASE_ENGINES = ["aurora-serverless", "postgres-instance"] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];
export const AURORA_SERVERLESS_DEFAULTS = { minAcu: 0.5, maxAcu: 2, reader: false } as const;
export const POSTGRES_INSTANCE_DEFAULTS = {
  instanceClass: "db.t4g.micro",
  allocatedStorageGb: 20,
  maxAllocatedStorageGb: 100,
  multiAz: false,
} as const;
const ENGINE_SETTINGS: Readonly<Record<DatabaseEngine, readonly string[]>> = {
  "aurora-serverless": Object.keys(AURORA_SERVERLESS_DEFAULTS),
  "postgres-instance": Object.keys(POSTGRES_INSTANCE_DEFAULTS),
};

const IPV4_ADDRESS = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const subnetIdList = z
  .array(z.string().regex(/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, { message: "is not a subnet ID; use the form subnet-0123456789abcdef0" }))
  .min(2, {
    message:
      "must list at least two subnets in different AZs (load balancers and the database need two), e.g. [subnet-0123456789abcdef0, ...]",
  });

const existingNetwork = z.strictObject({
  vpcId: z.string().regex(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, { message: "is not a VPC ID; use the form vpc-0123456789abcdef0" }),
  /** One per AZ: tasks, the database and the file system. They need a route to the internet (a NAT gateway). */
  privateSubnetIds: subnetIdList,
  /** One per AZ, with a route to an internet gateway: the load balancers. */
  publicSubnetIds: subnetIdList,
  /**
   * Public addresses the private subnets' outbound traffic leaves from (the VPC's NAT gateways), reported as the
   * nat_public_ips output (e.g. for third parties' allow-lists). No load balancer rule uses them: the services reach
   * Keycloak inside the VPC, and only keycloak.adminCidrs reach its admin API.
   */
  egressPublicIps: z.array(z.string().regex(IPV4_ADDRESS, { message: "is not an IPv4 address; use the form 198.51.100.7" })).default([]),
});

const imageBuild = z.strictObject({
  /** Directory with the Docker build context, relative to the configuration file. */
  context: z.string().min(1),
  dockerfile: z.string().min(1).default("Dockerfile"),
  args: z.record(z.string(), z.string()).default({}),
});

const scaling = {
  cpu: z.union(Object.keys(FARGATE_MEMORY_BY_CPU).map((cpu) => z.literal(Number(cpu)))).optional(),
  memory: z.number().int().positive().optional(),
  minCapacity: z.number().int().min(0).max(100).optional(),
  maxCapacity: z.number().int().min(1).max(100).optional(),
  desiredCount: z.number().int().min(0).max(100).optional(),
  /** Run on FARGATE_SPOT capacity (interruptible, about 70 % cheaper). */
  spot: z.boolean().optional(),
};

const service = z.strictObject({
  enabled: z.boolean().optional(),
  /** An image reference: a digest (repo@sha256:...) or a pinned tag (repo:1.2.3). */
  image: z.string().min(1).optional(),
  build: imageBuild.optional(),
  /** Allow ECS Exec (an interactive shell) into the service's tasks; sessions are KMS-encrypted and logged. */
  exec: z.boolean().optional(),
  ...scaling,
});

const servicesShape = Object.fromEntries(SERVICE_NAMES.map((name) => [name, service.optional()])) as Record<
  ServiceName,
  z.ZodOptional<typeof service>
>;

const backend = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("local") }),
  z
    .strictObject({
      type: z.literal("s3"),
      bucket: z.string().min(3),
      /** Each stack's state is stored at `<keyPrefix>/<namePrefix>/<region>/<stack>.tfstate`. */
      keyPrefix: z.string().min(1).default("mcp-gateway"),
      region: z.enum(AWS_REGIONS).optional(),
      /** KMS key for server-side encryption of the state objects; AES256 when omitted. */
      kmsKeyId: z.string().min(1).optional(),
      /** `dynamodb` locks with a DynamoDB table; `lockfile` uses S3-native locking (Terraform >= 1.10). */
      locking: z.enum(["dynamodb", "lockfile"]).default("lockfile"),
      dynamodbTable: z.string().min(3).optional(),
    })
    .superRefine((s3, ctx) => {
      if (s3.locking === "dynamodb" && !s3.dynamodbTable) {
        ctx.addIssue({
          code: "custom",
          path: ["dynamodbTable"],
          message: "is missing; locking: dynamodb needs the table's name (or use locking: lockfile)",
        });
      }
      if (s3.locking === "lockfile" && s3.dynamodbTable) {
        ctx.addIssue({
          code: "custom",
          path: ["dynamodbTable"],
          message: `(${s3.dynamodbTable}) would be ignored: locking is lockfile; set locking: dynamodb to use the table, or remove dynamodbTable`,
        });
      }
    }),
  z.strictObject({
    type: z.literal("cloud"),
    organization: z.string().min(1),
    hostname: domainName.optional(),
    project: z.string().min(1).optional(),
    /** Workspaces are named `[<workspacePrefix>-]<namePrefix>-<region>-<stack>`, e.g. mcp-gateway-us-east-1-app. */
    workspacePrefix: z.string().min(1).optional(),
    /**
     * The workspaces' execution mode, as set in HCP Terraform: `remote` (HashiCorp's runners, on the internet at
     * unpublished addresses), `agent` (an agent pool you run, e.g. inside the VPC) or `local` (your machine or CI runner).
     */
    executionMode: z.enum(["remote", "agent", "local"]).default("remote"),
  }),
]);

/** Days the deployment's access log bucket keeps a load balancer's logs. */
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;
/** Requests per address in any 5 minutes, on every path (about 6.7 a second, sustained). */
export const DEFAULT_RATE_LIMIT_PER_ADDRESS = 2000;
/** Requests per address in any 5 minutes to the login and token paths (WAF_LOGIN_PATH_PATTERN). */
export const DEFAULT_LOGIN_RATE_LIMIT_PER_ADDRESS = 100;
/** AWS WAF's bounds for a rate-based rule's limit. */
const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 } as const;

const accessLogs = z
  .strictObject({
    enabled: z.boolean().default(true),
    /**
     * An S3 bucket you own (SSE-S3, with a policy admitting the region's ELB log delivery) instead of the one this
     * deployment creates; retentionDays then does not apply (the bucket's lifecycle is yours).
     */
    bucket: z.string().min(3).optional(),
    /** Key prefix; each load balancer writes under `<prefix>/<main|keycloak>/AWSLogs/<account>/`. */
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, {
        message: "must be S3 key segments without leading, trailing or double slashes, e.g. alb",
      })
      .refine((prefix) => !/AWSLogs/i.test(prefix), { message: 'may not contain "AWSLogs" (the load balancer adds it)' })
      .default("alb"),
    /** Days the deployment's bucket keeps each log object before S3 deletes it. */
    retentionDays: z.number().int().min(1).max(3650).optional(),
  })
  .superRefine((logs, ctx) => {
    if (logs.bucket && logs.retentionDays !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["retentionDays"],
        message:
          "does not apply to a bucket of your own (accessLogs.bucket): set its lifecycle there, or remove bucket to use the deployment's",
      });
    }
  })
  .transform((logs) => ({ ...logs, retentionDays: logs.retentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS }));

const rateLimit = z
  .number()
  .int()
  .min(WAF_RATE_LIMIT.min, { message: `must be at least ${WAF_RATE_LIMIT.min} (AWS WAF's smallest rate limit)` })
  .max(WAF_RATE_LIMIT.max);

const webAcl = z
  .strictObject({
    /** false: no web ACL (and none of its cost): the load balancers then take every request their listeners admit. */
    enabled: z.boolean().default(true),
    /** AWS's list of addresses known for bots, scanning and DDoS participation (AWSManagedRulesAmazonIpReputationList). */
    ipReputationList: z.boolean().default(true),
    /** Requests one client address may make in any 5 minutes, on any path, before WAF blocks it for a while. */
    rateLimitPerAddress: rateLimit.default(DEFAULT_RATE_LIMIT_PER_ADDRESS),
    /** The same for the login and token paths of Keycloak and the registry: password guessing is slowed to this. */
    loginRateLimitPerAddress: rateLimit.default(DEFAULT_LOGIN_RATE_LIMIT_PER_ADDRESS),
  })
  .superRefine((waf, ctx) => {
    if (waf.loginRateLimitPerAddress > waf.rateLimitPerAddress) {
      ctx.addIssue({
        code: "custom",
        path: ["loginRateLimitPerAddress"],
        message: `(${waf.loginRateLimitPerAddress}) is above rateLimitPerAddress (${waf.rateLimitPerAddress}), which would block the address first; keep it at or below`,
      });
    }
  });

export const configSchema = z
  .strictObject({
    /** Prefix of every physical resource name; short, because ALB and target group names are limited to 32 characters. */
    namePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, {
        message: "must be 3-20 characters of a-z, 0-9 and '-', starting with a letter, e.g. mcp-gateway",
      })
      .default("mcp-gateway"),
    region: z.enum(AWS_REGIONS),
    domains: z
      .strictObject({
        /** `regional`: registry.<region>.<baseDomain> and kc.<region>.<baseDomain>; `static`: the names given below. */
        mode: z.enum(["regional", "static"]).default("regional"),
        baseDomain: domainName.optional(),
        registry: domainName.optional(),
        keycloak: domainName.optional(),
        /** The public Route53 hosted zone that holds the records; defaults to baseDomain. */
        hostedZone: domainName.optional(),
      })
      .superRefine((domains, ctx) => {
        if (domains.mode === "regional" && !domains.baseDomain) {
          ctx.addIssue({ code: "custom", path: ["baseDomain"], message: "is required when mode is regional" });
        }
        if (domains.mode === "regional") {
          for (const key of ["registry", "keycloak"] as const) {
            if (domains[key]) {
              ctx.addIssue({
                code: "custom",
                path: [key],
                message: `(${domains[key]}) would be ignored: mode regional derives the names from baseDomain; set mode: static to use it, or remove it`,
              });
            }
          }
        }
        if (domains.mode === "static") {
          for (const key of ["registry", "keycloak"] as const) {
            if (!domains[key]) {
              ctx.addIssue({ code: "custom", path: [key], message: "is required when mode is static" });
            }
          }
          if (domains.registry && domains.registry === domains.keycloak) {
            ctx.addIssue({
              code: "custom",
              path: ["keycloak"],
              message: `(${domains.keycloak}) is also the registry's name; each needs its own name (own load balancer and certificate)`,
            });
          }
          if (!domains.hostedZone && !domains.baseDomain) {
            ctx.addIssue({
              code: "custom",
              path: ["hostedZone"],
              message: "is required when mode is static (or set baseDomain)",
            });
          }
        }
      }),
    network: z
      .strictObject({
        // The settings of a VPC this deployment creates have no default here: they conflict with `existing`, so the
        // schema must see whether they were given. resolveConfig applies NEW_VPC_DEFAULTS.
        vpcCidr: cidr.optional(),
        azCount: z.union([z.literal(2), z.literal(3)]).optional(),
        /**
         * `one-per-az` survives an AZ outage; `single` saves the cost of the extra NAT gateways; `instance` replaces
         * them with one small EC2 NAT instance (cheapest; one AZ, minutes of recovery, and you patch it).
         */
        natGateways: z.enum(["one-per-az", "single", "instance"]).optional(),
        /** EC2 instance type of the NAT instance (`natGateways: instance`): an arm64 (Graviton) type. */
        natInstanceType: z
          .string()
          .regex(GRAVITON_INSTANCE_TYPE, {
            message:
              "is not an arm64 (Graviton) instance type; the NAT instance runs the arm64 Amazon Linux 2023 image, so use e.g. t4g.nano, t4g.micro or c7gn.medium",
          })
          .optional(),
        publicSubnetCidrs: z.array(cidr).optional(),
        privateSubnetCidrs: z.array(cidr).optional(),
        /** Client networks allowed to reach the load balancers. */
        ingressCidrs: z.array(cidr).min(1, { message: "must list at least one CIDR block" }),
        /** Must be true to allow 0.0.0.0/0 in ingressCidrs. */
        allowPublicIngress: z.boolean().default(false),
        flowLogs: z.boolean().optional(),
        /** Interface endpoints for AWS APIs in every AZ; false sends that traffic through the NAT gateways instead. */
        interfaceEndpoints: z.boolean().optional(),
        /** Deploy into a VPC that already exists: nothing of the network is created (security groups still are). */
        existing: existingNetwork.optional(),
      })
      .superRefine(validateNetwork),
    loadBalancers: z
      .strictObject({
        /** `internal` keeps Keycloak reachable only from the VPC and peered networks. */
        keycloakScheme: z.enum(["internal", "internet-facing"]).default("internet-facing"),
        /**
         * One load balancer for both names: Keycloak is served by the main one on its own host name (a listener rule and
         * its certificate by SNI) instead of by a load balancer of its own. Saves a load balancer and its public IPv4
         * addresses; both then share one failure and capacity domain.
         */
        shared: z.boolean().default(false),
        /**
         * Access logs of every load balancer (one object per request: client address and port, path, status, target),
         * in an S3 bucket this deployment creates, or in `bucket`, one you own that already grants ELB log delivery.
         */
        accessLogs: accessLogs.default({ enabled: true, prefix: "alb", retentionDays: DEFAULT_ACCESS_LOG_RETENTION_DAYS }),
        /** A WAFv2 web ACL on every load balancer: managed rule groups, per-address rate limits, logs to CloudWatch. */
        waf: webAcl.default({
          enabled: true,
          ipReputationList: true,
          rateLimitPerAddress: DEFAULT_RATE_LIMIT_PER_ADDRESS,
          loginRateLimitPerAddress: DEFAULT_LOGIN_RATE_LIMIT_PER_ADDRESS,
        }),
        deletionProtection: z.boolean().optional(),
        /**
         * Seconds a connection may stay silent before the load balancer closes it. MCP clients hold streamable-HTTP/SSE
         * streams open between events; AWS's 60 s default cuts every quiet stream after a minute.
         */
        idleTimeoutSeconds: z.number().int().min(1).max(4000).default(DEFAULT_IDLE_TIMEOUT_SECONDS),
        /** Seconds a stopping task keeps serving its open connections (deploys, scale-in) before it is cut off. */
        deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(DEFAULT_DEREGISTRATION_DELAY_SECONDS),
      })
      .default({
        keycloakScheme: "internet-facing",
        shared: false,
        accessLogs: { enabled: true, prefix: "alb", retentionDays: DEFAULT_ACCESS_LOG_RETENTION_DAYS },
        waf: {
          enabled: true,
          ipReputationList: true,
          rateLimitPerAddress: DEFAULT_RATE_LIMIT_PER_ADDRESS,
          loginRateLimitPerAddress: DEFAULT_LOGIN_RATE_LIMIT_PER_ADDRESS,
        },
        idleTimeoutSeconds: DEFAULT_IDLE_TIMEOUT_SECONDS,
        deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS,
      })
      .superRefine((loadBalancers, ctx) => {
        // The shared load balancer is the registry's, in the public subnets: Keycloak cannot be internal on it.
        if (loadBalancers.shared && loadBalancers.keycloakScheme === "internal") {
          ctx.addIssue({
            code: "custom",
            path: ["keycloakScheme"],
            message:
              "(internal) cannot apply with loadBalancers.shared: true: Keycloak is then served by the main, internet-facing load balancer; remove keycloakScheme, or set shared: false to keep an internal Keycloak load balancer",
          });
        }
      }),
    keycloak: z
      .strictObject({
        realm: z
          .string()
          .regex(/^[a-z][a-z0-9-]*$/, { message: "must start with a lower-case letter and hold only a-z, 0-9 and '-', e.g. mcp-gateway" })
          // The load balancer keeps /realms/master* for the admin networks, so such a realm's login pages would be hidden.
          .refine((realm) => !realm.startsWith("master"), {
            message: 'may not start with "master" (Keycloak\'s administration realm); choose another name, e.g. mcp-gateway',
          })
          .default("mcp-gateway"),
        /**
         * Networks allowed to use Keycloak's admin console and API (/admin*, /realms/master*); everyone else gets 404.
         * Terraform configures the realm through that API, so the network Terraform runs from belongs here.
         */
        adminCidrs: z.array(cidr).default([]),
        /** Create testuser, lob1-user and lob2-user for demos (with configureRealm only). */
        demoUsers: z.boolean().default(false),
        logLevel: z.enum(["DEBUG", "INFO", "WARN", "ERROR"]).default("INFO"),
        /** Bump to rotate the Keycloak client secrets; consuming services roll. */
        clientSecretVersion: z.number().int().min(1).default(1),
        /** Bump to give the registry's Keycloak account a new password (the account is re-created; the registry rolls). */
        registryAccountPasswordVersion: z.number().int().min(1).default(1),
        /** Apply waits for a healthy Keycloak service before configuring the realm through its API. */
        waitForHealthyService: z.boolean().default(true),
        /** Declare the realm, clients, groups and users; false leaves Keycloak's content to someone else. */
        configureRealm: z.boolean().default(true),
        /** Let coding assistants register themselves as OAuth clients (anonymous dynamic client registration). */
        dynamicClientRegistration: z.boolean().default(false),
        /**
         * How a Keycloak deploy replaces tasks. `recreate` stops the old tasks before new ones start, so a new version
         * never migrates the schema under old tasks (logins pause for about two minutes on every Keycloak deploy);
         * `rolling` keeps old tasks serving until new ones are healthy (for patch releases and configuration changes).
         */
        upgradeStrategy: z.enum(["recreate", "rolling"]).default("recreate"),
        /** People of the application realm, with their groups (src/config/realm-users.ts). */
        users: realmUsersSchema,
      })
      .default({
        realm: "mcp-gateway",
        adminCidrs: [],
        demoUsers: false,
        logLevel: "INFO",
        clientSecretVersion: 1,
        registryAccountPasswordVersion: 1,
        waitForHealthyService: true,
        configureRealm: true,
        dynamicClientRegistration: false,
        upgradeStrategy: "recreate",
        users: [],
      }),
    /** Outbound calls the registry makes on its own; off unless switched on here. */
    application: z
      .strictObject({
        /** Anonymous usage telemetry (startup ping, daily heartbeat, cloud metadata probes). */
        telemetry: z.boolean().default(false),
        /** Daily poll of GitHub releases for the admin's "newer release" banner. */
        updateCheck: z.boolean().default(false),
      })
      .default({ telemetry: false, updateCheck: false }),
    services: z.strictObject(servicesShape).default({}),
    /** MCP servers of your own, each its own ECS service, registered with the registry (src/config/mcp-servers.ts). */
    mcpServers: mcpServersSchema,
    /** Accept `:latest` or untagged image references (not recommended: deploys stop being reproducible). */
    allowMutableImageTags: z.boolean().default(false),
    /** ECR repositories of services built from source (`build`). */
    imageRepositories: z
      .strictObject({
        /** Images kept per repository; older ones expire. Running tasks use the newest, so keep at least 2 for rollbacks. */
        keepImages: z.number().int().min(2).max(1000).default(10),
      })
      .default({ keepImages: 10 }),
    database: z
      .strictObject({
        /**
         * `aurora-serverless`: Aurora PostgreSQL Serverless v2 (scales between minAcu and maxAcu, optional reader);
         * `postgres-instance`: one RDS for PostgreSQL instance of a fixed class, a fraction of the price. Changing it on a
         * running deployment replaces Keycloak's database (docs/architecture.md, "Keycloak's database engine").
         */
        engine: z.enum(DATABASE_ENGINES).default("aurora-serverless"),
        // The settings of one engine have no default here: they conflict with the other engine, so the schema must see
        // whether they were given. resolveConfig applies AURORA_SERVERLESS_DEFAULTS and POSTGRES_INSTANCE_DEFAULTS.
        minAcu: z.number().min(0).max(256).multipleOf(0.5).optional(),
        maxAcu: z.number().min(1).max(256).multipleOf(0.5).optional(),
        reader: z.boolean().optional(),
        instanceClass: z.enum(POSTGRES_INSTANCE_CLASSES).optional(),
        /** gp3 storage allocated at creation, GB (20 is gp3's minimum). */
        allocatedStorageGb: z.number().int().min(20).max(65536).optional(),
        /** Storage autoscaling grows the volume up to this many GB when free space runs low. */
        maxAllocatedStorageGb: z.number().int().min(21).max(65536).optional(),
        /** A synchronous standby in a second AZ that takes over in one to two minutes; doubles the instance's price. */
        multiAz: z.boolean().optional(),
        backupRetentionDays: z.number().int().min(1).max(35).default(7),
        engineVersion: z
          .string()
          .regex(/^\d+\.\d+$/, { message: "must be a PostgreSQL major.minor version (Aurora or RDS), e.g. 16.6" })
          .default("16.6"),
        /** Keycloak connects through an RDS Proxy; false connects it to the database's writer endpoint directly. */
        proxy: z.boolean().default(true),
      })
      .default({ engine: "aurora-serverless", backupRetentionDays: 7, engineVersion: "16.6", proxy: true })
      .superRefine(validateDatabase),
    /** Amazon DocumentDB, the registry's and the auth server's database (servers, agents, scopes, audit events). */
    documentDatabase: z
      .strictObject({
        instanceClass: z.enum(DOCUMENT_DATABASE_INSTANCE_CLASSES).default("db.t3.medium"),
        /** One writer plus replicas; 2 or more for production, so a failover has somewhere to go. */
        instances: z.number().int().min(1).max(16).default(1),
        backupRetentionDays: z.number().int().min(1).max(35).default(7),
        /** Bump to generate new credentials; the cluster takes the new password and the registry and auth server roll. */
        credentialsVersion: z.number().int().min(1).default(1),
      })
      .default({ instanceClass: "db.t3.medium", instances: 1, backupRetentionDays: 7, credentialsVersion: 1 }),
    fileSystem: z
      .strictObject({
        /** Keep the registry's embeddings model on EFS, so new tasks skip the download from Hugging Face. */
        modelsCache: z.boolean().default(false),
        throughputMode: z.enum(["bursting", "elastic"]).default("elastic"),
      })
      .default({ modelsCache: false, throughputMode: "elastic" }),
    observability: z
      .strictObject({
        logRetentionDays: z
          .number()
          .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
            message: `is not a CloudWatch Logs retention period; use one of ${LOG_RETENTION_DAYS.join(", ")}`,
          })
          .default(30),
        alarmEmail: z
          .string()
          .refine((value) => EMAIL_PATTERN.test(value), {
            message: "is not an e-mail address; give one mailbox, e.g. oncall@mycorp.example",
          })
          .optional(),
      })
      .default({ logRetentionDays: 30 }),
    /** Generation numbers of the generated secrets: bump one to generate a new value (services using it roll). */
    secrets: z
      .strictObject({
        secretKeyVersion: z.number().int().min(1).default(1),
        nginxMarkerSecretVersion: z.number().int().min(1).default(1),
        metricsApiKeyVersion: z.number().int().min(1).default(1),
        /** Keycloak's database password: a bump sets a new password on the cluster and in its secret, and rolls Keycloak. */
        databasePasswordVersion: z.number().int().min(1).default(1),
      })
      .default({ secretKeyVersion: 1, nginxMarkerSecretVersion: 1, metricsApiKeyVersion: 1, databasePasswordVersion: 1 }),
    /** Deletion protection (AWS side) for the database and load balancers, and prevent_destroy on every stateful resource. */
    deletionProtection: z.boolean().default(true),
    backend: backend.default({ type: "local" }),
    /** Existing resources the app stack takes over instead of creating: `<resource address>: <import id>`. */
    adopt: z
      .record(z.string(), z.string().min(1))
      .default({})
      .superRefine((adopt, ctx) => {
        for (const address of Object.keys(adopt)) {
          if (!/^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$/.test(address)) {
            ctx.addIssue({
              code: "custom",
              path: [address],
              message:
                "is not a resource address of this deployment; use <type>.<name> as in cdktf.out/stacks/app/cdk.tf.json, e.g. aws_route53_record.dns_registry (docs/migrating-from-terraform-aws-ecs.md maps the HCL addresses)",
            });
          }
        }
      }),
    /** Deploys to a local AWS emulator (moto, LocalStack) instead of AWS; for end-to-end tests. */
    emulator: z
      .strictObject({
        endpoint: z.string().refine((value) => LOOPBACK_ENDPOINT.test(value), {
          message: "must be an http(s) URL on this machine, e.g. http://127.0.0.1:5000 (127.0.0.1, localhost or [::1])",
        }),
      })
      .optional(),
    tags: tagsSchema,
  })
  .superRefine((config, ctx) => {
    validateServices(config, ctx);
    validateMcpServers(config, ctx);
    validateKeycloakAdminAccess(config, ctx);
  });

export type RawConfig = z.input<typeof configSchema>;
type ParsedConfig = z.output<typeof configSchema>;

function validateNetwork(network: ParsedConfigNetwork, ctx: z.RefinementCtx): void {
  for (const [index, block] of network.ingressCidrs.entries()) {
    if (network.ingressCidrs.indexOf(block) !== index) {
      ctx.addIssue({
        code: "custom",
        path: ["ingressCidrs", index],
        message: `(${block}) is listed twice; AWS refuses duplicate security group rules, so remove the repetition`,
      });
    }
    const parsed = parseCidr(block);
    if (parsed && parsed.prefix === 0 && !network.allowPublicIngress) {
      ctx.addIssue({
        code: "custom",
        path: ["ingressCidrs", index],
        message: `(${block}) opens the load balancers to the whole internet; list your client networks, or set network.allowPublicIngress: true`,
      });
    }
  }
  if (network.existing) {
    validateExistingNetwork(network, network.existing, ctx);
    return;
  }
  if (network.natInstanceType !== undefined && network.natGateways !== "instance") {
    ctx.addIssue({
      code: "custom",
      path: ["natInstanceType"],
      message: `(${network.natInstanceType}) would be ignored: there is no NAT instance with natGateways ${network.natGateways ?? NEW_VPC_DEFAULTS.natGateways}; set natGateways: instance to use it, or remove natInstanceType`,
    });
  }
  const vpcCidr = network.vpcCidr ?? NEW_VPC_DEFAULTS.vpcCidr;
  const azCount = network.azCount ?? NEW_VPC_DEFAULTS.azCount;
  const vpc = parseCidr(vpcCidr);
  if (!vpc) return;
  if (vpc.prefix < 16 || vpc.prefix > 20) {
    ctx.addIssue({
      code: "custom",
      path: ["vpcCidr"],
      message: `(${vpcCidr}) must have a prefix length between /16 and /20`,
    });
  } else if (vpc.prefix + 8 > MAX_LOAD_BALANCER_SUBNET_PREFIX && !network.publicSubnetCidrs) {
    ctx.addIssue({
      code: "custom",
      path: ["vpcCidr"],
      message: `(${vpcCidr}) leaves /${vpc.prefix + 8} default public subnets, smaller than the /${MAX_LOAD_BALANCER_SUBNET_PREFIX} load balancers need; use /16 to /${MAX_LOAD_BALANCER_SUBNET_PREFIX - 8}, or set network.publicSubnetCidrs`,
    });
  }
  const subnetLists = [
    ["publicSubnetCidrs", network.publicSubnetCidrs],
    ["privateSubnetCidrs", network.privateSubnetCidrs],
  ] as const;
  const seen: { path: (string | number)[]; block: string }[] = [];
  for (const [key, list] of subnetLists) {
    if (!list) continue;
    if (list.length !== azCount) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `lists ${list.length} blocks; give exactly one per AZ (azCount is ${azCount})`,
      });
    }
    for (const [index, block] of list.entries()) {
      const parsed = parseCidr(block);
      if (key === "publicSubnetCidrs" && parsed && parsed.prefix > MAX_LOAD_BALANCER_SUBNET_PREFIX) {
        ctx.addIssue({
          code: "custom",
          path: [key, index],
          message: `(${block}) is smaller than the /${MAX_LOAD_BALANCER_SUBNET_PREFIX} load balancers need; use a /${MAX_LOAD_BALANCER_SUBNET_PREFIX} or larger block`,
        });
      }
      if (!cidrContains(vpcCidr, block)) {
        ctx.addIssue({
          code: "custom",
          path: [key, index],
          message: `(${block}) is not inside vpcCidr ${vpcCidr}`,
        });
      }
      const clash = seen.find((other) => cidrsOverlap(other.block, block));
      if (clash) {
        ctx.addIssue({
          code: "custom",
          path: [key, index],
          message: `(${block}) overlaps network.${clash.path.join(".")} (${clash.block}); subnets must not overlap`,
        });
      }
      seen.push({ path: [key, index], block });
    }
  }
}
type ParsedConfigDatabase = {
  engine: DatabaseEngine;
  minAcu?: number;
  maxAcu?: number;
  reader?: boolean;
  allocatedStorageGb?: number;
  maxAllocatedStorageGb?: number;
  engineVersion: string;
};

/** Settings of the other engine are refused rather than ignored: a reader or an ACU range that silently does nothing misleads. */
function validateDatabase(database: ParsedConfigDatabase, ctx: z.RefinementCtx): void {
  for (const [engine, keys] of Object.entries(ENGINE_SETTINGS)) {
    if (engine === database.engine) continue;
    for (const key of keys) {
      const value = (database as Record<string, string | number | boolean | undefined>)[key];
      if (value === undefined) continue;
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `(${String(value)}) applies to engine ${engine} only, but engine is ${database.engine}; remove database.${key}, or set database.engine: ${engine}`,
      });
    }
  }
  // A malformed version has its own problem (the field's pattern); which versions exist is asked of well-formed ones.
  const versionProblem = /^\d+\.\d+$/.test(database.engineVersion)
    ? engineVersionProblem(database.engine, database.engineVersion)
    : undefined;
  if (versionProblem) ctx.addIssue({ code: "custom", path: ["engineVersion"], message: `(${database.engineVersion}) ${versionProblem}` });
  if (database.engine === "aurora-serverless") {
    const minAcu = database.minAcu ?? AURORA_SERVERLESS_DEFAULTS.minAcu;
    const maxAcu = database.maxAcu ?? AURORA_SERVERLESS_DEFAULTS.maxAcu;
    if (minAcu > maxAcu) {
      ctx.addIssue({
        code: "custom",
        path: ["minAcu"],
        message: `(${minAcu}) is greater than maxAcu (${maxAcu}); minAcu must be <= maxAcu`,
      });
    }
  } else {
    const allocated = database.allocatedStorageGb ?? POSTGRES_INSTANCE_DEFAULTS.allocatedStorageGb;
    const cap = database.maxAllocatedStorageGb ?? POSTGRES_INSTANCE_DEFAULTS.maxAllocatedStorageGb;
    if (cap <= allocated) {
      ctx.addIssue({
        code: "custom",
        path: ["maxAllocatedStorageGb"],
        message: `(${cap}) is not above allocatedStorageGb (${allocated}); storage autoscaling needs room to grow: raise maxAllocatedStorageGb or lower allocatedStorageGb`,
      });
    }
  }
}

type ParsedConfigNetwork = {
  vpcCidr?: string;
  azCount?: 2 | 3;
  natGateways?: string;
  natInstanceType?: string;
  flowLogs?: boolean;
  interfaceEndpoints?: boolean;
  ingressCidrs: string[];
  allowPublicIngress: boolean;
  publicSubnetCidrs?: string[];
  privateSubnetCidrs?: string[];
  existing?: z.output<typeof existingNetwork>;
};

/**
 * What can be checked of an existing VPC before anything runs: ID formats (the schema), no subnet listed twice, one
 * private and one public subnet per AZ by count, and no setting of a VPC this deployment would create. The subnets'
 * VPC and AZs are checked by Terraform when it reads them (postconditions in src/constructs/existing-network.ts).
 */
function validateExistingNetwork(network: ParsedConfigNetwork, existing: z.output<typeof existingNetwork>, ctx: z.RefinementCtx): void {
  const newVpcSettings = [
    "vpcCidr",
    "azCount",
    "natGateways",
    "natInstanceType",
    "publicSubnetCidrs",
    "privateSubnetCidrs",
    "flowLogs",
    "interfaceEndpoints",
  ] as const;
  for (const key of newVpcSettings) {
    if (key === "natGateways" && network.natGateways === "instance") {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message:
          "(instance) cannot be set together with network.existing: nothing of an existing VPC's network is created, a NAT instance neither; its private subnets must already route to a NAT (gateway or instance) of its own; remove network.natGateways",
      });
      continue;
    }
    if (network[key] !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `cannot be set together with network.existing (it configures a VPC this deployment creates); remove network.${key}`,
      });
    }
  }
  const seen = new Map<string, string>();
  for (const key of ["privateSubnetIds", "publicSubnetIds"] as const) {
    for (const [index, id] of existing[key].entries()) {
      const first = seen.get(id);
      if (first) {
        ctx.addIssue({
          code: "custom",
          path: ["existing", key, index],
          message: `(${id}) is already listed as network.existing.${first}; list each subnet once`,
        });
      }
      seen.set(id, `${key}.${index}`);
    }
  }
  if (existing.privateSubnetIds.length !== existing.publicSubnetIds.length) {
    ctx.addIssue({
      code: "custom",
      path: ["existing", "publicSubnetIds"],
      message: `lists ${existing.publicSubnetIds.length} subnets and privateSubnetIds ${existing.privateSubnetIds.length}; give one private and one public subnet per AZ`,
    });
  }
}

function validateServices(config: ParsedConfig, ctx: z.RefinementCtx): void {
  for (const name of SERVICE_NAMES) {
    const settings = config.services[name];
    if (!settings) continue;
    const path = ["services", name];
    if (settings.image && settings.build) {
      ctx.addIssue({ code: "custom", path, message: "sets both image and build; choose one" });
    }
    if (settings.build && config.backend.type === "cloud" && config.backend.executionMode !== "local") {
      ctx.addIssue({
        code: "custom",
        path: [...path, "build"],
        message:
          `cannot be used with Terraform Cloud's ${config.backend.executionMode} execution (its runners have no Docker daemon); pre-build the image and set services.` +
          `${name}.image to its digest, or use backend.executionMode: local`,
      });
    }
    const malformed = settings.image === undefined ? undefined : imageReferenceProblem(settings.image);
    const contracted = CONTRACTED_SERVICES.includes(name as ContractedService);
    const notPublished = settings.image && contracted ? upstreamTagProblem(settings.image, name as ContractedService) : undefined;
    if (malformed) {
      ctx.addIssue({ code: "custom", path: [...path, "image"], message: `(${settings.image}) ${malformed}` });
    } else if (notPublished) {
      // Before the mutable-tag check: allowMutableImageTags can't make upstream publish a tag it never does.
      ctx.addIssue({
        code: "custom",
        path: [...path, "image"],
        message: `(${settings.image}) ${notPublished}; ${upstreamTagFix(name as ContractedService)}`,
      });
    } else if (settings.image && !config.allowMutableImageTags) {
      const problem = mutableImageProblem(settings.image);
      if (problem) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "image"],
          message: `(${settings.image}) ${problem}; pin a version tag or a digest (repo@sha256:...), or set allowMutableImageTags: true`,
        });
      }
    }
    // A malformed reference gets its own problem; judging its version too would report it twice.
    const image = settings.image && !imageReferenceProblem(settings.image) && !notPublished ? settings.image : undefined;
    if (image && contracted && isOlderThanSupported(image)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "image"],
        message:
          `(${settings.image}) is older than the supported application versions ${supportedRangeText()}; ` +
          "use a supported release tag, or a custom image with a non-version tag or a digest",
      });
    }
    const tooOldKeycloak = image && name === "keycloak" ? keycloakImageProblem(image) : undefined;
    if (tooOldKeycloak) ctx.addIssue({ code: "custom", path: [...path, "image"], message: `(${settings.image}) ${tooOldKeycloak}` });
    if (settings.minCapacity !== undefined && settings.maxCapacity !== undefined && settings.minCapacity > settings.maxCapacity) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "minCapacity"],
        message: `(${settings.minCapacity}) is greater than maxCapacity (${settings.maxCapacity}); minCapacity must be <= maxCapacity`,
      });
    }
  }
}

/** The most admin networks: the load balancer's rules (3 sources each) must stay well under its 100-rule limit. */
export const MAX_KEYCLOAK_ADMIN_CIDRS = 30;
const ADMIN_CIDRS_HELP =
  "your laptop: its public address as a.b.c.d/32 (curl -s https://checkip.amazonaws.com); a self-hosted CI runner: the " +
  "public (NAT) address it leaves from; GitHub-hosted runners and Terraform Cloud remote runs have no fixed address, so use " +
  'a self-hosted runner or a Terraform Cloud agent inside the VPC (docs/architecture.md, "Reaching Keycloak\'s admin API")';

function validateKeycloakAdminAccess(config: ParsedConfig, ctx: z.RefinementCtx): void {
  const { adminCidrs, configureRealm } = config.keycloak;
  for (const [index, block] of adminCidrs.entries()) {
    if (parseCidr(block)?.prefix === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["keycloak", "adminCidrs", index],
        message: `(${block}) opens Keycloak's admin console and API to the whole internet; list the networks administrators and Terraform use: ${ADMIN_CIDRS_HELP}`,
      });
    }
  }
  if (adminCidrs.length > MAX_KEYCLOAK_ADMIN_CIDRS) {
    ctx.addIssue({
      code: "custom",
      path: ["keycloak", "adminCidrs"],
      message: `lists ${adminCidrs.length} blocks; at most ${MAX_KEYCLOAK_ADMIN_CIDRS} fit the load balancer's rules: summarise them into wider blocks`,
    });
  }
  const internetFacing = config.loadBalancers.shared || config.loadBalancers.keycloakScheme === "internet-facing";
  if (configureRealm && internetFacing && adminCidrs.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["keycloak", "adminCidrs"],
      message: `is empty, but Terraform configures the realm through Keycloak's admin API, which answers only these networks; add the network Terraform runs from: ${ADMIN_CIDRS_HELP}`,
    });
  }
}

/** Why an image reference is malformed (Docker would refuse it), or undefined when it is well-formed. */
export function imageReferenceProblem(image: string): string | undefined {
  if (/\s/.test(image)) return "contains white space; give the reference alone, e.g. registry.example.com/team/app:1.2.3";
  const [name, digest] = image.split("@", 2);
  if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    return "has a malformed digest; a digest is @sha256: followed by 64 lower-case hex digits";
  }
  const lastSegment = name.slice(name.lastIndexOf("/") + 1);
  const tagIndex = lastSegment.lastIndexOf(":");
  const repository = tagIndex < 0 ? name : name.slice(0, name.length - (lastSegment.length - tagIndex));
  if (tagIndex >= 0 && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(lastSegment.slice(tagIndex + 1))) {
    return lastSegment.slice(tagIndex + 1) === ""
      ? "has an empty tag after ':'; give the version, e.g. repo:1.2.3, or a digest"
      : "has a tag Docker does not accept; tags are up to 128 of A-Z, a-z, 0-9, '_', '.', '-'";
  }
  const path =
    repository.includes("/") && /[.:]|^localhost$/.test(repository.split("/")[0])
      ? repository.slice(repository.indexOf("/") + 1)
      : repository;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) {
    return "has a repository name Docker does not accept; use lower-case letters, digits and . _ - separated by /";
  }
  return undefined;
}

/** Why an image reference would not pin what gets deployed, or undefined when it does. */
export function mutableImageProblem(image: string): string | undefined {
  if (image.includes("@sha256:")) return undefined;
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const tagIndex = lastSegment.lastIndexOf(":");
  if (tagIndex < 0) return "has no tag (it means :latest)";
  if (lastSegment.slice(tagIndex + 1) === "latest") return "uses the mutable :latest tag";
  return undefined;
}
