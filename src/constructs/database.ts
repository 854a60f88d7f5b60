import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbProxy } from "@cdktf/provider-aws/lib/db-proxy";
import { DbProxyDefaultTargetGroup } from "@cdktf/provider-aws/lib/db-proxy-default-target-group";
import { DbProxyTarget } from "@cdktf/provider-aws/lib/db-proxy-target";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { SecretReference } from "./fargate-service";
import { finalSnapshotIdentifier } from "./final-snapshot";
import { policyDocument, serviceTrustPolicy } from "./policy-document";
import { GeneratedSecret } from "./secrets";
import { allowTcp } from "./security-group-rules";

export const POSTGRES_PORT = 5432;
const MASTER_USERNAME = "keycloak";

export interface KeycloakDatabaseProps {
  readonly namePrefix: string;
  /** Prefix of the proxy's IAM role name, which is account-wide. */
  readonly iamNamePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  /** Aurora PostgreSQL version, `major.minor`. */
  readonly engineVersion: string;
  readonly minAcu: number;
  readonly maxAcu: number;
  readonly backupRetentionDays: number;
  /** A second instance that takes over if the writer fails. */
  readonly reader: boolean;
  readonly deletionProtection: boolean;
  /** Encrypts storage, snapshots and Performance Insights data. */
  readonly storageKmsKeyArn: string;
  /** Encrypts the database credentials secret. */
  readonly secretsKmsKeyArn: string;
  /** Generation of the database password: bumping it sets a new password and rolls the services that use it. */
  readonly passwordVersion: number;
  /** Recovery window of the credentials secret; 0 deletes it at once. */
  readonly secretRecoveryWindowInDays: number;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** Clients connect through an RDS Proxy (pooling, faster failover); false connects them to the writer directly. */
  readonly proxy: boolean;
  /** Where the proxy reaches Secrets Manager over HTTPS: the VPC when it has an endpoint, else anywhere (through NAT). */
  readonly secretsManagerCidr: string;
}

/**
 * Keycloak's database: Aurora PostgreSQL Serverless v2 with encrypted storage, TLS forced by parameter, and (unless
 * `proxy` is false) an RDS Proxy, TLS required, that clients connect to.
 *
 * The password is ours, not RDS-managed: an RDS-managed master secret rotates every 7 days on AWS's schedule, while
 * Keycloak reads its password once at task start, so after each rotation new connections fail. Ours is generated during
 * apply (ephemeral, never in plan or state), written write-only into the cluster and into a Secrets Manager secret the
 * proxy and Keycloak read, and changes only when `passwordVersion` is bumped, which also rolls Keycloak's tasks.
 */
export class KeycloakDatabase extends Construct {
  readonly databaseName = "keycloak";
  readonly clusterIdentifier: string;
  readonly clusterEndpoint: string;
  /** Set when clients connect through the RDS Proxy. */
  readonly proxy?: { readonly name: string; readonly endpoint: string };
  /** Our secret holding the master user's `username` and `password`. */
  readonly masterSecretArn: string;
  /** The security group clients are admitted to: the proxy's, or the cluster's without a proxy. */
  private readonly clientSecurityGroupId: string;
  private readonly credentials: GeneratedSecret;

  constructor(scope: Construct, id: string, props: KeycloakDatabaseProps) {
    super(scope, id);
    const name = `${props.namePrefix}-keycloak`;
    this.credentials = new GeneratedSecret(this, "credentials", {
      name: `${props.namePrefix}/keycloak-database`,
      description: "Keycloak's database user (username and password); the RDS Proxy authenticates with it too",
      kmsKeyArn: props.secretsKmsKeyArn,
      version: props.passwordVersion,
      length: 40,
      username: MASTER_USERNAME,
      recoveryWindowInDays: props.secretRecoveryWindowInDays,
      address: "keycloak_database",
    });
    const clusterSecurityGroup = new SecurityGroup(this, "cluster-security-group", {
      name: `${name}-db`,
      description: props.proxy
        ? "Keycloak's Aurora cluster: PostgreSQL from the RDS Proxy only"
        : "Keycloak's Aurora cluster: PostgreSQL from admitted services",
      vpcId: props.vpcId,
      tags: { Name: `${name}-db` },
    });
    this.clientSecurityGroupId = clusterSecurityGroup.id;

    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name,
      description: "Private subnets of Keycloak's database",
      subnetIds: props.subnetIds,
    });
    const family = `aurora-postgresql${props.engineVersion.split(".")[0]}`;
    const parameters = new RdsClusterParameterGroup(this, "parameters", {
      // The family is part of the name, so a major-version upgrade creates the new group before dropping the old.
      name: `${name}-${family}`,
      family,
      description: "Keycloak: TLS required for every connection",
      parameter: [{ name: "rds.force_ssl", value: "1" }],
      lifecycle: { createBeforeDestroy: true },
    });
    // Created here, not by RDS on first export, so it is encrypted and expires like every other log group.
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/rds/cluster/${name}/postgresql`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKmsKeyArn,
    });
    logGroup.overrideLogicalId("database_log_group");

    const cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: name,
      engine: "aurora-postgresql",
      engineMode: "provisioned",
      engineVersion: props.engineVersion,
      databaseName: this.databaseName,
      masterUsername: MASTER_USERNAME,
      // The same ephemeral value the secret stores: both are written in the apply that carries a new version.
      masterPasswordWo: this.credentials.generatedValue,
      masterPasswordWoVersion: this.credentials.version,
      port: POSTGRES_PORT,
      storageEncrypted: true,
      kmsKeyId: props.storageKmsKeyArn,
      serverlessv2ScalingConfiguration: { minCapacity: props.minAcu, maxCapacity: props.maxAcu },
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: "02:00-03:00",
      preferredMaintenanceWindow: "sun:04:00-sun:05:00",
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      // Whenever Terraform destroys the cluster, with or without protection, its data survives in a final snapshot.
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: finalSnapshotIdentifier(this, "keycloak_database_created", name),
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [clusterSecurityGroup.id],
      dbClusterParameterGroupName: parameters.name,
      enabledCloudwatchLogsExports: ["postgresql"],
      dependsOn: [logGroup],
      tags: { Name: name },
      // With auto minor version upgrades on, AWS moves the cluster to a newer minor version in the maintenance window;
      // without this, every later apply would try to downgrade it. README "Upgrading Aurora" says how to upgrade on purpose.
      lifecycle: { ignoreChanges: ["engine_version"] },
    });
    cluster.overrideLogicalId("keycloak");
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterEndpoint = cluster.endpoint;
    this.masterSecretArn = this.credentials.secretArn;

    const roles = props.reader ? (["writer", "reader"] as const) : (["writer"] as const);
    roles.forEach((role, index) => {
      const instance = new RdsClusterInstance(this, role, {
        identifier: `${name}-${index + 1}`,
        clusterIdentifier: cluster.id,
        instanceClass: "db.serverless",
        engine: cluster.engine,
        engineVersion: cluster.engineVersion,
        dbSubnetGroupName: subnetGroup.name,
        publiclyAccessible: false,
        promotionTier: index,
        autoMinorVersionUpgrade: true,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.storageKmsKeyArn,
        performanceInsightsRetentionPeriod: 7,
        tags: { Name: `${name}-${role}` },
        lifecycle: { ignoreChanges: ["engine_version"] },
      });
      instance.overrideLogicalId(`keycloak_${role}`);
    });

    if (props.proxy) {
      const proxy = this.addProxy(props, name, cluster.clusterIdentifier, clusterSecurityGroup.id);
      this.proxy = { name: proxy.name, endpoint: proxy.endpoint };
      this.clientSecurityGroupId = proxy.securityGroupId;
    }
  }

  private addProxy(props: KeycloakDatabaseProps, name: string, clusterIdentifier: string, clusterSecurityGroupId: string) {
    const proxySecurityGroup = new SecurityGroup(this, "proxy-security-group", {
      name: `${name}-db-proxy`,
      description: "Keycloak's RDS Proxy: PostgreSQL from admitted services",
      vpcId: props.vpcId,
      tags: { Name: `${name}-db-proxy` },
    });
    allowTcp(this, "proxy-to-cluster", {
      fromSecurityGroupId: proxySecurityGroup.id,
      toSecurityGroupId: clusterSecurityGroupId,
      port: POSTGRES_PORT,
      description: "PostgreSQL from the RDS Proxy to the Aurora cluster",
    });
    new VpcSecurityGroupEgressRule(this, "proxy-to-secrets-manager", {
      securityGroupId: proxySecurityGroup.id,
      description: "HTTPS from the RDS Proxy to the Secrets Manager endpoint for its credentials",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.secretsManagerCidr,
    });
    const proxyRole = new IamRole(this, "proxy-role", {
      name: `${props.iamNamePrefix}-keycloak-db-proxy`,
      description: "RDS Proxy for Keycloak: reads the database credentials",
      assumeRolePolicy: serviceTrustPolicy("rds.amazonaws.com", { StringEquals: { "aws:SourceAccount": props.accountId } }),
    });
    new IamRolePolicy(this, "proxy-policy", {
      name: "read-database-credentials",
      role: proxyRole.id,
      policy: policyDocument([
        { Sid: "ReadCredentials", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: this.masterSecretArn },
        {
          Sid: "DecryptCredentials",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.secretsKmsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${props.region}.amazonaws.com` } },
        },
      ]),
    });
    const proxy = new DbProxy(this, "proxy", {
      name,
      engineFamily: "POSTGRESQL",
      requireTls: true,
      idleClientTimeout: 1800,
      roleArn: proxyRole.arn,
      vpcSubnetIds: props.subnetIds,
      vpcSecurityGroupIds: [proxySecurityGroup.id],
      auth: [
        {
          authScheme: "SECRETS",
          secretArn: this.masterSecretArn,
          iamAuth: "DISABLED",
          clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256",
          description: "Keycloak's database credentials (our secret; changes only with database.passwordVersion)",
        },
      ],
      tags: { Name: name },
      // The proxy authenticates with the secret's value from its first connection on.
      dependsOn: [this.credentials.valueWrittenBy],
    });
    proxy.overrideLogicalId("keycloak");
    const targetGroup = new DbProxyDefaultTargetGroup(this, "proxy-target-group", {
      dbProxyName: proxy.name,
      connectionPoolConfig: { maxConnectionsPercent: 90, maxIdleConnectionsPercent: 50, connectionBorrowTimeout: 120 },
    });
    new DbProxyTarget(this, "proxy-target", {
      dbProxyName: proxy.name,
      targetGroupName: targetGroup.name,
      dbClusterIdentifier: clusterIdentifier,
    });
    return { name: proxy.name, endpoint: proxy.endpoint, securityGroupId: proxySecurityGroup.id };
  }

  /** The JDBC URL of the database, through the proxy when there is one, TLS required. */
  get jdbcUrl(): string {
    const host = this.proxy?.endpoint ?? this.clusterEndpoint;
    return `jdbc:postgresql://${host}:${POSTGRES_PORT}/${this.databaseName}?sslmode=require`;
  }

  /** One field of the database credentials for a container; its version rolls the service when the password changes. */
  credential(field: "username" | "password"): SecretReference {
    return this.credentials.reference(field);
  }

  /** Lets a service's tasks connect to the proxy, or to the cluster when there is no proxy. */
  admit(id: string, clientSecurityGroupId: string, clientName: string): void {
    allowTcp(this, this.proxy ? `${id}-to-proxy` : `${id}-to-cluster`, {
      fromSecurityGroupId: clientSecurityGroupId,
      toSecurityGroupId: this.clientSecurityGroupId,
      port: POSTGRES_PORT,
      description: this.proxy ? `PostgreSQL from ${clientName} to the RDS Proxy` : `PostgreSQL from ${clientName} to the Aurora cluster`,
    });
  }
}
