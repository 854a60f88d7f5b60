import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { DeploymentConfig } from "../config/deployment-config";
import { accountWideNamePrefix } from "../config/regions";
import { ServiceName } from "../config/service-names";
import { AlarmTopic, InfrastructureAlarms } from "../constructs/observability/alarms";
import { ContainerImages } from "../constructs/compute/container-images";
import { OperationsDashboard } from "../constructs/observability/dashboard";
import { KeycloakDatabase, KeycloakDatabaseEngine } from "../constructs/data/database";
import { DocumentDatabase } from "../constructs/data/document-database";
import { DnsRecords } from "../constructs/edge/dns-records";
import { FargateCluster } from "../constructs/compute/ecs-cluster";
import { ExistingNetwork } from "../constructs/network/existing-network";
import { FargateService, SecretReference } from "../constructs/compute/fargate-service";
import { SharedFileSystem } from "../constructs/data/file-system";
import { CLIENT_SECRET_JSON_KEY, KeycloakClientSecret } from "../constructs/identity/keycloak-client-secrets";
import { EncryptionKey } from "../constructs/security/kms-key";
import { LoadBalancers } from "../constructs/edge/load-balancers";
import { AccessLogBucket } from "../constructs/edge/access-log-bucket";
import { AssetBucket } from "../constructs/data/asset-bucket";
import { CA_BUNDLE_OBJECT_KEY, RDS_CA_BUNDLE } from "../services/ca-bundle";
import { WebAcl } from "../constructs/edge/web-acl";
import { Network, VpcNetwork } from "../constructs/network/network";
import { PolicyStatement } from "../constructs/security/policy-document";
import { GeneratedSecret } from "../constructs/security/secrets";
import { allowTcp, TcpPathRules } from "../constructs/network/security-group-rules";
import { CatalogContext, KEYCLOAK_DB_POOL_MAX_SIZE, ServiceDefinition, serviceDefinitions } from "../services/catalog";
import { McpServerEntry, mcpServerEntries } from "../services/mcp-servers";
import { containerImage } from "../services/images";
import { adoptExistingResources } from "./adopt-existing";
import { CertificateHandoff } from "./certificate-handoff";
import { DeploymentStack, DeploymentStackProps, logicalIdOf } from "./deployment-stack";
import { addKeycloakAccess } from "./keycloak-access";
import { preventDestroyOfStatefulResources } from "./prevent-destroy";
import { deploymentLogGroupArnPatterns } from "../constructs/observability/log-groups";

/** The services that use the registry's DocumentDB cluster; it admits exactly these. */
const DOCUMENT_DATABASE_CLIENTS: readonly ServiceName[] = ["registry", "auth-server"];

/**
 * Terraform's admin service account in Keycloak's master realm: Keycloak creates it on its first start from
 * KC_BOOTSTRAP_ADMIN_CLIENT_ID/SECRET, and Terraform configures Keycloak as it. No service reads its secret.
 */
export const KEYCLOAK_TERRAFORM_CLIENT_ID = "mcp-gateway-terraform";

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
    const iamNamePrefix = accountWideNamePrefix(config.namePrefix, config.region);
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
            // This deployment's log groups only, as the Sid says, not every log group of the account and region.
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": deploymentLogGroupArnPatterns({
                namePrefix: config.namePrefix,
                partition: partition.partition,
                region: config.region,
                accountId: account.accountId,
              }),
            },
          },
        },
      ],
      address: "logs",
      previousAddress: "aws_kms_key.logs_key_key",
    });

    // Task definitions run on Fargate's default platform (Linux, X86_64), so images are built for linux/amd64 on any host.
    const images = new ContainerImages(this, "images", {
      namePrefix: config.namePrefix,
      services: config.services,
      keepImages: config.imageRepositories.keepImages,
      platform: "linux/amd64",
      deleteImagesWithRepository: !config.deletionProtection,
    });

    const network: VpcNetwork = config.network.existing
      ? new ExistingNetwork(this, "network", config.network.existing)
      : new Network(this, "network", {
          namePrefix: config.namePrefix,
          region: config.region,
          accountId: account.accountId,
          partition: partition.partition,
          vpcCidr: config.network.vpcCidr,
          publicSubnetCidrs: config.network.publicSubnetCidrs,
          privateSubnetCidrs: config.network.privateSubnetCidrs,
          ...(config.network.natGateways === "instance"
            ? {
                natGateways: "instance" as const,
                natInstance: {
                  instanceType: config.network.natInstanceType,
                  partition: partition.partition,
                  iamName: `${iamNamePrefix}-nat-instance`,
                },
              }
            : { natGateways: config.network.natGateways }),
          interfaceEndpoints: config.network.interfaceEndpoints,
          flowLogs: config.network.flowLogs
            ? {
                retentionDays: config.observability.logRetentionDays,
                kmsKeyArn: logsKey.keyArn,
                roleName: `${iamNamePrefix}-vpc-flow-logs`,
              }
            : undefined,
        });

    const accessLogs = config.loadBalancers.accessLogs;
    const accessLogBucket =
      accessLogs.enabled && !accessLogs.bucket
        ? new AccessLogBucket(this, "access-logs", {
            namePrefix: config.namePrefix,
            region: config.region,
            accountId: account.accountId,
            prefix: accessLogs.prefix,
            writers: config.loadBalancers.shared ? ["main"] : ["main", "keycloak"],
            retentionDays: accessLogs.retentionDays,
          })
        : undefined;
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
      sharedKeycloakHostName: config.loadBalancers.shared ? config.domains.keycloak : undefined,
      keycloakAdminCidrs: config.keycloak.adminCidrs,
      deletionProtection: config.loadBalancers.deletionProtection,
      accessLogs: accessLogs.enabled
        ? {
            bucket: accessLogBucket?.bucketName ?? accessLogs.bucket ?? "",
            prefix: accessLogs.prefix,
            ready: accessLogBucket?.ready,
          }
        : undefined,
      idleTimeoutSeconds: config.loadBalancers.idleTimeoutSeconds,
      deregistrationDelaySeconds: config.loadBalancers.deregistrationDelaySeconds,
    });

    const webAcl = config.loadBalancers.waf.enabled
      ? new WebAcl(this, "waf", {
          namePrefix: config.namePrefix,
          loadBalancers: loadBalancers.loadBalancerArns,
          ipReputationList: config.loadBalancers.waf.ipReputationList,
          rateLimitPerAddress: config.loadBalancers.waf.rateLimitPerAddress,
          loginRateLimitPerAddress: config.loadBalancers.waf.loginRateLimitPerAddress,
          clientRegistrationPath: config.keycloak.dynamicClientRegistration
            ? `/realms/${config.keycloak.realm}/clients-registrations/`
            : undefined,
          logRetentionDays: config.observability.logRetentionDays,
          logsKmsKeyArn: logsKey.keyArn,
        })
      : undefined;

    const dns = new DnsRecords(this, "dns", {
      hostedZoneId: zone.zoneId,
      aliases: {
        registry: { name: config.domains.registry, dnsName: loadBalancers.main.dnsName, zoneId: loadBalancers.main.zoneId },
        keycloak: { name: config.domains.keycloak, dnsName: loadBalancers.keycloak.dnsName, zoneId: loadBalancers.keycloak.zoneId },
      },
    });

    const keys = this.encryptionKeys(config, account.accountId, partition.partition);
    const secrets = this.generatedSecrets(config, keys.secrets.keyArn);
    const cluster = new FargateCluster(this, "ecs", {
      namePrefix: config.namePrefix,
      logRetentionDays: config.observability.logRetentionDays,
      logsKmsKeyArn: logsKey.keyArn,
      execKmsKeyArn: keys.ecsExec?.keyArn,
    });
    // Nothing but the registry's embeddings model cache needs a shared file system any more, and only when asked for.
    const fileSystem = keys.fileSystem
      ? new SharedFileSystem(this, "file-system", {
          namePrefix: config.namePrefix,
          vpcId: network.vpcId,
          subnetIds: network.privateSubnetIds,
          throughputMode: config.fileSystem.throughputMode,
          kmsKeyArn: keys.fileSystem.keyArn,
          backupPolicy: !config.emulator,
        })
      : undefined;
    const database = new KeycloakDatabase(this, "database", {
      namePrefix: config.namePrefix,
      iamNamePrefix,
      region: config.region,
      accountId: account.accountId,
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      engine: databaseEngine(config.database),
      engineVersion: config.database.engineVersion,
      backupRetentionDays: config.database.backupRetentionDays,
      deletionProtection: config.deletionProtection,
      storageKmsKeyArn: keys.database.keyArn,
      secretsKmsKeyArn: keys.secrets.keyArn,
      passwordVersion: config.secrets.databasePasswordVersion,
      secretRecoveryWindowInDays: config.deletionProtection ? 7 : 0,
      logRetentionDays: config.observability.logRetentionDays,
      logsKmsKeyArn: logsKey.keyArn,
      proxy: config.database.proxy,
      secretsManagerCidr: config.network.existing || !config.network.interfaceEndpoints ? "0.0.0.0/0" : network.vpcCidr,
    });
    const documentDatabase = new DocumentDatabase(this, "document-database", {
      namePrefix: config.namePrefix,
      accountId: account.accountId,
      partition: partition.partition,
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      instanceClass: config.documentDatabase.instanceClass,
      instances: config.documentDatabase.instances,
      backupRetentionDays: config.documentDatabase.backupRetentionDays,
      deletionProtection: config.deletionProtection,
      credentialsVersion: config.documentDatabase.credentialsVersion,
      secretsKmsKeyArn: keys.secrets.keyArn,
      secretRecoveryWindowInDays: config.deletionProtection ? 7 : 0,
      logRetentionDays: config.observability.logRetentionDays,
      logsKmsKeyArn: logsKey.keyArn,
      cluster: !config.emulator,
    });
    // The RDS CA bundle the DocumentDB clients verify the cluster with, served from inside the deployment (issue #17).
    const assets = new AssetBucket(this, "assets", {
      namePrefix: config.namePrefix,
      region: config.region,
      accountId: account.accountId,
    });
    const caBundle = assets.add({
      id: "rds-ca-bundle",
      key: CA_BUNDLE_OBJECT_KEY,
      content: RDS_CA_BUNDLE,
      contentType: "application/x-pem-file",
    });
    const alarmTopic = new AlarmTopic(this, "alarms", {
      namePrefix: config.namePrefix,
      region: config.region,
      accountId: account.accountId,
      partition: partition.partition,
      kmsKeyArn: keys.alarms.keyArn,
      email: config.observability.alarmEmail,
    });

    const context: CatalogContext = {
      region: config.region,
      domains: config.domains,
      vpcCidr: network.vpcCidr,
      keycloak: {
        realm: config.keycloak.realm,
        logLevel: config.keycloak.logLevel,
        databaseJdbcUrl: database.jdbcUrl,
        deployment: config.keycloak.upgradeStrategy,
      },
      images: Object.fromEntries(config.services.map((service) => [service.name, containerImage(service.name, images)])),
      application: config.application,
      modelsCache: fileSystem?.accessPoint("models"),
      secrets: {
        secretKey: secrets.secretKey.reference(),
        nginxMarkerSecret: secrets.nginxMarkerSecret.reference(),
        keycloakBootstrapClient: { clientId: KEYCLOAK_TERRAFORM_CLIENT_ID, secret: secrets.keycloakTerraformClient.reference() },
        database: { username: database.credential("username"), password: database.credential("password") },
        metricsApiKey: secrets.metricsApiKey?.reference(),
      },
      documentDatabase: {
        host: documentDatabase.endpoint,
        port: documentDatabase.port,
        credentials: { username: documentDatabase.credential("username"), password: documentDatabase.credential("password") },
        caBundle,
      },
    };
    const services = new Map<ServiceName, FargateService>();
    const addServices = (definitions: readonly ServiceDefinition[]) => {
      for (const definition of definitions) {
        const settings = config.services.find((service) => service.name === definition.name);
        if (!settings) throw new Error(`service ${definition.name} has no settings`);
        const target = definition.loadBalancer && loadBalancers.target(definition.loadBalancer.target);
        const service = new FargateService(this, definition.name, {
          namePrefix: config.namePrefix,
          service: definition.name,
          iamNamePrefix,
          region: config.region,
          accountId: account.accountId,
          partition: partition.partition,
          cluster: { arn: cluster.clusterArn, name: cluster.clusterName },
          exec: settings.exec ? cluster.exec : undefined,
          vpcId: network.vpcId,
          subnetIds: network.privateSubnetIds,
          cpu: settings.cpu,
          memory: settings.memory,
          desiredCount: settings.desiredCount,
          minCapacity: settings.minCapacity,
          maxCapacity: settings.maxCapacity,
          autoscaling: !config.emulator,
          spot: settings.spot,
          deployment: definition.deployment,
          container: definition.container,
          additionalContainers: definition.additionalContainers,
          serviceConnectNamespaceArn: definition.serviceConnect ? cluster.serviceConnectNamespaceArn : undefined,
          loadBalancer:
            target && definition.loadBalancer
              ? {
                  targetGroupArn: target.targetGroupArn,
                  containerPort: target.containerPort,
                  healthCheckGracePeriodSeconds: definition.loadBalancer.healthCheckGracePeriodSeconds,
                }
              : undefined,
          logRetentionDays: config.observability.logRetentionDays,
          logsKmsKeyArn: logsKey.keyArn,
          alarmTopicArn: alarmTopic.topicArn,
          // The realm is configured through Keycloak's API in the same apply, so apply waits until Keycloak is healthy.
          waitForSteadyState: definition.name === "keycloak" ? config.keycloak.waitForHealthyService : undefined,
        });
        if (target && definition.loadBalancer) {
          const targetName = definition.loadBalancer.target;
          // Health checks may use a port of their own (Keycloak's management port): both are opened, nothing else.
          for (const port of new Set([target.containerPort, target.healthCheckPort])) {
            const purpose = port === target.containerPort ? "traffic" : "health checks";
            const rules = loadBalancers
              .connectionsFor(targetName)
              .allowTo(service, port, `${targetName} ${purpose} from the load balancer on port ${port}`);
            moveRules(rules, `load-balancers/${targetName}-${port}-egress`, `load-balancers/${targetName}-${port}-from-load-balancer`);
          }
        }
        if (definition.usesDatabase) {
          const rules = database.connections.allowFrom(
            service,
            database.port,
            `PostgreSQL from ${definition.name} to ${database.endpointDescription}`,
          );
          const formerId = `database/${definition.name}-to-${database.connections.name}`;
          moveRules(rules, `${formerId}-egress`, `${formerId}-ingress`);
        }
        if (DOCUMENT_DATABASE_CLIENTS.includes(definition.name)) {
          documentDatabase.connections.allowFrom(service, documentDatabase.port, `DocumentDB from ${definition.name}`);
        }
        if (fileSystem && usesFileSystem(definition)) {
          const rules = fileSystem.connections.allowFrom(service, fileSystem.port, `NFS from ${definition.name} to the EFS mount targets`);
          const formerId = `file-system/${definition.name}-to-${fileSystem.connections.name}`;
          moveRules(rules, `${formerId}-egress`, `${formerId}-ingress`);
        }
        services.set(definition.name, service);
      }
    };

    // Keycloak first: the realm needs it running, and the registry and auth server need the realm's client secrets.
    const keycloakDefinitions = serviceDefinitions(["keycloak"], context);
    addServices(keycloakDefinitions);
    const keycloakAccess = config.keycloak.configureRealm
      ? addKeycloakAccess(this, {
          config,
          terraform: {
            clientId: KEYCLOAK_TERRAFORM_CLIENT_ID,
            secretArn: secrets.keycloakTerraformClient.secretArn,
            secretWrittenBy: secrets.keycloakTerraformClient.valueWrittenBy,
          },
          secretsKmsKeyArn: keys.secrets.keyArn,
          keycloakReady: [(services.get("keycloak") as FargateService).ecsService, ...loadBalancers.keycloakRouting, dns.records.keycloak],
          keycloakDatabaseId: database.resourceId,
        })
      : undefined;
    const clientSecret = (secret: KeycloakClientSecret): SecretReference => ({
      secretArn: secret.secretArn,
      jsonKey: CLIENT_SECRET_JSON_KEY,
      version: secret.version,
      kmsKeyArn: keys.secrets.keyArn,
    });
    const contextWithRealm: CatalogContext = {
      ...context,
      secrets: {
        ...context.secrets,
        keycloakClients: keycloakAccess && {
          web: clientSecret(keycloakAccess.clientSecrets.web),
          m2m: clientSecret(keycloakAccess.clientSecrets.m2m),
        },
        registryKeycloakAdmin: keycloakAccess && {
          username: keycloakAccess.registryAccount.reference("username"),
          password: keycloakAccess.registryAccount.reference("password"),
        },
      },
    };
    const otherDefinitions = serviceDefinitions(
      config.services.map((service) => service.name).filter((name) => name !== "keycloak"),
      contextWithRealm,
    );
    addServices(otherDefinitions);
    const definitions = [...keycloakDefinitions, ...otherDefinitions];
    this.connectServices(definitions, services);

    const keycloakSettings = config.services.find((service) => service.name === "keycloak");
    const keycloakTargetGroup = loadBalancers.target("keycloak").targetGroupArnSuffix;
    // Shared, Keycloak's traffic is its target group's share of the main load balancer's metrics.
    const keycloakTraffic = {
      name: "keycloak",
      arnSuffix: loadBalancers.keycloak.arnSuffix,
      targetGroupArnSuffix: config.loadBalancers.shared ? keycloakTargetGroup : undefined,
    };
    new InfrastructureAlarms(this, "infrastructure-alarms", {
      namePrefix: config.namePrefix,
      topicArn: alarmTopic.topicArn,
      loadBalancers: [
        {
          name: "main",
          arnSuffix: loadBalancers.main.arnSuffix,
          targetGroups: [{ name: "registry", arnSuffix: loadBalancers.target("registry").targetGroupArnSuffix }],
        },
        { ...keycloakTraffic, targetGroups: [{ name: "keycloak", arnSuffix: keycloakTargetGroup }] },
      ],
      database: {
        metricDimensions: database.metricDimensions,
        capacity:
          config.database.engine === "aurora-serverless"
            ? { kind: "aurora-serverless", maxAcu: config.database.maxAcu }
            : {
                kind: "postgres-instance",
                instanceClass: config.database.instanceClass,
                allocatedStorageGb: config.database.allocatedStorageGb,
                maxAllocatedStorageGb: config.database.maxAllocatedStorageGb,
              },
        proxyName: database.proxy?.name,
        proxyClientConnectionsThreshold: Math.floor(0.8 * KEYCLOAK_DB_POOL_MAX_SIZE * (keycloakSettings?.maxCapacity ?? 1)),
      },
      fileSystem: fileSystem && { fileSystemId: fileSystem.fileSystemId, throughputMode: config.fileSystem.throughputMode },
      natInstance: network.natInstanceId
        ? { instanceId: network.natInstanceId, recoverActionArn: `arn:${partition.partition}:automate:${config.region}:ec2:recover` }
        : undefined,
      documentDatabase: {
        clusterIdentifier: documentDatabase.clusterIdentifier,
        instanceIdentifiers: documentDatabase.instanceIdentifiers,
        instanceClass: config.documentDatabase.instanceClass,
      },
    });
    const dashboard = new OperationsDashboard(this, "dashboard", {
      namePrefix: config.namePrefix,
      region: config.region,
      clusterName: cluster.clusterName,
      serviceNames: config.services.map((service) => (services.get(service.name) as FargateService).serviceName),
      loadBalancers: [{ name: "main", arnSuffix: loadBalancers.main.arnSuffix }, keycloakTraffic],
      database: { metricDimensions: database.metricDimensions, engine: database.engine, proxyName: database.proxy?.name },
      fileSystemId: fileSystem?.fileSystemId,
      documentDatabase: {
        clusterIdentifier: documentDatabase.clusterIdentifier,
        instanceIdentifiers: documentDatabase.instanceIdentifiers,
      },
    });

    const outputs: Record<string, { value: string | string[] | Record<string, string> | McpServerEntry[]; description: string }> = {
      registry_url: { value: `https://${config.domains.registry}`, description: "Registry web UI and MCP gateway" },
      keycloak_url: { value: `https://${config.domains.keycloak}`, description: "Keycloak" },
      keycloak_admin_console: { value: `https://${config.domains.keycloak}/admin/`, description: "Keycloak admin console" },
      keycloak_issuer_url: {
        value: `https://${config.domains.keycloak}/realms/${config.keycloak.realm}`,
        description: "OIDC issuer of the application realm (its discovery document is under /.well-known/openid-configuration)",
      },
      main_alb_dns_name: { value: loadBalancers.main.dnsName, description: "DNS name of the main load balancer" },
      keycloak_alb_dns_name: {
        value: loadBalancers.keycloak.dnsName,
        description: config.loadBalancers.shared
          ? "DNS name of the load balancer serving Keycloak (the main one: loadBalancers.shared)"
          : "DNS name of the Keycloak load balancer",
      },
      vpc_id: { value: network.vpcId, description: "VPC" },
      private_subnet_ids: { value: network.privateSubnetIds, description: "Private subnets (tasks, database, file system)" },
      public_subnet_ids: { value: network.publicSubnetIds, description: "Public subnets (load balancers, NAT)" },
      nat_public_ips: { value: network.natPublicIps, description: "Addresses outbound traffic leaves from" },
      ecs_cluster_name: { value: cluster.clusterName, description: "ECS cluster" },
      ecs_cluster_arn: { value: cluster.clusterArn, description: "ECS cluster ARN" },
      ecs_service_names: {
        value: Object.fromEntries([...services].map(([name, service]) => [name, service.serviceName])),
        description: "ECS service of each deployed service",
      },
      service_connect_namespace: { value: cluster.serviceConnectNamespaceName, description: "Service Connect namespace of the services" },
      mcp_servers: {
        value: mcpServerEntries(definitions),
        description:
          "MCP servers the registry should list, from the deployed services (`npm run ops -- register` registers them): name, path, Service Connect URL, description, tags, transport",
      },
      ...(database.proxy && {
        database_proxy_endpoint: {
          value: database.proxy.endpoint,
          description: "RDS Proxy endpoint Keycloak connects to (TLS required)",
        },
      }),
      // Named for the engine, so `ops status` knows whether to describe a cluster or an instance.
      [database.engine === "aurora-serverless" ? "database_cluster_endpoint" : "database_instance_endpoint"]: {
        value: database.writerEndpoint,
        description: `${database.engine === "aurora-serverless" ? "Aurora writer endpoint" : "PostgreSQL instance endpoint"}${database.proxy ? " (maintenance only; clients use the proxy)" : " Keycloak connects to (TLS required)"}`,
      },
      database_master_secret_arn: {
        value: database.masterSecretArn,
        description: "Secret with Keycloak's database credentials (rotated with secrets.databasePasswordVersion)",
      },
      ...(documentDatabase.hasCluster
        ? {
            document_database_endpoint: {
              value: documentDatabase.endpoint,
              description: "DocumentDB cluster endpoint the registry and auth server connect to (port 27017, TLS required)",
            },
          }
        : {}),
      document_database_credentials_secret_arn: {
        value: documentDatabase.credentialsSecretArn,
        description: "Secret: DocumentDB credentials (username, password) of the registry and auth server",
      },
      ...(fileSystem && {
        efs_id: { value: fileSystem.fileSystemId, description: "EFS file system of the embeddings model cache" },
        efs_access_point_ids: { value: fileSystem.accessPointIds, description: "EFS access point of each shared directory" },
      }),
      ...(accessLogs.enabled && {
        access_logs: {
          value: `s3://${accessLogBucket?.bucketName ?? accessLogs.bucket}/${accessLogs.prefix}/`,
          description: "Where the load balancers write their access logs: <prefix>/<main|keycloak>/AWSLogs/<account>/elasticloadbalancing/",
        },
      }),
      ...(webAcl && {
        waf_web_acl_name: { value: webAcl.name, description: "WAF web ACL on the load balancers (console: WAF & Shield, regional)" },
        waf_log_group_name: { value: webAcl.logGroupName, description: "CloudWatch log group of the WAF's request logs" },
      }),
      alarm_topic_arn: { value: alarmTopic.topicArn, description: "SNS topic every alarm notifies" },
      dashboard_url: {
        value: `https://${config.region}.console.aws.amazon.com/cloudwatch/home?region=${config.region}#dashboards/dashboard/${dashboard.dashboardName}`,
        description: "CloudWatch dashboard",
      },
      secret_key_secret_arn: { value: secrets.secretKey.secretArn, description: "Secret: SECRET_KEY of the registry and auth server" },
      nginx_marker_secret_arn: {
        value: secrets.nginxMarkerSecret.secretArn,
        description: "Secret: AUTH_SERVER_NGINX_MARKER_SECRET of the registry and auth server",
      },
      keycloak_terraform_client_secret_arn: {
        value: secrets.keycloakTerraformClient.secretArn,
        description: `Secret: client secret of ${KEYCLOAK_TERRAFORM_CLIENT_ID}, Terraform's Keycloak admin service account`,
      },
      ...(keycloakAccess && {
        keycloak_admin_secret_arn: {
          value: keycloakAccess.administratorPassword.secretArn,
          description: "Secret: Keycloak administrator for people (username, initial password; changed at first login)",
        },
        keycloak_m2m_client_secret_arn: {
          value: keycloakAccess.clientSecrets.m2m.secretArn,
          description: `Secret: client secret of ${keycloakAccess.clientSecrets.m2m.clientId}, the machine-to-machine client (JSON: client_id, client_secret)`,
        },
        keycloak_registration_client_secret_arn: {
          value: keycloakAccess.registrationClientSecret.secretArn,
          description: `Secret: client secret of ${keycloakAccess.registrationClientSecret.clientId}, the machine client \`npm run ops -- register\` registers MCP servers with (JSON: client_id, client_secret)`,
        },
        keycloak_registry_account_secret_arn: {
          value: keycloakAccess.registryAccount.secretArn,
          description: "Secret: the registry's Keycloak account (username, password), limited to the application realm",
        },
        keycloak_user_initial_password_secret_arns: {
          value: Object.fromEntries(
            Object.entries(keycloakAccess.userPasswords).map(([username, password]) => [username, password.secretArn]),
          ),
          description: "Secrets: each realm user's initial password (username, password; changed at first login)",
        },
      }),
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }

    if (config.deletionProtection) preventDestroyOfStatefulResources(this);
    // Last: it checks the configured addresses against every resource declared above.
    adoptExistingResources(this, config.adopt);
  }

  private encryptionKeys(config: DeploymentConfig, accountId: string, partition: string) {
    const key = (id: string, address: string, purpose: string, serviceStatements?: PolicyStatement[]) =>
      new EncryptionKey(this, id, {
        alias: `${config.namePrefix}-${id.replace(/-key$/, "")}`,
        description: `${config.namePrefix}: ${purpose}`,
        accountId,
        partition,
        serviceStatements,
        address,
      });
    return {
      secrets: key("secrets-key", "secrets", "Secrets Manager secrets, including the database credentials"),
      database: key(
        "database-key",
        "database",
        `${config.database.engine === "aurora-serverless" ? "Aurora" : "PostgreSQL instance"} storage, snapshots and Performance Insights`,
      ),
      fileSystem: config.fileSystem.modelsCache
        ? key("file-system-key", "file_system", "EFS file system (embeddings model cache)")
        : undefined,
      // Only when someone may open ECS Exec sessions: a key nobody uses would cost and alarm for nothing.
      ecsExec: config.services.some((service) => service.exec) ? key("ecs-exec-key", "ecs_exec", "ECS Exec sessions") : undefined,
      alarms: key("alarms-key", "alarms", "alarm notifications (SNS)", [
        {
          Sid: "CloudWatchAlarmsEncryptNotifications",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
        },
      ]),
    };
  }

  private generatedSecrets(config: DeploymentConfig, kmsKeyArn: string) {
    const prefix = config.namePrefix;
    const common = { kmsKeyArn, recoveryWindowInDays: config.deletionProtection ? 7 : 0 };
    const metricsEnabled = config.services.some((service) => service.name === "metrics-service");
    return {
      secretKey: new GeneratedSecret(this, "secret-key", {
        ...common,
        name: `${prefix}/secret-key`,
        description: "SECRET_KEY the registry and the auth server sign sessions with",
        length: 64,
        version: config.secrets.secretKeyVersion,
        address: "secret_key",
      }),
      // Substituted into nginx's configuration, so letters and digits only (as every generated secret is).
      nginxMarkerSecret: new GeneratedSecret(this, "nginx-marker-secret", {
        ...common,
        name: `${prefix}/nginx-marker-secret`,
        description: "AUTH_SERVER_NGINX_MARKER_SECRET the registry's nginx proves its requests to the auth server with",
        length: 64,
        version: config.secrets.nginxMarkerSecretVersion,
        address: "nginx_marker_secret",
      }),
      keycloakTerraformClient: new GeneratedSecret(this, "keycloak-terraform-client", {
        ...common,
        name: `${prefix}/keycloak/terraform-client`,
        description: `Client secret of ${KEYCLOAK_TERRAFORM_CLIENT_ID}, Terraform's admin service account in Keycloak's master realm`,
        length: 48,
        // Keycloak reads it only when it first starts on an empty database, and Terraform logs in with it: a new value
        // would lock Terraform out, so it is generated once (docs/security.md, "Rotating credentials", for a deliberate change).
        version: 1,
        address: "keycloak_terraform_client",
      }),
      metricsApiKey: metricsEnabled
        ? new GeneratedSecret(this, "metrics-api-key", {
            ...common,
            name: `${prefix}/metrics-api-key`,
            description: "API key the registry and the auth server send metrics to metrics-service with",
            length: 48,
            version: config.secrets.metricsApiKeyVersion,
            address: "metrics_api_key",
          })
        : undefined,
    };
  }

  /** Opens exactly the Service Connect paths the definitions declare, plus the ports a service's tasks share. */
  private connectServices(definitions: readonly ServiceDefinition[], services: ReadonlyMap<ServiceName, FargateService>): void {
    const paths = new Construct(this, "service-paths");
    for (const definition of definitions) {
      const caller = services.get(definition.name) as FargateService;
      for (const call of definition.calls) {
        const calleeName = typeof call === "string" ? call : call.service;
        const callee = services.get(calleeName);
        const calleeDefinition = definitions.find((candidate) => candidate.name === calleeName);
        if (!callee || !calleeDefinition) continue;
        const published = (calleeDefinition.container.ports ?? []).filter((candidate) => candidate.serviceConnectName);
        const called = typeof call === "string" ? published : published.filter((port) => port.containerPort === call.containerPort);
        if (called.length === 0)
          throw new Error(`${definition.name} calls ${calleeName} on a port it does not publish through Service Connect`);
        for (const port of called) {
          allowTcp(paths, `${definition.name}-to-${calleeName}-${port.containerPort}`, {
            fromSecurityGroupId: caller.connections.securityGroupId,
            toSecurityGroupId: callee.connections.securityGroupId,
            port: port.containerPort,
            description: `${definition.name} calls ${port.serviceConnectName}:${port.serviceConnectPort ?? port.containerPort}`,
          });
        }
      }
      for (const port of definition.peerPorts ?? []) {
        allowTcp(paths, `${definition.name}-peers-${port}`, {
          fromSecurityGroupId: caller.connections.securityGroupId,
          toSecurityGroupId: caller.connections.securityGroupId,
          port,
          description: `${definition.name} tasks among themselves on ${port}`,
        });
      }
    }
  }
}

/**
 * Carries a path's rules over from the construct paths they had before the constructs exposed Connections. AWS refuses
 * a duplicate rule, so destroying a rule and creating it again under its new address could fail an apply.
 */
function moveRules(rules: TcpPathRules, formerEgressPath: string, formerIngressPath: string): void {
  rules.egress.moveFromId(`aws_vpc_security_group_egress_rule.${logicalIdOf(formerEgressPath.split("/"))}`);
  rules.ingress.moveFromId(`aws_vpc_security_group_ingress_rule.${logicalIdOf(formerIngressPath.split("/"))}`);
}

function databaseEngine(settings: DeploymentConfig["database"]): KeycloakDatabaseEngine {
  return settings.engine === "aurora-serverless"
    ? { kind: "aurora-serverless", minAcu: settings.minAcu, maxAcu: settings.maxAcu, reader: settings.reader }
    : {
        kind: "postgres-instance",
        instanceClass: settings.instanceClass,
        allocatedStorageGb: settings.allocatedStorageGb,
        maxAllocatedStorageGb: settings.maxAllocatedStorageGb,
        multiAz: settings.multiAz,
      };
}

function usesFileSystem(definition: ServiceDefinition): boolean {
  const containers = [definition.container, ...(definition.additionalContainers ?? [])];
  return containers.some((container) => (container.mounts ?? []).some((mount) => mount.source.kind === "efs"));
}
