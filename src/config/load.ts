import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DeploymentConfig, resolveConfig } from "./deployment-config";
import { configSchema } from "./schema";

/** The environment variable naming the configuration file (JSON or YAML). */
export const CONFIG_ENV_VAR = "MCP_GATEWAY_CONFIG";
export const EXAMPLE_CONFIG_PATH = join(__dirname, "..", "..", "config", "example.yaml");

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.length} problem(s)\n${problems.map((line) => `  - ${line}`).join("\n")}`);
  }
}

export interface LoadedConfig {
  readonly config: DeploymentConfig;
  /** Shown to the user when the built-in example is used. */
  readonly notice?: string;
}

/** Reads the file named by MCP_GATEWAY_CONFIG, or the built-in example when it is unset. Throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv): LoadedConfig {
  const named = env[CONFIG_ENV_VAR];
  const path = named ? resolve(named) : EXAMPLE_CONFIG_PATH;
  const notice = named
    ? undefined
    : `${CONFIG_ENV_VAR} is not set: using the built-in example configuration (config/example.yaml).`;
  if (!existsSync(path)) {
    throw new ConfigError(named ?? path, [`file not found; set ${CONFIG_ENV_VAR} to an existing JSON or YAML file`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8"), { prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(named ?? path, [`not valid JSON or YAML: ${message}`]);
  }
  return { config: parseConfig(raw, dirname(path), named ?? "config/example.yaml"), notice };
}

/** Validates raw configuration data; relative paths in it resolve against `baseDirectory`. Throws ConfigError. */
export function parseConfig(raw: unknown, baseDirectory: string, source = "configuration"): DeploymentConfig {
  const result = configSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(source, result.error.issues.map((issue) => describeIssue(issue)));
  }
  const resolved = resolveConfig(result.data, (relative) => resolve(baseDirectory, relative));
  if (!resolved.config) {
    throw new ConfigError(
      source,
      resolved.problems.map((problem) => `${problem.path}: ${problem.message}`),
    );
  }
  return resolved.config;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  const got = "input" in issue && issue.input !== undefined ? ` (got ${JSON.stringify(issue.input)})` : "";
  switch (issue.code) {
    case "unrecognized_keys":
      return `${path}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}; allowed keys: ${allowedKeys(issue.path).join(", ")}`;
    case "invalid_type":
      if (issue.input === undefined) return `${path}: is missing; add it (${issue.expected}), as in config/example.yaml`;
      return `${path}: expected ${issue.expected}${got}`;
    case "invalid_value":
      return `${path}: ${JSON.stringify(issue.input)} is not allowed; use one of: ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "invalid_union": {
      const literals = issue.errors.flat().flatMap((inner) => (inner.code === "invalid_value" ? inner.values : []));
      if (literals.length > 0) {
        return `${path}: ${JSON.stringify(issue.input)} is not allowed; use one of: ${literals.map((value) => JSON.stringify(value)).join(", ")}`;
      }
      return `${path}: ${issue.message}${got}`;
    }
    case "too_small":
    case "too_big":
      return `${path}: ${issue.message.replace(/^Too (small|big): expected \w+ to (have |be )?/, "must be ")}${got}`;
    case "custom":
      // Refinements of a single value carry it as input; refinements of a whole section name values in their message.
      return issue.input === undefined || typeof issue.input === "object"
        ? `${path}: ${issue.message}`
        : `${path}: ${JSON.stringify(issue.input)} ${issue.message}`;
    default:
      return `${path}: ${issue.message}${got}`;
  }
}

/** The keys the schema accepts at a path, for "unknown key" messages. */
function allowedKeys(path: PropertyKey[]): string[] {
  let schema: z.core.$ZodType = configSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    const shape = (schema as unknown as { shape?: Record<string, z.core.$ZodType> }).shape;
    if (!shape || typeof segment !== "string" || !(segment in shape)) return [];
    schema = shape[segment];
  }
  const shape = (unwrap(schema) as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType; schema?: z.core.$ZodType };
    const next = def.innerType ?? def.in ?? def.schema;
    if (!next) return current;
    current = next;
  }
}
