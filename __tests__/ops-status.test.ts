import { DescribeCertificateCommand, ACMClient } from "@aws-sdk/client-acm";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  DBClusterNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { AwsClients } from "../src/ops/clients";
import { clusterIdentifierOf, collectStatus } from "../src/ops/status-collect";
import { diagnose, explainStops, STUCK_ROLLOUT_MS } from "../src/ops/status-diagnose";
import { formatStatus } from "../src/ops/status-format";
import { CertificateSnapshot, DatabaseSnapshot, ServiceSnapshot, StatusSnapshot } from "../src/ops/status-snapshot";
import { deployment } from "./ops-support";

const NOW = new Date("2026-11-30T12:00:00Z");

function service(overrides: Partial<ServiceSnapshot> = {}): ServiceSnapshot {
  return {
    name: "registry",
    ecsName: "mcp-gateway-registry",
    found: true,
    running: 2,
    desired: 2,
    pending: 0,
    taskDefinition: "mcp-gateway-registry:7",
    execEnabled: false,
    deployments: [
      {
        id: "d1",
        status: "PRIMARY",
        rolloutState: "COMPLETED",
        running: 2,
        desired: 2,
        pending: 0,
        failedTasks: 0,
        taskDefinition: "mcp-gateway-registry:7",
      },
    ],
    events: [{ at: new Date("2026-11-30T11:58:00Z"), message: "(service mcp-gateway-registry) has reached a steady state." }],
    stoppedTasks: [],
    targets: [{ target: "10.0.1.5:7860", state: "healthy" }],
    ...overrides,
  };
}

const aurora: DatabaseSnapshot = {
  label: "Aurora PostgreSQL",
  identifier: "mcp-gateway-keycloak",
  found: true,
  status: "available",
  engineVersion: "aurora-postgresql 16.4",
  members: [{ id: "w", writer: true }],
};
const noDocumentDb: DatabaseSnapshot = { label: "DocumentDB", found: false, members: [] };
const certificate: CertificateSnapshot = {
  name: "registry",
  arn: "arn:aws:acm:eu-west-1:1:certificate/r",
  domain: "registry.example.com",
  status: "ISSUED",
  notAfter: new Date("2027-06-01T00:00:00Z"),
  renewalStatus: undefined,
};

function snapshot(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    clusterName: "mcp-gateway",
    region: "eu-west-1",
    outputsSource: "test",
    services: [service()],
    databases: [aurora, noDocumentDb],
    certificates: [certificate],
    alarms: [],
    ...overrides,
  };
}

describe("ops status: diagnosis", () => {
  test("a healthy deployment has no findings and says so", () => {
    const findings = diagnose(snapshot(), NOW);
    expect(findings).toEqual([]);
    const text = formatStatus(snapshot(), findings, { events: 3, now: NOW });
    expect(text).toContain("HEALTHY: every service runs its desired tasks");
    expect(text).toMatch(/^registry +2 +2 +0 +COMPLETED +mcp-gateway-registry:7 +off$/m);
    expect(text).toMatch(/^DocumentDB +- +not part of this deployment$/m);
    expect(text).toMatch(/^registry +registry\.example\.com +ISSUED +2027-06-01 \(182 days\)$/m);
    expect(text).toMatch(/^ {2}registry +2m00s ago {2}has reached a steady state\.$/m);
  });

  test("missing tasks are explained by the last stopped task and its container's exit", () => {
    const crashed = service({
      running: 0,
      desired: 2,
      pending: 1,
      stoppedTasks: [
        { stopCode: "ServiceSchedulerInitiated", stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)", containers: [] },
        {
          stopCode: "EssentialContainerExited",
          stoppedReason: "Essential container in task exited",
          containers: [{ name: "registry", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" }],
        },
      ],
    });
    const [finding, ...rest] = diagnose(snapshot({ services: [crashed] }), NOW);
    expect(rest).toEqual([]);
    expect(finding).toEqual({
      severity: "error",
      subject: "service registry",
      problem: "0 of 2 tasks running, 1 pending",
      why: "last stopped task: Essential container in task exited (container registry exit code 137: OutOfMemoryError: Container killed due to memory usage)",
      fix: "the container ran out of memory (or was killed): raise services.registry.memory, then redeploy",
    });
  });

  test.each([
    ["CannotPullContainerError: pull image manifest has been retried 5 time(s)", undefined, /image cannot be pulled/],
    [
      "ResourceInitializationError: unable to pull secrets or registry auth: unable to retrieve secret from asm",
      undefined,
      /cannot read a secret/,
    ],
    ["ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes", undefined, /file system's mount targets/],
    ["Task failed ELB health checks in (target-group arn:...)", undefined, /health check failed/],
    ["Your Spot Task was interrupted.", "SpotInterruption", /services\.registry\.spot to false/],
    ["Essential container in task exited", "EssentialContainerExited", /read why it exited: npm run ops -- logs registry/],
  ])("stop reason %s names its fix", (stoppedReason, stopCode, fix) => {
    const explained = explainStops([{ stoppedReason, stopCode, containers: [{ name: "registry", exitCode: 1 }] }], "registry");
    expect(explained?.fix).toMatch(fix);
    expect(explained?.why).toContain(stoppedReason);
  });

  test("stops the scheduler makes on purpose explain nothing", () => {
    expect(
      explainStops(
        [
          { stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)", containers: [] },
          { stoppedReason: "Task stopped by deployment", containers: [] },
        ],
        "registry",
      ),
    ).toBeUndefined();
    expect(explainStops([], "registry")).toBeUndefined();
  });

  test("a young rollout is a warning; the same rollout past the stuck limit is an error", () => {
    const starting = (createdAt: Date) =>
      service({
        running: 0,
        desired: 1,
        pending: 1,
        deployments: [
          {
            id: "d2",
            status: "PRIMARY",
            rolloutState: "IN_PROGRESS",
            running: 0,
            desired: 1,
            pending: 1,
            failedTasks: 0,
            taskDefinition: "mcp-gateway-registry:8",
            createdAt,
          },
        ],
        events: [],
      });
    const young = diagnose(snapshot({ services: [starting(new Date(NOW.getTime() - 60_000))] }), NOW);
    expect(young).toHaveLength(1);
    expect(young[0]).toMatchObject({
      severity: "warning",
      problem: "0 of 1 tasks running, 1 pending",
      why: "a deployment is rolling out and its tasks are still starting",
    });
    const stuck = diagnose(snapshot({ services: [starting(new Date(NOW.getTime() - STUCK_ROLLOUT_MS - 60_000))] }), NOW);
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatchObject({
      severity: "error",
      why: "its deployment has been rolling out for 16m00s without starting every task",
    });
  });

  test("a failed deployment is reported even after the circuit breaker restored the task count", () => {
    const rolledBack = service({
      deployments: [
        {
          id: "d3",
          status: "PRIMARY",
          rolloutState: "IN_PROGRESS",
          running: 2,
          desired: 2,
          pending: 0,
          failedTasks: 0,
          taskDefinition: "mcp-gateway-registry:7",
        },
        {
          id: "d2",
          status: "ACTIVE",
          rolloutState: "FAILED",
          rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.",
          running: 0,
          desired: 0,
          pending: 0,
          failedTasks: 3,
          taskDefinition: "mcp-gateway-registry:8",
        },
      ],
      stoppedTasks: [{ stoppedReason: "CannotPullContainerError: ref not found", containers: [] }],
    });
    const findings = diagnose(snapshot({ services: [rolledBack] }), NOW);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: "error",
      problem: "the deployment of mcp-gateway-registry:8 failed",
      why: "ECS deployment circuit breaker: tasks failed to start.; last stopped task: CannotPullContainerError: ref not found",
    });
    expect(findings[0].fix).toMatch(/image cannot be pulled/);
    expect(formatStatus(snapshot({ services: [rolledBack] }), findings, { events: 0, now: NOW })).toMatch(
      /^registry .* IN_PROGRESS \(\+1 old\) /m,
    );
  });

  test("unhealthy load balancer targets, placement events, missing services and scale-to-zero", () => {
    const findings = diagnose(
      snapshot({
        services: [
          service({
            targets: [
              {
                target: "10.0.1.5:7860",
                state: "unhealthy",
                reason: "Target.ResponseCodeMismatch",
                description: "Health checks failed with these codes: [502]",
              },
              { target: "10.0.2.9:7860", state: "healthy" },
            ],
          }),
          service({
            name: "keycloak",
            running: 1,
            desired: 2,
            events: [
              { message: "(service mcp-gateway-keycloak) was unable to place a task. Reason: Capacity is unavailable at this time." },
            ],
          }),
          service({ name: "mcpgw", ecsName: "mcp-gateway-mcpgw", found: false }),
          service({ name: "currenttime", desired: 0, running: 0 }),
        ],
      }),
      NOW,
    );
    expect(findings.map((finding) => [finding.severity, finding.subject, finding.problem])).toEqual([
      ["error", "service registry", "1 load balancer target 10.0.1.5:7860 unhealthy"],
      ["error", "service keycloak", "1 of 2 tasks running"],
      ["error", "service mcpgw", "no active ECS service mcp-gateway-mcpgw in the cluster"],
      ["warning", "service currenttime", "scaled to zero tasks"],
    ]);
    expect(findings[0].why).toBe("Target.ResponseCodeMismatch: Health checks failed with these codes: [502]");
    expect(findings[1].why).toContain("Capacity is unavailable");
  });

  test("databases: stopped, transient, missing, no instances; an absent DocumentDB is not a problem", () => {
    const findings = diagnose(
      snapshot({
        databases: [
          { ...aurora, status: "stopped" },
          { label: "DocumentDB", identifier: "mcp-gateway-docdb", found: true, status: "backing-up", members: [{ id: "d", writer: true }] },
        ],
      }),
      NOW,
    );
    expect(findings).toEqual([
      expect.objectContaining({
        severity: "error",
        subject: "Aurora PostgreSQL mcp-gateway-keycloak",
        problem: "status stopped",
        fix: expect.stringContaining("aws rds start-db-cluster --db-cluster-identifier mcp-gateway-keycloak"),
      }),
      expect.objectContaining({ severity: "warning", subject: "DocumentDB mcp-gateway-docdb", problem: "status backing-up" }),
    ]);
    expect(diagnose(snapshot({ databases: [{ ...aurora, found: false }] }), NOW)[0]).toMatchObject({
      problem: "the cluster does not exist",
    });
    expect(diagnose(snapshot({ databases: [{ ...aurora, members: [] }] }), NOW)[0]).toMatchObject({
      problem: "the cluster has no instances",
    });
    expect(diagnose(snapshot({ databases: [noDocumentDb] }), NOW)).toEqual([]);
  });

  test("certificates: pending validation, expiring without renewal, failed renewal", () => {
    const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
    const diagnosed = (overrides: Partial<CertificateSnapshot>) =>
      diagnose(snapshot({ certificates: [{ ...certificate, ...overrides }] }), NOW);
    expect(diagnosed({ status: "PENDING_VALIDATION" })).toEqual([
      expect.objectContaining({ severity: "error", problem: "still pending DNS validation" }),
    ]);
    expect(diagnosed({ status: "FAILED", failureReason: "CAA_ERROR" })).toEqual([
      expect.objectContaining({ severity: "error", problem: "status FAILED (CAA_ERROR)" }),
    ]);
    expect(diagnosed({ notAfter: days(20), renewalStatus: "PENDING_AUTO_RENEWAL" })).toEqual([
      expect.objectContaining({ severity: "warning", problem: "expires in 20 days and managed renewal is PENDING_AUTO_RENEWAL" }),
    ]);
    expect(diagnosed({ notAfter: days(3) })).toEqual([
      expect.objectContaining({ severity: "error", problem: "expires in 3 days and managed renewal is not started" }),
    ]);
    expect(diagnosed({ notAfter: days(20), renewalStatus: "SUCCESS" })).toEqual([]);
    expect(diagnosed({ status: undefined })).toEqual([expect.objectContaining({ problem: "the certificate does not exist" })]);
  });

  test("alarms in ALARM are problems with their description and reason", () => {
    const findings = diagnose(
      snapshot({
        alarms: [
          {
            name: "mcp-gateway-main-target-5xx",
            description: "main: targets answer 5xx",
            reason: "Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).",
            since: new Date("2026-11-30T11:50:00Z"),
          },
        ],
      }),
      NOW,
    );
    expect(findings).toEqual([
      {
        severity: "error",
        subject: "alarm mcp-gateway-main-target-5xx",
        problem: "main: targets answer 5xx (since 2026-11-30T11:50:00.000Z)",
        why: "Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).",
        fix: expect.stringContaining("dashboard_url"),
      },
    ]);
  });

  test("errors are listed before warnings, each with its fix", () => {
    const findings = diagnose(
      snapshot({ services: [service({ name: "a", desired: 0, running: 0 }), service({ name: "b", found: false })] }),
      NOW,
    );
    expect(findings.map((finding) => finding.severity)).toEqual(["error", "warning"]);
    const text = formatStatus(snapshot(), findings, { events: 0, now: NOW });
    expect(text).toContain("UNHEALTHY: 1 problem, 1 warning");
    expect(text).toMatch(/✗ service b: no active ECS service .*\n {4}fix: deploy the app stack/);
    expect(text).not.toContain("RECENT EVENTS");
  });

  test("database identifiers come from the endpoint's first label", () => {
    expect(clusterIdentifierOf("mcp-gateway-keycloak.cluster-abc.eu-west-1.rds.amazonaws.com")).toBe("mcp-gateway-keycloak");
    expect(clusterIdentifierOf("docs.cluster-x.eu-west-1.docdb.amazonaws.com:27017")).toBe("docs");
    expect(clusterIdentifierOf(undefined)).toBeUndefined();
    expect(clusterIdentifierOf("")).toBeUndefined();
  });
});

describe("ops status: collecting through the SDK", () => {
  const ecs = mockClient(ECSClient);
  const rds = mockClient(RDSClient);
  const acm = mockClient(ACMClient);
  const elb = mockClient(ElasticLoadBalancingV2Client);
  const cloudwatch = mockClient(CloudWatchClient);
  beforeEach(() => {
    cloudwatch.reset();
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    ecs.reset();
    rds.reset();
    acm.reset();
    elb.reset();
  });

  test("reads services, stopped tasks of the troubled one, target health, Aurora and certificates; DocumentDB when its outputs appear", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: "mcp-gateway-registry",
          status: "ACTIVE",
          runningCount: 2,
          desiredCount: 2,
          pendingCount: 0,
          enableExecuteCommand: true,
          taskDefinition: "arn:aws:ecs:eu-west-1:111122223333:task-definition/mcp-gateway-registry:7",
          deployments: [
            {
              id: "d1",
              status: "PRIMARY",
              rolloutState: "COMPLETED",
              runningCount: 2,
              desiredCount: 2,
              taskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/mcp-gateway-registry:7",
            },
          ],
          loadBalancers: [{ targetGroupArn: "arn:tg/registry" }],
          events: [
            { createdAt: new Date("2026-11-30T10:00:00Z"), message: "older" },
            { createdAt: new Date("2026-11-30T11:00:00Z"), message: "newer" },
          ],
        },
        {
          serviceName: "mcp-gateway-keycloak",
          status: "ACTIVE",
          runningCount: 1,
          desiredCount: 2,
          pendingCount: 0,
          taskDefinition: "arn:aws:ecs:eu-west-1:111122223333:task-definition/mcp-gateway-keycloak:3",
          deployments: [{ id: "d2", status: "PRIMARY", rolloutState: "COMPLETED", runningCount: 1, desiredCount: 2 }],
        },
      ],
    });
    ecs.on(ListTasksCommand).resolves({ taskArns: ["arn:task/1"] });
    ecs
      .on(DescribeTasksCommand)
      .resolves({ tasks: [{ stoppedReason: "Essential container in task exited", containers: [{ name: "keycloak", exitCode: 1 }] }] });
    elb
      .on(DescribeTargetHealthCommand)
      .resolves({ TargetHealthDescriptions: [{ Target: { Id: "10.0.1.5", Port: 7860 }, TargetHealth: { State: "healthy" } }] });
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: "mcp-gateway-keycloak" }).resolves({
      DBClusters: [
        {
          Status: "available",
          Engine: "aurora-postgresql",
          EngineVersion: "16.4",
          DBClusterMembers: [{ DBInstanceIdentifier: "w1", IsClusterWriter: true }],
        },
      ],
    });
    rds
      .on(DescribeDBClustersCommand, { DBClusterIdentifier: "mcp-gateway-docs" })
      .rejects(new DBClusterNotFoundFault({ message: "not found", $metadata: {} }));
    acm
      .on(DescribeCertificateCommand)
      .resolves({ Certificate: { DomainName: "registry.example.com", Status: "ISSUED", NotAfter: new Date("2027-06-01T00:00:00Z") } });

    cloudwatch.on(DescribeAlarmsCommand, { NextToken: undefined }).resolves({
      MetricAlarms: [
        { AlarmName: "mcp-gateway-keycloak-tasks-below-desired", StateValue: "ALARM", StateReason: "Threshold Crossed" },
        { AlarmName: "mcp-gateway-registry-cpu-high", StateValue: "INSUFFICIENT_DATA" },
      ],
      NextToken: "2",
    });
    cloudwatch
      .on(DescribeAlarmsCommand, { NextToken: "2" })
      .resolves({ CompositeAlarms: [{ AlarmName: "mcp-gateway-composite", StateValue: "ALARM" }] });
    const snapshot = await collectStatus(
      deployment({ document_database_endpoint: "mcp-gateway-docs.cluster-x.eu-west-1.docdb.amazonaws.com" }),
      new AwsClients("eu-west-1"),
      { events: 3 },
    );
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input).toMatchObject({
      AlarmNamePrefix: "mcp-gateway-",
      StateValue: "ALARM",
    });
    expect(snapshot.alarms.map((alarm) => alarm.name)).toEqual(["mcp-gateway-composite", "mcp-gateway-keycloak-tasks-below-desired"]);

    expect(ecs.commandCalls(ListTasksCommand)).toHaveLength(1);
    expect(ecs.commandCalls(ListTasksCommand)[0].args[0].input).toMatchObject({
      serviceName: "mcp-gateway-keycloak",
      desiredStatus: "STOPPED",
    });
    expect(snapshot.services.map((entry) => [entry.name, entry.running, entry.desired, entry.taskDefinition, entry.execEnabled])).toEqual([
      ["registry", 2, 2, "mcp-gateway-registry:7", true],
      ["keycloak", 1, 2, "mcp-gateway-keycloak:3", false],
    ]);
    expect(snapshot.services[0].events.map((event) => event.message)).toEqual(["newer", "older"]);
    expect(snapshot.services[0].targets).toEqual([
      { target: "10.0.1.5:7860", state: "healthy", reason: undefined, description: undefined },
    ]);
    expect(snapshot.databases).toEqual([
      {
        label: "Aurora PostgreSQL",
        identifier: "mcp-gateway-keycloak",
        found: true,
        status: "available",
        engineVersion: "aurora-postgresql 16.4",
        members: [{ id: "w1", writer: true }],
      },
      { label: "DocumentDB", identifier: "mcp-gateway-docs", found: false, members: [] },
    ]);
    expect(snapshot.certificates.map((entry) => [entry.name, entry.status])).toEqual([
      ["registry", "ISSUED"],
      ["keycloak", "ISSUED"],
    ]);
    const findings = diagnose(snapshot, NOW);
    expect(findings.map((finding) => finding.subject)).toEqual([
      "service keycloak",
      "DocumentDB mcp-gateway-docs",
      "alarm mcp-gateway-composite",
      "alarm mcp-gateway-keycloak-tasks-below-desired",
    ]);
    expect(findings[0].why).toBe("last stopped task: Essential container in task exited (container keycloak exit code 1)");
  });

  test("without DocumentDB outputs it is not asked for; a missing service is reported, not thrown", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceName: "mcp-gateway-registry", status: "INACTIVE" }] });
    rds
      .on(DescribeDBClustersCommand)
      .resolves({ DBClusters: [{ Status: "available", DBClusterMembers: [{ DBInstanceIdentifier: "w1" }] }] });
    acm.on(DescribeCertificateCommand).resolves({ Certificate: { Status: "ISSUED" } });
    const snapshot = await collectStatus(deployment(), new AwsClients("eu-west-1"), { events: 3 });
    expect(rds.commandCalls(DescribeDBClustersCommand)).toHaveLength(1);
    expect(snapshot.databases[1]).toEqual({ label: "DocumentDB", found: false, members: [] });
    expect(snapshot.services.map((entry) => entry.found)).toEqual([false, false]);
  });

  test("with database.engine postgres-instance it describes Keycloak's instance, not a cluster, and names the instance's fix", async () => {
    const instanceDeployment = deployment({
      database_cluster_endpoint: undefined,
      database_instance_endpoint: "mcp-gateway-keycloak.abc123.eu-west-1.rds.amazonaws.com",
    });
    ecs.on(DescribeServicesCommand).resolves({ services: [] });
    acm.on(DescribeCertificateCommand).resolves({ Certificate: { Status: "ISSUED" } });
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "mcp-gateway-keycloak" }).resolves({
      DBInstances: [
        { DBInstanceIdentifier: "mcp-gateway-keycloak", DBInstanceStatus: "stopped", Engine: "postgres", EngineVersion: "16.6" },
      ],
    });
    const snapshot = await collectStatus(instanceDeployment, new AwsClients("eu-west-1"), { events: 3 });
    expect(rds.commandCalls(DescribeDBClustersCommand)).toHaveLength(0);
    expect(snapshot.databases[0]).toEqual({
      label: "RDS for PostgreSQL",
      identifier: "mcp-gateway-keycloak",
      found: true,
      status: "stopped",
      engineVersion: "postgres 16.6",
      members: [{ id: "mcp-gateway-keycloak", writer: true }],
    });
    expect(diagnose(snapshot, new Date()).find((finding) => finding.subject === "RDS for PostgreSQL mcp-gateway-keycloak")).toMatchObject({
      severity: "error",
      problem: "status stopped",
      fix: "start it: `aws rds start-db-instance --db-instance-identifier mcp-gateway-keycloak`",
    });
    rds.reset();
    rds.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({ message: "not found", $metadata: {} }));
    const missing = await collectStatus(instanceDeployment, new AwsClients("eu-west-1"), { events: 3 });
    expect(missing.databases[0]).toEqual({ label: "RDS for PostgreSQL", identifier: "mcp-gateway-keycloak", found: false, members: [] });
    expect(diagnose(missing, new Date()).find((finding) => finding.subject === "RDS for PostgreSQL mcp-gateway-keycloak")?.problem).toBe(
      "the instance does not exist",
    );
  });

  test("a cluster that does not exist is an error naming the fix", async () => {
    const error = Object.assign(new Error("Cluster not found."), { name: "ClusterNotFoundException" });
    ecs.on(DescribeServicesCommand).rejects(error);
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
    acm.on(DescribeCertificateCommand).resolves({ Certificate: { Status: "ISSUED" } });
    await expect(collectStatus(deployment(), new AwsClients("eu-west-1"), { events: 3 })).rejects.toMatchObject({
      message: "describing the services of cluster mcp-gateway (region eu-west-1): the ECS cluster does not exist here",
      fix: expect.stringContaining("not deployed in this account and region"),
    });
  });
});
