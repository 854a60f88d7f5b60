import { spawnSync } from "node:child_process";
import { DescribeServicesCommand, DescribeTasksCommand, ExecuteCommandCommand, ListTasksCommand, Task } from "@aws-sdk/client-ecs";
import { AwsClients } from "./clients";
import { explainAwsError, OpsError } from "./errors";
import { Deployment } from "./outputs";

const PLUGIN = "session-manager-plugin";
const PLUGIN_INSTALL =
  "install the Session Manager plugin: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";

/** True when the Session Manager plugin answers on PATH (it prints a banner and exits 0 without arguments). */
export function pluginAvailable(run: typeof spawnSync = spawnSync): boolean {
  const result = run(PLUGIN, [], { stdio: "ignore" });
  return !result.error && result.status === 0;
}

export interface ExecTarget {
  readonly taskArn: string;
  readonly taskId: string;
  readonly container: string;
  readonly runtimeId: string;
}

/**
 * The running task and container to open a session in. Every reason it cannot work is reported together: Exec off
 * for the service (an opt-in per service), no running task, the exec agent not running, the plugin missing.
 */
export async function findExecTarget(
  deployment: Deployment,
  clients: AwsClients,
  options: { service: string; container?: string; task?: string; pluginPresent: boolean },
): Promise<ExecTarget> {
  const [[name, ecsName]] = deployment.resolveServices(options.service);
  const problems: string[] = [];
  const fixes: string[] = [];
  if (!options.pluginPresent) {
    problems.push(`${PLUGIN} is not on PATH`);
    fixes.push(PLUGIN_INSTALL);
  }
  try {
    const { services } = await clients.ecs.send(new DescribeServicesCommand({ cluster: deployment.clusterName, services: [ecsName] }));
    const service = services?.find((candidate) => candidate.serviceName === ecsName && candidate.status !== "INACTIVE");
    if (!service)
      throw new OpsError(
        `no active ECS service ${ecsName} in cluster ${deployment.clusterName}`,
        "deploy the app stack: `npx cdktf deploy app`",
      );
    if (!service.enableExecuteCommand) {
      problems.push(`ECS Exec is not enabled for service ${name}`);
      fixes.push(
        `enable it for ${name} in the configuration (docs/operations.md, "Day-2 operations": ECS Exec is opt-in per service), then \`npx cdktf deploy app\`; tasks started before that keep Exec off`,
      );
      throw new OpsError(problems.join("; "), fixes.join("; "));
    }
    const taskArns = options.task
      ? [options.task]
      : ((await clients.ecs.send(new ListTasksCommand({ cluster: deployment.clusterName, serviceName: ecsName, desiredStatus: "RUNNING" })))
          .taskArns ?? []);
    const tasks =
      taskArns.length > 0
        ? ((await clients.ecs.send(new DescribeTasksCommand({ cluster: deployment.clusterName, tasks: taskArns }))).tasks ?? [])
        : [];
    const choice = chooseExecTarget(tasks, options.container);
    if ("problem" in choice) {
      problems.push(`service ${name}: ${choice.problem}`);
      fixes.push(choice.fix);
    }
    if (problems.length > 0 || "problem" in choice) throw new OpsError(problems.join("; "), fixes.join("; "));
    return choice;
  } catch (error) {
    if (error instanceof OpsError) throw error;
    throw explainAwsError(error, { region: deployment.region, action: `finding a task of ${name} to open a shell in` });
  }
}

/** The first running task whose exec agent runs, and its main (or the named) container. */
export function chooseExecTarget(tasks: readonly Task[], container?: string): ExecTarget | { problem: string; fix: string } {
  const running = tasks.filter((task) => task.lastStatus === "RUNNING");
  if (running.length === 0) {
    return { problem: "no running task", fix: "see why: `npm run ops -- status`" };
  }
  const execReady = running.filter((task) => task.enableExecuteCommand);
  if (execReady.length === 0) {
    return {
      problem: "its running tasks started before Exec was enabled",
      fix: "start new tasks: `aws ecs update-service --force-new-deployment` (or deploy again)",
    };
  }
  for (const task of execReady) {
    const candidates = (task.containers ?? []).filter((candidate) => (container ? candidate.name === container : true));
    for (const candidate of candidates) {
      const agent = candidate.managedAgents?.find((managed) => managed.name === "ExecuteCommandAgent");
      if (candidate.lastStatus === "RUNNING" && agent?.lastStatus === "RUNNING" && candidate.runtimeId && candidate.name && task.taskArn) {
        return {
          taskArn: task.taskArn,
          taskId: task.taskArn.split("/").pop() ?? task.taskArn,
          container: candidate.name,
          runtimeId: candidate.runtimeId,
        };
      }
    }
  }
  const names = [...new Set(execReady.flatMap((task) => (task.containers ?? []).map((candidate) => candidate.name ?? "?")))];
  if (container && !names.includes(container)) {
    return { problem: `no container named ${container}`, fix: `use --container with one of: ${names.join(", ")}` };
  }
  return {
    problem: "the ECS Exec agent is not running in any running container",
    fix: "the task role needs the ssmmessages permissions and the task must reach SSM (NAT or VPC endpoints); see the task's managed agent status in the console",
  };
}

/** Opens the session as the AWS CLI does: ExecuteCommand, then the plugin attaches the terminal to the returned stream. */
export async function openShell(
  deployment: Deployment,
  clients: AwsClients,
  target: ExecTarget,
  command: string,
  run: typeof spawnSync = spawnSync,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let session;
  try {
    const response = await clients.ecs.send(
      new ExecuteCommandCommand({
        cluster: deployment.clusterName,
        task: target.taskArn,
        container: target.container,
        command,
        interactive: true,
      }),
    );
    session = response.session;
  } catch (error) {
    throw explainAwsError(error, { region: deployment.region, action: `starting ECS Exec in ${target.taskId}/${target.container}` });
  }
  if (!session) throw new OpsError("ECS returned no session", "try again; `npm run ops -- status` shows whether the task still runs");
  const endpoint = env.AWS_ENDPOINT_URL_ECS ?? env.AWS_ENDPOINT_URL ?? `https://ecs.${deployment.region}.amazonaws.com`;
  // The arguments the AWS CLI's `ecs execute-command` hands the plugin: session, region, operation, profile, target, endpoint.
  const ssmTarget = { Target: `ecs:${deployment.clusterName}_${target.taskId}_${target.runtimeId}` };
  const result = run(
    PLUGIN,
    [JSON.stringify(session), deployment.region, "StartSession", env.AWS_PROFILE ?? "", JSON.stringify(ssmTarget), endpoint],
    {
      stdio: "inherit",
    },
  );
  if (result.error) throw new OpsError(`${PLUGIN} could not start: ${result.error.message}`, PLUGIN_INSTALL);
  return result.status ?? 1;
}
