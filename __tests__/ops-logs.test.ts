import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { AwsClients } from "../src/ops/clients";
import { fetchLogs, followLogs, formatLogLine, LogLine, resolveLogGroups } from "../src/ops/logs";
import { deployment } from "./ops-support";

const ecs = mockClient(ECSClient);
const logs = mockClient(CloudWatchLogsClient);
beforeEach(() => {
  ecs.reset();
  logs.reset();
});
const clients = () => new AwsClients("eu-west-1");
const groups = [
  { service: "registry", logGroupName: "/ecs/mcp-gateway/registry" },
  { service: "keycloak", logGroupName: "/ecs/mcp-gateway/keycloak" },
];

describe("ops logs", () => {
  test("log groups come from each service's current task definition", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        { serviceName: "mcp-gateway-registry", status: "ACTIVE", taskDefinition: "td/registry:3" },
        { serviceName: "mcp-gateway-keycloak", status: "ACTIVE", taskDefinition: "td/keycloak:2" },
      ],
    });
    const awslogs = (group: string) => ({ logDriver: "awslogs" as const, options: { "awslogs-group": group } });
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: "td/registry:3" }).resolves({
      taskDefinition: {
        containerDefinitions: [
          { name: "registry", logConfiguration: awslogs("/ecs/mcp-gateway/registry") },
          { name: "init", logConfiguration: awslogs("/ecs/mcp-gateway/registry") },
        ],
      },
    });
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: "td/keycloak:2" }).resolves({
      taskDefinition: { containerDefinitions: [{ name: "keycloak", logConfiguration: awslogs("/ecs/mcp-gateway/keycloak") }] },
    });
    const d = deployment();
    await expect(resolveLogGroups(d, clients(), d.resolveServices("all"))).resolves.toEqual(groups);
    ecs
      .on(DescribeTaskDefinitionCommand, { taskDefinition: "td/keycloak:2" })
      .resolves({ taskDefinition: { containerDefinitions: [{ name: "keycloak" }] } });
    await expect(resolveLogGroups(d, clients(), d.resolveServices("keycloak"))).rejects.toThrow("sends no logs to CloudWatch Logs");
    ecs.on(DescribeServicesCommand).resolves({ services: [] });
    await expect(resolveLogGroups(d, clients(), d.resolveServices("keycloak"))).rejects.toThrow(
      "service keycloak (mcp-gateway-keycloak) is not deployed in cluster mcp-gateway",
    );
  });

  test("events of every group merge in time order, follow pagination and keep only the newest --limit", async () => {
    logs.on(FilterLogEventsCommand, { logGroupName: "/ecs/mcp-gateway/registry", nextToken: undefined }).resolves({
      events: [{ eventId: "r1", timestamp: 1000, logStreamName: "registry/registry/aaaaaaaaaaaa", message: "r1\n" }],
      nextToken: "page2",
    });
    logs
      .on(FilterLogEventsCommand, { logGroupName: "/ecs/mcp-gateway/registry", nextToken: "page2" })
      .resolves({ events: [{ eventId: "r2", timestamp: 3000, logStreamName: "s", message: "r2" }] });
    logs
      .on(FilterLogEventsCommand, { logGroupName: "/ecs/mcp-gateway/keycloak" })
      .resolves({ events: [{ eventId: "k1", timestamp: 2000, logStreamName: "s", message: "k1" }] });
    const all = await fetchLogs(clients(), groups, { startTime: 500, endTime: 9000, filter: "ERROR" }, 10);
    expect(all.lines.map((line) => line.message)).toEqual(["r1", "k1", "r2"]);
    expect(all.truncated).toBe(false);
    expect(logs.commandCalls(FilterLogEventsCommand)[0].args[0].input).toMatchObject({
      startTime: 500,
      endTime: 9000,
      filterPattern: "ERROR",
    });
    const newest = await fetchLogs(clients(), groups, { startTime: 500 }, 2);
    expect(newest.lines.map((line) => line.message)).toEqual(["k1", "r2"]);
    expect(newest.truncated).toBe(true);
  });

  test("a filter CloudWatch rejects is a usage error explaining the syntax", async () => {
    logs.on(FilterLogEventsCommand).rejects(Object.assign(new Error("Invalid filter pattern"), { name: "InvalidParameterException" }));
    await expect(fetchLogs(clients(), groups.slice(0, 1), { startTime: 0, filter: "{ bad" }, 10)).rejects.toMatchObject({
      exitCode: 2,
      message: 'CloudWatch Logs rejects the filter "{ bad"',
    });
  });

  test("lines show time, service, container and short task id", () => {
    const line: LogLine = {
      service: "registry",
      timestamp: Date.UTC(2026, 10, 30, 12, 0, 1, 234),
      stream: "registry/registry/0123456789abcdef",
      message: "GET /health 200",
      eventId: "e",
    };
    expect(formatLogLine(line, 10)).toBe("2026-11-30T12:00:01.234Z registry   registry/01234567  GET /health 200");
    expect(formatLogLine({ ...line, stream: "odd" }, 8)).toBe("2026-11-30T12:00:01.234Z registry odd  GET /health 200");
  });

  test("--follow prints each new event once, including events sharing the newest timestamp, until aborted", async () => {
    const seen: LogLine[] = [{ service: "registry", timestamp: 1000, stream: "s", message: "old", eventId: "a" }];
    const rounds = [
      [
        { eventId: "a", timestamp: 1000, message: "old" },
        { eventId: "b", timestamp: 1000, message: "same millisecond" },
      ],
      [
        { eventId: "b", timestamp: 1000, message: "same millisecond" },
        { eventId: "c", timestamp: 2000, message: "new" },
      ],
      [{ eventId: "c", timestamp: 2000, message: "new" }],
    ];
    let round = 0;
    logs.on(FilterLogEventsCommand).callsFake(() => ({ events: rounds[round - 1].map((event) => ({ ...event, logStreamName: "s" })) }));
    const abort = new AbortController();
    const printed: string[] = [];
    await followLogs(clients(), groups.slice(0, 1), { startTime: 0 }, seen, (line) => printed.push(line.message), {
      signal: abort.signal,
      intervalMs: 0,
      sleep: () => {
        if (++round > rounds.length) abort.abort();
        return Promise.resolve();
      },
    });
    expect(printed).toEqual(["same millisecond", "new"]);
    expect(logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input.startTime)).toEqual([1000, 1000, 2000]);
  });
});
