import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DocdbCluster } from "@cdktf/provider-aws/lib/docdb-cluster";
import { DocdbClusterInstance } from "@cdktf/provider-aws/lib/docdb-cluster-instance";
import { DocdbClusterParameterGroup } from "@cdktf/provider-aws/lib/docdb-cluster-parameter-group";
import { DocdbSubnetGroup } from "@cdktf/provider-aws/lib/docdb-subnet-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { Connectable, Connections } from "../network/connections";
import { SecretReference } from "../compute/fargate-service";
import { finalSnapshotIdentifier } from "./final-snapshot";
import { EncryptionKey } from "../security/kms-key";
import { GeneratedSecret } from "../security/secrets";

export const DOCUMENT_DATABASE_PORT = 27017;
export const DOCUMENT_DATABASE_ENGINE_VERSION = "5.0.0";
export const DOCUMENT_DATABASE_PARAMETER_FAMILY = "docdb5.0";
/** The master user the registry and the auth server log in as (upstream's services use one password login). */
export const DOCUMENT_DATABASE_USERNAME = "mcpgateway";
/** Cluster parameters: TLS for every connection, audit events to the audit log, TTL indexes (audit events expire). */
export const DOCUMENT_DATABASE_PARAMETERS = { tls: "enabled", audit_logs: "enabled", ttl_monitor: "enabled" } as const;
/** The logs the cluster exports to CloudWatch; each gets a log group created here, encrypted and with a retention. */
export const DOCUMENT_DATABASE_LOG_EXPORTS = ["audit", "profiler"] as const;

export interface DocumentDatabaseProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly partition: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly instanceClass: string;
  /** One writer plus `instances - 1` replicas in other availability zones. */
  readonly instances: number;
  readonly backupRetentionDays: number;
  /** AWS-side deletion protection; a final snapshot is taken whenever Terraform destroys the cluster, protected or not. */
  readonly deletionProtection: boolean;
  /** Generation of the credentials: bumping it generates a new password, sets it on the cluster and rolls the clients. */
  readonly credentialsVersion: number;
  /** Encrypts the credentials secret. */
  readonly secretsKmsKeyArn: string;
  readonly secretRecoveryWindowInDays: number;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /**
   * Creates the cluster and its instances; false only on an AWS emulator that rejects them (moto 5.2.5 refuses engine
   * `docdb`). Without them, everything around them is still created and `endpoint` names no host.
   */
  readonly cluster: boolean;
}

/** The host clients are given when the cluster is left out (the `.invalid` top-level domain never resolves). */
export const NO_CLUSTER_ENDPOINT = "document-database-not-created.invalid";

/**
 * Amazon DocumentDB for the registry and the auth server: an instance-based cluster (HNSW vector indexes need one),
 * engine 5.0, storage encrypted with its own key, TLS and audit logging forced by its parameter group, audit and
 * profiler logs in encrypted log groups, and its own security group that admits only what `connections.allowFrom`
 * names.
 *
 * The credentials are generated into a Secrets Manager secret (JSON `username`, `password`) without entering the plan
 * or state, and the cluster takes its master password from that secret through an ephemeral read into the write-only
 * `master_password_wo`: the secret is the one source of the password, so an apply interrupted between the two writes
 * converges on the next apply instead of leaving the cluster and the secret disagreeing.
 */
export class DocumentDatabase extends Construct implements Connectable {
  readonly connections: Connections;
  readonly clusterIdentifier: string;
  readonly instanceIdentifiers: string[];
  /** The writer endpoint clients connect to (DocumentDB routes a replica-set connection to the members). */
  readonly endpoint: string;
  /** Whether the cluster exists in this deployment (see `cluster` in the props). */
  readonly hasCluster: boolean;
  readonly port = DOCUMENT_DATABASE_PORT;
  readonly credentialsSecretArn: string;
  readonly keyArn: string;
  private readonly credentials: GeneratedSecret;

  constructor(scope: Construct, id: string, props: DocumentDatabaseProps) {
    super(scope, id);
    const name = `${props.namePrefix}-registry`;
    const key = new EncryptionKey(this, "key", {
      alias: `${props.namePrefix}-document-database`,
      description: `${props.namePrefix}: DocumentDB storage and snapshots`,
      accountId: props.accountId,
      partition: props.partition,
      address: "document_database",
    });
    this.keyArn = key.keyArn;

    const securityGroup = new SecurityGroup(this, "security-group", {
      name: `${name}-docdb`,
      description: "The registry's DocumentDB cluster: 27017 from the registry and the auth server only",
      vpcId: props.vpcId,
      tags: { Name: `${name}-docdb` },
    });
    this.connections = new Connections(this, securityGroup.id, "document-database");

    this.credentials = new GeneratedSecret(this, "credentials", {
      name: `${props.namePrefix}/document-database`,
      description: "DocumentDB master user of the registry and the auth server (username and password)",
      kmsKeyArn: props.secretsKmsKeyArn,
      // DocumentDB accepts 8 to 100 printable characters except / " @; letters and digits avoid all three.
      length: 40,
      username: DOCUMENT_DATABASE_USERNAME,
      version: props.credentialsVersion,
      recoveryWindowInDays: props.secretRecoveryWindowInDays,
      address: "document_database_credentials",
    });
    this.credentialsSecretArn = this.credentials.secretArn;

    const subnetGroup = new DocdbSubnetGroup(this, "subnet-group", {
      name,
      description: "Private subnets of the registry's DocumentDB cluster",
      subnetIds: props.subnetIds,
    });
    const parameters = new DocdbClusterParameterGroup(this, "parameters", {
      // The family is part of the name, so a major-version upgrade creates the new group before dropping the old.
      name: `${name}-${DOCUMENT_DATABASE_PARAMETER_FAMILY.replace(".", "-")}`,
      family: DOCUMENT_DATABASE_PARAMETER_FAMILY,
      description: "Registry DocumentDB: TLS required, audit logs, TTL monitor",
      parameter: Object.entries(DOCUMENT_DATABASE_PARAMETERS).map(([parameterName, value]) => ({ name: parameterName, value })),
      lifecycle: { createBeforeDestroy: true },
    });
    // Created here, not by DocumentDB on first export, so they are encrypted and expire like every other log group.
    const logGroups = DOCUMENT_DATABASE_LOG_EXPORTS.map(
      (log) =>
        new CloudwatchLogGroup(this, `${log}-log-group`, {
          name: `/aws/docdb/${name}/${log}`,
          retentionInDays: props.logRetentionDays,
          kmsKeyId: props.logsKmsKeyArn,
        }),
    );

    this.hasCluster = props.cluster;
    if (!props.cluster) {
      // Alarms and the dashboard still name the cluster and instances by their identifiers.
      this.clusterIdentifier = name;
      this.endpoint = NO_CLUSTER_ENDPOINT;
      this.instanceIdentifiers = Array.from({ length: props.instances }, (_, index) => `${name}-${index + 1}`);
      return;
    }
    const cluster = new DocdbCluster(this, "cluster", {
      clusterIdentifier: name,
      engine: "docdb",
      engineVersion: DOCUMENT_DATABASE_ENGINE_VERSION,
      masterUsername: DOCUMENT_DATABASE_USERNAME,
      masterPasswordWo: this.credentials.storedValue("document_database_password", "password"),
      masterPasswordWoVersion: props.credentialsVersion,
      // DocumentDB defers a new master password to the maintenance window unless applied immediately (the flag affects
      // only the password and a rename), while the clients roll to the new password in the same apply.
      applyImmediately: true,
      port: DOCUMENT_DATABASE_PORT,
      storageEncrypted: true,
      kmsKeyId: key.keyArn,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      dbClusterParameterGroupName: parameters.name,
      enabledCloudwatchLogsExports: [...DOCUMENT_DATABASE_LOG_EXPORTS],
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: "03:00-04:00",
      preferredMaintenanceWindow: "sun:05:00-sun:06:00",
      deletionProtection: props.deletionProtection,
      // Whenever Terraform destroys the cluster, with or without protection, its data survives in a final snapshot.
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: finalSnapshotIdentifier(this, "document_database_created", name),
      dependsOn: logGroups,
      tags: { Name: name },
    });
    cluster.overrideLogicalId("document_database");
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.endpoint = cluster.endpoint;

    this.instanceIdentifiers = Array.from({ length: props.instances }, (_, index) => {
      const instance = new DocdbClusterInstance(this, `instance-${index + 1}`, {
        identifier: `${name}-${index + 1}`,
        clusterIdentifier: cluster.id,
        instanceClass: props.instanceClass,
        engine: "docdb",
        // The first instance is the preferred writer; replicas follow it in order.
        promotionTier: index,
        autoMinorVersionUpgrade: true,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        tags: { Name: `${name}-${index + 1}` },
      });
      instance.overrideLogicalId(`document_database_${index + 1}`);
      return instance.identifier;
    });
  }

  /** One field of the credentials for a container; bumping `credentialsVersion` changes the reference and rolls it. */
  credential(field: "username" | "password"): SecretReference {
    return this.credentials.reference(field);
  }
}
