import { SERVICE_NAMES } from "../src/config/service-names";
import { auroraMaxConnections } from "../src/constructs/observability/alarms";
import { KEYCLOAK_DB_POOL_MAX_SIZE } from "../src/services/catalog";
import { exampleRawConfig, fullRawConfig, Json, ref, resourceList, resources, synthStacks } from "./support";

const topic = ref("aws_sns_topic.alarms_topic", "arn");

function alarmsByName(stack: Json): Record<string, Json> {
  return Object.fromEntries(resourceList(stack, "aws_cloudwatch_metric_alarm").map((alarm) => [alarm.alarm_name, alarm]));
}

describe("alarm topic", () => {
  test("is KMS-encrypted and subscribes the configured e-mail address", () => {
    const app = synthStacks(fullRawConfig()).app;
    expect(resources(app, "aws_sns_topic").alarms_topic).toMatchObject({
      name: "mcp-gateway-alarms",
      kms_master_key_id: ref("aws_kms_key.alarms", "arn"),
    });
    expect(resourceList(app, "aws_sns_topic_subscription")).toEqual([
      expect.objectContaining({ topic_arn: topic, protocol: "email", endpoint: "oncall@mycorp.example" }),
    ]);
    const keyPolicy = JSON.parse(resources(app, "aws_kms_key").alarms.policy);
    expect(keyPolicy.Statement).toContainEqual(expect.objectContaining({ Principal: { Service: "cloudwatch.amazonaws.com" } }));
  });

  test("has no subscription without an e-mail address", () => {
    expect(resourceList(synthStacks(exampleRawConfig()).app, "aws_sns_topic_subscription")).toEqual([]);
  });

  test("accepts publishing only from this account's alarms, over TLS", () => {
    const policy = JSON.parse(resourceList(synthStacks().app, "aws_sns_topic_policy")[0].policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Condition: expect.objectContaining({
          StringEquals: { "aws:SourceAccount": ref("data.aws_caller_identity.account", "account_id") },
        }),
      }),
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    ]);
  });
});

describe("alarms", () => {
  const app = synthStacks(fullRawConfig()).app;
  const alarms = alarmsByName(app);

  test("every alarm notifies the topic when it fires and when it clears", () => {
    expect(Object.keys(alarms).length).toBeGreaterThan(3 * SERVICE_NAMES.length);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.alarm_actions).toEqual([topic]);
      expect(alarm.ok_actions).toEqual([topic]);
    }
  });

  test.each(SERVICE_NAMES)("%s: CPU, memory and running tasks below desired", (name) => {
    const dimensions = { ClusterName: ref("aws_ecs_cluster.ecs_cluster", "name"), ServiceName: `mcp-gateway-${name}` };
    expect(alarms[`mcp-gateway-${name}-cpu-high`]).toMatchObject({ namespace: "AWS/ECS", metric_name: "CPUUtilization", dimensions });
    expect(alarms[`mcp-gateway-${name}-memory-high`]).toMatchObject({ namespace: "AWS/ECS", metric_name: "MemoryUtilization", dimensions });
    const running = alarms[`mcp-gateway-${name}-tasks-below-desired`];
    expect(running).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 0 });
    expect(running.metric_query).toEqual([
      expect.objectContaining({ id: "running", metric: expect.objectContaining({ metric_name: "RunningTaskCount", dimensions }) }),
      expect.objectContaining({ id: "desired", metric: expect.objectContaining({ metric_name: "DesiredTaskCount", dimensions }) }),
      expect.objectContaining({ expression: "desired - running", return_data: true }),
    ]);
  });

  test("both load balancers: 5xx, latency and unhealthy targets; Keycloak's 5xx from its targets", () => {
    for (const [lb, groups] of [
      ["main", ["registry"]],
      ["keycloak", ["keycloak"]],
    ] as const) {
      const dimensions = { LoadBalancer: ref(`aws_lb.load_balancers_${lb}`, "arn_suffix") };
      expect(alarms[`mcp-gateway-${lb}-target-5xx`]).toMatchObject({
        metric_name: "HTTPCode_Target_5XX_Count",
        dimensions,
        treat_missing_data: "notBreaching",
      });
      expect(alarms[`mcp-gateway-${lb}-elb-5xx`]).toMatchObject({ metric_name: "HTTPCode_ELB_5XX_Count", dimensions });
      expect(alarms[`mcp-gateway-${lb}-latency`]).toMatchObject({
        metric_name: "TargetResponseTime",
        extended_statistic: "p95",
        dimensions,
      });
      for (const group of groups) {
        expect(alarms[`mcp-gateway-${group}-unhealthy-targets`]).toMatchObject({
          metric_name: "UnHealthyHostCount",
          dimensions: {
            ...dimensions,
            TargetGroup: ref(`aws_lb_target_group.load_balancers_${group.replace("-", "_")}_targets`, "arn_suffix"),
          },
        });
      }
    }
  });

  test("database: CPU, connections near max_connections, capacity held at the maximum, proxy clients", () => {
    const cluster = { DBClusterIdentifier: ref("aws_rds_cluster.keycloak", "cluster_identifier") };
    expect(alarms["mcp-gateway-keycloak-db-cpu"]).toMatchObject({ metric_name: "CPUUtilization", dimensions: cluster });
    expect(alarms["mcp-gateway-keycloak-db-connections"]).toMatchObject({
      metric_name: "DatabaseConnections",
      threshold: Math.floor(auroraMaxConnections(2) * 0.8),
    });
    expect(alarms["mcp-gateway-keycloak-db-acu-at-max"]).toMatchObject({
      metric_name: "ServerlessDatabaseCapacity",
      threshold: 2,
      comparison_operator: "GreaterThanOrEqualToThreshold",
    });
    expect(alarms["mcp-gateway-keycloak-db-proxy-connections"]).toMatchObject({
      metric_name: "ClientConnections",
      dimensions: { ProxyName: ref("aws_db_proxy.keycloak", "name") },
      threshold: Math.floor(0.8 * KEYCLOAK_DB_POOL_MAX_SIZE * 3),
    });
  });

  test("database thresholds follow the configured capacity", () => {
    const raw = exampleRawConfig();
    raw.database = { maxAcu: 8 };
    raw.services.keycloak.maxCapacity = 5;
    const changed = alarmsByName(synthStacks(raw).app);
    expect(auroraMaxConnections(8)).toBeGreaterThan(auroraMaxConnections(2));
    expect(changed["mcp-gateway-keycloak-db-connections"].threshold).toBe(Math.floor(auroraMaxConnections(8) * 0.8));
    expect(changed["mcp-gateway-keycloak-db-acu-at-max"].threshold).toBe(8);
    expect(changed["mcp-gateway-keycloak-db-proxy-connections"].threshold).toBe(Math.floor(0.8 * KEYCLOAK_DB_POOL_MAX_SIZE * 5));
  });

  test("file system: none without the models cache; with it, burst credits only in bursting mode, the I/O limit always", () => {
    expect(Object.keys(alarms).filter((name) => name.includes("efs"))).toEqual([]);
    const cached = exampleRawConfig();
    cached.fileSystem = { modelsCache: true };
    const withCache = alarmsByName(synthStacks(cached).app);
    expect(withCache["mcp-gateway-efs-burst-credits-low"]).toBeUndefined();
    expect(withCache["mcp-gateway-efs-io-limit"]).toMatchObject({
      metric_name: "PercentIOLimit",
      dimensions: { FileSystemId: ref("aws_efs_file_system.shared", "id") },
    });
    const raw = exampleRawConfig();
    raw.fileSystem = { modelsCache: true, throughputMode: "bursting" };
    expect(alarmsByName(synthStacks(raw).app)["mcp-gateway-efs-burst-credits-low"]).toMatchObject({
      metric_name: "BurstCreditBalance",
      comparison_operator: "LessThanThreshold",
    });
  });
});

describe("dashboard", () => {
  const app = synthStacks(fullRawConfig()).app;
  const body = JSON.parse(resources(app, "aws_cloudwatch_dashboard").dashboard_dashboard.dashboard_body);
  const metricsOf = (title: string) => body.widgets.find((widget: Json) => widget.properties.title === title)?.properties.metrics;

  test("graphs every service's CPU, memory and running tasks", () => {
    for (const title of ["Service CPU (%)", "Service memory (%)", "Running tasks"]) {
      expect(metricsOf(title).map((metric: string[]) => metric[5])).toEqual(
        SERVICE_NAMES.map((name) => ref(`aws_ecs_service.${name.replace(/-/g, "_")}_service`, "name")),
      );
    }
  });

  test("graphs both load balancers, the database and its proxy on a two-column grid; the file system only when there is one", () => {
    expect(metricsOf("Target 5xx responses")).toHaveLength(2);
    expect(metricsOf("Database capacity (ACU)")).toEqual([
      ["AWS/RDS", "ServerlessDatabaseCapacity", "DBClusterIdentifier", ref("aws_rds_cluster.keycloak", "cluster_identifier")],
    ]);
    expect(metricsOf("Database connections")[1]).toEqual([
      "AWS/RDS",
      "ClientConnections",
      "ProxyName",
      ref("aws_db_proxy.keycloak", "name"),
      { label: "proxy clients" },
    ]);
    expect(metricsOf("Models cache throughput (bytes)")).toBeUndefined();
    const raw = fullRawConfig();
    raw.fileSystem = { modelsCache: true };
    const cached = JSON.parse(resources(synthStacks(raw).app, "aws_cloudwatch_dashboard").dashboard_dashboard.dashboard_body);
    expect(
      cached.widgets.find((widget: Json) => widget.properties.title === "Models cache throughput (bytes)")?.properties.metrics,
    ).toHaveLength(2);
    for (const widget of body.widgets) {
      expect([0, 12]).toContain(widget.x);
      expect(widget.properties.region).toBe("us-east-1");
    }
  });
});
