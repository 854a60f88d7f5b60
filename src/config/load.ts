import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, resolve } from "node:path";
import { Document, isScalar, LineCounter, parseAllDocuments, parseDocument, YAMLParseError } from "yaml";
import { CONTRACTED_SERVICES, ContractedService, newerReleaseNotice } from "../contract/app-contract";
import { DeploymentConfig, resolveConfig } from "./deployment-config";
import { documentationRangeProblems } from "./documentation-ranges";
import { ConfigProblem, describeIssue, formatProblem, SourceText } from "./problems";
import { configSchema } from "./schema";

/** The environment variable naming the configuration file (JSON or YAML). */
export const CONFIG_ENV_VAR = "MCP_GATEWAY_CONFIG";
export const EXAMPLE_CONFIG_PATH = join(__dirname, "..", "..", "config", "example.yaml");
const PROJECT_ROOT = join(__dirname, "..", "..");

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(
    readonly source: string,
    problems: readonly string[],
  ) {
    const unique = [...new Set(problems)];
    super(`${source}: ${unique.length} ${unique.length === 1 ? "problem" : "problems"}\n${unique.map((line) => `  - ${line}`).join("\n")}`);
    this.problems = unique;
  }
}

/** The whole report for the terminal: one header, then one line per problem. */
export function formatConfigError(error: ConfigError, source = error.source): string {
  const count = error.problems.length;
  return `Invalid configuration in ${source}: ${count} ${count === 1 ? "problem" : "problems"}\n${error.problems.map((line) => `  - ${line}`).join("\n")}\n`;
}

export interface LoadedConfig {
  readonly config: DeploymentConfig;
  /** The file read, as the user named it (or config/example.yaml). */
  readonly source: string;
  /** Shown to the user when the built-in example is used. */
  readonly notice?: string;
  /** Shown at synth, one line each: settings that synthesize but `npm run deploy` refuses (documentation ranges). */
  readonly warnings: readonly string[];
}

export interface LoadOptions {
  /** The check `npm run deploy` runs first (`main.ts --check --for-deploy`): what synth only warns about is refused. */
  readonly forDeploy?: boolean;
}

/**
 * The directory a relative MCP_GATEWAY_CONFIG is meant from. npm runs scripts (and so cdktf and the app) in the
 * project root and records where the user was in INIT_CWD; it counts only when this process runs in the directory
 * of the package.json npm ran, so a stale INIT_CWD inherited by a script working elsewhere is ignored.
 */
export function invocationDirectory(env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  const packageJson = env.npm_package_json;
  if (env.INIT_CWD && packageJson && resolve(dirname(packageJson)) === resolve(cwd)) return env.INIT_CWD;
  return cwd;
}

/**
 * Reads the file named by MCP_GATEWAY_CONFIG, or the built-in example when it is unset, and judges it for synth or,
 * with `forDeploy`, for a deployment. Throws ConfigError.
 */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd(), options: LoadOptions = {}): LoadedConfig {
  const loaded = readNamedConfig(env, cwd);
  const unreal = documentationRangeProblems(loaded.config);
  if (unreal.length > 0 && options.forDeploy) {
    throw new ConfigError(
      loaded.source,
      unreal.map((problem) => `${formatProblem(problem)} (npm run deploy refuses documentation ranges; synth only warns)`),
    );
  }
  return {
    ...loaded,
    warnings: unreal.map((problem) => `Warning: ${formatProblem(problem)} (synth goes ahead; npm run deploy refuses it)`),
  };
}

function readNamedConfig(env: NodeJS.ProcessEnv, cwd: string): Omit<LoadedConfig, "warnings"> {
  const named = env[CONFIG_ENV_VAR]?.trim();
  // Set but blank is a mistake (a CI variable left empty, `MCP_GATEWAY_CONFIG= npm run deploy`), not a request for the example.
  if (env[CONFIG_ENV_VAR] !== undefined && !named) {
    throw new ConfigError(CONFIG_ENV_VAR, [
      `${CONFIG_ENV_VAR}: is set but empty (${JSON.stringify(env[CONFIG_ENV_VAR])}); name your JSON or YAML file, or unset it (unset ${CONFIG_ENV_VAR}) to use the built-in example config/example.yaml`,
    ]);
  }
  if (!named) {
    const config = parseFile(EXAMPLE_CONFIG_PATH, "config/example.yaml");
    return {
      config,
      source: "config/example.yaml",
      notice: joinNotices([
        `Note: ${CONFIG_ENV_VAR} is not set, so the built-in example configuration (config/example.yaml) is used.`,
        ...releaseNotices(config),
      ]),
    };
  }
  const base = invocationDirectory(env, cwd);
  const path = isAbsolute(named) ? named : resolve(base, named);
  const where = isAbsolute(named) ? path : `${path} (${named} relative to ${base})`;
  if (!existsSync(path)) {
    const inProject = !isAbsolute(named) && base !== PROJECT_ROOT && existsSync(resolve(PROJECT_ROOT, named));
    throw new ConfigError(named, [
      `${CONFIG_ENV_VAR}: file not found: ${where}; ` +
        (inProject
          ? `the project has ${resolve(PROJECT_ROOT, named)}: give that path, or a path relative to your current directory`
          : `set ${CONFIG_ENV_VAR} to an existing JSON or YAML file (relative paths start from your current directory)`),
    ]);
  }
  if (statSync(path).isDirectory()) {
    throw new ConfigError(named, [`${CONFIG_ENV_VAR}: ${where} is a directory; name the JSON or YAML file in it`]);
  }
  const config = parseFile(path, named);
  return { config, source: named, notice: joinNotices(releaseNotices(config)) };
}

/**
 * One line per contracted service whose image is a release newer than the newest the application contract knows: it
 * is deployed, with the newest line's contract, and the user is told so on every synth.
 */
export function releaseNotices(config: DeploymentConfig): string[] {
  return config.services.flatMap((service) =>
    service.image.kind === "reference" && CONTRACTED_SERVICES.includes(service.name as ContractedService)
      ? [newerReleaseNotice(`services.${service.name}.image`, service.image.reference)].filter((notice): notice is string => !!notice)
      : [],
  );
}

function joinNotices(notices: readonly string[]): string | undefined {
  return notices.length > 0 ? notices.join("\n") : undefined;
}

function parseFile(path: string, source: string): DeploymentConfig {
  const { data, sourceText } = readConfigFile(path, source);
  return parseConfig(data, dirname(path), source, sourceText);
}

/** `.json` files are strict JSON (no trailing commas, no comments); anything else is YAML. */
function readConfigFile(path: string, source: string): { data: unknown; sourceText?: SourceText } {
  // A byte-order mark (Windows editors, PowerShell's Out-File) carries no meaning in UTF-8: it is ignored.
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new ConfigError(source, ["(top level): the file is empty; start from config/example.yaml"]);
  if (extname(path).toLowerCase() === ".json") {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(source, [`(top level): not valid JSON: ${jsonErrorText(text, error)}`]);
    }
    // JSON is YAML too: read again as YAML for what JSON.parse does not say: keys given twice (JSON.parse silently
    // keeps the last) and how a value was written. JSON that YAML cannot read (tabs in odd places) just goes without.
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: true });
    const duplicates = document.errors.filter((error) => error.code === "DUPLICATE_KEY");
    if (duplicates.length > 0)
      throw new ConfigError(
        source,
        duplicates.map((error) => duplicateKeyProblem(text, error)),
      );
    return { data, sourceText: document.errors.length === 0 ? sourceTextOf(document, text) : undefined };
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: true });
  if (!Array.isArray(documents)) throw new ConfigError(source, ["(top level): the file is empty; start from config/example.yaml"]);
  if (documents.length > 1) {
    const separators = documents.slice(1).map((document) => lineCounter.linePos(document.range[0]).line);
    throw new ConfigError(source, [
      `(top level): the file holds ${documents.length} YAML documents, but the configuration is one document: remove the ` +
        `${separators.length > 1 ? "`---` lines at lines" : "second `---` at line"} ${separators.join(", ")} ` +
        "(merge what follows into the settings above it)",
    ]);
  }
  const [document] = documents;
  const errors = document.errors;
  if (errors.length > 0) {
    const duplicates = errors.filter((error) => error.code === "DUPLICATE_KEY");
    if (duplicates.length > 0)
      throw new ConfigError(
        source,
        duplicates.map((error) => duplicateKeyProblem(text, error)),
      );
    throw new ConfigError(source, [yamlErrorText(errors[0])]);
  }
  return { data: document.toJS(), sourceText: sourceTextOf(document, text) };
}

function yamlErrorText(error: YAMLParseError): string {
  const at = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : "";
  const reason = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  return `(top level): not valid YAML${at}: ${reason}`;
}

/** A key given twice in one mapping: YAML refuses it, JSON.parse would silently keep the last value. */
function duplicateKeyProblem(text: string, error: YAMLParseError): string {
  const line = error.linePos?.[0].line;
  const rest = text.slice(error.pos[0]).split("\n")[0];
  const key = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:]*?)\s*:/.exec(rest)?.[1]?.replace(/^["']|["']$/g, "") ?? rest.trim();
  return `(top level): the key "${key}" is given twice in the same mapping${line ? ` (again at line ${line})` : ""}; keep one of them`;
}

/** The text of the value at a path as the file writes it (16.10, not the number 16.1), when it is a plain value. */
function sourceTextOf(document: Document, text: string): SourceText {
  return (path) => {
    const node = document.getIn(path, true);
    return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
  };
}

/** JSON.parse's message with a line and column instead of a character offset, and the usual cause named. */
function jsonErrorText(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  const reason = message.replace(/ in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
  if (!position) return `${reason}; check the file with a JSON validator`;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = Number(position[1]) - before.lastIndexOf("\n");
  const trailingComma = /,\s*$/.test(before) && /^[\]}]/.test(text.slice(Number(position[1])));
  return `${reason} at line ${line}, column ${column}` + (trailingComma ? "; remove the trailing comma before it (JSON allows none)" : "");
}

/** Validates raw configuration data; relative paths in it resolve against `baseDirectory`. Throws ConfigError. */
export function parseConfig(raw: unknown, baseDirectory: string, source = "configuration", sourceText?: SourceText): DeploymentConfig {
  const result = validate(raw ?? {}, (relative) => resolve(baseDirectory, relative), sourceText);
  if (!result.config) throw new ConfigError(source, result.problems.map(formatProblem));
  return result.config;
}

/** At most this many passes; each drops the values already reported so checks behind them can run. */
const VALIDATION_PASSES = 4;

/**
 * Every problem at once: zod stops at the first failing level (a section's own checks, the cross-field checks and
 * the resolution never run while a field inside is invalid), so each pass removes the fields already reported and
 * validates again. Problems found in a later pass count only outside the sections touched by the removal, since
 * those could be consequences of it (a default standing in for a removed value).
 */
function validate(
  raw: unknown,
  resolvePath: (relative: string) => string,
  sourceText?: SourceText,
): { config?: DeploymentConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const removed: (readonly PropertyKey[])[] = [];
  let current = raw;
  for (let pass = 0; pass < VALIDATION_PASSES; pass++) {
    const result = configSchema.safeParse(current, { reportInput: true });
    if (result.success) {
      const resolved = resolveConfig(result.data, resolvePath);
      const found = resolved.problems.filter((problem) => !touchedByRemoval(problem.path.split("."), removed));
      problems.push(...found);
      return problems.length === 0 && resolved.config ? { config: resolved.config, problems } : { problems: unique(problems) };
    }
    const issues = result.error.issues.filter((issue) => pass === 0 || !touchedByRemoval(issue.path, removed));
    problems.push(...issues.map((issue) => describeIssue(issue, sourceText)));
    const next = structuredClone(current);
    let changed = false;
    for (const issue of result.error.issues) {
      const paths = issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
      for (const path of paths) {
        const gone = removeAt(next, path);
        if (gone) {
          removed.push(gone);
          changed = true;
        }
      }
    }
    if (!changed) break;
    current = next;
  }
  return { problems: unique(problems) };
}

function unique(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const line = formatProblem(problem);
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
}

/** A problem lies in a section (the object holding a field) that had a field removed, or inside a removed value. */
function touchedByRemoval(path: readonly PropertyKey[], removed: readonly (readonly PropertyKey[])[]): boolean {
  const sectionOf = (field: readonly PropertyKey[]) => field.slice(0, Math.max(1, field.length - 1)).map(String);
  const startsWith = (long: string[], short: string[]) => short.every((segment, index) => long[index] === segment);
  const section = sectionOf(path);
  return removed.some((gone) => {
    const goneSection = sectionOf(gone);
    return startsWith(section, goneSection) || startsWith(goneSection, section);
  });
}

/** Deletes the value at `path`; a list entry takes its whole list (removing one would shift the others). */
function removeAt(data: unknown, path: readonly PropertyKey[]): readonly PropertyKey[] | undefined {
  const lastList = path.findIndex((segment) => typeof segment === "number");
  const target = lastList > 0 ? path.slice(0, lastList) : path;
  if (target.length === 0) return undefined;
  let node = data;
  for (const segment of target.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  const last = String(target[target.length - 1]);
  if (typeof node !== "object" || node === null || Array.isArray(node) || !(last in node)) return undefined;
  delete (node as Record<string, unknown>)[last];
  return target;
}
