import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  RegisterTaskDefinitionCommandInput,
  Service,
  TaskDefinition,
  Tag,
  UpdateServiceCommand,
  waitUntilServicesStable,
} from "@aws-sdk/client-ecs";
import { AwsClients } from "./clients";
import { explainAwsError, OpsError } from "./errors";
import { Deployment } from "./outputs";
import { formatDuration, Progress } from "./progress";
import { shortTaskDefinition } from "./status-collect";

export interface RollbackPlan {
  readonly service: string;
  readonly ecsName: string;
  readonly current: string;
  /** The revision to run; when it was deregistered, its definition is registered again as a new revision. */
  readonly target: TaskDefinition;
  readonly reregister: boolean;
}

/** `family:7` of a task definition ARN or short name. */
export function parseRevision(taskDefinition: string): { family: string; revision: number } {
  const match = /(?:task-definition\/)?([^/:]+):(\d+)$/.exec(taskDefinition);
  if (!match) throw new OpsError(`cannot read a revision from the task definition "${taskDefinition}"`, "roll back with --to REVISION");
  return { family: match[1], revision: Number(match[2]) };
}

/**
 * The revision just below the running one, ACTIVE ones first. Terraform deregisters a revision when it registers the
 * next, so after a `cdktf deploy` the previous one is usually INACTIVE: ECS still describes it but no longer lets a
 * service use it, so it is registered again as a new revision with the same content.
 */
export async function planRollback(
  deployment: Deployment,
  clients: AwsClients,
  serviceName: string,
  toRevision?: number,
): Promise<RollbackPlan> {
  const [[name, ecsName]] = deployment.resolveServices(serviceName);
  const service = await describeService(deployment, clients, ecsName);
  if (!service.taskDefinition) throw new OpsError(`service ${name} has no task definition`, "deploy the app stack: `npx cdktf deploy app`");
  const { family, revision } = parseRevision(service.taskDefinition);
  let targetRevision = toRevision;
  if (targetRevision === revision) {
    throw new OpsError(
      `service ${name} already runs ${family}:${revision}`,
      "name another revision with --to, or leave --to out for the previous one",
      2,
    );
  }
  if (targetRevision === undefined) {
    const below = async (status: "ACTIVE" | "INACTIVE") =>
      (await listRevisions(clients, family, status)).filter((candidate) => candidate < revision).sort((a, b) => b - a)[0];
    targetRevision = (await below("ACTIVE")) ?? (await below("INACTIVE"));
    if (targetRevision === undefined) {
      throw new OpsError(
        `service ${name} runs ${family}:${revision} and no earlier revision exists`,
        "there is nothing to roll back to; fix the configuration and deploy: `npx cdktf deploy app`",
      );
    }
  }
  let target: TaskDefinition | undefined;
  let tags: Tag[] | undefined;
  try {
    const response = await clients.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: `${family}:${targetRevision}`, include: ["TAGS"] }),
    );
    target = response.taskDefinition;
    tags = response.tags;
  } catch (error) {
    if ((error as { name?: string }).name === "ClientException") {
      throw new OpsError(
        `task definition ${family}:${targetRevision} does not exist`,
        `list the revisions: \`aws ecs list-task-definitions --family-prefix ${family}\``,
        2,
      );
    }
    throw explainAwsError(error, { region: deployment.region, action: `reading task definition ${family}:${targetRevision}` });
  }
  if (!target) throw new OpsError(`task definition ${family}:${targetRevision} does not exist`, "name an existing revision with --to");
  return {
    service: name,
    ecsName,
    current: `${family}:${revision}`,
    target: { ...target, ...(tags?.length ? { tags } : {}) },
    reregister: target.status !== "ACTIVE",
  };
}

async function listRevisions(clients: AwsClients, family: string, status: "ACTIVE" | "INACTIVE"): Promise<number[]> {
  const revisions: number[] = [];
  let nextToken: string | undefined;
  do {
    const response = await clients.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status, sort: "DESC", nextToken }));
    for (const arn of response.taskDefinitionArns ?? []) {
      const parsed = parseRevision(arn);
      if (parsed.family === family) revisions.push(parsed.revision);
    }
    nextToken = response.nextToken;
  } while (nextToken);
  return revisions;
}

async function describeService(deployment: Deployment, clients: AwsClients, ecsName: string): Promise<Service> {
  try {
    const response = await clients.ecs.send(new DescribeServicesCommand({ cluster: deployment.clusterName, services: [ecsName] }));
    const service = response.services?.find((candidate) => candidate.serviceName === ecsName && candidate.status !== "INACTIVE");
    if (!service)
      throw new OpsError(
        `no active ECS service ${ecsName} in cluster ${deployment.clusterName}`,
        "deploy the app stack: `npx cdktf deploy app`",
      );
    return service;
  } catch (error) {
    throw explainAwsError(error, { region: deployment.region, action: `describing service ${ecsName}` });
  }
}

/** The RegisterTaskDefinition input that recreates a described revision (read-only fields left out). */
export function registrationOf(definition: TaskDefinition & { tags?: Tag[] }): RegisterTaskDefinitionCommandInput {
  if (!definition.family || !definition.containerDefinitions)
    throw new OpsError("the task definition to restore has no family or containers", "roll back with --to REVISION");
  return {
    family: definition.family,
    taskRoleArn: definition.taskRoleArn,
    executionRoleArn: definition.executionRoleArn,
    networkMode: definition.networkMode,
    containerDefinitions: definition.containerDefinitions,
    volumes: definition.volumes,
    placementConstraints: definition.placementConstraints,
    requiresCompatibilities: definition.requiresCompatibilities,
    cpu: definition.cpu,
    memory: definition.memory,
    pidMode: definition.pidMode,
    ipcMode: definition.ipcMode,
    proxyConfiguration: definition.proxyConfiguration,
    inferenceAccelerators: definition.inferenceAccelerators,
    ephemeralStorage: definition.ephemeralStorage,
    runtimePlatform: definition.runtimePlatform,
    enableFaultInjection: definition.enableFaultInjection,
    tags: definition.tags?.length ? definition.tags : undefined,
  };
}

export function describePlan(plan: RollbackPlan): string {
  const target = `${plan.target.family}:${plan.target.revision}`;
  const images = (plan.target.containerDefinitions ?? []).map((container) => `${container.name}=${container.image}`).join(", ");
  return [
    `rollback ${plan.service} (${plan.ecsName}): ${plan.current} → ${target}${plan.reregister ? ` (deregistered: its definition is registered again as a new revision)` : ""}`,
    `  images of ${target}: ${images || "?"}`,
  ].join("\n");
}

/**
 * Points the service at the previous revision and waits (the SDK's services-stable waiter) until its tasks run
 * and older deployments are gone. Returns the revision now running.
 */
export async function executeRollback(
  deployment: Deployment,
  clients: AwsClients,
  plan: RollbackPlan,
  options: { wait: boolean; timeoutMs: number; progress: Progress; pollMs?: number },
): Promise<string> {
  const { progress } = options;
  let taskDefinitionArn = plan.target.taskDefinitionArn;
  try {
    if (plan.reregister) {
      progress.start(`registering ${plan.target.family}:${plan.target.revision}'s definition again`);
      const { taskDefinition } = await clients.ecs.send(new RegisterTaskDefinitionCommand(registrationOf(plan.target)));
      taskDefinitionArn = taskDefinition?.taskDefinitionArn;
      progress.succeed(
        `registered ${shortTaskDefinition(taskDefinitionArn)} with ${plan.target.family}:${plan.target.revision}'s definition`,
      );
    }
    progress.start(`updating service ${plan.service} to ${shortTaskDefinition(taskDefinitionArn)}`);
    await clients.ecs.send(
      new UpdateServiceCommand({ cluster: deployment.clusterName, service: plan.ecsName, taskDefinition: taskDefinitionArn }),
    );
    progress.succeed(`service ${plan.service} now deploys ${shortTaskDefinition(taskDefinitionArn)}`);
  } catch (error) {
    progress.fail();
    throw explainAwsError(error, { region: deployment.region, action: `rolling back ${plan.service}` });
  }
  const running = shortTaskDefinition(taskDefinitionArn);
  if (!options.wait) return running;

  progress.start(`waiting for ${plan.service} to reach a steady state on ${running}`);
  const abort = new AbortController();
  const watcher = watchCounts(deployment, clients, plan.ecsName, progress, running, abort.signal, options.pollMs ?? 15_000);
  try {
    // The waiter refuses a maximum wait not above its minimum delay.
    const maxWaitTime = Math.max(2, Math.ceil(options.timeoutMs / 1000));
    await waitUntilServicesStable(
      { client: clients.ecs, maxWaitTime, minDelay: Math.min(5, maxWaitTime - 1), maxDelay: 30 },
      { cluster: deployment.clusterName, services: [plan.ecsName] },
    );
    progress.succeed(`${plan.service} is steady on ${running}`);
    return running;
  } catch (error) {
    progress.fail(`${plan.service} did not reach a steady state on ${running}`);
    const waiterState = (error as { state?: string; name?: string }).state ?? (error as { name?: string }).name;
    if (waiterState === "TIMEOUT" || waiterState === "TimeoutError") {
      throw new OpsError(
        `${plan.service} did not reach a steady state within ${formatDuration(options.timeoutMs)}`,
        `see why: \`npm run ops -- status\`; the rollback deployment continues in the background (the circuit breaker stops it if its tasks fail)`,
      );
    }
    throw explainAwsError(error, { region: deployment.region, action: `waiting for ${plan.service}` });
  } finally {
    abort.abort();
    await watcher;
  }
}

/** Shows running/desired counts of the rolling deployment while the waiter waits. */
async function watchCounts(
  deployment: Deployment,
  clients: AwsClients,
  ecsName: string,
  progress: Progress,
  running: string,
  signal: AbortSignal,
  pollMs: number,
): Promise<void> {
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
    if (signal.aborted) return;
    try {
      const response = await clients.ecs.send(new DescribeServicesCommand({ cluster: deployment.clusterName, services: [ecsName] }));
      const service = response.services?.[0];
      const primary = service?.deployments?.find((candidate) => candidate.status === "PRIMARY");
      progress.update(
        `waiting for steady state on ${running}: ${primary?.runningCount ?? 0}/${primary?.desiredCount ?? 0} new tasks running, ${(service?.deployments?.length ?? 1) - 1} old deployment(s) draining`,
      );
    } catch {
      // The waiter reports persistent failures; a missed progress update is harmless.
    }
  }
}
