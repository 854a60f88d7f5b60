import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { AddressInfo } from "node:net";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { AccessPointReference, FargateService, SecretReference } from "../src/constructs/compute/fargate-service";
import { keycloakLivenessCommand } from "../src/services/catalog";
import { Json } from "./support";

const accessPoint: AccessPointReference = {
  name: "auth_config",
  accessPointId: "fsap-1",
  accessPointArn: "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1",
  fileSystemId: "fs-1",
  fileSystemArn: "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1",
};
const clientSecret: SecretReference = {
  secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:client",
  jsonKey: "client_secret",
  version: 3,
  kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1",
};

/** A service with an init container that prepares a file on shared scratch storage before the main container starts. */
function synthWithInitContainer(constructId = "auth"): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new FargateService(stack, constructId, {
    namePrefix: "test",
    service: "auth",
    iamNamePrefix: "test-use1",
    region: "us-east-1",
    accountId: "123456789012",
    partition: "aws",
    cluster: { arn: "cluster-arn", name: "test" },
    vpcId: "vpc-1",
    subnetIds: ["subnet-1"],
    cpu: 256,
    memory: 512,
    desiredCount: 1,
    minCapacity: 1,
    maxCapacity: 2,
    autoscaling: true,
    spot: false,
    container: {
      name: "auth",
      image: { reference: "example/auth:1.0.0" },
      secrets: { CLIENT_SECRET: clientSecret },
      mounts: [{ source: { kind: "scratch", name: "prepared" }, containerPath: "/config", readOnly: true }],
      dependsOn: [{ containerName: "init", condition: "SUCCESS" }],
    },
    additionalContainers: [
      {
        name: "init",
        image: {
          reference: "123456789012.dkr.ecr.us-east-1.amazonaws.com/init:2.0.0",
          ecrRepositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/init",
        },
        essential: false,
        command: ["cp", "/seed/scopes.yml", "/prepared/scopes.yml"],
        mounts: [
          { source: { kind: "scratch", name: "prepared" }, containerPath: "/prepared" },
          { source: { kind: "efs", accessPoint }, containerPath: "/efs", readOnly: true },
        ],
      },
    ],
    logRetentionDays: 7,
    logsKmsKeyArn: "logs-key-arn",
    alarmTopicArn: "topic-arn",
  });
  return JSON.parse(Testing.synth(stack));
}

describe("Fargate service construct", () => {
  const stack = synthWithInitContainer();
  // A plain TerraformStack suffixes names with a hash: find resources by the construct path before it.
  const byPath = (type: string, path: string) =>
    Object.entries<Json>(stack.resource[type]).find(([name]) => name.startsWith(`${path}_`))?.[1] as Json;
  const taskDefinition = byPath("aws_ecs_task_definition", "auth_task-definition");
  const [main, init] = JSON.parse(taskDefinition.container_definitions);
  const policies = (role: string) => JSON.parse(byPath("aws_iam_role_policy", `auth_${role}-policy`).policy).Statement;

  test("runs an init container to completion before the main container starts", () => {
    expect(init).toMatchObject({ name: "init", essential: false, command: ["cp", "/seed/scopes.yml", "/prepared/scopes.yml"] });
    expect(main).toMatchObject({ name: "auth", essential: true, dependsOn: [{ containerName: "init", condition: "SUCCESS" }] });
  });

  test("declares each volume once, shared by the containers that mount it", () => {
    expect(taskDefinition.volume).toEqual([
      { name: "prepared" },
      {
        name: "auth_config",
        efs_volume_configuration: {
          file_system_id: "fs-1",
          transit_encryption: "ENABLED",
          authorization_config: { access_point_id: "fsap-1", iam: "ENABLED" },
        },
      },
    ]);
    expect(main.mountPoints).toEqual([{ sourceVolume: "prepared", containerPath: "/config", readOnly: true }]);
  });

  test("hands a key of a JSON secret to the container and rolls when its version changes", () => {
    expect(main.secrets).toEqual([{ name: "CLIENT_SECRET", valueFrom: `${clientSecret.secretArn}:client_secret::` }]);
    expect(main.dockerLabels).toEqual({ "mcp-gateway.secret-versions": "CLIENT_SECRET=3" });
    expect(policies("execution")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: "secretsmanager:GetSecretValue", Resource: [clientSecret.secretArn] }),
        expect.objectContaining({ Action: "kms:Decrypt", Resource: [clientSecret.kmsKeyArn] }),
        expect.objectContaining({ Sid: "PullOwnImages", Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/init"] }),
      ]),
    );
  });

  test("a read-only mount may be mounted but not written", () => {
    const statements = policies("task");
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: "elasticfilesystem:ClientMount",
        Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": [accessPoint.accessPointArn] } },
      }),
    );
    expect(statements.find((statement: Json) => statement.Action === "elasticfilesystem:ClientWrite")).toBeUndefined();
  });
});

describe("Keycloak liveness check", () => {
  // Runs the exact command the task definition carries against a stand-in for Keycloak's management port, which
  // answers `live` on /health/live and 503 on /health/ready (Keycloak up, its database unreachable).
  async function runCheck(live: number | "closed"): Promise<number | null> {
    const server = createServer((request, response) => {
      const status = request.url === "/health/live" && live !== "closed" ? live : 503;
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: status === 200 ? "UP" : "DOWN", checks: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    if (live === "closed") await new Promise((resolve) => server.close(resolve));
    const [, shell, flag, script] = keycloakLivenessCommand(port);
    const exitCode = await new Promise<number | null>((resolve) => spawn(shell, [flag, script]).on("exit", resolve));
    if (live !== "closed") await new Promise((resolve) => server.close(resolve));
    return exitCode;
  }

  test("passes when Keycloak is live, even while it is not ready (a database failover must not kill every task)", async () => {
    expect(await runCheck(200)).toBe(0);
  });

  test("fails when Keycloak is not live (503)", async () => {
    expect(await runCheck(503)).not.toBe(0);
  });

  test("fails when nothing listens on the management port", async () => {
    expect(await runCheck("closed")).not.toBe(0);
  });

  test("runs under bash directly, not `sh`, since /dev/tcp is a bash feature", () => {
    expect(keycloakLivenessCommand(9000).slice(0, 3)).toEqual(["CMD", "bash", "-c"]);
  });
});

describe("pinned addresses", () => {
  test("the service's log group keeps its address when the construct is renamed, so its logs are never replaced", () => {
    const groups = (constructId: string) => Object.keys(synthWithInitContainer(constructId).resource.aws_cloudwatch_log_group);
    expect(groups("auth")).toEqual(["auth_log_group"]);
    expect(groups("renamed-service")).toEqual(["auth_log_group"]);
  });

  test("IAM role names carry the account-wide prefix (with the region code), not only the name prefix", () => {
    const roles = Object.values<Json>(synthWithInitContainer().resource.aws_iam_role).map((role) => role.name);
    expect(roles.sort()).toEqual(["test-use1-auth-execution", "test-use1-auth-task"]);
  });
});
