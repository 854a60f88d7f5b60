import { cidrContains, parseCidr } from "./cidr";
import { DeploymentConfig } from "./deployment-config";
import { ConfigProblem } from "./problems";

/**
 * Address ranges reserved for documentation (RFC 5737; 2001:db8::/32 of RFC 3849 is IPv6, which the address fields
 * refuse anyway): no client, administrator or NAT gateway ever has one. The examples use them so they synthesize as
 * they are; a deployment that still lists one admits nobody real (load balancers) or leaves Terraform locked out of
 * Keycloak's admin API (adminCidrs), so `npm run deploy` refuses them while synth only warns.
 */
export const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"] as const;

/** The configured addresses inside a documentation range: field, value and what to put there instead. */
export function documentationRangeProblems(config: DeploymentConfig): ConfigProblem[] {
  // An emulator runs on this machine: nothing real connects, so the examples' ranges are the right ones there.
  if (config.emulator) return [];
  const fields: { path: string; blocks: readonly string[]; instead: string }[] = [
    { path: "network.ingressCidrs", blocks: config.network.ingressCidrs, instead: "list the networks your clients connect from" },
    {
      path: "keycloak.adminCidrs",
      blocks: config.keycloak.adminCidrs,
      instead:
        "list where administrators and Terraform run from, e.g. your public address as a.b.c.d/32 (curl -s https://checkip.amazonaws.com)",
    },
    {
      path: "network.existing.egressPublicIps",
      blocks: (config.network.existing?.egressPublicIps ?? []).map((address) => `${address}/32`),
      instead: "list the public addresses of the VPC's NAT gateways (aws ec2 describe-nat-gateways)",
    },
  ];
  return fields.flatMap(({ path, blocks, instead }) =>
    blocks.flatMap((block, index) => {
      const range = DOCUMENTATION_RANGES.find((documentation) => parseCidr(block) && cidrContains(documentation, block));
      if (!range) return [];
      const value = path.endsWith("egressPublicIps") ? block.replace(/\/32$/, "") : block;
      return [
        {
          path: `${path}.${index}`,
          message: `(${value}) is in the documentation range ${range}, which no real network has; ${instead}`,
        },
      ];
    }),
  );
}
