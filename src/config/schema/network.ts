import { z } from "zod";
import { cidrContains, cidrsOverlap, parseCidr } from "../cidr";
import { cidr } from "./fields";

/** Application load balancers need subnets of at least a /27. */
const MAX_LOAD_BALANCER_SUBNET_PREFIX = 27;

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

/** `network`: the VPC this deployment creates, or one it deploys into (`existing`), and who may reach the load balancers. */
export const networkSchema = z
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
  .superRefine(validateNetwork);

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
