import { INTERFACE_ENDPOINT_SERVICES } from "../src/constructs/network/network";
import { exampleRawConfig, ref, resourceList, resources, synthStacks } from "./support";

function synthWith(network: Record<string, unknown>) {
  const raw = exampleRawConfig();
  raw.network = { ...raw.network, ...network };
  return synthStacks(raw).app;
}

describe("network", () => {
  test.each([2, 3])("spreads public and private subnets over %i AZs", (azCount) => {
    const app = synthWith({ azCount });
    const subnets = resourceList(app, "aws_subnet");
    const tiers = subnets.map((subnet) => subnet.tags["mcp-gateway:tier"]);
    expect(tiers.filter((tier) => tier === "public")).toHaveLength(azCount);
    expect(tiers.filter((tier) => tier === "private")).toHaveLength(azCount);
    const zones = subnets.filter((subnet) => subnet.tags["mcp-gateway:tier"] === "private").map((subnet) => subnet.availability_zone);
    expect(new Set(zones).size).toBe(azCount);
    expect(subnets).toHaveLength(2 * azCount);
    expect(subnets.every((subnet) => subnet.map_public_ip_on_launch !== true)).toBe(true);
    // A changed zone list (a zone added or impaired) must never move, and so replace, an existing subnet.
    for (const subnet of subnets) expect(subnet.lifecycle).toEqual({ ignore_changes: ["availability_zone"] });
  });

  test.each([2, 3])("the plan stops with the field and the fix when the region has fewer than %i zones for this account", (azCount) => {
    const app = synthWith({ azCount });
    // element() wraps: without the check, a third subnet pair would land in the first zone of a two-zone region.
    expect(app.data.aws_availability_zones.network_zones.lifecycle).toEqual({
      postcondition: [
        {
          condition: `\${length(self.names) >= ${azCount}}`,
          error_message: `network.azCount: ${azCount} needs ${azCount} availability zones, but us-east-1 has \${length(self.names)} available to this account (zones that need opting in are not used); set network.azCount to at most \${length(self.names)}, or deploy to another region.`,
        },
      ],
    });
  });

  test("one NAT gateway per AZ, each private subnet routed through its own", () => {
    const app = synthWith({ azCount: 3, natGateways: "one-per-az" });
    expect(resourceList(app, "aws_nat_gateway")).toHaveLength(3);
    const natTargets = resourceList(app, "aws_route")
      .filter((route) => route.nat_gateway_id)
      .map((route) => route.nat_gateway_id);
    expect(new Set(natTargets).size).toBe(3);
  });

  test("a single NAT gateway serves every private subnet", () => {
    const app = synthWith({ azCount: 3, natGateways: "single" });
    expect(Object.keys(resources(app, "aws_nat_gateway"))).toEqual(["network_nat_1"]);
    expect(resourceList(app, "aws_eip")).toHaveLength(1);
    const natRoutes = resourceList(app, "aws_route").filter((route) => route.nat_gateway_id);
    expect(natRoutes).toHaveLength(3);
    expect(natRoutes.every((route) => route.nat_gateway_id === ref("aws_nat_gateway.network_nat_1", "id"))).toBe(true);
  });

  test("the VPC uses the configured block with DNS support", () => {
    const app = synthWith({ vpcCidr: "10.42.0.0/16" });
    expect(resourceList(app, "aws_vpc")).toEqual([
      expect.objectContaining({ cidr_block: "10.42.0.0/16", enable_dns_hostnames: true, enable_dns_support: true }),
    ]);
  });

  test("tasks reach ECR, logs, Secrets Manager and STS through endpoints, S3 through a gateway endpoint", () => {
    const app = synthWith({});
    const endpoints = resourceList(app, "aws_vpc_endpoint");
    const interfaceServices = endpoints
      .filter((endpoint) => endpoint.vpc_endpoint_type === "Interface")
      .map((endpoint) => endpoint.service_name);
    for (const service of ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"]) {
      expect(interfaceServices).toContain(`com.amazonaws.us-east-1.${service}`);
    }
    expect(interfaceServices).toHaveLength(INTERFACE_ENDPOINT_SERVICES.length);
    for (const endpoint of endpoints.filter((candidate) => candidate.vpc_endpoint_type === "Interface")) {
      expect(endpoint.private_dns_enabled).toBe(true);
      expect(endpoint.security_group_ids).toEqual([ref("aws_security_group.network_endpoints_security_group", "id")]);
    }
    const gateway = endpoints.find((endpoint) => endpoint.vpc_endpoint_type === "Gateway");
    expect(gateway).toMatchObject({ service_name: "com.amazonaws.us-east-1.s3" });
    expect(gateway?.route_table_ids).toHaveLength(2);
    const endpointRules = resourceList(app, "aws_vpc_security_group_ingress_rule").filter(
      (rule) => rule.security_group_id === ref("aws_security_group.network_endpoints_security_group", "id"),
    );
    expect(endpointRules).toEqual([expect.objectContaining({ from_port: 443, to_port: 443, cidr_ipv4: "10.0.0.0/16" })]);
  });

  test("flow logs go to a KMS-encrypted log group with the configured retention", () => {
    const raw = exampleRawConfig();
    raw.observability.logRetentionDays = 90;
    const app = synthStacks(raw).app;
    expect(resourceList(app, "aws_flow_log")).toEqual([
      expect.objectContaining({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs", vpc_id: ref("aws_vpc.network_vpc", "id") }),
    ]);
    expect(resources(app, "aws_cloudwatch_log_group").network_flow_log_group).toMatchObject({
      retention_in_days: 90,
      kms_key_id: ref("aws_kms_key.logs", "arn"),
    });
  });

  test("only this account's flow logs may assume the flow-logs role", () => {
    const app = synthWith({});
    const role = resources(app, "aws_iam_role").network_flow_log_role;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": ref("data.aws_caller_identity.account", "account_id") },
          ArnLike: {
            "aws:SourceArn": `arn:${ref("data.aws_partition.partition", "partition")}:ec2:us-east-1:${ref("data.aws_caller_identity.account", "account_id")}:vpc-flow-log/*`,
          },
        },
      },
    ]);
  });

  test("every interface endpoint admits only this account's principals", () => {
    const app = synthWith({});
    const interfaces = resourceList(app, "aws_vpc_endpoint").filter((endpoint) => endpoint.vpc_endpoint_type === "Interface");
    expect(interfaces).toHaveLength(INTERFACE_ENDPOINT_SERVICES.length);
    for (const endpoint of interfaces) {
      expect(JSON.parse(endpoint.policy)).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "OnlyThisAccountsPrincipals",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "*",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalAccount": ref("data.aws_caller_identity.account", "account_id") } },
          },
        ],
      });
    }
  });

  test("flow logs can be turned off", () => {
    expect(resourceList(synthWith({ flowLogs: false }), "aws_flow_log")).toHaveLength(0);
  });

  test("the default security group carries no rules", () => {
    const app = synthWith({});
    const defaults = resourceList(app, "aws_default_security_group");
    expect(defaults).toHaveLength(1);
    expect(defaults[0].ingress).toBeUndefined();
    expect(defaults[0].egress).toBeUndefined();
  });
});

describe("network.interfaceEndpoints", () => {
  test("false creates no interface endpoints and no endpoint security group; the free S3 gateway endpoint stays", () => {
    const app = synthWith({ interfaceEndpoints: false });
    const endpoints = resourceList(app, "aws_vpc_endpoint");
    expect(endpoints.map((endpoint) => endpoint.vpc_endpoint_type)).toEqual(["Gateway"]);
    expect(resources(app, "aws_security_group").network_endpoints_security_group).toBeUndefined();
    // The RDS Proxy then reaches Secrets Manager's public endpoint through NAT.
    expect(resources(app, "aws_vpc_security_group_egress_rule").database_proxy_to_secrets_manager).toMatchObject({
      cidr_ipv4: "0.0.0.0/0",
      from_port: 443,
    });
  });

  test("the default creates every interface endpoint, and the proxy reaches Secrets Manager inside the VPC", () => {
    const app = synthWith({});
    const interfaces = resourceList(app, "aws_vpc_endpoint").filter((endpoint) => endpoint.vpc_endpoint_type === "Interface");
    expect(interfaces).toHaveLength(INTERFACE_ENDPOINT_SERVICES.length);
    expect(resources(app, "aws_vpc_security_group_egress_rule").database_proxy_to_secrets_manager.cidr_ipv4).toBe("10.0.0.0/16");
  });
});
