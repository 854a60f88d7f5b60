import { DescribeCertificateCommand } from "@aws-sdk/client-acm";
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand, Service, Task } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  DBClusterNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
} from "@aws-sdk/client-rds";
import { AwsClients } from "./clients";
import { explainAwsError } from "./errors";
import { Deployment } from "./outputs";
import {
  AlarmSnapshot,
  CertificateSnapshot,
  DatabaseSnapshot,
  DeploymentSnapshot,
  ServiceSnapshot,
  StatusSnapshot,
  StoppedTask,
  TargetHealth,
} from "./status-snapshot";

/** Reads everything `status` shows; individual parts that fail are reported as findings' inputs, not thrown. */
export async function collectStatus(deployment: Deployment, clients: AwsClients, options: { events: number }): Promise<StatusSnapshot> {
  const [services, databases, certificates, alarms] = await Promise.all([
    collectServices(deployment, clients, options.events),
    collectDatabases(deployment, clients),
    collectCertificates(deployment, clients),
    collectAlarms(deployment, clients),
  ]);
  return {
    clusterName: deployment.clusterName,
    region: deployment.region,
    outputsSource: deployment.outputs.source,
    services,
    databases,
    certificates,
    alarms,
  };
}

/** Every alarm of the deployment is named `<namePrefix>-...`, and the cluster is named `<namePrefix>`. */
async function collectAlarms(deployment: Deployment, clients: AwsClients): Promise<AlarmSnapshot[]> {
  const alarms: AlarmSnapshot[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const response = await clients.cloudwatch.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: `${deployment.clusterName}-`,
          StateValue: "ALARM",
          AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
          NextToken: nextToken,
        }),
      );
      for (const alarm of [...(response.MetricAlarms ?? []), ...(response.CompositeAlarms ?? [])]) {
        // Checked again here: moto applies only the first of several DescribeAlarms filters.
        if (alarm.StateValue !== "ALARM") continue;
        alarms.push({
          name: alarm.AlarmName ?? "?",
          description: alarm.AlarmDescription,
          reason: alarm.StateReason,
          since: alarm.StateUpdatedTimestamp,
        });
      }
      nextToken = response.NextToken;
    } while (nextToken);
  } catch (error) {
    throw explainAwsError(error, { region: deployment.region, action: "reading the deployment's CloudWatch alarms" });
  }
  return alarms.sort((a, b) => a.name.localeCompare(b.name));
}

async function collectServices(deployment: Deployment, clients: AwsClients, events: number): Promise<ServiceSnapshot[]> {
  const entries = Object.entries(deployment.services);
  const described = new Map<string, Service>();
  try {
    for (let index = 0; index < entries.length; index += 10) {
      const batch = entries.slice(index, index + 10).map(([, ecsName]) => ecsName);
      const response = await clients.ecs.send(new DescribeServicesCommand({ cluster: deployment.clusterName, services: batch }));
      for (const service of response.services ?? [])
        if (service.serviceName && service.status !== "INACTIVE") described.set(service.serviceName, service);
    }
  } catch (error) {
    throw explainAwsError(error, { region: deployment.region, action: `describing the services of cluster ${deployment.clusterName}` });
  }
  return Promise.all(
    entries.map(async ([name, ecsName]) => {
      const service = described.get(ecsName);
      if (!service) return missingService(name, ecsName);
      const running = service.runningCount ?? 0;
      const desired = service.desiredCount ?? 0;
      const deployments = (service.deployments ?? []).map((deployment): DeploymentSnapshot => ({
        id: deployment.id ?? "",
        status: deployment.status ?? "",
        rolloutState: deployment.rolloutState,
        rolloutStateReason: deployment.rolloutStateReason,
        running: deployment.runningCount ?? 0,
        desired: deployment.desiredCount ?? 0,
        pending: deployment.pendingCount ?? 0,
        failedTasks: deployment.failedTasks ?? 0,
        taskDefinition: shortTaskDefinition(deployment.taskDefinition),
        createdAt: deployment.createdAt,
      }));
      const troubled =
        running < desired || deployments.some((candidate) => candidate.rolloutState === "FAILED" || candidate.failedTasks > 0);
      const [stoppedTasks, targets] = await Promise.all([
        troubled ? recentStoppedTasks(clients, deployment.clusterName, ecsName) : Promise.resolve([]),
        targetHealth(clients, service),
      ]);
      return {
        name,
        ecsName,
        found: true,
        running,
        desired,
        pending: service.pendingCount ?? 0,
        taskDefinition: shortTaskDefinition(service.taskDefinition),
        execEnabled: service.enableExecuteCommand ?? false,
        deployments,
        events: (service.events ?? [])
          .slice()
          .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
          .slice(0, Math.max(events, 10))
          .map((event) => ({ at: event.createdAt, message: event.message ?? "" })),
        stoppedTasks,
        targets,
      };
    }),
  );
}

function missingService(name: string, ecsName: string): ServiceSnapshot {
  return {
    name,
    ecsName,
    found: false,
    running: 0,
    desired: 0,
    pending: 0,
    execEnabled: false,
    deployments: [],
    events: [],
    stoppedTasks: [],
    targets: [],
  };
}

async function recentStoppedTasks(clients: AwsClients, cluster: string, serviceName: string): Promise<StoppedTask[]> {
  const listed = await clients.ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: "STOPPED", maxResults: 10 }));
  if (!listed.taskArns?.length) return [];
  const described = await clients.ecs.send(new DescribeTasksCommand({ cluster, tasks: listed.taskArns }));
  return (described.tasks ?? [])
    .slice()
    .sort(
      (a: Task, b: Task) =>
        (b.stoppedAt?.getTime() ?? b.createdAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? a.createdAt?.getTime() ?? 0),
    )
    .map((task) => ({
      stoppedAt: task.stoppedAt,
      stopCode: task.stopCode,
      stoppedReason: task.stoppedReason,
      containers: (task.containers ?? []).map((container) => ({
        name: container.name ?? "?",
        exitCode: container.exitCode,
        reason: container.reason,
      })),
    }));
}

async function targetHealth(clients: AwsClients, service: Service): Promise<TargetHealth[]> {
  const groups = [
    ...new Set((service.loadBalancers ?? []).flatMap((balancer) => (balancer.targetGroupArn ? [balancer.targetGroupArn] : []))),
  ];
  const results = await Promise.all(
    groups.map(async (targetGroupArn) => {
      const response = await clients.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
      return (response.TargetHealthDescriptions ?? []).map((description) => ({
        target: `${description.Target?.Id ?? "?"}:${description.Target?.Port ?? ""}`,
        state: description.TargetHealth?.State ?? "unknown",
        reason: description.TargetHealth?.Reason,
        description: description.TargetHealth?.Description,
      }));
    }),
  );
  return results.flat();
}

/** `arn:...:task-definition/family:7` → `family:7`. */
export function shortTaskDefinition(arn: string | undefined): string {
  return arn ? arn.slice(arn.lastIndexOf("/") + 1) : "?";
}

/**
 * An endpoint's first DNS label is the cluster identifier (`<id>.cluster-<hash>.<region>.rds.amazonaws.com`), or an
 * instance's (`<id>.<hash>.<region>.rds.amazonaws.com`).
 */
export function clusterIdentifierOf(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  const host = endpoint.replace(/^[a-z]+:\/\//, "").split(/[:/]/)[0];
  return host.split(".")[0] || undefined;
}

async function collectDatabases(deployment: Deployment, clients: AwsClients): Promise<DatabaseSnapshot[]> {
  const instanceEndpoint = deployment.output("database_instance_endpoint");
  const keycloak = instanceEndpoint
    ? { label: "RDS for PostgreSQL" as const, identifier: clusterIdentifierOf(instanceEndpoint) }
    : { label: "Aurora PostgreSQL" as const, identifier: clusterIdentifierOf(deployment.output("database_cluster_endpoint")) };
  const wanted = [
    keycloak,
    { label: "DocumentDB" as const, identifier: clusterIdentifierOf(deployment.output("document_database_endpoint")) },
  ];
  return Promise.all(
    wanted.map(async ({ label, identifier }): Promise<DatabaseSnapshot> => {
      if (!identifier) return { label, found: false, members: [] };
      if (label === "RDS for PostgreSQL") return describeInstance(deployment, clients, identifier);
      try {
        const response = await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }));
        const cluster = response.DBClusters?.[0];
        if (!cluster) return { label, identifier, found: false, members: [] };
        return {
          label,
          identifier,
          found: true,
          status: cluster.Status,
          engineVersion: [cluster.Engine, cluster.EngineVersion].filter(Boolean).join(" "),
          members: (cluster.DBClusterMembers ?? []).map((member) => ({
            id: member.DBInstanceIdentifier ?? "?",
            writer: member.IsClusterWriter ?? false,
          })),
        };
      } catch (error) {
        if (error instanceof DBClusterNotFoundFault || (error as { name?: string }).name === "DBClusterNotFoundFault")
          return { label, identifier, found: false, members: [] };
        throw explainAwsError(error, { region: deployment.region, action: `describing the ${label} cluster ${identifier}` });
      }
    }),
  );
}

/** Keycloak's RDS for PostgreSQL instance, shown like a cluster with one member (its standby, if any, is not a member). */
async function describeInstance(deployment: Deployment, clients: AwsClients, identifier: string): Promise<DatabaseSnapshot> {
  const label = "RDS for PostgreSQL";
  try {
    const response = await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
    const instance = response.DBInstances?.[0];
    if (!instance) return { label, identifier, found: false, members: [] };
    return {
      label,
      identifier,
      found: true,
      status: instance.DBInstanceStatus,
      engineVersion: [instance.Engine, instance.EngineVersion].filter(Boolean).join(" "),
      members: [{ id: instance.DBInstanceIdentifier ?? identifier, writer: true }],
    };
  } catch (error) {
    if (error instanceof DBInstanceNotFoundFault || (error as { name?: string }).name === "DBInstanceNotFoundFault")
      return { label, identifier, found: false, members: [] };
    throw explainAwsError(error, { region: deployment.region, action: `describing the ${label} instance ${identifier}` });
  }
}

async function collectCertificates(deployment: Deployment, clients: AwsClients): Promise<CertificateSnapshot[]> {
  const names = [
    ["registry", "registry_certificate_arn"],
    ["keycloak", "keycloak_certificate_arn"],
  ] as const;
  return Promise.all(
    names.map(async ([name, output]): Promise<CertificateSnapshot> => {
      const arn = deployment.output(output, "certs") ?? deployment.output(output, "app");
      if (!arn) return { name };
      const region = arn.split(":")[3] || deployment.region;
      try {
        const { Certificate: certificate } = await clients.acm(region).send(new DescribeCertificateCommand({ CertificateArn: arn }));
        return {
          name,
          arn,
          domain: certificate?.DomainName,
          status: certificate?.Status,
          notAfter: certificate?.NotAfter,
          renewalStatus: certificate?.RenewalSummary?.RenewalStatus,
          failureReason: certificate?.FailureReason,
        };
      } catch (error) {
        if ((error as { name?: string }).name === "ResourceNotFoundException") return { name, arn };
        throw explainAwsError(error, { region, action: `describing the ${name} certificate` });
      }
    }),
  );
}
