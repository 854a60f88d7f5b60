import { z } from "zod";
import { accountWideNamePrefix, AwsRegion } from "./regions";
import { SERVICE_NAMES } from "./service-names";
import { FARGATE_MEMORY_BY_CPU, imageReferenceProblem, mutableImageProblem } from "./schema/services";
// Used inside functions only: schema.ts and deployment-config.ts import this module too (a cycle at load time).
import { buildContextProblems, ImageSource, taskSizeProblem } from "./deployment-config";

/**
 * `mcpServers.<name>`: MCP servers of your own, run like the catalog's example servers (their own ECS service on
 * Fargate, reached by the registry through Service Connect at `http://<name>:<port>`) and registered with the
 * registry by `npm run ops -- register` as `/<name>/`. Configuration only: no TypeScript to write.
 */

/** Sizes of a server that sets none: the smallest Fargate task, one task, room for a second. */
export const MCP_SERVER_DEFAULTS = { cpu: 256, memory: 512, minCapacity: 1, maxCapacity: 2 } as const;
export const MCP_TRANSPORTS = ["streamable-http", "sse"] as const;
/** The longest IAM role name; a server's roles are `<namePrefix>-<region code>-<name>-execution` and `-task`. */
const MAX_IAM_ROLE_NAME = 64;

/**
 * Names a server can't take, with why: the catalog's services (they own `services.<name>`, the ECS service, roles and
 * log group of that name), the catalog's Service Connect names, the security groups the deployment names
 * `<namePrefix>-<suffix>`, and gateway paths the registry serves itself.
 */
export function reservedMcpServerName(name: string): string | undefined {
  if ((SERVICE_NAMES as readonly string[]).includes(name)) {
    return `is a service of the catalog (configure it under services.${name}); choose another name for your server`;
  }
  const serviceConnect = ["auth-server", "mcpgw-server", "currenttime-server", "realserverfaketools-server"];
  if (serviceConnect.includes(name)) return "is the Service Connect name of a catalog service; choose another name for your server";
  const securityGroups = ["main-alb", "keycloak-alb", "keycloak-db", "keycloak-db-proxy", "registry-docdb", "vpc-endpoints", "nat"];
  if (securityGroups.includes(name)) {
    return "would name its security group like one the deployment already has (<namePrefix>-" + name + "); choose another name";
  }
  const registryPaths = ["api", "oauth2", "airegistry-tools"];
  if (registryPaths.includes(name)) return `would be served at /${name}/, a path the registry uses itself; choose another name`;
  return undefined;
}

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARTITIONS = "(aws|aws-cn|aws-us-gov)";
const SECRET_ARN = new RegExp(
  `^arn:${PARTITIONS}:secretsmanager:[a-z]{2}(-gov)?-[a-z]+-\\d:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$`,
);
const KMS_KEY_ARN = new RegExp(
  `^arn:${PARTITIONS}:kms:[a-z]{2}(-gov)?-[a-z]+-\\d:\\d{12}:key/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`,
);

/** Why a variable name would not reach the container as written, or undefined. */
function environmentNameProblem(name: string): string | undefined {
  return ENV_NAME.test(name) ? undefined : "is not an environment variable name; use letters, digits and _, not starting with a digit";
}

/** Words of a variable name that say its value is a credential. */
const SECRET_NAME_WORDS =
  /(^|_)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|APIKEY|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|AUTH_KEY)(_|$)/i;
/** Values that are a credential whatever the variable is called. */
const SECRET_VALUES: readonly [RegExp, string][] = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key ID"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{20,}/, "a GitHub token"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\bsk-[A-Za-z0-9_-]{20,}/, "an API key (sk-...)"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, "a JSON Web Token"],
  [/:\/\/[^/\s:@]+:[^/\s@]+@/, "a URL with a password in it"],
];
/** Values a secret-sounding name may carry without being a credential: URLs without one, paths, numbers, switches. */
const HARMLESS_VALUE = /^(|https?:\/\/[^@\s]*|\/[^\s]*|\d+|true|false|yes|no|on|off|none|disabled|enabled)$/i;

/**
 * Why a plain variable looks like a credential, or undefined. Plain variables end up in the task definition (readable
 * by anyone with ecs:DescribeTaskDefinition) and in Terraform's state and plan output; credentials belong in Secrets
 * Manager, handed over as `secrets`.
 */
export function secretLookingVariable(name: string, value: string): string | undefined {
  const found = SECRET_VALUES.find(([pattern]) => pattern.test(value));
  if (found) return `holds what looks like ${found[1]}`;
  if (SECRET_NAME_WORDS.test(name) && !HARMLESS_VALUE.test(value.trim())) return "has a name that says it holds a credential";
  return undefined;
}

const secretArn = z.string().superRefine((arn, ctx) => {
  if (SECRET_ARN.test(arn)) return;
  const message = !arn.startsWith("arn:")
    ? "is not a Secrets Manager secret ARN; give the full ARN (aws secretsmanager describe-secret --secret-id NAME --query ARN), e.g. arn:aws:secretsmanager:us-east-1:123456789012:secret:weather/api-key-AbCdEf"
    : !/^arn:[^:]+:secretsmanager:/.test(arn)
      ? "is an ARN, but not of a Secrets Manager secret; give the secret's ARN (arn:aws:secretsmanager:...)"
      : /:secret:[A-Za-z0-9/_+=.@-]+$/.test(arn) && !/-[A-Za-z0-9]{6}$/.test(arn)
        ? "lacks the 6-character suffix Secrets Manager adds to a secret's ARN (…-AbCdEf), which IAM needs to match it; copy the full ARN (aws secretsmanager describe-secret --secret-id NAME --query ARN)"
        : "is not a complete Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>); copy it from aws secretsmanager describe-secret --secret-id NAME --query ARN";
  ctx.addIssue({ code: "custom", input: arn, message });
});

const kmsKeyArn = z.string().superRefine((arn, ctx) => {
  if (KMS_KEY_ARN.test(arn)) return;
  const message = /:alias\//.test(arn)
    ? "is a key alias; IAM grants kms:Decrypt on key ARNs only: give the key's ARN (aws kms describe-key --key-id alias/NAME --query KeyMetadata.Arn)"
    : "is not a KMS key ARN; give the ARN of the key the secret is encrypted with (aws secretsmanager describe-secret --secret-id NAME --query KmsKeyId), e.g. arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab; leave it out for the AWS managed key aws/secretsmanager";
  ctx.addIssue({ code: "custom", input: arn, message });
});

/** A secret as its ARN alone, or with the JSON key to read and the customer managed KMS key it is encrypted with. */
const secretSource = z.union([
  secretArn,
  z.strictObject({
    arn: secretArn,
    /** One key of a JSON secret; the whole secret string when omitted. */
    jsonKey: z.string().min(1).optional(),
    /** The customer managed key the secret is encrypted with; omit for the AWS managed key aws/secretsmanager. */
    kmsKeyArn: kmsKeyArn.optional(),
  }),
]);

const healthCheck = z
  .strictObject({
    /** An HTTP GET of this path on the server's port must answer 2xx (curl in the image runs it). */
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~%/-]*$/, { message: "must be a URL path starting with / of letters, digits and . _ ~ % - /, e.g. /health" })
      .optional(),
    /** The check as ECS runs it: ["CMD", "program", "arg", ...] or ["CMD-SHELL", "a shell command"]. */
    command: z.array(z.string().min(1)).optional(),
    startPeriodSeconds: z.number().int().min(0).max(300).default(30),
    intervalSeconds: z.number().int().min(5).max(300).default(30),
    timeoutSeconds: z.number().int().min(2).max(120).default(5),
    retries: z.number().int().min(1).max(10).default(3),
  })
  .superRefine((check, ctx) => {
    if (check.path !== undefined && check.command !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["command"],
        message: "is given together with path; choose one: path (an HTTP check) or command",
      });
    }
    if (check.path === undefined && check.command === undefined) {
      ctx.addIssue({
        code: "custom",
        message:
          'needs path (an HTTP GET on the server\'s port, e.g. path: /health; the image needs curl) or command (e.g. command: ["CMD", "python", "-c", "..."])',
      });
    }
    const command = check.command;
    if (command && !((command[0] === "CMD" && command.length >= 2) || (command[0] === "CMD-SHELL" && command.length === 2))) {
      ctx.addIssue({
        code: "custom",
        path: ["command"],
        message: `(${JSON.stringify(command)}) is not a check ECS runs; start it with "CMD" and the program and its arguments, or give "CMD-SHELL" and one shell command, e.g. ["CMD-SHELL", "curl -fsS http://localhost:8000/health || exit 1"]`,
      });
    }
    if (check.timeoutSeconds >= check.intervalSeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["timeoutSeconds"],
        message: `(${check.timeoutSeconds}) is not below intervalSeconds (${check.intervalSeconds}); a check must end before the next starts: lower timeoutSeconds or raise intervalSeconds`,
      });
    }
  });

const registration = z.strictObject({
  /** The registry's display name; the server's name when omitted. */
  displayName: z.string().min(1).max(100).optional(),
  description: z.string().min(1).max(1000).optional(),
  tags: z.array(z.string().min(1).max(50)).default([]),
  transport: z.enum(MCP_TRANSPORTS).default("streamable-http"),
});

const mcpServer = z.strictObject({
  /** An image reference: a digest (repo@sha256:...) or a pinned tag (repo:1.2.3). */
  image: z.string().min(1).optional(),
  /** A Docker build context instead of image: built and pushed to an ECR repository of this deployment, by digest. */
  build: z
    .strictObject({
      context: z.string().min(1),
      dockerfile: z.string().min(1).default("Dockerfile"),
      args: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
  /** The container's command (overrides the image's CMD). */
  command: z.array(z.string()).min(1).optional(),
  /** The port the server listens on, on every interface (0.0.0.0): Service Connect's proxy reaches it there. */
  port: z.number().int().min(1).max(65535),
  healthCheck,
  cpu: z
    .number()
    .int()
    .superRefine((cpu, ctx) => {
      if (!(cpu in FARGATE_MEMORY_BY_CPU)) {
        ctx.addIssue({
          code: "custom",
          input: cpu,
          message: `is not a Fargate CPU size; use one of ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")} (1024 is one vCPU)`,
        });
      }
    })
    .optional(),
  memory: z.number().int().positive().optional(),
  desiredCount: z.number().int().min(0).max(100).optional(),
  minCapacity: z.number().int().min(0).max(100).optional(),
  maxCapacity: z.number().int().min(1).max(100).optional(),
  /** Run on FARGATE_SPOT capacity (interruptible, about 70 % cheaper). */
  spot: z.boolean().optional(),
  /** Plain variables; credentials go in `secrets` (a credential-looking variable is refused). */
  environment: z.record(z.string(), z.string()).default({}),
  /** Variables read from Secrets Manager when a task starts; the execution role may read exactly these secrets. */
  secrets: z.record(z.string(), secretSource).default({}),
  registration: registration.default({ tags: [], transport: "streamable-http" }),
});

export const mcpServersSchema = z
  .record(z.string(), mcpServer)
  .default({})
  .superRefine((servers, ctx) => {
    for (const [name, server] of Object.entries(servers)) {
      const nameProblem = !DNS_LABEL.test(name)
        ? "is not a DNS label (it becomes the Service Connect name http://<name>:<port>, the path /<name>/ and AWS resource names); use 1-63 of a-z, 0-9 and '-', starting with a letter and not ending with '-', e.g. weather"
        : reservedMcpServerName(name);
      if (nameProblem) ctx.addIssue({ code: "custom", path: [name], message: `(${name}) ${nameProblem}` });
      for (const [variable, value] of Object.entries(server.environment)) {
        const problem = environmentNameProblem(variable);
        if (problem) ctx.addIssue({ code: "custom", path: [name, "environment", variable], message: problem });
        const secret = secretLookingVariable(variable, value);
        if (secret) {
          ctx.addIssue({
            code: "custom",
            path: [name, "environment", variable],
            // The value is not repeated: the report ends up in terminals and CI logs.
            message: `${secret} (its value is not repeated here); plain variables are readable in the task definition and Terraform's state: store it in Secrets Manager and list its ARN under mcpServers.${name}.secrets.${variable}`,
          });
        }
        if (variable in server.secrets) {
          ctx.addIssue({
            code: "custom",
            path: [name, "environment", variable],
            message: `is also listed under secrets; ECS refuses a variable given twice: keep one of them`,
          });
        }
      }
      for (const variable of Object.keys(server.secrets)) {
        const problem = environmentNameProblem(variable);
        if (problem) ctx.addIssue({ code: "custom", path: [name, "secrets", variable], message: problem });
      }
    }
  });

/** The parts of the whole configuration the servers' checks across sections read. */
interface ConfigForMcpServers {
  readonly allowMutableImageTags: boolean;
  readonly backend: { readonly type: string; readonly executionMode?: string };
  readonly mcpServers: z.output<typeof mcpServersSchema>;
}

/** Checks that need other sections: image pinning (allowMutableImageTags) and builds on Terraform Cloud's runners. */
export function validateMcpServers(config: ConfigForMcpServers, ctx: z.RefinementCtx): void {
  for (const [name, server] of Object.entries(config.mcpServers)) {
    const path = ["mcpServers", name];
    if (server.image && server.build) ctx.addIssue({ code: "custom", path, message: "sets both image and build; choose one" });
    if (!server.image && !server.build) {
      ctx.addIssue({
        code: "custom",
        path,
        message:
          "has neither image nor build; set image (a pinned reference, e.g. ghcr.io/mycorp/weather-mcp:1.4.0) or build (a Docker context)",
      });
    }
    if (server.build && config.backend.type === "cloud" && config.backend.executionMode !== "local") {
      ctx.addIssue({
        code: "custom",
        path: [...path, "build"],
        message: `cannot be used with Terraform Cloud's ${config.backend.executionMode} execution (its runners have no Docker daemon); pre-build the image and set mcpServers.${name}.image to its digest, or use backend.executionMode: local`,
      });
    }
    const malformed = server.image === undefined ? undefined : imageReferenceProblem(server.image);
    if (malformed) {
      ctx.addIssue({ code: "custom", path: [...path, "image"], message: `(${server.image}) ${malformed}` });
    } else if (server.image && !config.allowMutableImageTags) {
      const mutable = mutableImageProblem(server.image);
      if (mutable) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "image"],
          message: `(${server.image}) ${mutable}; pin a version tag or a digest (repo@sha256:...), or set allowMutableImageTags: true`,
        });
      }
    }
    if (server.minCapacity !== undefined && server.maxCapacity !== undefined && server.minCapacity > server.maxCapacity) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "minCapacity"],
        message: `(${server.minCapacity}) is greater than maxCapacity (${server.maxCapacity}); minCapacity must be <= maxCapacity`,
      });
    }
  }
}

export interface McpServerSecret {
  readonly arn: string;
  readonly jsonKey?: string;
  readonly kmsKeyArn?: string;
}

/** One server of your own, resolved: what the app stack turns into an ECS service and a registration. */
export interface McpServerSettings {
  readonly name: string;
  readonly image: ImageSource;
  readonly command?: readonly string[];
  readonly port: number;
  readonly healthCheck: {
    readonly command: readonly string[];
    readonly startPeriodSeconds: number;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly retries: number;
  };
  readonly cpu: number;
  readonly memory: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly desiredCount: number;
  readonly spot: boolean;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, McpServerSecret>>;
  readonly registration: {
    readonly displayName: string;
    readonly description: string;
    readonly tags: readonly string[];
    readonly transport: (typeof MCP_TRANSPORTS)[number];
  };
}

/** Defaults applied and the checks that need the resolved values (task size, capacity, build context, name lengths). */
export function resolveMcpServers(
  servers: z.output<typeof mcpServersSchema>,
  resolvePath: (relative: string) => string,
  names: { readonly namePrefix: string; readonly region: AwsRegion },
): { servers: McpServerSettings[]; problems: { path: string; message: string }[] } {
  const problems: { path: string; message: string }[] = [];
  const resolved: McpServerSettings[] = [];
  for (const [name, server] of Object.entries(servers).sort(([a], [b]) => a.localeCompare(b))) {
    const field = `mcpServers.${name}`;
    const image: ImageSource = server.build
      ? { kind: "build", context: resolvePath(server.build.context), dockerfile: server.build.dockerfile, args: server.build.args }
      : { kind: "reference", reference: server.image as string };
    if (image.kind === "build") problems.push(...buildContextProblems(field, image));
    const minCapacity =
      server.minCapacity ?? Math.min(MCP_SERVER_DEFAULTS.minCapacity, server.maxCapacity ?? MCP_SERVER_DEFAULTS.minCapacity);
    const maxCapacity = server.maxCapacity ?? Math.max(MCP_SERVER_DEFAULTS.maxCapacity, minCapacity);
    const desiredCount = server.desiredCount ?? minCapacity;
    if (desiredCount < minCapacity || desiredCount > maxCapacity) {
      problems.push({
        path: `${field}.desiredCount`,
        message: `(${desiredCount}) must lie between minCapacity (${minCapacity}) and maxCapacity (${maxCapacity})`,
      });
    }
    const cpu = server.cpu ?? MCP_SERVER_DEFAULTS.cpu;
    const memory = server.memory ?? (server.cpu === undefined ? MCP_SERVER_DEFAULTS.memory : cpu * 2);
    const sizeProblem = taskSizeProblem(cpu, memory, server.cpu !== undefined);
    if (sizeProblem) problems.push({ path: `${field}.memory`, message: sizeProblem });
    const role = `${accountWideNamePrefix(names.namePrefix, names.region)}-${name}-execution`;
    if (role.length > MAX_IAM_ROLE_NAME) {
      problems.push({
        path: field,
        message: `(${name}) makes its IAM role name ${role} ${role.length} characters long, over IAM's ${MAX_IAM_ROLE_NAME}; use a name of at most ${name.length - (role.length - MAX_IAM_ROLE_NAME)} characters (or a shorter namePrefix)`,
      });
    }
    const check = server.healthCheck;
    resolved.push({
      name,
      image,
      command: server.command,
      port: server.port,
      healthCheck: {
        command: check.command ?? ["CMD-SHELL", `curl -fsS http://localhost:${server.port}${check.path as string} > /dev/null || exit 1`],
        startPeriodSeconds: check.startPeriodSeconds,
        intervalSeconds: check.intervalSeconds,
        timeoutSeconds: check.timeoutSeconds,
        retries: check.retries,
      },
      cpu,
      memory,
      minCapacity,
      maxCapacity,
      desiredCount,
      spot: server.spot ?? false,
      environment: server.environment,
      secrets: Object.fromEntries(
        Object.entries(server.secrets).map(([variable, secret]) => [variable, typeof secret === "string" ? { arn: secret } : secret]),
      ),
      registration: {
        displayName: server.registration.displayName ?? name,
        description: server.registration.description ?? `MCP server ${name} (mcpServers.${name} of the deployment's configuration)`,
        tags: server.registration.tags,
        transport: server.registration.transport,
      },
    });
  }
  return { servers: resolved, problems };
}
