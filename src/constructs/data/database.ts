import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
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
import { Connectable, Connections } from "../network/connections";
import { SecretReference } from "../compute/fargate-service";
import { finalSnapshotIdentifier } from "./final-snapshot";
import { policyDocument, serviceTrustPolicy } from "../security/policy-document";
import { GeneratedSecret } from "../security/secrets";
import { allowTcp } from "../network/security-group-rules";

export const POSTGRES_PORT = 5432;
const MASTER_USERNAME = "keycloak";
/** Address of the ephemeral read of the stored password that the database's write-only password takes. */
const PASSWORD_READ = "keycloak_database_password";

/** What runs Keycloak's PostgreSQL: an Aurora Serverless v2 cluster, or one RDS for PostgreSQL instance. */
export type KeycloakDatabaseEngine =
  | {
      readonly kind: "aurora-serverless";
      readonly minAcu: number;
      readonly maxAcu: number;
      /** A second instance that takes over if the writer fails. */
      readonly reader: boolean;
    }
  | {
      readonly kind: "postgres-instance";
      readonly instanceClass: string;
      /** gp3 storage at creation, GB; storage autoscaling grows it up to maxAllocatedStorageGb. */
      readonly allocatedStorageGb: number;
      readonly maxAllocatedStorageGb: number;
      /** A synchronous standby in a second AZ. */
      readonly multiAz: boolean;
    };

export interface KeycloakDatabaseProps {
  readonly namePrefix: string;
  /** Prefix of the proxy's IAM role name, which is account-wide. */
  readonly iamNamePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly engine: KeycloakDatabaseEngine;
  /** PostgreSQL version, `major.minor` (Aurora PostgreSQL or RDS for PostgreSQL, as the engine says). */
  readonly engineVersion: string;
  readonly backupRetentionDays: number;
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
 * Keycloak's database: Aurora PostgreSQL Serverless v2, or one RDS for PostgreSQL instance, with encrypted storage, TLS
 * forced by parameter, and (unless `proxy` is false) an RDS Proxy, TLS required, that clients connect to.
 *
 * The password is ours, not RDS-managed: an RDS-managed master secret rotates every 7 days on AWS's schedule, while
 * Keycloak reads its password once at task start, so after each rotation new connections fail. Ours is generated during
 * apply (ephemeral, never in plan or state) into a Secrets Manager secret the proxy and Keycloak read, and the database
 * takes its write-only password from that secret (an ephemeral read after the secret is written): the secret is the one
 * source of the password, so a replaced or re-created database gets the stored password, not a fresh one. It changes
 * only when `passwordVersion` is bumped, which also rolls Keycloak's tasks.
 */
export class KeycloakDatabase extends Construct implements Connectable {
  readonly databaseName = "keycloak";
  readonly engine: KeycloakDatabaseEngine["kind"];
  /** The cluster's identifier (Aurora) or the instance's (RDS for PostgreSQL). */
  readonly identifier: string;
  /**
   * The resource id RDS gives the cluster or instance (`cluster-…`, `db-…`): unlike the identifier, a new database
   * under the same name (engine switch, restore from a snapshot) has a new one.
   */
  readonly resourceId: string;
  /** Host name of the writer: the cluster endpoint or the instance's address. */
  readonly writerEndpoint: string;
  /** CloudWatch dimensions of the database's AWS/RDS metrics. */
  readonly metricDimensions: Readonly<Record<string, string>>;
  /** Set when clients connect through the RDS Proxy. */
  readonly proxy?: { readonly name: string; readonly endpoint: string };
  /** Our secret holding the master user's `username` and `password`. */
  readonly masterSecretArn: string;
  readonly port = POSTGRES_PORT;
  /** What clients connect to: the proxy's security group, or the database's without a proxy. */
  readonly connections: Connections;
  /** What clients connect to, as rule descriptions name it. */
  readonly endpointDescription: string;
  private readonly credentials: GeneratedSecret;
  /** Names the database in rule addresses and descriptions, whether or not clients reach it directly. */
  private readonly target: { readonly id: string; readonly description: string };

  constructor(scope: Construct, id: string, props: KeycloakDatabaseProps) {
    super(scope, id);
    const name = `${props.namePrefix}-keycloak`;
    this.engine = props.engine.kind;
    this.target =
      props.engine.kind === "aurora-serverless"
        ? { id: "cluster", description: "the Aurora cluster" }
        : { id: "instance", description: "the PostgreSQL instance" };
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
    this.masterSecretArn = this.credentials.secretArn;
    const databaseLabel = props.engine.kind === "aurora-serverless" ? "Keycloak's Aurora cluster" : "Keycloak's PostgreSQL instance";
    // One address for either engine: switching engines replaces the group (its description changes) in place, where a
    // second address would create a group of the same name while the old one still exists.
    const databaseSecurityGroup = new SecurityGroup(this, "cluster-security-group", {
      name: `${name}-db`,
      description: props.proxy
        ? `${databaseLabel}: PostgreSQL from the RDS Proxy only`
        : `${databaseLabel}: PostgreSQL from admitted services`,
      vpcId: props.vpcId,
      tags: { Name: `${name}-db` },
    });

    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name,
      description: "Private subnets of Keycloak's database",
      subnetIds: props.subnetIds,
    });
    // Created here, not by RDS on first export, so it is encrypted and expires like every other log group.
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/rds/${props.engine.kind === "aurora-serverless" ? "cluster" : "instance"}/${name}/postgresql`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKmsKeyArn,
    });
    logGroup.overrideLogicalId("database_log_group");
    const common = { props, name, subnetGroupName: subnetGroup.name, securityGroupId: databaseSecurityGroup.id, logGroup };
    const writer =
      props.engine.kind === "aurora-serverless" ? this.addCluster(common, props.engine) : this.addInstance(common, props.engine);
    this.identifier = writer.identifier;
    this.resourceId = writer.resourceId;
    this.writerEndpoint = writer.endpoint;
    this.metricDimensions = writer.metricDimensions;

    if (props.proxy) {
      const proxy = this.addProxy(props, name, writer.proxyTarget, databaseSecurityGroup.id);
      this.proxy = { name: proxy.name, endpoint: proxy.endpoint };
      this.connections = new Connections(this, proxy.securityGroupId, "proxy");
      this.endpointDescription = "the RDS Proxy";
    } else {
      this.connections = new Connections(this, databaseSecurityGroup.id, this.target.id);
      this.endpointDescription = this.target.description;
    }
  }

  private addCluster(common: WriterContext, engine: Extract<KeycloakDatabaseEngine, { kind: "aurora-serverless" }>): Writer {
    const { props, name } = common;
    const parameters = new RdsClusterParameterGroup(
      this,
      "parameters",
      tlsRequiredParameters(name, "aurora-postgresql", props.engineVersion),
    );
    const cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: name,
      engine: "aurora-postgresql",
      engineMode: "provisioned",
      engineVersion: props.engineVersion,
      databaseName: this.databaseName,
      masterUsername: MASTER_USERNAME,
      // Read from the secret, so a re-created cluster gets the stored password (write-only values go out on creation).
      masterPasswordWo: this.credentials.storedValue(PASSWORD_READ, "password"),
      masterPasswordWoVersion: this.credentials.version,
      port: POSTGRES_PORT,
      storageEncrypted: true,
      kmsKeyId: props.storageKmsKeyArn,
      serverlessv2ScalingConfiguration: { minCapacity: engine.minAcu, maxCapacity: engine.maxAcu },
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: BACKUP_WINDOW,
      preferredMaintenanceWindow: MAINTENANCE_WINDOW,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      // Whenever Terraform destroys the cluster, with or without protection, its data survives in a final snapshot.
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: finalSnapshotIdentifier(this, "keycloak_database_created", name),
      dbSubnetGroupName: common.subnetGroupName,
      vpcSecurityGroupIds: [common.securityGroupId],
      dbClusterParameterGroupName: parameters.name,
      enabledCloudwatchLogsExports: ["postgresql"],
      dependsOn: [common.logGroup],
      tags: { Name: name },
      // With auto minor version upgrades on, AWS moves the cluster to a newer minor version in the maintenance window;
      // without this, every later apply would try to downgrade it. docs/operations.md, "Upgrading Aurora" says how to upgrade on purpose.
      lifecycle: { ignoreChanges: ["engine_version"] },
    });
    cluster.overrideLogicalId("keycloak");

    const roles = engine.reader ? (["writer", "reader"] as const) : (["writer"] as const);
    roles.forEach((role, index) => {
      const instance = new RdsClusterInstance(this, role, {
        identifier: `${name}-${index + 1}`,
        clusterIdentifier: cluster.id,
        instanceClass: "db.serverless",
        engine: cluster.engine,
        engineVersion: cluster.engineVersion,
        dbSubnetGroupName: common.subnetGroupName,
        publiclyAccessible: false,
        promotionTier: index,
        autoMinorVersionUpgrade: true,
        caCertIdentifier: CA_CERTIFICATE,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.storageKmsKeyArn,
        performanceInsightsRetentionPeriod: 7,
        tags: { Name: `${name}-${role}` },
        lifecycle: { ignoreChanges: ["engine_version"] },
      });
      instance.overrideLogicalId(`keycloak_${role}`);
    });
    return {
      identifier: cluster.clusterIdentifier,
      resourceId: cluster.clusterResourceId,
      endpoint: cluster.endpoint,
      metricDimensions: { DBClusterIdentifier: cluster.clusterIdentifier },
      proxyTarget: { dbClusterIdentifier: cluster.clusterIdentifier },
    };
  }

  private addInstance(common: WriterContext, engine: Extract<KeycloakDatabaseEngine, { kind: "postgres-instance" }>): Writer {
    const { props, name } = common;
    const parameters = new DbParameterGroup(this, "parameters", tlsRequiredParameters(name, "postgres", props.engineVersion));
    const instance = new DbInstance(this, "instance", {
      identifier: name,
      engine: "postgres",
      engineVersion: props.engineVersion,
      instanceClass: engine.instanceClass,
      dbName: this.databaseName,
      username: MASTER_USERNAME,
      // Read from the secret, so a re-created instance gets the stored password (write-only values go out on creation).
      passwordWo: this.credentials.storedValue(PASSWORD_READ, "password"),
      passwordWoVersion: this.credentials.version,
      port: POSTGRES_PORT,
      storageType: "gp3",
      allocatedStorage: engine.allocatedStorageGb,
      maxAllocatedStorage: engine.maxAllocatedStorageGb,
      storageEncrypted: true,
      kmsKeyId: props.storageKmsKeyArn,
      multiAz: engine.multiAz,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: BACKUP_WINDOW,
      maintenanceWindow: MAINTENANCE_WINDOW,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      // Whenever Terraform destroys the instance, with or without protection, its data survives in a final snapshot.
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: finalSnapshotIdentifier(this, "keycloak_database_created", name),
      dbSubnetGroupName: common.subnetGroupName,
      vpcSecurityGroupIds: [common.securityGroupId],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      caCertIdentifier: CA_CERTIFICATE,
      enabledCloudwatchLogsExports: ["postgresql"],
      // RDS for PostgreSQL offers Performance Insights on every instance class, micro included (unlike MySQL/MariaDB).
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.storageKmsKeyArn,
      performanceInsightsRetentionPeriod: 7,
      dependsOn: [common.logGroup],
      tags: { Name: name },
      // As the cluster's: AWS applies minor upgrades in the maintenance window, and apply must not try to undo them.
      lifecycle: { ignoreChanges: ["engine_version"] },
    });
    instance.overrideLogicalId("keycloak");
    return {
      identifier: instance.identifier,
      resourceId: instance.resourceId,
      // `endpoint` is address:port; the JDBC URL adds the port itself.
      endpoint: instance.address,
      metricDimensions: { DBInstanceIdentifier: instance.identifier },
      proxyTarget: { dbInstanceIdentifier: instance.identifier },
    };
  }

  private addProxy(props: KeycloakDatabaseProps, name: string, target: Writer["proxyTarget"], databaseSecurityGroupId: string) {
    const proxySecurityGroup = new SecurityGroup(this, "proxy-security-group", {
      name: `${name}-db-proxy`,
      description: "Keycloak's RDS Proxy: PostgreSQL from admitted services",
      vpcId: props.vpcId,
      tags: { Name: `${name}-db-proxy` },
    });
    allowTcp(this, `proxy-to-${this.target.id}`, {
      fromSecurityGroupId: proxySecurityGroup.id,
      toSecurityGroupId: databaseSecurityGroupId,
      port: POSTGRES_PORT,
      description: `PostgreSQL from the RDS Proxy to ${this.target.description}`,
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
      ...target,
    });
    return { name: proxy.name, endpoint: proxy.endpoint, securityGroupId: proxySecurityGroup.id };
  }

  /**
   * The JDBC URL of the database, through the proxy when there is one, TLS required.
   *
   * Through the proxy, the server is verified (`sslmode=verify-full`: chain and host name): RDS Proxy presents a
   * certificate from AWS Certificate Manager for its `*.proxy-….rds.amazonaws.com` names, which chains to the Amazon
   * Root CAs that the JVM's default trust store (Keycloak's image) holds, so `DefaultJavaSSLFactory` verifies it with
   * no file in the container; the driver checks the host name itself whatever the factory. Without the proxy, the
   * writer's certificate is issued by the RDS CA (`rds-ca-rsa2048-g1`), which no trust store in the stock image holds:
   * encrypted (`require`), not verified (docs/security.md, "Security").
   */
  get jdbcUrl(): string {
    const host = this.proxy?.endpoint ?? this.writerEndpoint;
    const tls = this.proxy ? `sslmode=verify-full&sslfactory=${JVM_TRUST_STORE_FACTORY}` : "sslmode=require";
    return `jdbc:postgresql://${host}:${POSTGRES_PORT}/${this.databaseName}?${tls}`;
  }

  /** One field of the database credentials for a container; its version rolls the service when the password changes. */
  credential(field: "username" | "password"): SecretReference {
    return this.credentials.reference(field);
  }
}

/** The parameter group of either engine: TLS required for every connection, one group per major version. */
function tlsRequiredParameters(name: string, engine: "aurora-postgresql" | "postgres", engineVersion: string) {
  const family = `${engine}${engineVersion.split(".")[0]}`;
  return {
    // The family is part of the name, so a major-version upgrade creates the new group before dropping the old.
    name: `${name}-${family}`,
    family,
    description: "Keycloak: TLS required for every connection",
    parameter: [{ name: "rds.force_ssl", value: "1" }],
    lifecycle: { createBeforeDestroy: true },
  };
}

const BACKUP_WINDOW = "02:00-03:00";
const MAINTENANCE_WINDOW = "sun:04:00-sun:05:00";
const CA_CERTIFICATE = "rds-ca-rsa2048-g1";
/** pgjdbc's socket factory over the JVM's default trust store (which holds the Amazon Root CAs). */
const JVM_TRUST_STORE_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

interface WriterContext {
  readonly props: KeycloakDatabaseProps;
  readonly name: string;
  readonly subnetGroupName: string;
  readonly securityGroupId: string;
  readonly logGroup: CloudwatchLogGroup;
}

/** What the rest of the construct needs of the database that takes Keycloak's writes. */
interface Writer {
  readonly identifier: string;
  readonly resourceId: string;
  readonly endpoint: string;
  readonly metricDimensions: Readonly<Record<string, string>>;
  readonly proxyTarget: { readonly dbClusterIdentifier: string } | { readonly dbInstanceIdentifier: string };
}
