import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { OpsError } from "./errors";

/** The stacks whose outputs the tool reads; `app` is required, `certs` adds certificate status. */
export const STACKS = ["app", "certs"] as const;
export type StackName = (typeof STACKS)[number];

export type OutputValue = string | number | boolean | string[] | Record<string, string>;

/** Stack outputs by stack, plus where they were read from (for the status header and error messages). */
export interface StackOutputs {
  readonly stacks: Partial<Record<StackName, Readonly<Record<string, OutputValue>>>>;
  readonly source: string;
}

/**
 * Reads outputs from files given with `--outputs` (or MCP_GATEWAY_OUTPUTS), else from `terraform output -json` in each
 * synthesized stack directory `cdktf.out/stacks/<stack>` (what `cdktf deploy` left behind, any backend).
 */
export function loadOutputs(options: { files: readonly string[]; projectDir: string; terraform?: TerraformOutputReader }): StackOutputs {
  if (options.files.length > 0) {
    const stacks: Partial<Record<StackName, Record<string, OutputValue>>> = {};
    for (const file of options.files) {
      for (const [stack, values] of Object.entries(parseOutputsFile(file))) {
        stacks[stack as StackName] = { ...stacks[stack as StackName], ...values };
      }
    }
    requireAppOutputs(stacks, options.files.join(", "));
    return { stacks, source: options.files.join(", ") };
  }
  const read = options.terraform ?? terraformOutput;
  const stacks: Partial<Record<StackName, Record<string, OutputValue>>> = {};
  for (const stack of STACKS) {
    const directory = path.join(options.projectDir, "cdktf.out", "stacks", stack);
    if (!existsSync(path.join(directory, "cdk.tf.json"))) continue;
    const values = read(directory);
    if (values) stacks[stack] = unwrapTerraformOutputs(values);
  }
  if (!existsSync(path.join(options.projectDir, "cdktf.out", "stacks", "app", "cdk.tf.json"))) {
    throw new OpsError(
      `${path.join(options.projectDir, "cdktf.out", "stacks", "app")} holds no synthesized app stack, so its outputs cannot be read`,
      outputsFileFix,
    );
  }
  requireAppOutputs(stacks, "`terraform output -json` in cdktf.out/stacks/app");
  return { stacks, source: "terraform output (cdktf.out/stacks/{app,certs})" };
}

export type TerraformOutputReader = (stackDirectory: string) => Record<string, unknown> | undefined;

function terraformOutput(stackDirectory: string): Record<string, unknown> | undefined {
  try {
    const text = execFileSync("terraform", [`-chdir=${stackDirectory}`, "output", "-json"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    if ((error as { code?: string }).code === "ENOENT") {
      throw new OpsError("terraform is not on PATH, so the stack outputs cannot be read from state", outputsFileFix);
    }
    throw new OpsError(`terraform output failed in ${stackDirectory}${stderr ? `: ${stderr.split("\n")[0]}` : ""}`, outputsFileFix);
  }
}

const outputsFileFix =
  "deploy first (`npx cdktf deploy certs app`), or write the outputs once with `npx cdktf output app certs --outputs-file outputs.json` and pass `--outputs outputs.json`";

function requireAppOutputs(stacks: Partial<Record<StackName, Record<string, OutputValue>>>, source: string): void {
  const app = stacks.app;
  if (!app || Object.keys(app).length === 0) {
    throw new OpsError(`no outputs of the app stack in ${source}: the stack is not deployed, or not from this directory`, outputsFileFix);
  }
  const missing = ["ecs_cluster_arn", "ecs_service_names"].filter((name) => app[name] === undefined);
  if (missing.length > 0) {
    throw new OpsError(
      `the app stack's outputs in ${source} lack ${missing.join(", ")}`,
      "redeploy with this version: `npx cdktf deploy app`",
    );
  }
}

/**
 * Both shapes a user may have: `cdktf output --outputs-file` writes `{ "<stack>": { "<name>": value } }`; `terraform
 * output -json` writes `{ "<name>": { "value": ..., "type": ..., "sensitive": ... } }` (one stack, taken as app and
 * certs merged).
 */
export function parseOutputsFile(file: string): Partial<Record<StackName, Record<string, OutputValue>>> {
  if (!existsSync(file)) {
    throw new OpsError(`outputs file not found: ${path.resolve(file)}`, outputsFileFix);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new OpsError(`outputs file ${path.resolve(file)} is not JSON: ${(error as Error).message}`, outputsFileFix);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new OpsError(`outputs file ${path.resolve(file)} holds no JSON object`, outputsFileFix);
  }
  const record = parsed as Record<string, unknown>;
  const byStack = STACKS.some((stack) => isPlainObject(record[stack]) && !("value" in (record[stack] as object)));
  if (byStack) {
    const stacks: Partial<Record<StackName, Record<string, OutputValue>>> = {};
    for (const stack of STACKS) {
      if (isPlainObject(record[stack])) stacks[stack] = record[stack] as Record<string, OutputValue>;
    }
    return stacks;
  }
  const flat = unwrapTerraformOutputs(record);
  return { app: flat, certs: flat };
}

function unwrapTerraformOutputs(values: Record<string, unknown>): Record<string, OutputValue> {
  return Object.fromEntries(
    Object.entries(values).map(([name, entry]) => [name, (isPlainObject(entry) && "value" in entry ? entry.value : entry) as OutputValue]),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Typed views of the outputs the commands use; optional ones come from features a deployment may not have. */
export class Deployment {
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  /** Catalog service name → ECS service name. */
  readonly services: Readonly<Record<string, string>>;

  constructor(readonly outputs: StackOutputs) {
    const app = outputs.stacks.app ?? {};
    this.clusterArn = typeof app.ecs_cluster_arn === "string" ? app.ecs_cluster_arn : "";
    const arn = /^arn:[^:]+:ecs:([^:]+):(\d+):cluster\/(.+)$/.exec(this.clusterArn);
    if (!arn) {
      throw new OpsError(`ecs_cluster_arn is not an ECS cluster ARN: ${this.clusterArn}`, "read the outputs of a deployed app stack");
    }
    [, this.region, this.accountId, this.clusterName] = arn;
    const services = app.ecs_service_names;
    if (!isPlainObject(services) || Object.keys(services).length === 0) {
      throw new OpsError("ecs_service_names lists no service", "redeploy the app stack: `npx cdktf deploy app`");
    }
    this.services = Object.fromEntries(Object.entries(services).map(([name, value]) => [name, String(value)]));
  }

  /** A string output of either stack, or undefined when this deployment does not have it. */
  output(name: string, stack: StackName = "app"): string | undefined {
    const value = this.outputs.stacks[stack]?.[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  }

  /** Every output of both stacks, app first. */
  allOutputs(): [string, OutputValue][] {
    return STACKS.flatMap((stack) => Object.entries(this.outputs.stacks[stack] ?? {}));
  }

  /** The ECS service of a catalog service name, or every one for `all`; unknown names list the known ones. */
  resolveServices(name: string): [string, string][] {
    if (name === "all") return Object.entries(this.services);
    const ecsName = this.services[name] ?? Object.values(this.services).find((candidate) => candidate === name);
    if (!ecsName) {
      throw new OpsError(
        `no service named "${name}" in this deployment`,
        `use one of: ${Object.keys(this.services).join(", ")}${name === "" ? "" : " (or all)"}`,
        2,
      );
    }
    const catalogName = Object.entries(this.services).find(([, candidate]) => candidate === ecsName)?.[0] ?? name;
    return [[catalogName, ecsName]];
  }
}
