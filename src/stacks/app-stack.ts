import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ContainerImages } from "../constructs/container-images";
import { DnsRecords } from "../constructs/dns-records";
import { EncryptionKey } from "../constructs/kms-key";
import { LoadBalancers } from "../constructs/load-balancers";
import { Network } from "../constructs/network";
import { adoptExistingResources } from "./adopt-existing";
import { CertificateHandoff } from "./certificate-handoff";
import { DeploymentStack, DeploymentStackProps } from "./deployment-stack";

export interface AppStackProps extends DeploymentStackProps {
  /** Where the validated certificates of the certs stack come from (depends on the backend). */
  readonly certificates: CertificateHandoff;
}

/** Network, load balancers, DNS and the application tier of the MCP Gateway Registry. */
export class AppStack extends DeploymentStack {
  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config } = props;
    const certificates = props.certificates.arnsFor(this);
    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    const zone = new DataAwsRoute53Zone(this, "zone", { name: config.domains.hostedZone, privateZone: false });

    const logsKey = new EncryptionKey(this, "logs-key", {
      alias: `${config.namePrefix}-logs`,
      description: `${config.namePrefix}: CloudWatch Logs encryption`,
      accountId: account.accountId,
      partition: partition.partition,
      serviceStatements: [
        {
          Sid: "CloudWatchLogsEncryptsThisDeploymentsLogGroups",
          Effect: "Allow",
          Principal: { Service: `logs.${config.region}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition.partition}:logs:${config.region}:${account.accountId}:*` },
          },
        },
      ],
    });

    // Task definitions run on Fargate's default platform (Linux, X86_64), so images are built for linux/amd64 on any host.
    new ContainerImages(this, "images", {
      namePrefix: config.namePrefix,
      services: config.services,
      keepImages: config.imageRepositories.keepImages,
      platform: "linux/amd64",
      deleteImagesWithRepository: !config.deletionProtection,
    });

    const network = new Network(this, "network", {
      namePrefix: config.namePrefix,
      region: config.region,
      vpcCidr: config.network.vpcCidr,
      publicSubnetCidrs: config.network.publicSubnetCidrs,
      privateSubnetCidrs: config.network.privateSubnetCidrs,
      natGateways: config.network.natGateways,
      flowLogs: config.network.flowLogs
        ? { retentionDays: config.observability.logRetentionDays, kmsKeyArn: logsKey.keyArn }
        : undefined,
    });

    const loadBalancers = new LoadBalancers(this, "load-balancers", {
      namePrefix: config.namePrefix,
      vpcId: network.vpcId,
      vpcCidr: network.vpcCidr,
      publicSubnetIds: network.publicSubnetIds,
      privateSubnetIds: network.privateSubnetIds,
      ingressCidrs: config.network.ingressCidrs,
      registryCertificateArn: certificates.registryArn,
      keycloakCertificateArn: certificates.keycloakArn,
      keycloakScheme: config.loadBalancers.keycloakScheme,
      authServerPort: config.loadBalancers.authServerPort,
      natPublicIps: network.natPublicIps,
      deletionProtection: config.loadBalancers.deletionProtection,
      accessLogs: config.loadBalancers.accessLogs,
    });

    new DnsRecords(this, "dns", {
      hostedZoneId: zone.zoneId,
      aliases: {
        registry: { name: config.domains.registry, dnsName: loadBalancers.main.dnsName, zoneId: loadBalancers.main.zoneId },
        keycloak: { name: config.domains.keycloak, dnsName: loadBalancers.keycloak.dnsName, zoneId: loadBalancers.keycloak.zoneId },
      },
    });

    const outputs: Record<string, { value: string | string[]; description: string }> = {
      registry_url: { value: `https://${config.domains.registry}`, description: "Registry web UI and MCP gateway" },
      auth_server_url: {
        value: `https://${config.domains.registry}:${config.loadBalancers.authServerPort}`,
        description: "Auth server (OAuth2) endpoint",
      },
      keycloak_url: { value: `https://${config.domains.keycloak}`, description: "Keycloak" },
      keycloak_admin_console: { value: `https://${config.domains.keycloak}/admin/`, description: "Keycloak admin console" },
      main_alb_dns_name: { value: loadBalancers.main.dnsName, description: "DNS name of the main load balancer" },
      keycloak_alb_dns_name: { value: loadBalancers.keycloak.dnsName, description: "DNS name of the Keycloak load balancer" },
      vpc_id: { value: network.vpcId, description: "VPC" },
      private_subnet_ids: { value: network.privateSubnetIds, description: "Private subnets (tasks, database, file system)" },
      public_subnet_ids: { value: network.publicSubnetIds, description: "Public subnets (load balancers, NAT)" },
      nat_public_ips: { value: network.natPublicIps, description: "Addresses outbound traffic leaves from" },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }

    // Last: it checks the configured addresses against every resource declared above.
    adoptExistingResources(this, config.adopt);
  }
}
