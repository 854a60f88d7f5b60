import { z } from "zod";
import { cidrContains, cidrsOverlap, parseCidr } from "./cidr";
import { AWS_REGIONS } from "./regions";
import { SERVICE_NAMES, ServiceName } from "./service-names";

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** An emulator must run on this machine: credentials and state of a test deployment never leave it. */
const LOOPBACK_ENDPOINT = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?\/?$/;
/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
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

const cidr = z.string().refine((value) => parseCidr(value) !== undefined, {
  message: "is not a valid IPv4 CIDR block; use the form a.b.c.d/n, e.g. 10.0.0.0/16",
});

/** Defaults of the VPC this deployment creates when `network.existing` is not set. */
export const NEW_VPC_DEFAULTS = {
  vpcCidr: "10.0.0.0/16",
  azCount: 2,
  natGateways: "one-per-az",
  flowLogs: true,
  interfaceEndpoints: true,
} as const;

const IPV4_ADDRESS = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const subnetIdList = z
  .array(z.string().regex(/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, { message: "is not a subnet ID; use the form subnet-0123456789abcdef0" }))
  .min(2, { message: "must list at least two subnets in different AZs (load balancers and the database need two), e.g. [subnet-0123456789abcdef0, ...]" });

const existingNetwork = z.strictObject({
  vpcId: z.string().regex(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, { message: "is not a VPC ID; use the form vpc-0123456789abcdef0" }),
  /** One per AZ: tasks, the database and the file system. They need a route to the internet (a NAT gateway). */
  privateSubnetIds: subnetIdList,
  /** One per AZ, with a route to an internet gateway: the load balancers. */
  publicSubnetIds: subnetIdList,
  /**
   * Public addresses the private subnets' outbound traffic leaves from (the VPC's NAT gateways): the services reach
   * Keycloak's public name through them, so an internet-facing Keycloak load balancer admits them.
   */
  egressPublicIps: z
    .array(z.string().regex(IPV4_ADDRESS, { message: "is not an IPv4 address; use the form 198.51.100.7" }))
    .default([]),
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
  ...scaling,
});

const servicesShape = Object.fromEntries(SERVICE_NAMES.map((name) => [name, service.optional()])) as Record<
  ServiceName,
  z.ZodOptional<typeof service>
>;

const backend = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("local") }),
  z.strictObject({
    type: z.literal("s3"),
    bucket: z.string().min(3),
    /** Each stack's state is stored at `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: z.string().min(1).default("mcp-gateway"),
    region: z.enum(AWS_REGIONS).optional(),
    /** KMS key for server-side encryption of the state objects; AES256 when omitted. */
    kmsKeyId: z.string().min(1).optional(),
    /** `dynamodb` locks with a DynamoDB table; `lockfile` uses S3-native locking (Terraform >= 1.10). */
    locking: z.enum(["dynamodb", "lockfile"]).default("lockfile"),
    dynamodbTable: z.string().min(3).optional(),
  }),
  z.strictObject({
    type: z.literal("cloud"),
    organization: z.string().min(1),
    hostname: domainName.optional(),
    project: z.string().min(1).optional(),
    /** Workspaces are named `<workspacePrefix>-certs` and `<workspacePrefix>-app`; defaults to namePrefix. */
    workspacePrefix: z.string().min(1).optional(),
  }),
]);

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
        if (domains.mode === "static") {
          for (const key of ["registry", "keycloak"] as const) {
            if (!domains[key]) {
              ctx.addIssue({ code: "custom", path: [key], message: "is required when mode is static" });
            }
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
        /** `one-per-az` survives an AZ outage; `single` saves the cost of the extra NAT gateways. */
        natGateways: z.enum(["one-per-az", "single"]).optional(),
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
        /** The auth server's own HTTPS listener on the main load balancer. */
        authServerPort: z.number().int().min(1024).max(65535).default(8888),
        accessLogs: z
          .strictObject({ bucket: z.string().min(3), prefix: z.string().default("alb") })
          .optional(),
        deletionProtection: z.boolean().optional(),
      })
      .default({ keycloakScheme: "internet-facing", authServerPort: 8888 }),
    keycloak: z
      .strictObject({
        realm: z.string().regex(/^[a-z][a-z0-9-]*$/).default("mcp-gateway"),
        /** Create testuser, lob1-user and lob2-user for demos; their passwords come from sensitive variables. */
        demoUsers: z.boolean().default(false),
        logLevel: z.enum(["DEBUG", "INFO", "WARN", "ERROR"]).default("INFO"),
        /** Bump to rotate the Keycloak client secrets; consuming services roll. */
        clientSecretVersion: z.number().int().min(1).default(1),
        /** Apply waits for a healthy Keycloak service before configuring the realm through its API. */
        waitForHealthyService: z.boolean().default(true),
        /** Declare the realm, clients, groups and users; false leaves Keycloak's content to someone else. */
        configureRealm: z.boolean().default(true),
      })
      .default({ realm: "mcp-gateway", demoUsers: false, logLevel: "INFO", clientSecretVersion: 1, waitForHealthyService: true, configureRealm: true }),
    services: z.strictObject(servicesShape).default({}),
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
        minAcu: z.number().min(0).max(256).multipleOf(0.5).default(0.5),
        maxAcu: z.number().min(1).max(256).multipleOf(0.5).default(2),
        backupRetentionDays: z.number().int().min(1).max(35).default(7),
        reader: z.boolean().default(false),
        engineVersion: z.string().regex(/^\d+\.\d+$/).default("16.6"),
        /** Keycloak connects through an RDS Proxy; false connects it to the cluster's writer endpoint directly. */
        proxy: z.boolean().default(true),
      })
      .default({ minAcu: 0.5, maxAcu: 2, backupRetentionDays: 7, reader: false, engineVersion: "16.6", proxy: true })
      .superRefine((database, ctx) => {
        if (database.minAcu > database.maxAcu) {
          ctx.addIssue({
            code: "custom",
            path: ["minAcu"],
            message: `(${database.minAcu}) is greater than maxAcu (${database.maxAcu}); minAcu must be <= maxAcu`,
          });
        }
      }),
    fileSystem: z
      .strictObject({ throughputMode: z.enum(["bursting", "elastic"]).default("elastic") })
      .default({ throughputMode: "elastic" }),
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
          .refine((value) => EMAIL_PATTERN.test(value), { message: "is not an e-mail address" })
          .optional(),
      })
      .default({ logRetentionDays: 30 }),
    /** Generation numbers of the generated secrets: bump one to generate a new value (services using it roll). */
    secrets: z
      .strictObject({
        secretKeyVersion: z.number().int().min(1).default(1),
        registryAdminPasswordVersion: z.number().int().min(1).default(1),
        metricsApiKeyVersion: z.number().int().min(1).default(1),
      })
      .default({ secretKeyVersion: 1, registryAdminPasswordVersion: 1, metricsApiKeyVersion: 1 }),
    /** Deletion protection for the database, load balancers and the Keycloak realm. */
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
    tags: z
      .record(
        z.string().refine((key) => !key.toLowerCase().startsWith("aws:"), { message: "tag keys may not start with aws:" }),
        z.string().max(256),
      )
      .default({}),
  })
  .superRefine(validateServices);

export type RawConfig = z.input<typeof configSchema>;
type ParsedConfig = z.output<typeof configSchema>;

function validateNetwork(network: ParsedConfigNetwork, ctx: z.RefinementCtx): void {
  for (const [index, block] of network.ingressCidrs.entries()) {
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
type ParsedConfigNetwork = {
  vpcCidr?: string;
  azCount?: 2 | 3;
  natGateways?: string;
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
  const newVpcSettings = ["vpcCidr", "azCount", "natGateways", "publicSubnetCidrs", "privateSubnetCidrs", "flowLogs", "interfaceEndpoints"] as const;
  for (const key of newVpcSettings) {
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
        ctx.addIssue({ code: "custom", path: ["existing", key, index], message: `(${id}) is already listed as network.existing.${first}; list each subnet once` });
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
    if (settings.build && config.backend.type === "cloud") {
      ctx.addIssue({
        code: "custom",
        path: [...path, "build"],
        message:
          "cannot be used with the Terraform Cloud backend (remote runners have no Docker daemon); pre-build the image and set services." +
          `${name}.image to its digest`,
      });
    }
    if (settings.image && !config.allowMutableImageTags) {
      const problem = mutableImageProblem(settings.image);
      if (problem) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "image"],
          message: `(${settings.image}) ${problem}; pin a version tag or a digest (repo@sha256:...), or set allowMutableImageTags: true`,
        });
      }
    }
    if (settings.minCapacity !== undefined && settings.maxCapacity !== undefined && settings.minCapacity > settings.maxCapacity) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "minCapacity"],
        message: `(${settings.minCapacity}) is greater than maxCapacity (${settings.maxCapacity}); minCapacity must be <= maxCapacity`,
      });
    }
    if (settings.cpu !== undefined && settings.memory !== undefined) {
      const allowed = FARGATE_MEMORY_BY_CPU[settings.cpu];
      if (settings.memory < allowed.min || settings.memory > allowed.max || settings.memory % allowed.step !== 0) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "memory"],
          message: `(${settings.memory}) does not fit cpu ${settings.cpu}; Fargate allows ${allowed.min}-${allowed.max} MiB in steps of ${allowed.step}`,
        });
      }
    }
  }
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
