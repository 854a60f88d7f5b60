import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { DOCUMENT_DATABASE_INSTANCE_LIMITS, DocumentDatabaseInstanceClass } from "../../config/document-database-classes";
import { POSTGRES_INSTANCE_CLASS_LIMITS, PostgresInstanceClass, postgresMaxConnections } from "../../config/postgres-instance-classes";
import { policyDocument } from "../security/policy-document";

export interface AlarmTopicProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  /** A key whose policy lets CloudWatch encrypt messages for the topic. */
  readonly kmsKeyArn: string;
  /** Subscribed to the topic; the recipient must confirm the subscription e-mail. */
  readonly email?: string;
}

/** The SNS topic every alarm notifies: KMS-encrypted, publishable only by this account's CloudWatch alarms, over TLS. */
export class AlarmTopic extends Construct {
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const topic = new SnsTopic(this, "topic", {
      name: `${props.namePrefix}-alarms`,
      displayName: `${props.namePrefix} alarms`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    new SnsTopicPolicy(this, "policy", {
      arn: topic.arn,
      policy: policyDocument([
        {
          Sid: "ThisAccountsAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topic.arn,
          Condition: {
            StringEquals: { "aws:SourceAccount": props.accountId },
            ArnLike: { "aws:SourceArn": `arn:${props.partition}:cloudwatch:${props.region}:${props.accountId}:alarm:*` },
          },
        },
        {
          Sid: "DenyUnencryptedTransport",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "sns:Publish",
          Resource: topic.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });
    if (props.email) {
      new SnsTopicSubscription(this, "email", { topicArn: topic.arn, protocol: "email", endpoint: props.email });
    }
    this.topicArn = topic.arn;
  }
}

export interface LoadBalancerAlarmTarget {
  /** `main` or `keycloak`: names the alarms. */
  readonly name: string;
  readonly arnSuffix: string;
  /**
   * Set when this is one target group's share of a load balancer another entry also watches (a shared load balancer):
   * the response alarms then read that target group's metrics, and the load balancer's own 5xx, which carry no target
   * group, are the other entry's.
   */
  readonly targetGroupArnSuffix?: string;
  readonly targetGroups: readonly { readonly name: string; readonly arnSuffix: string }[];
}

export interface InfrastructureAlarmsProps {
  readonly namePrefix: string;
  readonly topicArn: string;
  readonly loadBalancers: readonly LoadBalancerAlarmTarget[];
  readonly database: {
    /** Dimensions of the database's AWS/RDS metrics (the cluster's or the instance's identifier). */
    readonly metricDimensions: Readonly<Record<string, string>>;
    /** What limits the database: Serverless v2 scales up to maxAcu; an instance has its class's CPU, memory and storage. */
    readonly capacity:
      | { readonly kind: "aurora-serverless"; readonly maxAcu: number }
      | {
          readonly kind: "postgres-instance";
          readonly instanceClass: PostgresInstanceClass;
          readonly allocatedStorageGb: number;
          readonly maxAllocatedStorageGb: number;
        };
    /** Absent when clients connect to the database directly. */
    readonly proxyName?: string;
    /** Client connections that mean the Keycloak tasks' connection pools are nearly exhausted. */
    readonly proxyClientConnectionsThreshold: number;
  };
  /** The registry's DocumentDB cluster; its instances in order, the first being the preferred writer. */
  readonly documentDatabase: {
    readonly clusterIdentifier: string;
    readonly instanceIdentifiers: readonly string[];
    readonly instanceClass: DocumentDatabaseInstanceClass;
  };
  /** Present when the deployment has the EFS models cache. */
  readonly fileSystem?: { readonly fileSystemId: string; readonly throughputMode: "bursting" | "elastic" };
  /** Present when a NAT instance carries the private subnets' outbound traffic: every task depends on it. */
  readonly natInstance?: {
    readonly instanceId: string;
    /** EC2's recover action, arn:<partition>:automate:<region>:ec2:recover. */
    readonly recoverActionArn: string;
  };
}

/** Thresholds, chosen so an alarm means someone should look now. */
export const ALARM_THRESHOLDS = {
  /** 5xx responses per 5 minutes, from the targets or the load balancer itself. */
  http5xxPer5Minutes: 10,
  /** 95th-percentile response time, seconds. */
  p95LatencySeconds: 2,
  databaseCpuPercent: 80,
  /** Share of PostgreSQL's max_connections in use. */
  databaseConnectionsShare: 0.8,
  /** Share of an instance's memory below which PostgreSQL's cache shrinks and the instance starts swapping. */
  databaseFreeMemoryShare: 0.1,
  /** Share of an instance's allocated storage left free: storage autoscaling should have grown it well before. */
  databaseFreeStorageShare: 0.1,
  /** EFS burst credits below which throughput drops to the baseline within hours (bursting mode only). */
  burstCreditBytes: 200 * 1024 ** 3,
  efsIoLimitPercent: 95,
  documentDatabaseCpuPercent: 80,
  /** Share of the instance class's memory below which DocumentDB starts evicting its cache and swapping. */
  documentDatabaseFreeMemoryShare: 0.1,
  /** Share of the instance class's connection limit. */
  documentDatabaseConnectionsShare: 0.8,
  /** Replica lag, milliseconds: a replica this far behind serves stale reads and fails over with data to catch up. */
  documentDatabaseReplicaLagMs: 2000,
} as const;

/**
 * Aurora PostgreSQL derives max_connections from instance memory: LEAST(DBInstanceClassMemory / 9531392, 5000), with
 * 2 GiB per ACU at the configured maximum capacity.
 */
export function auroraMaxConnections(maxAcu: number): number {
  return postgresMaxConnections(maxAcu * 2);
}

/** Alarms on the load balancers, the database and its proxy, and the shared file system, all notifying the alarm topic. */
export class InfrastructureAlarms extends Construct {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: InfrastructureAlarmsProps,
  ) {
    super(scope, id);

    for (const lb of props.loadBalancers) {
      const dimensions: Record<string, string> = lb.targetGroupArnSuffix
        ? { LoadBalancer: lb.arnSuffix, TargetGroup: lb.targetGroupArnSuffix }
        : { LoadBalancer: lb.arnSuffix };
      const subject = lb.targetGroupArnSuffix ? `${lb.name} on the shared load balancer` : `${lb.name} load balancer`;
      for (const [source, metricName] of [
        ["target", "HTTPCode_Target_5XX_Count"],
        ["elb", "HTTPCode_ELB_5XX_Count"],
      ] as const) {
        // The load balancer's own 5xx carry no target group: on a shared one, the main entry alarms on them.
        if (source === "elb" && lb.targetGroupArnSuffix) continue;
        this.alarm(`${lb.name}-${source}-5xx`, {
          alarmDescription: `${subject}: more than ${ALARM_THRESHOLDS.http5xxPer5Minutes} 5xx responses ${source === "target" ? "from the services" : "from the load balancer itself"} in 5 minutes, twice`,
          namespace: "AWS/ApplicationELB",
          metricName,
          dimensions,
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 2,
          threshold: ALARM_THRESHOLDS.http5xxPer5Minutes,
          comparisonOperator: "GreaterThanThreshold",
          // The load balancer publishes no data point while there are no errors.
          treatMissingData: "notBreaching",
        });
      }
      this.alarm(`${lb.name}-latency`, {
        alarmDescription: `${subject}: p95 response time above ${ALARM_THRESHOLDS.p95LatencySeconds} s for 15 minutes`,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions,
        extendedStatistic: "p95",
        period: 300,
        evaluationPeriods: 3,
        threshold: ALARM_THRESHOLDS.p95LatencySeconds,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      });
      for (const group of lb.targetGroups) {
        this.alarm(`${group.name}-unhealthy-targets`, {
          alarmDescription: `${group.name}: a target failed the load balancer's health checks for 3 minutes`,
          namespace: "AWS/ApplicationELB",
          metricName: "UnHealthyHostCount",
          dimensions: { LoadBalancer: lb.arnSuffix, TargetGroup: group.arnSuffix },
          statistic: "Maximum",
          period: 60,
          evaluationPeriods: 3,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
        });
      }
    }

    const database = props.database;
    this.alarm("keycloak-db-cpu", {
      alarmDescription: `Keycloak database: CPU above ${ALARM_THRESHOLDS.databaseCpuPercent} % for 15 minutes`,
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: database.metricDimensions,
      statistic: "Average",
      period: 300,
      evaluationPeriods: 3,
      threshold: ALARM_THRESHOLDS.databaseCpuPercent,
      comparisonOperator: "GreaterThanThreshold",
    });
    const maxConnections =
      database.capacity.kind === "aurora-serverless"
        ? auroraMaxConnections(database.capacity.maxAcu)
        : postgresMaxConnections(POSTGRES_INSTANCE_CLASS_LIMITS[database.capacity.instanceClass].memoryGiB);
    this.alarm("keycloak-db-connections", {
      alarmDescription: `Keycloak database: more than ${ALARM_THRESHOLDS.databaseConnectionsShare * 100} % of its ${maxConnections} connections in use`,
      namespace: "AWS/RDS",
      metricName: "DatabaseConnections",
      dimensions: database.metricDimensions,
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 2,
      threshold: Math.floor(maxConnections * ALARM_THRESHOLDS.databaseConnectionsShare),
      comparisonOperator: "GreaterThanThreshold",
    });
    if (database.capacity.kind === "aurora-serverless") {
      this.alarm("keycloak-db-acu-at-max", {
        alarmDescription: `Keycloak database: held at its maximum of ${database.capacity.maxAcu} ACU for 15 minutes; raise database.maxAcu`,
        namespace: "AWS/RDS",
        metricName: "ServerlessDatabaseCapacity",
        dimensions: database.metricDimensions,
        statistic: "Minimum",
        period: 300,
        evaluationPeriods: 3,
        threshold: database.capacity.maxAcu,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      });
    } else {
      this.instanceAlarms(database.metricDimensions, database.capacity);
    }
    if (props.database.proxyName) {
      this.alarm("keycloak-db-proxy-connections", {
        alarmDescription: `Keycloak database proxy: more than ${props.database.proxyClientConnectionsThreshold} client connections, near the Keycloak tasks' pool limits`,
        namespace: "AWS/RDS",
        metricName: "ClientConnections",
        dimensions: { ProxyName: props.database.proxyName },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 2,
        threshold: props.database.proxyClientConnectionsThreshold,
        comparisonOperator: "GreaterThanThreshold",
      });
    }

    this.documentDatabaseAlarms(props.documentDatabase);
    if (props.fileSystem) this.fileSystemAlarms(props.fileSystem);
    if (props.natInstance) this.natInstanceAlarms(props.natInstance);
  }

  /**
   * A failed system check is AWS's hardware or network: recovery moves the instance to other hardware with its ID,
   * private address, Elastic IP and network interface (so the routes stay valid). A failed instance check is the
   * operating system's (a full disk, a kernel panic): recovery would not help, so someone is told.
   */
  private natInstanceAlarms(nat: NonNullable<InfrastructureAlarmsProps["natInstance"]>): void {
    const common = {
      namespace: "AWS/EC2",
      dimensions: { InstanceId: nat.instanceId },
      statistic: "Maximum",
      // Status checks are published every minute, with or without detailed monitoring.
      period: 60,
      evaluationPeriods: 2,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    } as const;
    this.alarm(
      "nat-instance-system-check",
      {
        ...common,
        alarmDescription:
          "NAT instance: system status check failed for 2 minutes (AWS hardware or network); EC2 recovers it onto other hardware. Tasks have no outbound access until it is back",
        metricName: "StatusCheckFailed_System",
      },
      [nat.recoverActionArn],
    );
    this.alarm("nat-instance-check", {
      ...common,
      alarmDescription:
        'NAT instance: instance status check failed for 2 minutes (its operating system); tasks have no outbound access. Reboot it, or replace it (docs/architecture.md, "NAT instance")',
      metricName: "StatusCheckFailed_Instance",
    });
  }

  /** What only an instance of fixed size runs out of: memory, and storage past its autoscaling cap. */
  private instanceAlarms(
    dimensions: Readonly<Record<string, string>>,
    instance: Extract<InfrastructureAlarmsProps["database"]["capacity"], { kind: "postgres-instance" }>,
  ): void {
    const memoryGiB = POSTGRES_INSTANCE_CLASS_LIMITS[instance.instanceClass].memoryGiB;
    this.alarm("keycloak-db-free-memory", {
      alarmDescription: `Keycloak database: less than ${ALARM_THRESHOLDS.databaseFreeMemoryShare * 100} % of its ${memoryGiB} GiB memory free for 15 minutes; consider a larger database.instanceClass`,
      namespace: "AWS/RDS",
      metricName: "FreeableMemory",
      dimensions,
      statistic: "Minimum",
      period: 300,
      evaluationPeriods: 3,
      threshold: Math.floor(memoryGiB * 1024 ** 3 * ALARM_THRESHOLDS.databaseFreeMemoryShare),
      comparisonOperator: "LessThanThreshold",
    });
    this.alarm("keycloak-db-free-storage", {
      alarmDescription: `Keycloak database: less than ${ALARM_THRESHOLDS.databaseFreeStorageShare * 100} % of its ${instance.allocatedStorageGb} GB storage free for 15 minutes; storage autoscaling stops at database.maxAllocatedStorageGb (${instance.maxAllocatedStorageGb} GB): raise it`,
      namespace: "AWS/RDS",
      metricName: "FreeStorageSpace",
      dimensions,
      statistic: "Minimum",
      period: 300,
      evaluationPeriods: 3,
      threshold: Math.floor(instance.allocatedStorageGb * 1024 ** 3 * ALARM_THRESHOLDS.databaseFreeStorageShare),
      comparisonOperator: "LessThanThreshold",
    });
  }

  private fileSystemAlarms(props: NonNullable<InfrastructureAlarmsProps["fileSystem"]>): void {
    const fileSystem = { FileSystemId: props.fileSystemId };
    // Elastic throughput has no burst credits to run out of.
    if (props.throughputMode === "bursting") {
      this.alarm("efs-burst-credits-low", {
        alarmDescription:
          "Models cache file system: burst credits running out; throughput will drop to the baseline (consider elastic throughput)",
        namespace: "AWS/EFS",
        metricName: "BurstCreditBalance",
        dimensions: fileSystem,
        statistic: "Minimum",
        period: 300,
        evaluationPeriods: 3,
        threshold: ALARM_THRESHOLDS.burstCreditBytes,
        comparisonOperator: "LessThanThreshold",
      });
    }
    this.alarm("efs-io-limit", {
      alarmDescription: `Models cache file system: above ${ALARM_THRESHOLDS.efsIoLimitPercent} % of its I/O limit for 15 minutes`,
      namespace: "AWS/EFS",
      metricName: "PercentIOLimit",
      dimensions: fileSystem,
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 3,
      threshold: ALARM_THRESHOLDS.efsIoLimitPercent,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    });
  }

  private documentDatabaseAlarms(database: InfrastructureAlarmsProps["documentDatabase"]): void {
    const limits = DOCUMENT_DATABASE_INSTANCE_LIMITS[database.instanceClass];
    database.instanceIdentifiers.forEach((instance, index) => {
      const dimensions = { DBInstanceIdentifier: instance };
      const label = `DocumentDB instance ${index + 1}`;
      this.alarm(`docdb-${index + 1}-cpu`, {
        alarmDescription: `${label}: CPU above ${ALARM_THRESHOLDS.documentDatabaseCpuPercent} % for 15 minutes`,
        namespace: "AWS/DocDB",
        metricName: "CPUUtilization",
        dimensions,
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        threshold: ALARM_THRESHOLDS.documentDatabaseCpuPercent,
        comparisonOperator: "GreaterThanThreshold",
      });
      const freeMemoryBytes = Math.floor(limits.memoryGiB * 1024 ** 3 * ALARM_THRESHOLDS.documentDatabaseFreeMemoryShare);
      this.alarm(`docdb-${index + 1}-free-memory`, {
        alarmDescription: `${label}: less than ${ALARM_THRESHOLDS.documentDatabaseFreeMemoryShare * 100} % of its ${limits.memoryGiB} GiB memory free for 15 minutes; consider a larger documentDatabase.instanceClass`,
        namespace: "AWS/DocDB",
        metricName: "FreeableMemory",
        dimensions,
        statistic: "Minimum",
        period: 300,
        evaluationPeriods: 3,
        threshold: freeMemoryBytes,
        comparisonOperator: "LessThanThreshold",
      });
      // Only replicas lag; the first instance is the preferred writer.
      if (index > 0) {
        this.alarm(`docdb-${index + 1}-replica-lag`, {
          alarmDescription: `${label}: replica more than ${ALARM_THRESHOLDS.documentDatabaseReplicaLagMs} ms behind the writer for 15 minutes`,
          namespace: "AWS/DocDB",
          metricName: "DBInstanceReplicaLag",
          dimensions,
          statistic: "Maximum",
          period: 300,
          evaluationPeriods: 3,
          threshold: ALARM_THRESHOLDS.documentDatabaseReplicaLagMs,
          comparisonOperator: "GreaterThanThreshold",
          // A replica promoted to writer publishes no lag.
          treatMissingData: "notBreaching",
        });
      }
    });
    this.alarm("docdb-connections", {
      alarmDescription: `DocumentDB: more than ${ALARM_THRESHOLDS.documentDatabaseConnectionsShare * 100} % of the ${limits.maxConnections} connections a ${database.instanceClass} instance allows`,
      namespace: "AWS/DocDB",
      metricName: "DatabaseConnections",
      dimensions: { DBClusterIdentifier: database.clusterIdentifier },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 2,
      threshold: Math.floor(limits.maxConnections * ALARM_THRESHOLDS.documentDatabaseConnectionsShare),
      comparisonOperator: "GreaterThanThreshold",
    });
  }

  /** An alarm notifying the topic; `actions` run too when it fires (e.g. EC2 recovery). */
  private alarm(
    name: string,
    config: Omit<CloudwatchMetricAlarmConfig, "alarmName" | "alarmActions" | "okActions">,
    actions: readonly string[] = [],
  ): void {
    new CloudwatchMetricAlarm(this, name, {
      ...config,
      alarmName: `${this.props.namePrefix}-${name}`,
      alarmActions: [...actions, this.props.topicArn],
      okActions: [this.props.topicArn],
    });
  }
}
