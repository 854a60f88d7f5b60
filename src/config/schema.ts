import { z } from "zod";
import { mcpServersSchema, validateMcpServers } from "./mcp-servers";
import { AWS_REGIONS } from "./regions";
import { tagsSchema } from "./tags";
import { backendSchema } from "./schema/backend";
import { databaseSchema, documentDatabaseSchema, fileSystemSchema } from "./schema/data";
import { domainsSchema } from "./schema/domains";
import { keycloakSchema, validateKeycloakAdminAccess } from "./schema/keycloak";
import { loadBalancersSchema } from "./schema/load-balancers";
import { networkSchema } from "./schema/network";
import { observabilitySchema } from "./schema/observability";
import { servicesSchema, validateServices } from "./schema/services";

/** An emulator must run on this machine: credentials and state of a test deployment never leave it. */
const LOOPBACK_ENDPOINT = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?\/?$/;

/**
 * The configuration file's schema. Each section's fields and checks live in schema/<section>.ts; the composition
 * holds the small top-level settings and the checks that span sections.
 */
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
    domains: domainsSchema,
    network: networkSchema,
    loadBalancers: loadBalancersSchema,
    keycloak: keycloakSchema,
    /** Outbound calls the registry makes on its own; off unless switched on here. */
    application: z
      .strictObject({
        /** Anonymous usage telemetry (startup ping, daily heartbeat, cloud metadata probes). */
        telemetry: z.boolean().default(false),
        /** Daily poll of GitHub releases for the admin's "newer release" banner. */
        updateCheck: z.boolean().default(false),
      })
      .default({ telemetry: false, updateCheck: false }),
    services: servicesSchema,
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
    database: databaseSchema,
    /** Amazon DocumentDB, the registry's and the auth server's database (servers, agents, scopes, audit events). */
    documentDatabase: documentDatabaseSchema,
    fileSystem: fileSystemSchema,
    observability: observabilitySchema,
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
    backend: backendSchema.default({ type: "local" }),
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
