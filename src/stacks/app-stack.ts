import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { Construct } from "constructs";
import { DeploymentConfig } from "../config/deployment-config";
import { accountWideNamePrefix } from "../config/regions";
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
import { LoadBalancers } from "../constructs/edge/load-balancers";
import { AccessLogBucket } from "../constructs/edge/access-log-bucket";
import { AssetBucket } from "../constructs/data/asset-bucket";
import { CA_BUNDLE_OBJECT_KEY, RDS_CA_BUNDLE } from "../services/ca-bundle";
import { WebAcl } from "../constructs/edge/web-acl";
import { Network, VpcNetwork } from "../constructs/network/network";
import { CatalogContext, KEYCLOAK_DB_POOL_MAX_SIZE, serviceDefinitions } from "../services/catalog";
import { containerImage } from "../services/images";
import { adoptExistingResources } from "./adopt-existing";
import { encryptionKeys, logsEncryptionKey } from "./app-encryption-keys";
import { addAppOutputs } from "./app-outputs";
import { generatedSecrets, KEYCLOAK_TERRAFORM_CLIENT_ID } from "./app-secrets";
import { addOwnMcpServers, addServices, connectServices, ServiceWiring } from "./app-services";
import { CertificateHandoff } from "./certificate-handoff";
import { DeploymentStack, DeploymentStackProps } from "./deployment-stack";
import { addKeycloakAccess } from "./keycloak-access";
import { preventDestroyOfStatefulResources } from "./prevent-destroy";

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

    const logsKey = logsEncryptionKey(this, config, account.accountId, partition.partition);

    // Task definitions run on Fargate's default platform (Linux, X86_64), so images are built for linux/amd64 on any host.
    const images = new ContainerImages(this, "images", {
      namePrefix: config.namePrefix,
      services: [...config.services, ...config.mcpServers],
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

    const keys = encryptionKeys(this, config, account.accountId, partition.partition);
    const secrets = generatedSecrets(this, config, keys.secrets.keyArn);
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
      tlsOnly: !config.emulator,
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
    const services = new Map<string, FargateService>();
    const wiring: ServiceWiring = {
      config,
      iamNamePrefix,
      accountId: account.accountId,
      partition: partition.partition,
      network,
      loadBalancers,
      cluster,
      database,
      documentDatabase,
      fileSystem,
      logsKmsKeyArn: logsKey.keyArn,
      alarmTopicArn: alarmTopic.topicArn,
      services,
    };

    // Keycloak first: the realm needs it running, and the registry and auth server need the realm's client secrets.
    const keycloakDefinitions = serviceDefinitions(["keycloak"], context);
    addServices(this, keycloakDefinitions, wiring);
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
    addServices(this, otherDefinitions, wiring);
    const definitions = [...keycloakDefinitions, ...otherDefinitions];
    connectServices(this, definitions, services);
    const ownServers = addOwnMcpServers(this, wiring, images);

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
      serviceNames: [...config.services, ...config.mcpServers].map((service) => (services.get(service.name) as FargateService).serviceName),
      loadBalancers: [{ name: "main", arnSuffix: loadBalancers.main.arnSuffix }, keycloakTraffic],
      database: { metricDimensions: database.metricDimensions, engine: database.engine, proxyName: database.proxy?.name },
      fileSystemId: fileSystem?.fileSystemId,
      documentDatabase: {
        clusterIdentifier: documentDatabase.clusterIdentifier,
        instanceIdentifiers: documentDatabase.instanceIdentifiers,
      },
    });

    addAppOutputs(this, {
      config,
      network,
      loadBalancers,
      accessLogBucket,
      webAcl,
      cluster,
      services,
      definitions: [...definitions, ...ownServers],
      database,
      documentDatabase,
      fileSystem,
      alarmTopic,
      dashboard,
      secrets,
      keycloakAccess,
    });

    if (config.deletionProtection) preventDestroyOfStatefulResources(this);
    // Last: it checks the configured addresses against every resource declared above.
    adoptExistingResources(this, config.adopt);
  }
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
