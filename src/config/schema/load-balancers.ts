import { z } from "zod";

/**
 * Load balancer idle timeout: an hour, long enough for an MCP stream that waits on a slow tool or a quiet SSE channel;
 * upstream's SSE endpoints send no keep-alive of their own that would reset a shorter timer.
 */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 3600;
/** Deregistration delay: five minutes for open streams to finish before a deploy or scale-in stops their task. */
export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;
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

/** `loadBalancers`: the registry's and Keycloak's load balancers, their access logs and web ACL. */
export const loadBalancersSchema = z
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
  });
