import { z } from "zod";
import { configSchema } from "./schema";

type ParsedConfig = z.output<typeof configSchema>;

/**
 * Terraform configures the realm through Keycloak's admin API, so wherever Terraform runs must reach it. Refuses the
 * combinations where it never can, each with the reason and the ways out. Where Terraform runs outside HCP
 * Terraform (a laptop, a CI runner) cannot be known here; docs/architecture.md, "Reaching Keycloak's admin API" covers those.
 */
export function realmReachabilityProblems(config: ParsedConfig): { path: string; message: string }[] {
  if (!config.keycloak.configureRealm) return [];
  const { backend } = config;
  if (backend.type !== "cloud" || backend.executionMode !== "remote") return [];
  const ways =
    "set backend.executionMode: agent (an HCP Terraform agent pool inside the VPC or a peered network) or local, or keycloak.configureRealm: false";
  // A shared load balancer is internet-facing whatever keycloakScheme says (the schema reports that combination).
  if (config.loadBalancers.keycloakScheme === "internal" && !config.loadBalancers.shared) {
    return [
      {
        path: "backend.executionMode",
        message: `(remote) cannot configure the realm: HCP Terraform's remote runs start on the internet and cannot reach the internal Keycloak load balancer (loadBalancers.keycloakScheme: internal); ${ways}`,
      },
    ];
  }
  return [
    {
      path: "backend.executionMode",
      message: `(remote) cannot configure the realm: HCP Terraform does not publish the addresses remote runs come from, so keycloak.adminCidrs cannot admit them; ${ways}`,
    },
  ];
}
