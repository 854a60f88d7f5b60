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
import { formatDuration } from "./progress";

export interface DeploymentSnapshot {
  readonly id: string;
  readonly status: string;
  readonly rolloutState?: string;
  readonly rolloutStateReason?: string;
  readonly running: number;
  readonly desired: number;
  readonly pending: number;
  readonly failedTasks: number;
  readonly taskDefinition: string;
  readonly createdAt?: Date;
}

export interface StoppedTask {
  readonly stoppedAt?: Date;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  readonly containers: readonly { readonly name: string; readonly exitCode?: number; readonly reason?: string }[];
}

export interface TargetHealth {
  readonly target: string;
  readonly state: string;
  readonly reason?: string;
  readonly description?: string;
}

export interface ServiceSnapshot {
  readonly name: string;
  readonly ecsName: string;
  /** false when the cluster has no active service of that name. */
  readonly found: boolean;
  readonly running: number;
  readonly desired: number;
  readonly pending: number;
  readonly taskDefinition?: string;
  readonly execEnabled: boolean;
  readonly deployments: readonly DeploymentSnapshot[];
  /** Newest first. */
  readonly events: readonly { readonly at?: Date; readonly message: string }[];
  /** Newest first; only read for services that lack tasks or whose rollout failed. */
  readonly stoppedTasks: readonly StoppedTask[];
  readonly targets: readonly TargetHealth[];
}

export interface DatabaseSnapshot {
  /** Keycloak's database is an Aurora cluster or, with `database.engine: postgres-instance`, one RDS instance. */
  readonly label: "Aurora PostgreSQL" | "RDS for PostgreSQL" | "DocumentDB";
  /** The cluster (or instance) identifier, or undefined when this deployment has no such database. */
  readonly identifier?: string;
  readonly found: boolean;
  readonly status?: string;
  readonly engineVersion?: string;
  readonly members: readonly { readonly id: string; readonly writer: boolean }[];
}

export interface CertificateSnapshot {
  readonly name: string;
  readonly arn?: string;
  readonly domain?: string;
  readonly status?: string;
  readonly notAfter?: Date;
  readonly renewalStatus?: string;
  readonly failureReason?: string;
}

export interface AlarmSnapshot {
  readonly name: string;
  readonly description?: string;
  readonly reason?: string;
  readonly since?: Date;
}

export interface StatusSnapshot {
  readonly clusterName: string;
  readonly region: string;
  readonly outputsSource: string;
  readonly services: readonly ServiceSnapshot[];
  readonly databases: readonly DatabaseSnapshot[];
  readonly certificates: readonly CertificateSnapshot[];
  /** The deployment's CloudWatch alarms currently in ALARM. */
  readonly alarms: readonly AlarmSnapshot[];
}

export interface Finding {
  readonly severity: "error" | "warning";
  readonly subject: string;
  readonly problem: string;
  readonly why?: string;
  readonly fix: string;
}

/** Stops the scheduler makes on purpose (scale-in, replacement by a deployment): no sign of a fault. */
const SCHEDULER_STOPS =
  /^(Scaling activity initiated by|Task stopped by deployment|Service is being (deleted|updated)|Deployment Circuit Breaker)/i;

/** What is wrong, why (from stopped tasks, target health and events) and what to do, most severe first. */
export function diagnose(snapshot: StatusSnapshot, now: Date): Finding[] {
  const findings: Finding[] = [];
  for (const service of snapshot.services) findings.push(...diagnoseService(service, now));
  for (const database of snapshot.databases) findings.push(...diagnoseDatabase(database));
  for (const certificate of snapshot.certificates) findings.push(...diagnoseCertificate(certificate, now));
  for (const alarm of snapshot.alarms) {
    findings.push({
      severity: "error",
      subject: `alarm ${alarm.name}`,
      problem: `${alarm.description ?? "in ALARM"}${alarm.since ? ` (since ${alarm.since.toISOString()})` : ""}`,
      why: alarm.reason,
      fix: "see the metric on the dashboard (`dashboard_url` output); the alarm's SNS topic has notified its subscribers",
    });
  }
  return findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}

/** A rollout that has not started all its tasks after this long is stuck, not slow (ECS's own circuit breaker takes longer). */
export const STUCK_ROLLOUT_MS = 15 * 60_000;

function diagnoseService(service: ServiceSnapshot, now: Date): Finding[] {
  const subject = `service ${service.name}`;
  if (!service.found) {
    return [
      {
        severity: "error",
        subject,
        problem: `no active ECS service ${service.ecsName} in the cluster`,
        fix: "deploy the app stack: `npx cdktf deploy app`",
      },
    ];
  }
  const findings: Finding[] = [];
  const logs = `read its logs: \`npm run ops -- logs ${service.name} --since 1h\``;
  // After the circuit breaker trips, the failed deployment stays listed next to the rollback (the new PRIMARY).
  const failed = service.deployments.find((deployment) => deployment.rolloutState === "FAILED");
  const cause = explainStops(service.stoppedTasks, service.name);
  if (failed) {
    findings.push({
      severity: "error",
      subject,
      problem: `the deployment of ${failed.taskDefinition} failed`,
      why: [failed.rolloutStateReason, cause?.why].filter(Boolean).join("; ") || undefined,
      fix: cause?.fix ?? `${logs}; the circuit breaker rolls back to the last working revision`,
    });
  }
  if (service.desired === 0) {
    findings.push({
      severity: "warning",
      subject,
      problem: "scaled to zero tasks",
      fix: "scale it up, or redeploy the app stack to restore the configured count",
    });
  } else if (service.running < service.desired) {
    const started = service.deployments.find((deployment) => deployment.rolloutState === "IN_PROGRESS")?.createdAt;
    const stuckFor = started ? now.getTime() - started.getTime() : 0;
    const rolling = started !== undefined && stuckFor < STUCK_ROLLOUT_MS;
    const event = service.events.find((candidate) =>
      /unable|fail|unhealthy|error|insufficient|not\s+(be\s+)?placed/i.test(candidate.message),
    );
    const why =
      cause?.why ??
      event?.message ??
      (rolling
        ? "a deployment is rolling out and its tasks are still starting"
        : started
          ? `its deployment has been rolling out for ${formatDuration(stuckFor)} without starting every task`
          : undefined);
    findings.push({
      severity: rolling && !cause && !event ? "warning" : "error",
      subject,
      problem: `${service.running} of ${service.desired} tasks running${service.pending > 0 ? `, ${service.pending} pending` : ""}`,
      why,
      fix: cause?.fix ?? (rolling && !event ? "wait, then check again: `npm run ops -- status`" : logs),
    });
  }
  const unhealthy = service.targets.filter((target) => !["healthy", "initial", "draining"].includes(target.state));
  if (unhealthy.length > 0) {
    findings.push({
      severity: "error",
      subject,
      problem: `${unhealthy.length} load balancer target${unhealthy.length > 1 ? "s" : ""} ${unhealthy.map((target) => `${target.target} ${target.state}`).join(", ")}`,
      why: unhealthy.map((target) => [target.reason, target.description].filter(Boolean).join(": ")).find(Boolean),
      fix: `the container must answer its health check path on its port; ${logs}`,
    });
  }
  const rollouts = service.deployments.filter((deployment) => deployment.rolloutState === "IN_PROGRESS");
  if (rollouts.length > 0 && service.running >= service.desired && findings.length === 0) {
    findings.push({
      severity: "warning",
      subject,
      problem: `deployment of ${rollouts.map((deployment) => deployment.taskDefinition).join(", ")} in progress`,
      fix: "wait for it to finish: `npm run ops -- status`",
    });
  }
  return findings;
}

/** Why the service's recent tasks stopped, from the newest stop that was not the scheduler's own doing. */
export function explainStops(stopped: readonly StoppedTask[], service: string): { why: string; fix: string } | undefined {
  const failure = stopped.find((task) => !SCHEDULER_STOPS.test(task.stoppedReason ?? ""));
  if (!failure) return undefined;
  const reason = failure.stoppedReason ?? failure.stopCode ?? "stopped";
  const exited =
    failure.containers.find((container) => container.exitCode !== undefined && container.exitCode !== 0) ??
    failure.containers.find((container) => container.reason);
  const detail = exited
    ? ` (container ${exited.name}${exited.exitCode !== undefined ? ` exit code ${exited.exitCode}` : ""}${exited.reason ? `: ${exited.reason}` : ""})`
    : "";
  const why = `last stopped task: ${reason}${detail}`;
  const text = `${reason} ${exited?.reason ?? ""}`;
  const logs = `npm run ops -- logs ${service} --since 1h`;
  if (/CannotPullContainerError|pull image|manifest.*not found/i.test(text)) {
    return {
      why,
      fix: "the image cannot be pulled: check the image reference and tag exist, the repository allows this account, and the private subnets reach the registry (NAT or VPC endpoints)",
    };
  }
  if (/ResourceInitializationError/i.test(text) && /secret|ssm|parameter|kms/i.test(text)) {
    return {
      why,
      fix: "the task cannot read a secret: check the secret still exists (`npm run ops -- credentials`), and that the execution role may read it and decrypt with its KMS key",
    };
  }
  if (/ResourceInitializationError/i.test(text)) {
    return {
      why,
      fix: "the task cannot prepare its resources: check the private subnets reach AWS APIs (NAT or VPC endpoints) and the file system's mount targets and security group",
    };
  }
  if (/OutOfMemory|OOM/i.test(text) || exited?.exitCode === 137) {
    return { why, fix: `the container ran out of memory (or was killed): raise services.${service}.memory, then redeploy` };
  }
  if (/health ?checks?/i.test(text)) {
    return { why, fix: `the health check failed: ${logs}; a slow start needs a longer start period / grace period` };
  }
  if (failure.stopCode === "SpotInterruption") {
    return { why, fix: `Fargate Spot reclaimed the capacity: set services.${service}.spot to false if it must not be interrupted` };
  }
  return { why, fix: `read why it exited: ${logs}` };
}

function diagnoseDatabase(database: DatabaseSnapshot): Finding[] {
  if (!database.identifier) return [];
  const subject = `${database.label} ${database.identifier}`;
  if (!database.found) {
    return [
      {
        severity: "error",
        subject,
        problem: `the ${database.label === "RDS for PostgreSQL" ? "instance" : "cluster"} does not exist`,
        fix: "deploy the app stack: `npx cdktf deploy app` (check AWS_PROFILE names the stack's account)",
      },
    ];
  }
  if (database.status === "available") {
    return database.members.length === 0
      ? [{ severity: "error", subject, problem: "the cluster has no instances", fix: "deploy the app stack again: `npx cdktf deploy app`" }]
      : [];
  }
  const transient = [
    "backing-up",
    "modifying",
    "upgrading",
    "maintenance",
    "renaming",
    "resetting-master-credentials",
    "creating",
    "starting",
    "rebooting",
  ];
  if (database.status && transient.includes(database.status)) {
    return [
      {
        severity: "warning",
        subject,
        problem: `status ${database.status}`,
        fix: "wait for it to become available; clients may see brief interruptions",
      },
    ];
  }
  const start =
    database.label === "RDS for PostgreSQL"
      ? `aws rds start-db-instance --db-instance-identifier ${database.identifier}`
      : `aws ${database.label === "DocumentDB" ? "docdb" : "rds"} start-db-cluster --db-cluster-identifier ${database.identifier}`;
  const fix =
    database.status === "stopped"
      ? `start it: \`${start}\``
      : "see its events in the console (RDS > Events) and the alarms on the dashboard";
  return [{ severity: "error", subject, problem: `status ${database.status ?? "unknown"}`, fix }];
}

const RENEWAL_WARNING_DAYS = 30;

function diagnoseCertificate(certificate: CertificateSnapshot, now: Date): Finding[] {
  const subject = `certificate ${certificate.name}${certificate.domain ? ` (${certificate.domain})` : ""}`;
  if (!certificate.arn) return [];
  if (!certificate.status) {
    return [
      {
        severity: "error",
        subject,
        problem: "the certificate does not exist",
        fix: "deploy the certs stack: `npx cdktf deploy certs app`",
      },
    ];
  }
  if (certificate.status === "PENDING_VALIDATION") {
    return [
      {
        severity: "error",
        subject,
        problem: "still pending DNS validation",
        fix: "the validation CNAME must resolve publicly: check the Route53 zone is the domain's delegated zone, then deploy certs again",
      },
    ];
  }
  if (certificate.status !== "ISSUED") {
    return [
      {
        severity: "error",
        subject,
        problem: `status ${certificate.status}${certificate.failureReason ? ` (${certificate.failureReason})` : ""}`,
        fix: "replace it: `npx cdktf deploy certs app` requests and validates a new certificate",
      },
    ];
  }
  const daysLeft = certificate.notAfter ? Math.floor((certificate.notAfter.getTime() - now.getTime()) / 86_400_000) : undefined;
  if (
    certificate.renewalStatus === "FAILED" ||
    (daysLeft !== undefined && daysLeft < RENEWAL_WARNING_DAYS && certificate.renewalStatus !== "SUCCESS")
  ) {
    return [
      {
        severity: daysLeft !== undefined && daysLeft < 7 ? "error" : "warning",
        subject,
        problem: `expires in ${daysLeft ?? "?"} days and managed renewal is ${certificate.renewalStatus ?? "not started"}`,
        fix: "ACM renews DNS-validated certificates in use while their validation CNAME stays in the zone: check the record exists and the certificate is attached to a load balancer",
      },
    ];
  }
  return [];
}

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

/** One screen: header, services table, data, certificates, findings, recent events. */
export function formatStatus(snapshot: StatusSnapshot, findings: readonly Finding[], options: { events: number; now: Date }): string {
  const lines: string[] = [];
  lines.push(`cluster ${snapshot.clusterName}  region ${snapshot.region}  outputs: ${snapshot.outputsSource}`);
  lines.push("");
  lines.push(
    ...table(
      ["SERVICE", "RUNNING", "DESIRED", "PENDING", "ROLLOUT", "TASK DEFINITION", "EXEC"],
      snapshot.services.map((service) =>
        service.found
          ? [
              service.name,
              String(service.running),
              String(service.desired),
              String(service.pending),
              rolloutSummary(service.deployments),
              service.taskDefinition ?? "?",
              service.execEnabled ? "on" : "off",
            ]
          : [service.name, "-", "-", "-", "NOT FOUND", "-", "-"],
      ),
    ),
  );
  lines.push("");
  lines.push(
    ...table(
      ["DATABASE", "CLUSTER", "STATUS", "ENGINE", "INSTANCES"],
      snapshot.databases.map((database) =>
        !database.identifier
          ? [database.label, "-", "not part of this deployment", "", ""]
          : [
              database.label,
              database.identifier,
              database.found ? (database.status ?? "?") : "NOT FOUND",
              database.engineVersion ?? "",
              String(database.members.length),
            ],
      ),
    ),
  );
  lines.push("");
  lines.push(
    ...table(
      ["CERTIFICATE", "DOMAIN", "STATUS", "EXPIRES"],
      snapshot.certificates.map((certificate) =>
        !certificate.arn
          ? [certificate.name, "-", `no ${certificate.name}_certificate_arn output`, ""]
          : [certificate.name, certificate.domain ?? "?", certificate.status ?? "NOT FOUND", expiry(certificate.notAfter, options.now)],
      ),
    ),
  );
  lines.push("");
  const errors = findings.filter((finding) => finding.severity === "error").length;
  if (findings.length === 0) {
    lines.push(
      "HEALTHY: every service runs its desired tasks, the databases are available, the certificates issued and no alarm is raised.",
    );
  } else {
    lines.push(
      `${errors > 0 ? "UNHEALTHY" : "ATTENTION"}: ${errors} problem${errors === 1 ? "" : "s"}, ${findings.length - errors} warning${findings.length - errors === 1 ? "" : "s"}`,
    );
    for (const finding of findings) {
      lines.push(`${finding.severity === "error" ? "✗" : "!"} ${finding.subject}: ${finding.problem}`);
      if (finding.why) lines.push(`    why: ${finding.why}`);
      lines.push(`    fix: ${finding.fix}`);
    }
  }
  if (options.events > 0) {
    lines.push("");
    lines.push(`RECENT EVENTS (newest first, up to ${options.events} per service)`);
    const withEvents = snapshot.services.filter((service) => service.events.length > 0);
    if (withEvents.length === 0) lines.push("  (none)");
    for (const service of withEvents) {
      for (const event of service.events.slice(0, options.events)) {
        lines.push(
          `  ${service.name.padEnd(12)} ${event.at ? ago(event.at, options.now).padStart(8) : "".padStart(8)}  ${event.message.replace(/^\(service [^)]+\) /, "")}`,
        );
      }
    }
  }
  return lines.join("\n");
}

function rolloutSummary(deployments: readonly DeploymentSnapshot[]): string {
  const primary = deployments.find((deployment) => deployment.status === "PRIMARY");
  const state = primary?.rolloutState ?? primary?.status ?? "?";
  return deployments.length > 1 ? `${state} (+${deployments.length - 1} old)` : state;
}

function expiry(notAfter: Date | undefined, now: Date): string {
  if (!notAfter) return "";
  const days = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  return `${notAfter.toISOString().slice(0, 10)} (${days} days)`;
}

function ago(at: Date, now: Date): string {
  return `${formatDuration(now.getTime() - at.getTime())} ago`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd();
  return [render(headers), ...rows.map(render)];
}
