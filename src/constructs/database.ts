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
import { policyDocument, serviceTrustPolicy } from "./policy-document";
import { allowTcp } from "./security-group-rules";

export const POSTGRES_PORT = 5432;

export interface KeycloakDatabaseProps {
  readonly namePrefix: string;
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
  /** Encrypts the RDS-managed master credentials secret. */
  readonly secretsKmsKeyArn: string;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** Clients connect through an RDS Proxy (pooling, faster failover); false connects them to the writer directly. */
  readonly proxy: boolean;
  /** Where the proxy reaches Secrets Manager over HTTPS: the VPC when it has an endpoint, else anywhere (through NAT). */
  readonly secretsManagerCidr: string;
}

/**
 * Keycloak's database: Aurora PostgreSQL Serverless v2 with encrypted storage, TLS forced by parameter, master
 * credentials generated and kept by RDS in Secrets Manager, and (unless `proxy` is false) an RDS Proxy, TLS required,
 * that clients connect to.
 */
export class KeycloakDatabase extends Construct {
  readonly databaseName = "keycloak";
  readonly clusterIdentifier: string;
  readonly clusterEndpoint: string;
  /** Set when clients connect through the RDS Proxy. */
  readonly proxy?: { readonly name: string; readonly endpoint: string };
  /** The RDS-managed secret holding `username` and `password`. */
  readonly masterSecretArn: string;
  /** The security group clients are admitted to: the proxy's, or the cluster's without a proxy. */
  private readonly clientSecurityGroupId: string;
  private readonly secretsKmsKeyArn: string;

  constructor(scope: Construct, id: string, props: KeycloakDatabaseProps) {
    super(scope, id);
    const name = `${props.namePrefix}-keycloak`;
    this.secretsKmsKeyArn = props.secretsKmsKeyArn;
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

    const cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: name,
      engine: "aurora-postgresql",
      engineMode: "provisioned",
      engineVersion: props.engineVersion,
      databaseName: this.databaseName,
      masterUsername: "keycloak",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.secretsKmsKeyArn,
      port: POSTGRES_PORT,
      storageEncrypted: true,
      kmsKeyId: props.storageKmsKeyArn,
      serverlessv2ScalingConfiguration: { minCapacity: props.minAcu, maxCapacity: props.maxAcu },
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: "02:00-03:00",
      preferredMaintenanceWindow: "sun:04:00-sun:05:00",
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !props.deletionProtection,
      finalSnapshotIdentifier: props.deletionProtection ? `${name}-final` : undefined,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [clusterSecurityGroup.id],
      dbClusterParameterGroupName: parameters.name,
      enabledCloudwatchLogsExports: ["postgresql"],
      dependsOn: [logGroup],
      tags: { Name: name },
    });
    cluster.overrideLogicalId("keycloak");
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterEndpoint = cluster.endpoint;
    this.masterSecretArn = cluster.masterUserSecret.get(0).secretArn;

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
      name: `${name}-db-proxy`,
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
          description: "Keycloak's database credentials, managed by RDS",
        },
      ],
      tags: { Name: name },
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

  /** One field of the master credentials for a container; RDS rotates them, tasks read them when they start. */
  credential(field: "username" | "password"): SecretReference {
    return { secretArn: this.masterSecretArn, jsonKey: field, kmsKeyArn: this.secretsKmsKeyArn };
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
