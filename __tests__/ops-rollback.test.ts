import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { AwsClients } from "../src/ops/clients";
import { Progress } from "../src/ops/progress";
import { describePlan, executeRollback, parseRevision, planRollback, registrationOf } from "../src/ops/rollback";
import { Capture, deployment } from "./ops-support";

const ecs = mockClient(ECSClient);
const arn = (revision: number) => `arn:aws:ecs:eu-west-1:111122223333:task-definition/mcp-gateway-registry:${revision}`;
const definition = (revision: number, status: "ACTIVE" | "INACTIVE", image: string) => ({
  taskDefinitionArn: arn(revision),
  family: "mcp-gateway-registry",
  revision,
  status,
  cpu: "1024",
  memory: "2048",
  networkMode: "awsvpc" as const,
  requiresCompatibilities: ["FARGATE" as const],
  executionRoleArn: "arn:aws:iam::111122223333:role/exec",
  taskRoleArn: "arn:aws:iam::111122223333:role/task",
  containerDefinitions: [{ name: "registry", image }],
  registeredAt: new Date(),
  requiresAttributes: [{ name: "com.amazonaws.ecs.capability.task-iam-role" }],
  compatibilities: ["FARGATE" as const],
});

function runningOn(revision: number, extra: Record<string, unknown> = {}) {
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: "mcp-gateway-registry",
        status: "ACTIVE",
        taskDefinition: arn(revision),
        runningCount: 2,
        desiredCount: 2,
        deployments: [{ status: "PRIMARY", runningCount: 2, desiredCount: 2 }],
        ...extra,
      },
    ],
  });
}

beforeEach(() => ecs.reset());

describe("ops rollback", () => {
  test("revisions are read from ARNs and short names", () => {
    expect(parseRevision(arn(12))).toEqual({ family: "mcp-gateway-registry", revision: 12 });
    expect(parseRevision("mcp-gateway-registry:3")).toEqual({ family: "mcp-gateway-registry", revision: 3 });
    expect(() => parseRevision("mcp-gateway-registry")).toThrow(/cannot read a revision/);
  });

  test("goes to the highest ACTIVE revision below the running one, whatever order ECS lists them in", async () => {
    runningOn(9);
    ecs
      .on(ListTaskDefinitionsCommand, { status: "ACTIVE" })
      .resolves({ taskDefinitionArns: [arn(5), arn(9), arn(7), "arn:aws:ecs:eu-west-1:1:task-definition/mcp-gateway-registry-other:8"] });
    ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: definition(7, "ACTIVE", "registry:v7") });
    const plan = await planRollback(deployment(), new AwsClients("eu-west-1"), "registry");
    expect(plan).toMatchObject({
      service: "registry",
      ecsName: "mcp-gateway-registry",
      current: "mcp-gateway-registry:9",
      reregister: false,
    });
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)[0].args[0].input).toEqual({
      taskDefinition: "mcp-gateway-registry:7",
      include: ["TAGS"],
    });
    expect(ecs.commandCalls(ListTaskDefinitionsCommand).map((call) => call.args[0].input.status)).toEqual(["ACTIVE"]);
    expect(describePlan(plan)).toBe(
      "rollback registry (mcp-gateway-registry): mcp-gateway-registry:9 → mcp-gateway-registry:7\n  images of mcp-gateway-registry:7: registry=registry:v7",
    );
  });

  test("after Terraform deregistered the previous revision, plans to register its definition again", async () => {
    runningOn(9);
    ecs.on(ListTaskDefinitionsCommand, { status: "ACTIVE" }).resolves({ taskDefinitionArns: [arn(9)] });
    ecs.on(ListTaskDefinitionsCommand, { status: "INACTIVE" }).resolves({ taskDefinitionArns: [arn(7), arn(8)] });
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: definition(8, "INACTIVE", "registry:v8"), tags: [{ key: "Project", value: "mcp" }] });
    const plan = await planRollback(deployment(), new AwsClients("eu-west-1"), "registry");
    expect(plan.reregister).toBe(true);
    expect(plan.target.revision).toBe(8);
    expect(describePlan(plan)).toContain("(deregistered: its definition is registered again as a new revision)");
    const input = registrationOf(plan.target);
    expect(input).toMatchObject({
      family: "mcp-gateway-registry",
      cpu: "1024",
      memory: "2048",
      containerDefinitions: [{ name: "registry", image: "registry:v8" }],
      tags: [{ key: "Project", value: "mcp" }],
    });
    for (const readOnly of ["taskDefinitionArn", "revision", "status", "registeredAt", "requiresAttributes", "compatibilities"])
      expect(input).not.toHaveProperty(readOnly);
  });

  test("--to names the revision; the running one and nothing earlier are refused with the fix", async () => {
    runningOn(9);
    ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: definition(4, "ACTIVE", "registry:v4") });
    await expect(planRollback(deployment(), new AwsClients("eu-west-1"), "registry", 4)).resolves.toMatchObject({
      target: { revision: 4 },
    });
    expect(ecs.commandCalls(ListTaskDefinitionsCommand)).toHaveLength(0);
    await expect(planRollback(deployment(), new AwsClients("eu-west-1"), "registry", 9)).rejects.toMatchObject({
      message: "service registry already runs mcp-gateway-registry:9",
      exitCode: 2,
    });

    ecs.reset();
    runningOn(1);
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [arn(1)] });
    await expect(planRollback(deployment(), new AwsClients("eu-west-1"), "registry")).rejects.toMatchObject({
      message: "service registry runs mcp-gateway-registry:1 and no earlier revision exists",
    });
    await expect(planRollback(deployment(), new AwsClients("eu-west-1"), "nope")).rejects.toMatchObject({
      message: 'no service named "nope" in this deployment',
      fix: "use one of: registry, keycloak (or all)",
    });
  });

  test("registers again, updates the service and waits with the SDK waiter until it is stable", async () => {
    runningOn(8);
    ecs
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: arn(10), family: "mcp-gateway-registry", revision: 10 } });
    ecs.on(UpdateServiceCommand).resolves({});
    const stderr = new Capture();
    const plan = {
      service: "registry",
      ecsName: "mcp-gateway-registry",
      current: "mcp-gateway-registry:9",
      target: definition(8, "INACTIVE" as const, "registry:v8"),
      reregister: true,
    };
    const running = await executeRollback(deployment(), new AwsClients("eu-west-1"), plan, {
      wait: true,
      timeoutMs: 60_000,
      progress: new Progress(stderr, false),
    });
    expect(running).toBe("mcp-gateway-registry:10");
    expect(ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({
      cluster: "mcp-gateway",
      service: "mcp-gateway-registry",
      taskDefinition: arn(10),
    });
    expect(ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).not.toHaveProperty("desiredCount");
    expect(ecs.commandCalls(DescribeServicesCommand).length).toBeGreaterThan(0);
    expect(
      stderr.text
        .split("\n")
        .filter(Boolean)
        .map((line) => line.replace(/ \(\d+s\)$/, "")),
    ).toEqual([
      "… registering mcp-gateway-registry:8's definition again",
      "✓ registered mcp-gateway-registry:10 with mcp-gateway-registry:8's definition",
      "… updating service registry to mcp-gateway-registry:10",
      "✓ service registry now deploys mcp-gateway-registry:10",
      "… waiting for registry to reach a steady state on mcp-gateway-registry:10",
      "✓ registry is steady on mcp-gateway-registry:10",
    ]);
  });

  test("a service that never settles ends in a timeout naming where to look", async () => {
    runningOn(7, { runningCount: 0, deployments: [{ status: "PRIMARY" }, { status: "ACTIVE" }] });
    ecs.on(UpdateServiceCommand).resolves({});
    const stderr = new Capture();
    const plan = {
      service: "registry",
      ecsName: "mcp-gateway-registry",
      current: "mcp-gateway-registry:9",
      target: definition(7, "ACTIVE" as const, "registry:v7"),
      reregister: false,
    };
    await expect(
      executeRollback(deployment(), new AwsClients("eu-west-1"), plan, {
        wait: true,
        timeoutMs: 3_000,
        progress: new Progress(stderr, false),
      }),
    ).rejects.toMatchObject({
      message: "registry did not reach a steady state within 3s",
      fix: expect.stringContaining("npm run ops -- status"),
    });
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(stderr.text).toContain("✗ registry did not reach a steady state on mcp-gateway-registry:7");
  });

  test("--no-wait returns once the service is updated", async () => {
    ecs.on(UpdateServiceCommand).resolves({});
    const plan = {
      service: "registry",
      ecsName: "mcp-gateway-registry",
      current: "mcp-gateway-registry:9",
      target: definition(7, "ACTIVE" as const, "registry:v7"),
      reregister: false,
    };
    await expect(
      executeRollback(deployment(), new AwsClients("eu-west-1"), plan, {
        wait: false,
        timeoutMs: 1_000,
        progress: new Progress(new Capture(), false),
      }),
    ).resolves.toBe("mcp-gateway-registry:7");
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(0);
  });
});
