import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { estimateMonthlyCost } from "../src/cost/estimate";
import { configFrom, configProblems, exampleRawConfig, Json, ref, resourceList, resources, synthStacks } from "./support";

const EXAMPLE = join(__dirname, "..", "config", "examples", "existing-vpc.yaml");
const existingExample = (): Json => parseYaml(readFileSync(EXAMPLE, "utf8"));

function problemsFor(mutate: (raw: Json) => void): string[] {
  const raw = existingExample();
  mutate(raw);
  return configProblems(raw);
}

describe("network.existing: deploying into a VPC that exists", () => {
  const { certs, app } = synthStacks(existingExample());

  test("creates no VPC, subnets, gateways, routes, endpoints, addresses or flow logs", () => {
    const networkTypes = [
      "aws_vpc",
      "aws_subnet",
      "aws_internet_gateway",
      "aws_nat_gateway",
      "aws_eip",
      "aws_route",
      "aws_route_table",
      "aws_route_table_association",
      "aws_vpc_endpoint",
      "aws_flow_log",
      "aws_default_security_group",
    ];
    const present = networkTypes.filter((type) => resourceList(app, type).length > 0);
    expect(present).toEqual([]);
    // The full deployment is still there.
    expect(resourceList(app, "aws_ecs_service").length).toBeGreaterThanOrEqual(4);
    expect(resourceList(app, "aws_lb")).toHaveLength(2);
  });

  test("reads the VPC and each subnet, and everything lands in them; security groups are still ours", () => {
    expect(app.data.aws_vpc.network_vpc.id).toBe("vpc-0123456789abcdef0");
    expect(
      Object.values<Json>(app.data.aws_subnet)
        .map((subnet) => subnet.id)
        .sort(),
    ).toEqual(["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60101", "subnet-0a1b2c3d4e5f60102"]);
    const vpcId = ref("data.aws_vpc.network_vpc", "id");
    const groups = resourceList(app, "aws_security_group");
    expect(groups.length).toBeGreaterThan(5);
    expect(groups.filter((group) => group.vpc_id !== vpcId)).toEqual([]);
    const privateSubnets = [ref("data.aws_subnet.network_private_subnet_1", "id"), ref("data.aws_subnet.network_private_subnet_2", "id")];
    const publicSubnets = [ref("data.aws_subnet.network_public_subnet_1", "id"), ref("data.aws_subnet.network_public_subnet_2", "id")];
    for (const service of resourceList(app, "aws_ecs_service")) expect(service.network_configuration.subnets).toEqual(privateSubnets);
    for (const lb of resourceList(app, "aws_lb")) expect(lb.subnets).toEqual(publicSubnets);
    expect(resources(app, "aws_db_subnet_group").database_subnet_group.subnet_ids).toEqual(privateSubnets);
    expect(resources(app, "aws_docdb_subnet_group").document_database_subnet_group.subnet_ids).toEqual(privateSubnets);
    const cached = existingExample();
    cached.fileSystem = { modelsCache: true };
    expect(resourceList(synthStacks(cached).app, "aws_efs_mount_target").map((target) => target.subnet_id)).toEqual(privateSubnets);
  });

  test("Terraform checks what synthesis cannot: subnets in the VPC, one per AZ, public subnets covering the private AZs", () => {
    const subnetChecks = Object.values<Json>(app.data.aws_subnet).map((subnet) => subnet.lifecycle.postcondition[0].condition);
    expect(subnetChecks).toHaveLength(4);
    expect(new Set(subnetChecks)).toEqual(new Set(['${self.vpc_id == "vpc-0123456789abcdef0"}']));
    const vpcChecks: Json[] = app.data.aws_vpc.network_vpc.lifecycle.postcondition;
    expect(vpcChecks.map((check) => check.error_message)).toEqual([
      expect.stringMatching(/^network\.existing\.privateSubnetIds: two of the subnets share an AZ/),
      expect.stringMatching(/^network\.existing\.publicSubnetIds: two of the subnets share an AZ/),
      expect.stringMatching(/^network\.existing\.publicSubnetIds: some AZ of the private subnets has no public subnet/),
    ]);
    expect(vpcChecks[0].condition).toBe(
      "${(length(distinct([data.aws_subnet.network_private_subnet_1.availability_zone, data.aws_subnet.network_private_subnet_2.availability_zone])) == 2)}",
    );
    expect(vpcChecks[2].condition).toContain("contains([data.aws_subnet.network_public_subnet_1.availability_zone");
  });

  test("no load balancer rule admits the VPC's egress addresses (the services reach Keycloak inside); VPC-wide rules use the VPC's CIDR", () => {
    const ingress = resources(app, "aws_vpc_security_group_ingress_rule");
    expect(Object.values(ingress).filter((rule) => ["198.51.100.7/32", "198.51.100.8/32"].includes(rule.cidr_ipv4))).toEqual([]);
    const internal = synthStacks({ ...existingExample(), loadBalancers: { keycloakScheme: "internal" } }).app;
    expect(resources(internal, "aws_vpc_security_group_ingress_rule").load_balancers_keycloak_443_from_vpc.cidr_ipv4).toBe(
      ref("data.aws_vpc.network_vpc", "cidr_block"),
    );
  });

  test("the estimate leaves out what the VPC's owner pays for", () => {
    const estimate = estimateMonthlyCost({ certs, app });
    const items = estimate.fixed.map((cost) => cost.item);
    expect(items).toContain("application load balancer hours");
    expect(items.filter((item) => /NAT|Elastic IPs|interface endpoint/.test(item))).toEqual([]);
  });

  describe("is validated before anything is synthesized", () => {
    test.each<[string, (raw: Json) => void, RegExp]>([
      [
        "a malformed VPC ID",
        (raw) => (raw.network.existing.vpcId = "vpc-123"),
        /^network\.existing\.vpcId: "vpc-123" is not a VPC ID; use the form vpc-0123456789abcdef0$/,
      ],
      [
        "a malformed subnet ID",
        (raw) => (raw.network.existing.privateSubnetIds[1] = "subnet-xyz"),
        /^network\.existing\.privateSubnetIds\.1: "subnet-xyz" is not a subnet ID; use the form subnet-0123456789abcdef0$/,
      ],
      [
        "a single public subnet",
        (raw) => (raw.network.existing.publicSubnetIds = ["subnet-0a1b2c3d4e5f60101"]),
        /^network\.existing\.publicSubnetIds: must list at least two subnets in different AZs/,
      ],
      ["a missing list", (raw) => delete raw.network.existing.privateSubnetIds, /^network\.existing\.privateSubnetIds: is missing/],
      [
        "a subnet in both lists",
        (raw) => (raw.network.existing.publicSubnetIds[0] = "subnet-0a1b2c3d4e5f60001"),
        /^network\.existing\.publicSubnetIds\.0: \(subnet-0a1b2c3d4e5f60001\) is already listed as network\.existing\.privateSubnetIds\.0; list each subnet once$/,
      ],
      [
        "different counts per tier",
        (raw) => raw.network.existing.publicSubnetIds.push("subnet-0a1b2c3d4e5f60103"),
        /^network\.existing\.publicSubnetIds: lists 3 subnets and privateSubnetIds 2; give one private and one public subnet per AZ$/,
      ],
      [
        "a VPC CIDR alongside",
        (raw) => (raw.network.vpcCidr = "10.0.0.0/16"),
        /^network\.vpcCidr: cannot be set together with network\.existing .*remove network\.vpcCidr$/,
      ],
      [
        "NAT settings alongside",
        (raw) => (raw.network.natGateways = "single"),
        /^network\.natGateways: cannot be set together with network\.existing/,
      ],
      [
        "subnet CIDRs alongside",
        (raw) => (raw.network.privateSubnetCidrs = ["10.0.0.0/20", "10.0.16.0/20"]),
        /^network\.privateSubnetCidrs: cannot be set together with network\.existing/,
      ],
    ])("%s", (_, mutate, expected) => {
      expect(problemsFor(mutate)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    });

    test("every problem at once", () => {
      const problems = problemsFor((raw) => {
        raw.network.existing.vpcId = "vpc-123";
        raw.network.flowLogs = false;
        raw.network.interfaceEndpoints = false;
      });
      expect(problems).toHaveLength(3);
    });

    test("the example is valid, and no Keycloak scheme needs egress addresses", () => {
      expect(problemsFor(() => undefined)).toEqual([]);
      expect(problemsFor((raw) => delete raw.network.existing.egressPublicIps)).toEqual([]);
      expect(
        problemsFor((raw) => {
          delete raw.network.existing.egressPublicIps;
          raw.loadBalancers = { keycloakScheme: "internal" };
        }),
      ).toEqual([]);
    });
  });

  test("without `existing`, the created VPC keeps its defaults", () => {
    const config = configFrom(exampleRawConfig());
    expect(config.network).toMatchObject({
      vpcCidr: "10.0.0.0/16",
      azCount: 2,
      natGateways: "one-per-az",
      flowLogs: true,
      interfaceEndpoints: true,
    });
    expect(config.network.existing).toBeUndefined();
  });
});
