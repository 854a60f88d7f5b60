import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { parse as parseYaml } from "yaml";
import { DeploymentConfig } from "../src/config/deployment-config";
import { ConfigError, EXAMPLE_CONFIG_PATH, parseConfig } from "../src/config/load";
import { runApp } from "../src/cli/app-command";
import { composeDeployment } from "../src/stacks/deployment";

export type Json = Record<string, any>;

let parsedExample: { readonly text: string; readonly raw: Json } | undefined;

/** The built-in example configuration as raw data, for tests to modify: a fresh copy each call, parsed again when the file changes. */
export function exampleRawConfig(): Json {
  const text = readFileSync(EXAMPLE_CONFIG_PATH, "utf8");
  if (parsedExample?.text !== text) parsedExample = { text, raw: parseYaml(text) };
  return structuredClone(parsedExample.raw);
}

/** The example with Keycloak's database on one RDS for PostgreSQL instance: its Aurora-only settings removed, `database` merged in. */
export function instanceRawConfig(database: Json = {}): Json {
  const raw = exampleRawConfig();
  for (const auroraOnly of ["minAcu", "maxAcu", "reader"]) delete raw.database[auroraOnly];
  raw.database = { ...raw.database, engine: "postgres-instance", ...database };
  return raw;
}

/** The example with every optional service enabled, so tests see the whole deployment. */
export function fullRawConfig(): Json {
  const raw = exampleRawConfig();
  const image = (name: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}:1.0.0`;
  for (const name of ["currenttime", "realserverfaketools", "flight-booking-agent", "travel-assistant-agent", "metrics-service"]) {
    raw.services[name] = { image: image(name) };
  }
  raw.observability.alarmEmail = "oncall@mycorp.example";
  return raw;
}

/** Relative paths in the configuration (build contexts) resolve against `baseDirectory`. */
export function configFrom(raw: Json, baseDirectory = process.cwd()): DeploymentConfig {
  return parseConfig(raw, baseDirectory, "test configuration");
}

/** The problems the loader reports for a raw configuration, one line each: none when it is valid. */
export function configProblems(raw: Json): string[] {
  try {
    configFrom(raw);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

export interface SynthesizedStacks {
  readonly certs: Json;
  readonly app: Json;
}

/** Synthesizes both stacks as `cdktf synth` does (cross-stack references resolved) and parses the JSON. */
export function synthStacks(raw: Json = exampleRawConfig()): SynthesizedStacks {
  const output = synthesizedOnce(raw);
  return { certs: JSON.parse(output.certs), app: JSON.parse(output.app) };
}

/** Both stacks and the manifest (stack dependencies, working directories). */
export function synthWithManifest(raw: Json = exampleRawConfig()): SynthesizedStacks & { readonly manifest: Json } {
  const output = synthesizedOnce(raw);
  return { certs: JSON.parse(output.certs), app: JSON.parse(output.app), manifest: JSON.parse(output.manifest) };
}

interface SynthesizedFiles {
  readonly certs: string;
  readonly app: string;
  readonly manifest: string;
}

/** Environment variable naming this jest run's directory of synthesized configurations (see __tests__/global-setup.js). */
export const SYNTH_CACHE_ENV_VAR = "MCP_GATEWAY_TEST_SYNTH_CACHE";
const synthesizedInThisFile = new Map<string, SynthesizedFiles>();

/**
 * Most tests read one of a few configurations, and a synth of the full app costs about a second of CPU, so each
 * distinct configuration (with the directory its relative paths resolve against) is synthesized once per jest run:
 * kept in memory for the test file, and in the run's cache directory for the other test files and workers. Callers
 * get freshly parsed JSON, so no test sees another's changes. Tests of synthesis itself (determinism, output
 * directories) call synthToDirectory, which always synthesizes.
 */
function synthesizedOnce(raw: Json): SynthesizedFiles {
  const key = createHash("sha256")
    .update(JSON.stringify({ raw, configDirectory: process.cwd() }))
    .digest("hex");
  const remembered = synthesizedInThisFile.get(key);
  if (remembered) return remembered;
  const runCache = process.env[SYNTH_CACHE_ENV_VAR];
  const cached = runCache && join(runCache, `${key}.json`);
  let files: SynthesizedFiles;
  if (cached && existsSync(cached)) {
    files = JSON.parse(readFileSync(cached, "utf8"));
  } else {
    const outdir = synthToDirectory(raw);
    const read = (path: string) => readFileSync(join(outdir, path), "utf8");
    files = { certs: read("stacks/certs/cdk.tf.json"), app: read("stacks/app/cdk.tf.json"), manifest: read("manifest.json") };
    if (cached) {
      writeFileSync(`${cached}.${process.pid}`, JSON.stringify(files));
      renameSync(`${cached}.${process.pid}`, cached);
    }
  }
  synthesizedInThisFile.set(key, files);
  return files;
}

export interface SynthOptions {
  /** Output directory (default: a fresh temporary one). */
  readonly outdir?: string;
  /** Directory relative paths in the configuration resolve against, as if the configuration file were there. */
  readonly configDirectory?: string;
}

/** Synthesizes the way `cdktf synth` does, into a fresh directory; returns that directory. */
export function synthToDirectory(raw: Json = exampleRawConfig(), options: SynthOptions = {}): string {
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), "mcp-gateway-synth-"));
  const config = configFrom(raw, options.configDirectory);
  const app = new App({ outdir });
  composeDeployment(app, config);
  app.synth();
  return outdir;
}

export interface AppRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The output directory the run was given (CDKTF_OUTDIR), in a fresh temporary directory: absent unless it wrote. */
  readonly outdir: string;
}

/**
 * Runs the app as main.ts runs it (src/cli/app-command.ts) in this process, with the output directory in a fresh
 * temporary directory, and collects what it writes to stdout and stderr. A variable given as undefined is unset for
 * the app (MCP_GATEWAY_CONFIG: undefined means the built-in example). Tests of what only a separate process shows
 * (an uncaught error's stack trace, Node's own warnings, npm's working directory) start main.ts instead.
 */
export function runAppHere(args: readonly string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): AppRun {
  const { outdir, appEnv } = appEnvironment(env);
  const written = { stdout: "", stderr: "" };
  const status = runApp(args, {
    env: appEnv,
    cwd,
    stdout: { write: (text: string) => (written.stdout += text) },
    stderr: { write: (text: string) => (written.stderr += text) },
  });
  return { status, ...written, outdir };
}

/** main.ts started as cdktf starts it, in a process of its own; the same arguments and result as runAppHere. */
export function startApp(args: readonly string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): AppRun {
  const { outdir, appEnv } = appEnvironment(env);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "..", "main.ts"), ...args], {
    cwd,
    env: appEnv,
    encoding: "utf8",
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, outdir };
}

function appEnvironment(env: NodeJS.ProcessEnv): { outdir: string; appEnv: NodeJS.ProcessEnv } {
  const outdir = join(mkdtempSync(join(tmpdir(), "mcp-gateway-app-out-")), "cdktf.out");
  const appEnv: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: "", npm_package_json: "", ...env, CDKTF_OUTDIR: outdir };
  for (const [name, value] of Object.entries(appEnv)) if (value === undefined) delete appEnv[name];
  return { outdir, appEnv };
}

/** All resources of a type, keyed by name. */
export function resources(stack: Json, type: string): Record<string, Json> {
  return stack.resource?.[type] ?? {};
}

export function resourceList(stack: Json, type: string): Json[] {
  return Object.values(resources(stack, type));
}

/** Every `type.name` address in a stack, data sources prefixed with `data.`, sorted. */
export function addresses(stack: Json): string[] {
  const list: string[] = [];
  for (const [type, byName] of Object.entries<Json>(stack.resource ?? {})) {
    for (const name of Object.keys(byName)) list.push(`${type}.${name}`);
  }
  for (const [type, byName] of Object.entries<Json>(stack.data ?? {})) {
    for (const name of Object.keys(byName)) list.push(`data.${type}.${name}`);
  }
  return list.sort();
}

/** A Terraform reference expression to an attribute of a resource address. */
export function ref(address: string, attribute: string): string {
  return `\${${address}.${attribute}}`;
}

/** The container definitions of a service's task definition, parsed. */
export function containerDefinitions(stack: Json, service: string): Json[] {
  const taskDefinition = resources(stack, "aws_ecs_task_definition")[`${service.replace(/-/g, "_")}_task_definition`];
  if (!taskDefinition) throw new Error(`no task definition for ${service}`);
  return JSON.parse(taskDefinition.container_definitions);
}

/** A service's main container definition. */
export function mainContainer(stack: Json, service: string): Json {
  return containerDefinitions(stack, service)[0];
}

/** Environment of a container definition as a plain object. */
export function environmentOf(container: Json): Record<string, string> {
  return Object.fromEntries((container.environment ?? []).map((entry: Json) => [entry.name, entry.value]));
}

/** Secrets of a container definition: variable name → valueFrom. */
export function secretsOf(container: Json): Record<string, string> {
  return Object.fromEntries((container.secrets ?? []).map((entry: Json) => [entry.name, entry.valueFrom]));
}

/** Every IAM role policy of a stack, parsed, keyed by resource name. */
export function rolePolicies(stack: Json): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(resources(stack, "aws_iam_role_policy")).map(([name, policy]) => [name, JSON.parse(policy.policy)]),
  );
}
