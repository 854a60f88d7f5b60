import { formatDuration } from "./progress";
import { Finding } from "./status-diagnose";
import { DeploymentSnapshot, StatusSnapshot } from "./status-snapshot";

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
