import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { DeploymentConfig } from "../config/deployment-config";
import { FargateCluster } from "../constructs/compute/ecs-cluster";
import { FargateService } from "../constructs/compute/fargate-service";
import { KeycloakDatabase } from "../constructs/data/database";
import { DocumentDatabase } from "../constructs/data/document-database";
import { SharedFileSystem } from "../constructs/data/file-system";
import { AccessLogBucket } from "../constructs/edge/access-log-bucket";
import { LoadBalancers } from "../constructs/edge/load-balancers";
import { WebAcl } from "../constructs/edge/web-acl";
import { VpcNetwork } from "../constructs/network/network";
import { AlarmTopic } from "../constructs/observability/alarms";
import { OperationsDashboard } from "../constructs/observability/dashboard";
import { McpServerEntry, mcpServerEntries, RegisteredDefinition } from "../services/mcp-servers";
import { GeneratedSecrets, KEYCLOAK_TERRAFORM_CLIENT_ID } from "./app-secrets";
import { KeycloakAccess } from "./keycloak-access";

/** The parts of the app stack its outputs report. */
export interface AppOutputSources {
  readonly config: DeploymentConfig;
  readonly network: VpcNetwork;
  readonly loadBalancers: LoadBalancers;
  readonly accessLogBucket?: AccessLogBucket;
  readonly webAcl?: WebAcl;
  readonly cluster: FargateCluster;
  readonly services: ReadonlyMap<string, FargateService>;
  /** The catalog's services and the own MCP servers: those with a registration are the registry's MCP servers. */
  readonly definitions: readonly RegisteredDefinition[];
  readonly database: KeycloakDatabase;
  readonly documentDatabase: DocumentDatabase;
  readonly fileSystem?: SharedFileSystem;
  readonly alarmTopic: AlarmTopic;
  readonly dashboard: OperationsDashboard;
  readonly secrets: GeneratedSecrets;
  readonly keycloakAccess?: KeycloakAccess;
}

/** The app stack's outputs: URLs, the network, the cluster and services, the data stores, alarms and the secrets' ARNs. */
export function addAppOutputs(stack: Construct, sources: AppOutputSources): void {
  const {
    config,
    network,
    loadBalancers,
    accessLogBucket,
    webAcl,
    cluster,
    services,
    definitions,
    database,
    documentDatabase,
    fileSystem,
    alarmTopic,
    dashboard,
    secrets,
    keycloakAccess,
  } = sources;
  const accessLogs = config.loadBalancers.accessLogs;
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
    new TerraformOutput(stack, name, output);
  }
}
