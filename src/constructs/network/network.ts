import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { NatInstance } from "./nat-instance";
import { policyDocument, serviceTrustPolicy } from "../security/policy-document";

/** AWS APIs that tasks reach through interface endpoints instead of the NAT gateways. */
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts", "ssmmessages"] as const;

/** NAT gateways (per AZ or one), or one NAT instance in the first public subnet. */
export type NetworkNat =
  | { readonly natGateways: "one-per-az" | "single" }
  | {
      readonly natGateways: "instance";
      readonly natInstance: {
        readonly instanceType: string;
        readonly partition: string;
        /** Names its IAM role and instance profile; account-wide, so it must differ between regions. */
        readonly iamName: string;
      };
    };

export type NetworkProps = NetworkNat & {
  readonly namePrefix: string;
  readonly region: string;
  /** The deployment's account: endpoint policies admit only its principals, the flow-logs role only its flow logs. */
  readonly accountId: string;
  readonly partition: string;
  readonly vpcCidr: string;
  readonly publicSubnetCidrs: readonly string[];
  readonly privateSubnetCidrs: readonly string[];
  /** Interface endpoints for INTERFACE_ENDPOINT_SERVICES; without them that traffic leaves through NAT. */
  readonly interfaceEndpoints: boolean;
  /** `roleName` is account-wide: it must differ between regions. */
  readonly flowLogs?: { readonly retentionDays: number; readonly kmsKeyArn: string; readonly roleName: string };
};

/** What the rest of the deployment needs of a VPC, whether this deployment created it or not. */
export interface VpcNetwork {
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Load balancers. */
  readonly publicSubnetIds: string[];
  /** Tasks, the database and the file system. */
  readonly privateSubnetIds: string[];
  /** Public addresses the private subnets' outbound traffic comes from. */
  readonly natPublicIps: string[];
  /** A NAT instance this deployment runs, to be watched; absent with NAT gateways or an existing VPC. */
  readonly natInstanceId?: string;
}

/** VPC with public and private subnets per AZ, NAT, AWS API endpoints and flow logs. */
export class Network extends Construct implements VpcNetwork {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  /** Public addresses the private subnets' outbound traffic comes from. */
  readonly natPublicIps: string[];
  readonly natInstanceId?: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    // One subnet pair per zone: with fewer zones than network.azCount, element() would wrap and put two pairs in one
    // zone. The plan stops here instead, naming the setting (the zones an account has are known only to AWS).
    const azCount = props.privateSubnetCidrs.length;
    const zones = new DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
      lifecycle: {
        postcondition: [
          {
            condition: `\${length(self.names) >= ${azCount}}`,
            errorMessage: `network.azCount: ${azCount} needs ${azCount} availability zones, but ${props.region} has \${length(self.names)} available to this account (zones that need opting in are not used); set network.azCount to at most \${length(self.names)}, or deploy to another region.`,
          },
        ],
      },
    });
    const zoneName = (index: number): string => Token.asString(Fn.element(zones.names, index));

    const vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: `${props.namePrefix}-vpc` },
    });
    this.vpcId = vpc.id;
    this.vpcCidr = props.vpcCidr;
    // Take away the default security group's rules so nothing can use it by accident.
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: vpc.id });

    const internetGateway = new InternetGateway(this, "internet-gateway", {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-igw` },
    });
    const publicRoutes = new RouteTable(this, "public-routes", { vpcId: vpc.id, tags: { Name: `${props.namePrefix}-public` } });
    new Route(this, "public-default-route", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });

    const publicSubnets = props.publicSubnetCidrs.map((cidrBlock, index) => {
      const subnet = new Subnet(this, `public-subnet-${index + 1}`, {
        vpcId: vpc.id,
        cidrBlock,
        availabilityZone: zoneName(index),
        // The zone list can change (a zone added or impaired); a subnet keeps the zone it was created in.
        lifecycle: { ignoreChanges: ["availability_zone"] },
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-public-${index + 1}`, "mcp-gateway:tier": "public" },
      });
      new RouteTableAssociation(this, `public-subnet-${index + 1}-routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      return subnet;
    });
    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);

    const nat = this.addNat(props, vpc.id, publicSubnets, internetGateway);
    this.natPublicIps = nat.publicIps;
    this.natInstanceId = nat.instanceId;

    const privateRouteTableIds: string[] = [];
    const privateSubnets = props.privateSubnetCidrs.map((cidrBlock, index) => {
      const subnet = new Subnet(this, `private-subnet-${index + 1}`, {
        vpcId: vpc.id,
        cidrBlock,
        availabilityZone: zoneName(index),
        // The zone list can change (a zone added or impaired); a subnet keeps the zone it was created in.
        lifecycle: { ignoreChanges: ["availability_zone"] },
        tags: { Name: `${props.namePrefix}-private-${index + 1}`, "mcp-gateway:tier": "private" },
      });
      const routes = new RouteTable(this, `private-subnet-${index + 1}-routes`, {
        vpcId: vpc.id,
        tags: { Name: `${props.namePrefix}-private-${index + 1}` },
      });
      new Route(this, `private-subnet-${index + 1}-default-route`, {
        routeTableId: routes.id,
        destinationCidrBlock: "0.0.0.0/0",
        ...nat.defaultRoute(index),
      });
      new RouteTableAssociation(this, `private-subnet-${index + 1}-association`, { subnetId: subnet.id, routeTableId: routes.id });
      privateRouteTableIds.push(routes.id);
      return subnet;
    });
    this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);

    new VpcEndpoint(this, "s3-endpoint", {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: privateRouteTableIds,
      tags: { Name: `${props.namePrefix}-s3` },
    });
    if (props.interfaceEndpoints) this.addInterfaceEndpoints(props, vpc.id);

    if (props.flowLogs) {
      this.addFlowLogs(props, vpc.id, props.flowLogs);
    }
  }

  /**
   * Creates the NAT the private subnets leave through. Each private subnet's default route goes to its own AZ's NAT
   * gateway, the single one, or the NAT instance's network interface.
   */
  private addNat(
    props: NetworkProps,
    vpcId: string,
    publicSubnets: readonly Subnet[],
    internetGateway: InternetGateway,
  ): {
    publicIps: string[];
    instanceId?: string;
    defaultRoute: (privateSubnetIndex: number) => { natGatewayId: string } | { networkInterfaceId: string };
  } {
    if (props.natGateways === "instance") {
      const instance = new NatInstance(this, "nat", {
        namePrefix: props.namePrefix,
        partition: props.natInstance.partition,
        vpcId,
        vpcCidr: props.vpcCidr,
        subnetId: publicSubnets[0].id,
        instanceType: props.natInstance.instanceType,
        iamName: props.natInstance.iamName,
        internetGateway,
      });
      return {
        publicIps: [instance.publicIp],
        instanceId: instance.instanceId,
        defaultRoute: () => ({ networkInterfaceId: instance.networkInterfaceId }),
      };
    }
    const natCount = props.natGateways === "single" ? 1 : publicSubnets.length;
    const natGateways = publicSubnets.slice(0, natCount).map((subnet, index) => {
      const address = new Eip(this, `nat-${index + 1}-address`, {
        domain: "vpc",
        tags: { Name: `${props.namePrefix}-nat-${index + 1}` },
        dependsOn: [internetGateway],
      });
      return new NatGateway(this, `nat-${index + 1}`, {
        allocationId: address.allocationId,
        subnetId: subnet.id,
        tags: { Name: `${props.namePrefix}-nat-${index + 1}` },
      });
    });
    return {
      publicIps: natGateways.map((gateway) => gateway.publicIp),
      defaultRoute: (index) => ({ natGatewayId: natGateways[Math.min(index, natGateways.length - 1)].id }),
    };
  }

  private addInterfaceEndpoints(props: NetworkProps, vpcId: string): void {
    const endpointSecurityGroup = new SecurityGroup(this, "endpoints-security-group", {
      name: `${props.namePrefix}-vpc-endpoints`,
      description: "Interface endpoints for AWS APIs, reachable over HTTPS from the VPC",
      vpcId,
      tags: { Name: `${props.namePrefix}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, "endpoints-https-from-vpc", {
      securityGroupId: endpointSecurityGroup.id,
      description: "HTTPS to AWS API endpoints from inside the VPC",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      new VpcEndpoint(this, `${service.replace(".", "-")}-endpoint`, {
        vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: this.privateSubnetIds,
        securityGroupIds: [endpointSecurityGroup.id],
        policy: endpointPolicy(props.accountId),
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    }
  }

  private addFlowLogs(props: NetworkProps, vpcId: string, settings: NonNullable<NetworkProps["flowLogs"]>): void {
    const { namePrefix } = props;
    const { retentionDays, kmsKeyArn } = settings;
    const logGroup = new CloudwatchLogGroup(this, "flow-log-group", {
      name: `/aws/vpc/${namePrefix}/flow-logs`,
      retentionInDays: retentionDays,
      kmsKeyId: kmsKeyArn,
    });
    logGroup.overrideLogicalId("network_flow_log_group");
    const role = new IamRole(this, "flow-log-role", {
      name: settings.roleName,
      // Only flow logs of this account may use the role (the confused-deputy guard AWS documents for flow logs).
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": props.accountId },
        ArnLike: { "aws:SourceArn": `arn:${props.partition}:ec2:${props.region}:${props.accountId}:vpc-flow-log/*` },
      }),
    });
    new IamRolePolicy(this, "flow-log-policy", {
      name: "write-flow-logs",
      role: role.id,
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [logGroup.arn, `${logGroup.arn}:*`],
        },
      ]),
    });
    new FlowLog(this, "flow-log", {
      vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${namePrefix}-vpc` },
    });
  }
}

/**
 * The policy of every interface endpoint: any action, but only by principals of this account. Without one, an
 * endpoint admits every principal (`Principal: *`), so a stolen credential of another account could use the VPC's
 * private path to AWS, e.g. to move data out through Secrets Manager or CloudWatch Logs of its own account. Resources
 * stay open: Fargate pulls images from other accounts' repositories (public mirrors, AWS-owned images) with this
 * account's execution roles, which the condition already admits.
 */
export function endpointPolicy(accountId: string): string {
  return policyDocument([
    {
      Sid: "OnlyThisAccountsPrincipals",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalAccount": accountId } },
    },
  ]);
}
