import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { serviceTrustPolicy } from "../security/policy-document";

/** AWS's public parameter naming the newest arm64 Amazon Linux 2023 image of the region. */
export const NAT_INSTANCE_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
/** Root volume size, GiB: the Amazon Linux 2023 image's own size; NAT writes nothing but logs. */
export const NAT_INSTANCE_ROOT_VOLUME_GB = 8;

export interface NatInstanceProps {
  readonly namePrefix: string;
  readonly partition: string;
  readonly vpcId: string;
  /** Traffic from here is translated; nothing else is admitted. */
  readonly vpcCidr: string;
  /** A public subnet (routed to the internet gateway). */
  readonly subnetId: string;
  /** An arm64 (Graviton) type: the image is arm64. */
  readonly instanceType: string;
  /** Account-wide, so it must differ between regions: names the role and the instance profile. */
  readonly iamName: string;
  /** The internet gateway: the address is usable only once the VPC has one. */
  readonly internetGateway: ITerraformDependable;
}

/**
 * Commands the instance runs at its first boot. Both settings are written to files the system reads at every boot
 * (sysctl.d, and nftables.service loading /etc/sysconfig/nftables.conf), so a reboot, a stop/start or a recovery onto
 * new hardware comes back as a NAT without user data running again. Translation matches the VPC's addresses, not an
 * interface name, which differs between instance generations.
 */
function natUserData(vpcCidr: string): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "# Forward packets between interfaces: what makes the instance a router.",
    "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat.conf",
    "sysctl --system",
    "# The Elastic IP is associated only once the instance runs; until then the package repository is out of reach.",
    "for attempt in $(seq 60); do dnf install -y nftables && break; sleep 10; done",
    "rpm -q nftables",
    "# Masquerade the VPC's traffic to anywhere outside it behind the instance's own address (its Elastic IP).",
    "cat > /etc/sysconfig/nftables.conf <<'RULES'",
    "flush ruleset",
    "table ip nat {",
    "  chain postrouting {",
    "    type nat hook postrouting priority 100; policy accept;",
    `    ip saddr ${vpcCidr} ip daddr != ${vpcCidr} masquerade`,
    "  }",
    "}",
    "RULES",
    "systemctl enable --now nftables",
    "",
  ].join("\n");
}

/**
 * One small EC2 instance doing NAT for the private subnets, instead of NAT gateways (as aws-cdk's
 * NatProvider.instanceV2() and fck-nat): the arm64 Amazon Linux 2023 image, an Elastic IP, IMDSv2 only, an encrypted
 * root volume, no SSH (Session Manager through AmazonSSMManagedInstanceCore instead), admitting only the VPC.
 */
export class NatInstance extends Construct {
  readonly instanceId: string;
  /** Private route tables send their default route here. */
  readonly networkInterfaceId: string;
  /** The address the private subnets' outbound traffic leaves from. */
  readonly publicIp: string;

  constructor(scope: Construct, id: string, props: NatInstanceProps) {
    super(scope, id);
    const securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.namePrefix}-nat`,
      description: "NAT instance: forwards the VPC's outbound traffic to the internet",
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-nat` },
    });
    // All protocols from a CIDR, not one TCP port from a security group, so the Connections idiom does not apply: the
    // instance forwards whatever the tasks' own security groups let out (HTTPS, DNS over TCP, ...).
    new VpcSecurityGroupIngressRule(this, "from-vpc", {
      securityGroupId: securityGroup.id,
      description: "Traffic from the VPC to translate and forward",
      ipProtocol: "-1",
      cidrIpv4: props.vpcCidr,
    });
    new VpcSecurityGroupEgressRule(this, "to-internet", {
      securityGroupId: securityGroup.id,
      description: "Forwarded traffic to anywhere outside the VPC, and the instance's own updates and Session Manager",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });

    const role = new IamRole(this, "role", {
      name: props.iamName,
      description: "NAT instance: Session Manager only (patching and inspection; no SSH)",
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "session-manager", {
      role: role.name,
      policyArn: `arn:${props.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
    });
    const profile = new IamInstanceProfile(this, "profile", { name: props.iamName, role: role.name });

    const image = new DataAwsSsmParameter(this, "image", { name: NAT_INSTANCE_AMI_PARAMETER });
    const instance = new Instance(this, "instance", {
      // The parameter is public and not secret; insecure_value keeps the image ID readable in plans.
      ami: image.insecureValue,
      instanceType: props.instanceType,
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [securityGroup.id],
      iamInstanceProfile: profile.name,
      // A router forwards packets addressed to others; EC2 drops them unless this check is off.
      sourceDestCheck: false,
      // Already the case for Graviton types at no charge; stated so scanners and readers need not know it.
      ebsOptimized: true,
      // Off: detailed monitoring costs about $2.10 a month, and the status checks the alarms watch are published every
      // minute without it.
      monitoring: false,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: "gp3", volumeSize: NAT_INSTANCE_ROOT_VOLUME_GB, encrypted: true, deleteOnTermination: true },
      userData: natUserData(props.vpcCidr),
      tags: { Name: `${props.namePrefix}-nat` },
      volumeTags: { Name: `${props.namePrefix}-nat` },
      // A new image every few weeks would otherwise replace the instance (and cut outbound traffic) at the next apply.
      // Take one on purpose: `terraform apply -replace=aws_instance.network_nat_instance` (docs/architecture.md, "NAT instance").
      lifecycle: { ignoreChanges: ["ami"] },
    });
    const address = new Eip(this, "address", {
      domain: "vpc",
      instance: instance.id,
      tags: { Name: `${props.namePrefix}-nat` },
      dependsOn: [props.internetGateway],
    });
    this.instanceId = instance.id;
    this.networkInterfaceId = instance.primaryNetworkInterfaceId;
    this.publicIp = address.publicIp;
  }
}
