import { NAT_INSTANCE_AMI_PARAMETER } from "../src/constructs/network/nat-instance";
import { configProblems, exampleRawConfig, Json, ref, resourceList, resources, synthStacks } from "./support";

function synthWith(network: Record<string, unknown>): Json {
  const raw = exampleRawConfig();
  raw.network = { ...raw.network, ...network };
  return synthStacks(raw).app;
}

function problemsWith(network: Record<string, unknown>): string[] {
  const raw = exampleRawConfig();
  raw.network = { ...raw.network, ...network };
  return configProblems(raw);
}

describe("network.natGateways: instance", () => {
  const app = synthWith({ azCount: 3, natGateways: "instance" });
  const instances = resources(app, "aws_instance");
  const instance = instances.network_nat_instance;
  const natSecurityGroup = ref("aws_security_group.network_nat_security_group", "id");

  test("one NAT instance in the first public subnet, no NAT gateway", () => {
    expect(Object.keys(instances)).toEqual(["network_nat_instance"]);
    expect(instance.subnet_id).toBe(ref("aws_subnet.network_public_subnet_1", "id"));
    expect(resourceList(app, "aws_nat_gateway")).toHaveLength(0);
    expect(instance).toMatchObject({
      instance_type: "t4g.nano",
      // EC2 drops forwarded packets unless the check is off.
      source_dest_check: false,
      vpc_security_group_ids: [natSecurityGroup],
      iam_instance_profile: ref("aws_iam_instance_profile.network_nat_profile", "name"),
      ebs_optimized: true,
    });
    expect(instance.key_name).toBeUndefined();
    expect(instance.associate_public_ip_address).toBeUndefined();
  });

  test("arm64 Amazon Linux 2023 from the public parameter, and a new image never replaces the instance by itself", () => {
    expect(app.data.aws_ssm_parameter.network_nat_image).toMatchObject({ name: NAT_INSTANCE_AMI_PARAMETER });
    expect(NAT_INSTANCE_AMI_PARAMETER).toBe("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    expect(instance.ami).toBe("${data.aws_ssm_parameter.network_nat_image.insecure_value}");
    expect(instance.lifecycle).toEqual({ ignore_changes: ["ami"] });
  });

  test("IMDSv2 only, an encrypted gp3 root volume", () => {
    expect(instance.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
    expect(instance.root_block_device).toEqual({ volume_type: "gp3", volume_size: 8, encrypted: true, delete_on_termination: true });
  });

  test("user data forwards and masquerades the VPC's traffic, persistently", () => {
    const userData: string = instance.user_data;
    expect(userData).toMatch(/^#!\/bin\/bash\n/);
    expect(userData).toContain("net.ipv4.ip_forward = 1' > /etc/sysctl.d/");
    expect(userData).toContain("cat > /etc/sysconfig/nftables.conf");
    expect(userData).toContain("ip saddr 10.0.0.0/16 ip daddr != 10.0.0.0/16 masquerade");
    expect(userData).toContain("systemctl enable --now nftables");
  });

  test("an Elastic IP on the instance is the deployment's NAT address", () => {
    expect(resources(app, "aws_eip")).toEqual({
      network_nat_address: expect.objectContaining({
        domain: "vpc",
        instance: ref("aws_instance.network_nat_instance", "id"),
        depends_on: ["aws_internet_gateway.network_internet_gateway"],
      }),
    });
    expect(app.output.nat_public_ips.value).toEqual([ref("aws_eip.network_nat_address", "public_ip")]);
    // No load balancer admits it: the tasks reach Keycloak inside the VPC.
    const fromNat = resourceList(app, "aws_vpc_security_group_ingress_rule").filter((rule) =>
      String(rule.cidr_ipv4).includes("aws_eip.network_nat_address.public_ip"),
    );
    expect(fromNat).toEqual([]);
  });

  test("every private route table's default route goes to the instance's network interface", () => {
    const privateTables = Object.keys(resources(app, "aws_route_table")).filter((name) => /private_subnet_\d+_routes$/.test(name));
    expect(privateTables).toHaveLength(3);
    const defaultRoutes = resourceList(app, "aws_route").filter((route) => route.destination_cidr_block === "0.0.0.0/0");
    for (const table of privateTables) {
      const route = defaultRoutes.find((candidate) => candidate.route_table_id === ref(`aws_route_table.${table}`, "id"));
      expect({ table, route }).toEqual({
        table,
        route: expect.objectContaining({ network_interface_id: ref("aws_instance.network_nat_instance", "primary_network_interface_id") }),
      });
      expect(route?.nat_gateway_id).toBeUndefined();
    }
  });

  test("its security group admits everything from the VPC only and lets it out anywhere, each rule described", () => {
    const ingress = resourceList(app, "aws_vpc_security_group_ingress_rule").filter((rule) => rule.security_group_id === natSecurityGroup);
    const egress = resourceList(app, "aws_vpc_security_group_egress_rule").filter((rule) => rule.security_group_id === natSecurityGroup);
    expect(ingress).toEqual([expect.objectContaining({ ip_protocol: "-1", cidr_ipv4: "10.0.0.0/16", description: expect.any(String) })]);
    expect(egress).toEqual([expect.objectContaining({ ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0", description: expect.any(String) })]);
    expect(resources(app, "aws_security_group").network_nat_security_group).toMatchObject({ vpc_id: ref("aws_vpc.network_vpc", "id") });
  });

  test("Session Manager is its only permission", () => {
    const attachments = resourceList(app, "aws_iam_role_policy_attachment").filter(
      (attachment) => attachment.role === ref("aws_iam_role.network_nat_role", "name"),
    );
    expect(attachments).toEqual([
      expect.objectContaining({ policy_arn: "arn:${data.aws_partition.partition.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore" }),
    ]);
    const role = resources(app, "aws_iam_role").network_nat_role;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(role.name).toBe("mcp-gateway-use1-nat-instance");
    expect(
      Object.values(resources(app, "aws_iam_role_policy")).filter((policy) => policy.role === ref("aws_iam_role.network_nat_role", "id")),
    ).toEqual([]);
  });

  test("a failed system check recovers the instance; both checks notify the alarm topic", () => {
    const alarms = resources(app, "aws_cloudwatch_metric_alarm");
    const topic = ref("aws_sns_topic.alarms_topic", "arn");
    const dimensions = { InstanceId: ref("aws_instance.network_nat_instance", "id") };
    expect(alarms.infrastructure_alarms_nat_instance_system_check).toMatchObject({
      namespace: "AWS/EC2",
      metric_name: "StatusCheckFailed_System",
      dimensions,
      alarm_actions: ["arn:${data.aws_partition.partition.partition}:automate:us-east-1:ec2:recover", topic],
      ok_actions: [topic],
    });
    expect(alarms.infrastructure_alarms_nat_instance_check).toMatchObject({
      namespace: "AWS/EC2",
      metric_name: "StatusCheckFailed_Instance",
      dimensions,
      alarm_actions: [topic],
    });
  });

  test("interface endpoints and flow logs are unaffected", () => {
    expect(resourceList(app, "aws_vpc_endpoint").filter((endpoint) => endpoint.vpc_endpoint_type === "Interface")).not.toHaveLength(0);
    expect(resourceList(app, "aws_flow_log")).toHaveLength(1);
  });

  test("natInstanceType picks another Graviton type", () => {
    const larger = synthWith({ natGateways: "instance", natInstanceType: "c7gn.medium" });
    expect(resources(larger, "aws_instance").network_nat_instance.instance_type).toBe("c7gn.medium");
  });

  test("NAT gateways create no instance and no instance alarms", () => {
    const gateways = synthWith({ natGateways: "single" });
    expect(resourceList(gateways, "aws_instance")).toHaveLength(0);
    expect(Object.keys(resources(gateways, "aws_cloudwatch_metric_alarm")).filter((name) => name.includes("nat_instance"))).toEqual([]);
  });
});

describe("network.natInstanceType and natGateways: instance, problems", () => {
  test.each(["m5.large", "t3.nano", "g4dn.xlarge", "x2idn.large", "nano"])("%s is refused: not an arm64 Graviton type", (type) => {
    expect(problemsWith({ natGateways: "instance", natInstanceType: type })).toEqual([
      `network.natInstanceType: "${type}" is not an arm64 (Graviton) instance type; the NAT instance runs the arm64 Amazon Linux 2023 image, so use e.g. t4g.nano, t4g.micro or c7gn.medium`,
    ]);
  });

  test.each(["t4g.nano", "t4g.micro", "c7gn.medium", "m6gd.large", "a1.medium", "im4gn.large"])("%s is accepted", (type) => {
    expect(problemsWith({ natGateways: "instance", natInstanceType: type })).toEqual([]);
  });

  test("a type without a NAT instance would be ignored", () => {
    expect(problemsWith({ natGateways: "single", natInstanceType: "t4g.micro" })).toEqual([
      "network.natInstanceType: (t4g.micro) would be ignored: there is no NAT instance with natGateways single; set natGateways: instance to use it, or remove natInstanceType",
    ]);
  });

  test("an existing VPC gets no NAT instance: the field, the value and the fix", () => {
    const raw = exampleRawConfig();
    raw.network = {
      ingressCidrs: raw.network.ingressCidrs,
      natGateways: "instance",
      natInstanceType: "t4g.micro",
      existing: {
        vpcId: "vpc-0a1b2c3d4e5f60708",
        privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
        publicSubnetIds: ["subnet-0a1b2c3d4e5f60101", "subnet-0a1b2c3d4e5f60102"],
        egressPublicIps: ["198.51.100.7"],
      },
    };
    const problems = configProblems(raw);
    expect(problems).toEqual([
      expect.stringMatching(
        /^network\.natGateways: \(instance\) cannot be set together with network\.existing: .*remove network\.natGateways$/,
      ),
      "network.natInstanceType: cannot be set together with network.existing (it configures a VPC this deployment creates); remove network.natInstanceType",
    ]);
  });
});
