import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { Fn, Op } from "cdktf";
import { Construct } from "constructs";
import { VpcNetwork } from "./network";

export interface ExistingNetworkProps {
  readonly vpcId: string;
  readonly privateSubnetIds: readonly string[];
  readonly publicSubnetIds: readonly string[];
  /** Public addresses the private subnets' outbound traffic leaves from. */
  readonly egressPublicIps: readonly string[];
}

/**
 * A VPC that exists already: read, never changed. What synthesis cannot know is checked when Terraform reads the
 * subnets (plan stops with the reason): each belongs to the VPC, each tier has one subnet per AZ, and the public
 * subnets cover every AZ of the private ones.
 */
export class ExistingNetwork extends Construct implements VpcNetwork {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly natPublicIps: string[];

  constructor(scope: Construct, id: string, props: ExistingNetworkProps) {
    super(scope, id);
    const readTier = (tier: "private" | "public", ids: readonly string[]) =>
      ids.map(
        (subnetId, index) =>
          new DataAwsSubnet(this, `${tier}-subnet-${index + 1}`, {
            id: subnetId,
            lifecycle: {
              postcondition: [
                {
                  condition: `\${self.vpc_id == "${props.vpcId}"}`,
                  errorMessage: `network.existing.${tier}SubnetIds: subnet ${subnetId} is not in VPC ${props.vpcId}; list subnets of that VPC.`,
                },
              ],
            },
          }),
      );
    const privateSubnets = readTier("private", props.privateSubnetIds);
    const publicSubnets = readTier("public", props.publicSubnetIds);
    const zones = (subnets: DataAwsSubnet[]) => subnets.map((subnet) => subnet.availabilityZone);
    const oneSubnetPerZone = (tier: string, subnets: DataAwsSubnet[]) => ({
      condition: Op.eq(Fn.lengthOf(Fn.distinct(zones(subnets))), subnets.length),
      errorMessage: `network.existing.${tier}SubnetIds: two of the subnets share an AZ; list one ${tier} subnet per AZ.`,
    });
    const vpc = new DataAwsVpc(this, "vpc", {
      id: props.vpcId,
      lifecycle: {
        postcondition: [
          oneSubnetPerZone("private", privateSubnets),
          oneSubnetPerZone("public", publicSubnets),
          {
            condition: Fn.alltrue(zones(privateSubnets).map((zone): unknown => Fn.contains(zones(publicSubnets), zone))),
            errorMessage:
              "network.existing.publicSubnetIds: some AZ of the private subnets has no public subnet; the load balancers need one in every AZ the tasks run in.",
          },
        ],
      },
    });
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;
    this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);
    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
    this.natPublicIps = [...props.egressPublicIps];
  }
}
