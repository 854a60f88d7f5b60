import { formatDuration } from "./progress";
import { CertificateSnapshot, DatabaseSnapshot, ServiceSnapshot, StatusSnapshot, StoppedTask } from "./status-snapshot";

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
