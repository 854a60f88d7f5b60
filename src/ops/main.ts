import path from "node:path";
import { COMMANDS, Command, parseArguments, resolveTime, USAGE } from "./args";
import { AwsClients } from "./clients";
import { credentialEntries, formatCredentials, readCredentials, selectCredentials } from "./credentials";
import { OpsError, UsageError } from "./errors";
import { fetchLogs, followLogs, formatLogLine, resolveLogGroups } from "./logs";
import { Deployment, loadOutputs } from "./outputs";
import { interactive, Progress, ProgressStream } from "./progress";
import { describePlan, executeRollback, planRollback } from "./rollback";
import { findExecTarget, openShell, pluginAvailable } from "./shell";
import { formatRegister, planRegister, runRegister } from "./register";
import { nodeNetwork, SmokeNetwork } from "./network";
import { formatSmoke, planSmoke, runSmoke, secretReader } from "./smoke";
import { collectStatus } from "./status-collect";
import { diagnose } from "./status-diagnose";
import { formatStatus } from "./status-format";

export interface OpsIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborts `logs --follow` (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** What `smoke` and `register` talk to; node's DNS, TLS and HTTPS unless a test records answers. */
  readonly network?: SmokeNetwork;
}

/** Exit codes: 0 done (status: healthy; smoke: every check passed; register: no server failed), 1 failed, 2 bad usage, 3 status found something unhealthy or a smoke check failed. */
export const EXIT_UNHEALTHY = 3;

export async function run(argv: readonly string[], io: OpsIo): Promise<number> {
  try {
    const { command, outputsFiles } = parseArguments(argv, io.env);
    if (command.name === "help") {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    // npm runs scripts in the project root; relative --outputs paths mean the directory the user typed them in.
    const typedIn = io.env.INIT_CWD ?? io.cwd;
    const deployment = new Deployment(loadOutputs({ files: outputsFiles.map((file) => path.resolve(typedIn, file)), projectDir: io.cwd }));
    const clients = new AwsClients(deployment.region);
    const progress = new Progress(io.stderr, interactive(io.stderr, io.env));
    const envRegion = io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
    if (envRegion && envRegion !== deployment.region) {
      io.stderr.write(`note: using the stack's region ${deployment.region} (AWS_REGION says ${envRegion})\n`);
    }
    return await dispatch(command, deployment, clients, progress, io);
  } catch (error) {
    return report(error, io.stderr);
  }
}

async function dispatch(
  command: Exclude<Command, { name: "help" }>,
  deployment: Deployment,
  clients: AwsClients,
  progress: Progress,
  io: OpsIo,
): Promise<number> {
  switch (command.name) {
    case "status": {
      progress.start(`reading services, databases and certificates of ${deployment.clusterName} in ${deployment.region}`);
      const snapshot = await collectStatus(deployment, clients, { events: command.events }).catch((error) => {
        progress.fail();
        throw error;
      });
      progress.succeed(
        `read ${snapshot.services.length} services, ${snapshot.databases.filter((database) => database.identifier).length} databases, ${snapshot.certificates.filter((certificate) => certificate.arn).length} certificates`,
      );
      const now = new Date();
      const findings = diagnose(snapshot, now);
      io.stdout.write(`${formatStatus(snapshot, findings, { events: command.events, now })}\n`);
      return findings.some((finding) => finding.severity === "error") ? EXIT_UNHEALTHY : 0;
    }
    case "logs": {
      const services = deployment.resolveServices(command.service);
      const now = Date.now();
      const query = {
        startTime: resolveTime(command.since, now),
        endTime: command.until && resolveTime(command.until, now),
        filter: command.filter,
      };
      if (query.endTime !== undefined && query.endTime <= query.startTime) {
        throw new OpsError(
          `logs: --until (${new Date(query.endTime).toISOString()}) is not after --since (${new Date(query.startTime).toISOString()})`,
          "swap them, or widen the window",
          2,
        );
      }
      progress.start(`finding the log groups of ${command.service === "all" ? "every service" : command.service}`);
      const groups = await resolveLogGroups(deployment, clients, services).catch((error) => {
        progress.fail();
        throw error;
      });
      progress.succeed(`reading ${groups.map((group) => group.logGroupName).join(", ")}`);
      const width = Math.max(...services.map(([name]) => name.length));
      const { lines, truncated } = await fetchLogs(clients, groups, query, command.limit);
      if (truncated) io.stderr.write(`(showing the newest ${command.limit} events; narrow with --since or --filter, or raise --limit)\n`);
      for (const line of lines) io.stdout.write(`${formatLogLine(line, width)}\n`);
      if (lines.length === 0) {
        const window = `since ${new Date(query.startTime).toISOString()}${query.endTime !== undefined ? ` until ${new Date(query.endTime).toISOString()}` : ""}`;
        io.stderr.write(`no log events ${window}${command.filter ? ` matching ${command.filter}` : ""}\n`);
      }
      if (command.follow) {
        io.stderr.write("following; Ctrl-C stops\n");
        await followLogs(clients, groups, query, lines, (line) => io.stdout.write(`${formatLogLine(line, width)}\n`), {
          signal: io.signal ?? new AbortController().signal,
          intervalMs: 2000,
        });
      }
      return 0;
    }
    case "shell": {
      progress.start(`finding a running task of ${command.service} with ECS Exec`);
      const target = await findExecTarget(deployment, clients, {
        service: command.service,
        container: command.container,
        task: command.task,
        pluginPresent: pluginAvailable(),
      }).catch((error) => {
        progress.fail();
        throw error;
      });
      progress.succeed(`opening ${command.command} in task ${target.taskId}, container ${target.container}`);
      return openShell(deployment, clients, target, command.command);
    }
    case "credentials": {
      const entries = selectCredentials(credentialEntries(deployment), command.only);
      progress.start(`describing ${entries.length} secrets`);
      const details = await readCredentials(deployment, clients, entries, command.showValues).catch((error) => {
        progress.fail();
        throw error;
      });
      progress.succeed(`described ${details.length} secrets`);
      io.stdout.write(`${formatCredentials(details, deployment.region, command.showValues)}\n`);
      return 0;
    }
    case "smoke": {
      const plan = planSmoke(deployment, command);
      progress.start(`checking ${plan.registry.base} and ${plan.keycloak.base}`);
      const results = await runSmoke(plan, {
        network: io.network ?? nodeNetwork({ timeoutMs: command.timeoutMs }),
        readSecret: secretReader(deployment, clients),
        now: new Date(),
      }).catch((error) => {
        progress.fail();
        throw error;
      });
      const failed = results.filter((result) => result.status === "FAIL").length;
      if (failed > 0) progress.fail();
      else progress.succeed(`${results.length} checks`);
      io.stdout.write(`${formatSmoke(plan, results)}\n`);
      return failed > 0 ? EXIT_UNHEALTHY : 0;
    }
    case "register": {
      const plan = planRegister(deployment, command);
      progress.start(`${plan.dryRun ? "comparing" : "registering"} ${plan.servers.length} MCP servers with ${plan.registry.base}`);
      const results = await runRegister(plan, {
        network: io.network ?? nodeNetwork({ timeoutMs: command.timeoutMs }),
        readSecret: secretReader(deployment, clients, "reading the registration client's secret"),
      }).catch((error) => {
        progress.fail();
        throw error;
      });
      const failed = results.filter((result) => result.action === "failed").length;
      if (failed > 0) progress.fail();
      else progress.succeed(`${results.length} servers`);
      io.stdout.write(`${formatRegister(plan, results)}\n`);
      return failed > 0 ? 1 : 0;
    }
    case "rollback": {
      progress.start(`finding the revision before ${command.service}'s current one`);
      const plan = await planRollback(deployment, clients, command.service, command.toRevision).catch((error) => {
        progress.fail();
        throw error;
      });
      progress.succeed(`found ${plan.target.family}:${plan.target.revision}`);
      io.stdout.write(`${describePlan(plan)}\n`);
      if (command.dryRun) {
        io.stdout.write("dry run: nothing changed\n");
        return 0;
      }
      const running = await executeRollback(deployment, clients, plan, { wait: command.wait, timeoutMs: command.timeoutMs, progress });
      io.stdout.write(
        `${plan.service} runs ${running}. Terraform still records ${plan.current}: the next \`npx cdktf deploy app\` deploys the configured revision again, so fix the configuration (e.g. pin the previous image) before then.\n`,
      );
      return 0;
    }
  }
}

function report(error: unknown, stderr: ProgressStream): number {
  if (error instanceof UsageError) {
    for (const problem of error.problems) stderr.write(`error: ${problem}\n`);
    stderr.write(`commands: ${COMMANDS.join(", ")}; see \`npm run ops -- help\`\n`);
    return error.exitCode;
  }
  if (error instanceof OpsError) {
    stderr.write(`error: ${error.message}\n  fix: ${error.fix}\n`);
    return error.exitCode;
  }
  stderr.write(
    `error: ${(error as Error)?.message ?? String(error)}\n  fix: this is unexpected; run again with NODE_DEBUG=ops for details and report it\n`,
  );
  if ((process.env.NODE_DEBUG ?? "").includes("ops")) stderr.write(`${(error as Error)?.stack}\n`);
  return 1;
}

if (require.main === module) {
  const abort = new AbortController();
  // Ctrl-C ends `logs --follow` cleanly; anything else still waiting (a rollback's waiter) stops shortly after.
  process.once("SIGINT", () => {
    abort.abort();
    setTimeout(() => process.exit(130), 500).unref();
  });
  void run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: abort.signal,
  }).then((code) => {
    process.exitCode = code;
  });
}
