import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";

export interface OperationsDashboardProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly clusterName: string;
  /** Physical names of the ECS services. */
  readonly serviceNames: readonly string[];
  /** `targetGroupArnSuffix` narrows an entry to one target group's share of a shared load balancer. */
  readonly loadBalancers: readonly { readonly name: string; readonly arnSuffix: string; readonly targetGroupArnSuffix?: string }[];
  /** `proxyName` is absent when clients connect to the database directly. */
  readonly database: {
    /** Dimensions of the database's AWS/RDS metrics (the cluster's or the instance's identifier). */
    readonly metricDimensions: Readonly<Record<string, string>>;
    readonly engine: "aurora-serverless" | "postgres-instance";
    readonly proxyName?: string;
  };
  /** Present when the deployment has the EFS models cache. */
  readonly fileSystemId?: string;
  /** The registry's DocumentDB cluster and its instances (writer first). */
  readonly documentDatabase: { readonly clusterIdentifier: string; readonly instanceIdentifiers: readonly string[] };
}

type Metric = (string | Record<string, string>)[];

interface Widget {
  readonly title: string;
  readonly metrics: Metric[];
  readonly stat?: string;
}

const WIDGET_WIDTH = 12;
const WIDGET_HEIGHT = 6;

/** One CloudWatch dashboard with the services, load balancers, database and file system side by side. */
export class OperationsDashboard extends Construct {
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const ecs = (metricName: string) =>
      props.serviceNames.map((service): Metric => ["AWS/ECS", metricName, "ClusterName", props.clusterName, "ServiceName", service]);
    const alb = (metricName: string) =>
      props.loadBalancers.map((lb): Metric => [
        "AWS/ApplicationELB",
        metricName,
        "LoadBalancer",
        lb.arnSuffix,
        ...(lb.targetGroupArnSuffix ? ["TargetGroup", lb.targetGroupArnSuffix] : []),
        { label: lb.name },
      ]);
    const rds = (metricName: string): Metric => ["AWS/RDS", metricName, ...Object.entries(props.database.metricDimensions).flat()];

    const docdbCluster = (metricName: string): Metric => [
      "AWS/DocDB",
      metricName,
      "DBClusterIdentifier",
      props.documentDatabase.clusterIdentifier,
    ];
    const docdbInstances = (metricName: string) =>
      props.documentDatabase.instanceIdentifiers.map((instance): Metric => ["AWS/DocDB", metricName, "DBInstanceIdentifier", instance]);

    const widgets: Widget[] = [
      { title: "Service CPU (%)", metrics: ecs("CPUUtilization") },
      { title: "Service memory (%)", metrics: ecs("MemoryUtilization") },
      {
        title: "Running tasks",
        metrics: props.serviceNames.map((service) => [
          "ECS/ContainerInsights",
          "RunningTaskCount",
          "ClusterName",
          props.clusterName,
          "ServiceName",
          service,
        ]),
      },
      { title: "Requests", metrics: alb("RequestCount"), stat: "Sum" },
      { title: "Target 5xx responses", metrics: alb("HTTPCode_Target_5XX_Count"), stat: "Sum" },
      { title: "Response time p95 (s)", metrics: alb("TargetResponseTime"), stat: "p95" },
      { title: "Database CPU (%)", metrics: [rds("CPUUtilization")] },
      ...(props.database.engine === "aurora-serverless"
        ? [{ title: "Database capacity (ACU)", metrics: [rds("ServerlessDatabaseCapacity")] }]
        : [
            { title: "Database freeable memory (bytes)", metrics: [rds("FreeableMemory")], stat: "Minimum" },
            { title: "Database free storage (bytes)", metrics: [rds("FreeStorageSpace")], stat: "Minimum" },
          ]),
      {
        title: "Database connections",
        metrics: [
          rds("DatabaseConnections"),
          ...(props.database.proxyName
            ? [["AWS/RDS", "ClientConnections", "ProxyName", props.database.proxyName, { label: "proxy clients" }]]
            : []),
        ],
        stat: "Maximum",
      },
      { title: "DocumentDB CPU (%)", metrics: docdbInstances("CPUUtilization") },
      { title: "DocumentDB freeable memory (bytes)", metrics: docdbInstances("FreeableMemory"), stat: "Minimum" },
      { title: "DocumentDB connections", metrics: [docdbCluster("DatabaseConnections")], stat: "Maximum" },
      {
        title: "DocumentDB operations",
        metrics: [docdbCluster("OpcountersQuery"), docdbCluster("OpcountersInsert"), docdbCluster("OpcountersUpdate")],
        stat: "Sum",
      },
    ];
    if (props.fileSystemId) {
      widgets.push({
        title: "Models cache throughput (bytes)",
        metrics: [
          ["AWS/EFS", "DataReadIOBytes", "FileSystemId", props.fileSystemId],
          ["AWS/EFS", "DataWriteIOBytes", "FileSystemId", props.fileSystemId],
        ],
        stat: "Sum",
      });
    }

    const dashboard = new CloudwatchDashboard(this, "dashboard", {
      // Dashboard names are account-wide: the region keeps one prefix deployed to two regions apart.
      dashboardName: `${props.namePrefix}-${props.region}`,
      dashboardBody: JSON.stringify({
        widgets: widgets.map((widget, index) => ({
          type: "metric",
          x: (index % 2) * WIDGET_WIDTH,
          y: Math.floor(index / 2) * WIDGET_HEIGHT,
          width: WIDGET_WIDTH,
          height: WIDGET_HEIGHT,
          properties: {
            title: widget.title,
            region: props.region,
            view: "timeSeries",
            stat: widget.stat ?? "Average",
            period: 300,
            metrics: widget.metrics,
          },
        })),
      }),
    });
    this.dashboardName = dashboard.dashboardName;
  }
}
