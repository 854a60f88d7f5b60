import { FilteredLogEvent, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { AwsClients } from "./clients";
import { explainAwsError, OpsError } from "./errors";
import { Deployment } from "./outputs";

/** A log group a service writes to (read from its current task definition, as the awslogs driver is configured). */
export interface ServiceLogGroup {
  readonly service: string;
  readonly logGroupName: string;
}

export interface LogLine {
  readonly service: string;
  readonly timestamp: number;
  readonly stream: string;
  readonly message: string;
  readonly eventId: string;
}

/** The log groups of the given services' current task definitions (every container, plus Service Connect's). */
export async function resolveLogGroups(
  deployment: Deployment,
  clients: AwsClients,
  services: readonly [string, string][],
): Promise<ServiceLogGroup[]> {
  const action = "reading the services' task definitions";
  try {
    const groups: ServiceLogGroup[] = [];
    for (let index = 0; index < services.length; index += 10) {
      const batch = services.slice(index, index + 10);
      const response = await clients.ecs.send(
        new DescribeServicesCommand({ cluster: deployment.clusterName, services: batch.map(([, ecsName]) => ecsName) }),
      );
      for (const [name, ecsName] of batch) {
        const service = response.services?.find((candidate) => candidate.serviceName === ecsName && candidate.status !== "INACTIVE");
        if (!service?.taskDefinition) {
          throw new OpsError(
            `service ${name} (${ecsName}) is not deployed in cluster ${deployment.clusterName}`,
            "deploy the app stack: `npx cdktf deploy app`",
          );
        }
        const { taskDefinition } = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition }));
        const names = new Set<string>();
        for (const container of taskDefinition?.containerDefinitions ?? []) {
          const group =
            container.logConfiguration?.logDriver === "awslogs" ? container.logConfiguration.options?.["awslogs-group"] : undefined;
          if (group) names.add(group);
        }
        const serviceConnectGroup = service.deployments?.[0]?.serviceConnectConfiguration?.logConfiguration?.options?.["awslogs-group"];
        if (serviceConnectGroup) names.add(serviceConnectGroup);
        if (names.size === 0) {
          throw new OpsError(
            `service ${name}'s task definition ${service.taskDefinition} sends no logs to CloudWatch Logs`,
            "deploy the app stack again: `npx cdktf deploy app`",
          );
        }
        groups.push(...[...names].map((logGroupName) => ({ service: name, logGroupName })));
      }
    }
    return groups;
  } catch (error) {
    throw explainAwsError(error, { region: deployment.region, action });
  }
}

export interface LogQuery {
  readonly startTime: number;
  readonly endTime?: number;
  readonly filter?: string;
}

/** Every event in the groups since startTime (oldest first), at most maxEvents of the newest; truncated says if more existed. */
export async function fetchLogs(
  clients: AwsClients,
  groups: readonly ServiceLogGroup[],
  query: LogQuery,
  maxEvents: number,
): Promise<{ lines: LogLine[]; truncated: boolean }> {
  const perGroup = await Promise.all(groups.map((group) => fetchGroup(clients, group, query)));
  const lines = perGroup.flat().sort(compareLines);
  return { lines: lines.slice(Math.max(0, lines.length - maxEvents)), truncated: lines.length > maxEvents };
}

const MAX_PAGES = 100;

async function fetchGroup(clients: AwsClients, group: ServiceLogGroup, query: LogQuery): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let response;
    try {
      response = await clients.logs.send(
        new FilterLogEventsCommand({
          logGroupName: group.logGroupName,
          startTime: query.startTime,
          endTime: query.endTime,
          filterPattern: query.filter,
          nextToken,
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === "ResourceNotFoundException") {
        throw new OpsError(
          `log group ${group.logGroupName} of service ${group.service} does not exist`,
          "deploy the app stack again: `npx cdktf deploy app`",
        );
      }
      if ((error as { name?: string }).name === "InvalidParameterException" && query.filter) {
        throw new OpsError(
          `CloudWatch Logs rejects the filter "${query.filter}"`,
          'use filter pattern syntax: a term (ERROR), a phrase ("\\"connection refused\\""), a regular expression (%ERROR|WARN%) or a JSON selector ({ $.level = "error" })',
          2,
        );
      }
      throw error;
    }
    lines.push(...(response.events ?? []).map((event) => toLine(group.service, event)));
    if (!response.nextToken || response.nextToken === nextToken) break;
    nextToken = response.nextToken;
  }
  return lines;
}

function toLine(service: string, event: FilteredLogEvent): LogLine {
  return {
    service,
    timestamp: event.timestamp ?? 0,
    stream: event.logStreamName ?? "",
    message: (event.message ?? "").replace(/\n$/, ""),
    eventId: event.eventId ?? `${event.logStreamName}:${event.timestamp}:${event.message}`,
  };
}

function compareLines(a: LogLine, b: LogLine): number {
  return a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId);
}

/** `2026-11-30T14:02:03.123Z registry  registry/3f2a9c1e  message`: stream `<prefix>/<container>/<task id>` shortened. */
export function formatLogLine(line: LogLine, serviceWidth: number): string {
  const parts = line.stream.split("/");
  const stream = parts.length >= 3 ? `${parts[parts.length - 2]}/${parts[parts.length - 1].slice(0, 8)}` : line.stream;
  return `${new Date(line.timestamp).toISOString()} ${line.service.padEnd(serviceWidth)} ${stream}  ${line.message}`;
}

/**
 * Polls for new events until the signal aborts (Ctrl-C), like `aws logs tail --follow`: each round asks from the
 * newest timestamp seen and drops events already printed at that timestamp.
 */
export async function followLogs(
  clients: AwsClients,
  groups: readonly ServiceLogGroup[],
  query: LogQuery,
  seen: readonly LogLine[],
  print: (line: LogLine) => void,
  options: { signal: AbortSignal; intervalMs: number; sleep?: (ms: number, signal: AbortSignal) => Promise<void> },
): Promise<void> {
  const sleep = options.sleep ?? abortableSleep;
  let since = Math.max(query.startTime, ...seen.map((line) => line.timestamp));
  let printedAtSince = new Set(seen.filter((line) => line.timestamp === since).map((line) => line.eventId));
  while (!options.signal.aborted) {
    await sleep(options.intervalMs, options.signal);
    if (options.signal.aborted) break;
    const { lines } = await fetchLogs(clients, groups, { ...query, startTime: since }, Number.MAX_SAFE_INTEGER);
    const fresh = lines.filter((line) => !(line.timestamp === since && printedAtSince.has(line.eventId)));
    for (const line of fresh) print(line);
    if (fresh.length > 0) {
      const newest = fresh[fresh.length - 1].timestamp;
      if (newest > since) printedAtSince = new Set();
      since = newest;
      for (const line of fresh) if (line.timestamp === since) printedAtSince.add(line.eventId);
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
