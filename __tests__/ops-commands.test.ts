import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ExecuteCommandCommand,
  ListTasksCommand,
  Task,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { AwsClients } from "../src/ops/clients";
import { credentialEntries, formatCredentials, readCredentials, selectCredentials } from "../src/ops/credentials";
import { explainAwsError } from "../src/ops/errors";
import { EXIT_UNHEALTHY, run } from "../src/ops/main";
import { formatDuration, interactive, Progress } from "../src/ops/progress";
import { chooseExecTarget, findExecTarget, openShell, pluginAvailable } from "../src/ops/shell";
import { Capture, CLUSTER_ARN, deployment, stackOutputs } from "./ops-support";

const ecs = mockClient(ECSClient);
const secrets = mockClient(SecretsManagerClient);
beforeEach(() => {
  ecs.reset();
  secrets.reset();
});

const execTask = (overrides: Partial<Task> = {}): Task => ({
  taskArn: "arn:aws:ecs:eu-west-1:111122223333:task/mcp-gateway/abc123",
  lastStatus: "RUNNING",
  enableExecuteCommand: true,
  containers: [
    {
      name: "registry",
      lastStatus: "RUNNING",
      runtimeId: "abc123-111",
      managedAgents: [{ name: "ExecuteCommandAgent", lastStatus: "RUNNING" }],
    },
  ],
  ...overrides,
});

describe("ops shell", () => {
  test("picks a running task whose exec agent runs, in the named container", () => {
    expect(chooseExecTarget([execTask()])).toEqual({
      taskArn: execTask().taskArn,
      taskId: "abc123",
      container: "registry",
      runtimeId: "abc123-111",
    });
    expect(chooseExecTarget([execTask()], "sidecar")).toEqual({
      problem: "no container named sidecar",
      fix: "use --container with one of: registry",
    });
    expect(chooseExecTarget([])).toMatchObject({ problem: "no running task" });
    expect(chooseExecTarget([execTask({ enableExecuteCommand: false })])).toMatchObject({
      problem: "its running tasks started before Exec was enabled",
    });
    const agentDown = execTask({
      containers: [
        {
          name: "registry",
          lastStatus: "RUNNING",
          runtimeId: "r",
          managedAgents: [{ name: "ExecuteCommandAgent", lastStatus: "STOPPED" }],
        },
      ],
    });
    expect(chooseExecTarget([agentDown])).toMatchObject({
      problem: "the ECS Exec agent is not running in any running container",
      fix: expect.stringContaining("ssmmessages"),
    });
  });

  test("Exec off for the service and a missing plugin are reported together, with both fixes", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ serviceName: "mcp-gateway-registry", status: "ACTIVE", enableExecuteCommand: false }] });
    await expect(
      findExecTarget(deployment(), new AwsClients("eu-west-1"), { service: "registry", pluginPresent: false }),
    ).rejects.toMatchObject({
      message: "session-manager-plugin is not on PATH; ECS Exec is not enabled for service registry",
      fix: expect.stringMatching(/install the Session Manager plugin: https:\/\/.*; enable it for registry in the configuration/),
    });
    expect(ecs.commandCalls(ListTasksCommand)).toHaveLength(0);
  });

  test("with Exec on and the plugin present, finds the task through ListTasks and DescribeTasks", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ serviceName: "mcp-gateway-registry", status: "ACTIVE", enableExecuteCommand: true }] });
    ecs.on(ListTasksCommand).resolves({ taskArns: [execTask().taskArn as string] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [execTask()] });
    await expect(
      findExecTarget(deployment(), new AwsClients("eu-west-1"), { service: "registry", pluginPresent: true }),
    ).resolves.toMatchObject({ taskId: "abc123", container: "registry" });
    expect(ecs.commandCalls(ListTasksCommand)[0].args[0].input).toEqual({
      cluster: "mcp-gateway",
      serviceName: "mcp-gateway-registry",
      desiredStatus: "RUNNING",
    });
    await expect(
      findExecTarget(deployment(), new AwsClients("eu-west-1"), { service: "registry", pluginPresent: false }),
    ).rejects.toMatchObject({
      message: "session-manager-plugin is not on PATH",
    });
  });

  test("opens the session as the AWS CLI does: ExecuteCommand, then the plugin with session, region, target and endpoint", async () => {
    const session = {
      sessionId: "ecs-execute-command-1",
      streamUrl: "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/1",
      tokenValue: "token",
    };
    ecs.on(ExecuteCommandCommand).resolves({ session });
    const calls: unknown[][] = [];
    const spawn = ((...args: unknown[]) => (calls.push(args), { status: 0 })) as never;
    const target = {
      taskArn: "arn:aws:ecs:eu-west-1:111122223333:task/mcp-gateway/abc123",
      taskId: "abc123",
      container: "registry",
      runtimeId: "abc123-111",
    };
    await expect(openShell(deployment(), new AwsClients("eu-west-1"), target, "/bin/sh", spawn, { AWS_PROFILE: "ops" })).resolves.toBe(0);
    expect(ecs.commandCalls(ExecuteCommandCommand)[0].args[0].input).toEqual({
      cluster: "mcp-gateway",
      task: target.taskArn,
      container: "registry",
      command: "/bin/sh",
      interactive: true,
    });
    expect(calls).toEqual([
      [
        "session-manager-plugin",
        [
          JSON.stringify(session),
          "eu-west-1",
          "StartSession",
          "ops",
          '{"Target":"ecs:mcp-gateway_abc123_abc123-111"}',
          "https://ecs.eu-west-1.amazonaws.com",
        ],
        { stdio: "inherit" },
      ],
    ]);
  });

  test("the plugin counts as present only when it runs and exits 0", () => {
    expect(pluginAvailable((() => ({ status: 0 })) as never)).toBe(true);
    expect(pluginAvailable((() => ({ status: null, error: new Error("ENOENT") })) as never)).toBe(false);
    expect(pluginAvailable((() => ({ status: 1 })) as never)).toBe(false);
  });
});

describe("ops credentials", () => {
  const withExtras = deployment({
    database_master_secret_arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!cluster-1",
    initial_user_password_secret_arns: { admin: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:initial/admin", notAnArn: "x" },
    document_database_credentials_secret_arn: "",
  });

  test("the database secret is used at the Aurora or the instance endpoint, whichever the engine gives", () => {
    const instanceDeployment = deployment({
      database_cluster_endpoint: undefined,
      database_instance_endpoint: "mcp-gateway-keycloak.abc123.eu-west-1.rds.amazonaws.com",
      database_master_secret_arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:mcp-gateway/keycloak-database",
    });
    const entry = credentialEntries(instanceDeployment).find((candidate) => candidate.output === "database_master_secret_arn");
    expect(entry?.usedAt).toBe("mcp-gateway-keycloak.abc123.eu-west-1.rds.amazonaws.com");
    expect(credentialEntries(withExtras).find((candidate) => candidate.output === "database_master_secret_arn")?.usedAt).toBe(
      "mcp-gateway-keycloak.cluster-abc123.eu-west-1.rds.amazonaws.com",
    );
  });

  test("lists every secret output, known ones described, others found by name; never values by default", async () => {
    const entries = credentialEntries(withExtras);
    expect(entries.map((entry) => [entry.output, entry.what])).toEqual([
      [
        "keycloak_admin_secret_arn",
        "Keycloak administrator for people, platform-admin (JSON: username, initial password; changed at first login)",
      ],
      ["database_master_secret_arn", "Keycloak's database user (JSON: username, password; rotated with secrets.databasePasswordVersion)"],
      ["initial_user_password_secret_arns.admin", "initial user password: admin"],
    ]);
    expect(entries[0].usedAt).toBe("https://auth.example.com/admin/");
    secrets.on(DescribeSecretCommand).resolves({
      Name: "mcp-gateway/keycloak-admin",
      LastChangedDate: new Date("2026-11-01T00:00:00Z"),
      RotationEnabled: true,
      RotationRules: { AutomaticallyAfterDays: 30 },
    });
    const details = await readCredentials(withExtras, new AwsClients("eu-west-1"), entries.slice(0, 1), false);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    const text = formatCredentials(details, "eu-west-1", false);
    expect(text).toContain("  changed:  2026-11-01T00:00:00.000Z; rotation every 30 days");
    expect(text).toContain(
      `read it:  aws secretsmanager get-secret-value --region eu-west-1 --secret-id '${entries[0].arn}' --query SecretString --output text`,
    );
    expect(text).not.toContain("value:");
    expect(text).toContain("add --show-values to print them");
  });

  test("--show-values reads the value; a deleted secret is reported, not thrown", async () => {
    secrets.on(DescribeSecretCommand, { SecretId: credentialEntries(withExtras)[0].arn }).resolves({ Name: "k" });
    secrets
      .on(DescribeSecretCommand, { SecretId: credentialEntries(withExtras)[1].arn })
      .rejects(Object.assign(new Error("gone"), { name: "ResourceNotFoundException" }));
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"admin","password":"p"}' });
    const details = await readCredentials(withExtras, new AwsClients("eu-west-1"), credentialEntries(withExtras).slice(0, 2), true);
    const text = formatCredentials(details, "eu-west-1", true);
    expect(text).toContain('  value:    {"username":"admin","password":"p"}');
    expect(text).toContain("  problem:  the secret does not exist (deleted, or another account/region)");
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  test("one credential by output name or its short form; unknown names list the known ones", () => {
    const entries = credentialEntries(withExtras);
    expect(selectCredentials(entries, "keycloak_admin").map((entry) => entry.output)).toEqual(["keycloak_admin_secret_arn"]);
    expect(selectCredentials(entries, "initial_user_password_secret_arns").map((entry) => entry.output)).toEqual([
      "initial_user_password_secret_arns.admin",
    ]);
    expect(() => selectCredentials(entries, "root")).toThrow('no credential named "root"');
  });
});

describe("ops progress", () => {
  test("plain lines when not a terminal or in CI; spinner only on a terminal", () => {
    expect(interactive({ write: () => true, isTTY: true }, {})).toBe(true);
    expect(interactive({ write: () => true, isTTY: true }, { CI: "true" })).toBe(false);
    expect(interactive({ write: () => true, isTTY: false }, {})).toBe(false);
  });

  test("plain mode prints start and end, and a heartbeat at most every interval while waiting", () => {
    let now = 0;
    const out = new Capture();
    const progress = new Progress(out, false, () => now, 30_000);
    progress.start("waiting");
    now = 10_000;
    progress.update("1/2 running");
    now = 31_000;
    progress.update("1/2 running");
    now = 45_000;
    progress.update("2/2 running");
    now = 65_000;
    progress.succeed("steady");
    expect(out.text).toBe("… waiting\n… 1/2 running (31s)\n✓ steady (1m05s)\n");
  });

  test("spinner mode redraws one line in place and clears it at the end", () => {
    const out = new Capture(true);
    const progress = new Progress(out, true, () => 0);
    progress.start("reading");
    progress.fail();
    // The spinner's terminal control sequences are what is under test.
    // eslint-disable-next-line no-control-regex
    expect(out.text).toMatch(/^\r\x1b\[2K\r\x1b\[2K. reading \(0s\)\r\x1b\[2K✗ reading \(0s\)\n$/);
  });

  test("durations", () => {
    expect([formatDuration(400), formatDuration(59_000), formatDuration(61_000), formatDuration(3_723_000)]).toEqual([
      "0s",
      "59s",
      "1m01s",
      "1h02m",
    ]);
  });
});

describe("ops errors", () => {
  test.each([
    ["CredentialsProviderError", "Could not load credentials from any providers", /aws sso login/],
    ["ExpiredTokenException", "The security token included in the request is expired", /renew it/],
    ["UnrecognizedClientException", "The security token included in the request is invalid", /AWS_PROFILE/],
    ["AccessDeniedException", "User: x is not authorized to perform: ecs:DescribeServices", /allowed to perform it/],
    ["ClusterNotFoundException", "Cluster not found.", /not deployed in this account and region/],
    ["Error", "getaddrinfo ENOTFOUND ecs.xx-west-9.amazonaws.com", /region name is valid/],
  ])("%s (%s) names the fix", (name, message, fix) => {
    const explained = explainAwsError(Object.assign(new Error(message), { name }), { region: "eu-west-1", action: "describing" });
    expect(explained.fix).toMatch(fix);
    expect(explained.message).toMatch(/^describing \(region eu-west-1\): /);
  });
});

describe("ops run", () => {
  const directory = mkdtempSync(path.join(tmpdir(), "ops-run-"));
  const outputsFile = path.join(directory, "outputs.json");
  writeFileSync(outputsFile, JSON.stringify({ app: stackOutputs().stacks.app }));
  const io = (env: NodeJS.ProcessEnv = {}) => ({ stdout: new Capture(), stderr: new Capture(), env, cwd: directory });

  test("help prints usage; bad usage exits 2 with every problem", async () => {
    const help = io();
    await expect(run(["help"], help)).resolves.toBe(0);
    expect(help.stdout.text).toContain("npm run ops -- <command>");
    const bad = io();
    await expect(run(["logs", "--since", "x"], bad)).resolves.toBe(2);
    expect(bad.stderr.text).toBe(
      'error: logs: missing <service> (a service name, or all)\nerror: logs: --since "x" is neither a duration (90s, 30m, 2h, 1d) nor an ISO 8601 time with zone (2026-11-30T10:00:00Z)\ncommands: help, status, logs, shell, credentials, rollback, smoke, register; see `npm run ops -- help`\n',
    );
  });

  test("a relative --outputs path is resolved against the directory npm was started in (INIT_CWD)", async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), "ops-typed-in-"));
    const missing = io({ INIT_CWD: elsewhere });
    await expect(run(["status", "--outputs", "outputs.json"], missing)).resolves.toBe(1);
    expect(missing.stderr.text).toContain(`error: outputs file not found: ${path.join(elsewhere, "outputs.json")}`);
  });

  test("an inverted logs window is refused before any AWS call", async () => {
    writeFileSync(outputsFile, JSON.stringify({ app: stackOutputs().stacks.app }));
    const inverted = io({ MCP_GATEWAY_OUTPUTS: outputsFile });
    await expect(run(["logs", "registry", "--since", "5m", "--until", "10m"], inverted)).resolves.toBe(2);
    expect(inverted.stderr.text).toMatch(
      /^error: logs: --until \(.*\) is not after --since \(.*\)\n {2}fix: swap them, or widen the window\n$/,
    );
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(0);
  });

  test("no deployed stack: exit 1 with the fix, no stack trace", async () => {
    const missing = io();
    await expect(run(["status"], missing)).resolves.toBe(1);
    expect(missing.stderr.text).toMatch(
      /^error: .*holds no synthesized app stack.*\n {2}fix: deploy first \(`npx cdktf deploy certs app`\)/,
    );
    expect(missing.stderr.text).not.toMatch(/\n\s+at /);
  });

  test("status exits 3 when something is unhealthy, and notes a region other than the stack's", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [] });
    mockClient(CloudWatchClient).on(DescribeAlarmsCommand).resolves({});
    const unhealthy = io({ MCP_GATEWAY_OUTPUTS: outputsFile, AWS_REGION: "us-east-1" });
    // Neither database nor certificate outputs: only the services are asked for.
    writeFileSync(
      outputsFile,
      JSON.stringify({ app: { ecs_cluster_arn: CLUSTER_ARN, ecs_service_names: { registry: "mcp-gateway-registry" } } }),
    );
    await expect(run(["status", "--events", "0"], unhealthy)).resolves.toBe(EXIT_UNHEALTHY);
    expect(unhealthy.stderr.text).toContain("note: using the stack's region eu-west-1 (AWS_REGION says us-east-1)");
    expect(unhealthy.stderr.text).toMatch(/^… reading services, databases and certificates of mcp-gateway in eu-west-1$/m);
    expect(unhealthy.stdout.text).toMatch(/^registry +- +- +- +NOT FOUND/m);
    expect(unhealthy.stdout.text).toContain("✗ service registry: no active ECS service mcp-gateway-registry in the cluster");
  });
});
