import { z } from "zod";
import { realmUsersSchema } from "../realm-users";
import { parseCidr } from "../cidr";
import { cidr } from "./fields";
import { loadBalancersSchema } from "./load-balancers";

/** `keycloak`: the realm, who reaches the admin API, and how Keycloak is run and upgraded. */
export const keycloakSchema = z
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
  });

/** The most admin networks: the load balancer's rules (3 sources each) must stay well under its 100-rule limit. */
export const MAX_KEYCLOAK_ADMIN_CIDRS = 30;
const ADMIN_CIDRS_HELP =
  "your laptop: its public address as a.b.c.d/32 (curl -s https://checkip.amazonaws.com); a self-hosted CI runner: the " +
  "public (NAT) address it leaves from; GitHub-hosted runners and Terraform Cloud remote runs have no fixed address, so use " +
  'a self-hosted runner or a Terraform Cloud agent inside the VPC (docs/architecture.md, "Reaching Keycloak\'s admin API")';

/** The parts of the parsed configuration the admin networks are checked against: the realm's settings and the load balancers. */
type KeycloakAccessContext = {
  keycloak: z.output<typeof keycloakSchema>;
  loadBalancers: Pick<z.output<typeof loadBalancersSchema>, "shared" | "keycloakScheme">;
};

export function validateKeycloakAdminAccess(config: KeycloakAccessContext, ctx: z.RefinementCtx): void {
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
