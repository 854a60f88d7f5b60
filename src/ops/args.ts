import { UsageError } from "./errors";

/** A moment given as a duration back from now (`30m`) or as an ISO 8601 time (`2026-11-30T10:00:00Z`). */
export type TimePoint = { readonly agoMs: number } | { readonly at: number };

/** Milliseconds since the epoch of a time point, relative to now. */
export function resolveTime(point: TimePoint, now: number): number {
  return "at" in point ? point.at : now - point.agoMs;
}

/** Where smoke and register reach the deployment: its outputs' URLs unless overridden, and addresses to connect to. */
export interface DeploymentEndpoints {
  /** One origin for both (a single proxy in front of both, a port-forward); the specific URLs win. */
  readonly baseUrl?: string;
  readonly registryUrl?: string;
  readonly keycloakUrl?: string;
  /** Connect here instead of resolving the names (a load balancer's address before DNS has propagated). */
  readonly registryAddress?: string;
  readonly keycloakAddress?: string;
  readonly realm?: string;
}

export type Command =
  | { readonly name: "help" }
  | { readonly name: "status"; readonly events: number }
  | {
      readonly name: "logs";
      readonly service: string;
      readonly since: TimePoint;
      /** The end of a past window; none when reading up to now. */
      readonly until?: TimePoint;
      readonly follow: boolean;
      readonly filter?: string;
      readonly limit: number;
    }
  | { readonly name: "shell"; readonly service: string; readonly container?: string; readonly command: string; readonly task?: string }
  | { readonly name: "credentials"; readonly showValues: boolean; readonly only?: string }
  | (DeploymentEndpoints & {
      readonly name: "smoke";
      readonly apiPath: string;
      readonly timeoutMs: number;
    })
  | (DeploymentEndpoints & {
      readonly name: "register";
      readonly dryRun: boolean;
      readonly only?: string;
      readonly timeoutMs: number;
    })
  | {
      readonly name: "rollback";
      readonly service: string;
      readonly toRevision?: number;
      readonly dryRun: boolean;
      readonly wait: boolean;
      readonly timeoutMs: number;
    };

export interface ParsedArguments {
  readonly command: Command;
  /** `--outputs FILE`, repeatable; MCP_GATEWAY_OUTPUTS (comma-separated) when none is given. */
  readonly outputsFiles: readonly string[];
}

type FlagKind = "string" | "boolean" | "duration" | "time" | "count";
interface CommandSpec {
  readonly positionals: readonly { readonly name: string; readonly optional?: boolean }[];
  readonly flags: Readonly<Record<string, FlagKind>>;
}

const ENDPOINT_FLAGS: Readonly<Record<string, FlagKind>> = {
  "base-url": "string",
  "registry-url": "string",
  "keycloak-url": "string",
  address: "string",
  "registry-address": "string",
  "keycloak-address": "string",
  realm: "string",
};

const SPECS: Readonly<Record<Command["name"], CommandSpec>> = {
  help: { positionals: [], flags: {} },
  status: { positionals: [], flags: { events: "count" } },
  logs: {
    positionals: [{ name: "service" }],
    flags: { since: "time", until: "time", follow: "boolean", filter: "string", limit: "count" },
  },
  shell: { positionals: [{ name: "service" }], flags: { container: "string", command: "string", task: "string" } },
  credentials: { positionals: [{ name: "name", optional: true }], flags: { "show-values": "boolean" } },
  rollback: { positionals: [{ name: "service" }], flags: { to: "count", "dry-run": "boolean", "no-wait": "boolean", timeout: "duration" } },
  smoke: { positionals: [], flags: { ...ENDPOINT_FLAGS, "api-path": "string", timeout: "duration" } },
  register: { positionals: [], flags: { ...ENDPOINT_FLAGS, "dry-run": "boolean", only: "string", timeout: "duration" } },
};

export const COMMANDS = Object.keys(SPECS) as Command["name"][];

/** Parses `<command> [args] [--flags]`; collects every problem and throws them together as one UsageError. */
export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParsedArguments {
  const problems: string[] = [];
  const [commandWord = "help", ...rest] = argv;
  const name = (["-h", "--help"].includes(commandWord) ? "help" : commandWord) as Command["name"];
  const spec = SPECS[name];
  if (!spec) {
    throw new UsageError([`unknown command "${commandWord}": use one of ${COMMANDS.join(", ")}`]);
  }
  const positionals: string[] = [];
  const flags = new Map<string, string | boolean>();
  const outputsFiles: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index];
    if (!word.startsWith("--")) {
      positionals.push(word);
      continue;
    }
    const [flag, inlineValue] = splitFlag(word.slice(2));
    if (flag === "help") return { command: { name: "help" }, outputsFiles };
    const kind: FlagKind | undefined = flag === "outputs" ? "string" : spec.flags[flag];
    if (!kind) {
      const known = ["outputs", ...Object.keys(spec.flags)].map((candidate) => `--${candidate}`).join(", ");
      problems.push(`${name}: unknown option --${flag} (options: ${known})`);
      continue;
    }
    if (kind === "boolean") {
      if (inlineValue !== undefined) problems.push(`${name}: --${flag} takes no value (got "${inlineValue}")`);
      flags.set(flag, true);
      continue;
    }
    const value = inlineValue ?? rest[++index];
    if (value === undefined || (inlineValue === undefined && value.startsWith("--"))) {
      problems.push(`${name}: --${flag} needs a value`);
      if (value !== undefined) index--;
      continue;
    }
    if (flag === "outputs") outputsFiles.push(value);
    else flags.set(flag, value);
  }
  const required = spec.positionals.filter((positional) => !positional.optional);
  if (positionals.length < required.length) {
    problems.push(`${name}: missing <${required[positionals.length].name}>${name === "logs" ? " (a service name, or all)" : ""}`);
  }
  if (positionals.length > spec.positionals.length) {
    problems.push(
      `${name}: unexpected argument${positionals.length - spec.positionals.length > 1 ? "s" : ""} ${positionals
        .slice(spec.positionals.length)
        .map((word) => `"${word}"`)
        .join(" ")}`,
    );
  }
  const duration = (flag: string, fallbackMs: number): number => {
    const value = flags.get(flag);
    if (typeof value !== "string") return fallbackMs;
    const parsed = parseDuration(value);
    if (parsed === undefined) problems.push(`${name}: --${flag} "${value}" is not a duration: use e.g. 90s, 30m, 2h or 1d`);
    return parsed ?? fallbackMs;
  };
  const time = (flag: string): TimePoint | undefined => {
    const value = flags.get(flag);
    if (typeof value !== "string") return undefined;
    const agoMs = parseDuration(value);
    if (agoMs !== undefined) return { agoMs };
    const at = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value) ? Date.parse(value) : NaN;
    if (!Number.isNaN(at)) return { at };
    problems.push(
      `${name}: --${flag} "${value}" is neither a duration (90s, 30m, 2h, 1d) nor an ISO 8601 time with zone (2026-11-30T10:00:00Z)`,
    );
    return undefined;
  };
  const count = (flag: string, fallback: number | undefined, min: number): number | undefined => {
    const value = flags.get(flag);
    if (typeof value !== "string") return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min) {
      problems.push(`${name}: --${flag} "${value}" must be a whole number >= ${min}`);
      return fallback;
    }
    return Number(value);
  };
  const string = (flag: string): string | undefined => {
    const value = flags.get(flag);
    return typeof value === "string" ? value : undefined;
  };
  const service = positionals[0] ?? "";

  let command: Command;
  switch (name) {
    case "help":
      command = { name };
      break;
    case "status":
      command = { name, events: count("events", 3, 0) as number };
      break;
    case "logs":
      if (flags.has("until") && flags.has("follow"))
        problems.push("logs: --until and --follow exclude each other (following reads up to now)");
      command = {
        name,
        service,
        since: time("since") ?? { agoMs: 30 * 60_000 },
        until: time("until"),
        follow: flags.has("follow"),
        filter: string("filter"),
        limit: count("limit", 1000, 1) as number,
      };
      break;
    case "shell":
      if (service === "all") problems.push('shell: name one service, not "all"');
      command = { name, service, container: string("container"), command: string("command") ?? "/bin/sh", task: string("task") };
      break;
    case "credentials":
      command = { name, showValues: flags.has("show-values"), only: positionals[0] };
      break;
    case "rollback":
      if (service === "all") problems.push('rollback: name one service, not "all" (roll back each on purpose)');
      command = {
        name,
        service,
        toRevision: count("to", undefined, 1),
        dryRun: flags.has("dry-run"),
        wait: !flags.has("no-wait"),
        timeoutMs: duration("timeout", 20 * 60_000),
      };
      break;
    case "smoke":
    case "register": {
      const url = (flag: string): string | undefined => {
        const value = string(flag);
        if (value !== undefined && !/^https?:\/\/[^/?#\s]+/.test(value))
          problems.push(`${name}: --${flag} "${value}" is not an http(s) URL: use e.g. https://registry.example.com`);
        return value;
      };
      const [baseUrl, registryUrl, keycloakUrl] = [url("base-url"), url("registry-url"), url("keycloak-url")];
      const endpoints = {
        baseUrl,
        registryUrl,
        keycloakUrl,
        registryAddress: string("registry-address") ?? string("address"),
        keycloakAddress: string("keycloak-address") ?? string("address"),
        realm: string("realm"),
      };
      if (name === "register") {
        command = { name, ...endpoints, dryRun: flags.has("dry-run"), only: string("only"), timeoutMs: duration("timeout", 15_000) };
        break;
      }
      const apiPath = string("api-path") ?? "/api/servers";
      if (!apiPath.startsWith("/")) problems.push(`${name}: --api-path "${apiPath}" must start with /`);
      command = {
        name,
        ...endpoints,
        apiPath,
        timeoutMs: duration("timeout", 10_000),
      };
      break;
    }
  }
  if (problems.length > 0) throw new UsageError(problems);
  const fromEnv = (env.MCP_GATEWAY_OUTPUTS ?? "")
    .split(",")
    .map((file) => file.trim())
    .filter(Boolean);
  return { command, outputsFiles: outputsFiles.length > 0 ? outputsFiles : fromEnv };
}

function splitFlag(text: string): [string, string | undefined] {
  const equals = text.indexOf("=");
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

/** `90s`, `30m`, `2h`, `1d` (or combinations like `1h30m`) in milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match || text.trim() === "" || match.slice(1).every((part) => part === undefined)) return undefined;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const ms = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return ms > 0 ? ms : undefined;
}

export const USAGE = `npm run ops -- <command> [options]      day-2 operations on a deployed stack (AWS SDK; reads the stack outputs)

  status [--events N]                  services (running/desired/pending, rollout, last N events), both databases,
                                       certificates, and what is unhealthy and why; exit 3 when something is unhealthy
  logs <service|all> [--since 30m|TIME] [--until TIME] [--follow] [--filter PATTERN] [--limit N]
                                       CloudWatch Logs of one or all services; TIME is ISO 8601 (2026-11-30T10:00:00Z);
                                       PATTERN is CloudWatch filter syntax: ERROR, '"two words"', %ERROR|WARN% (regex)
  shell <service> [--container NAME] [--command /bin/sh] [--task ID]
                                       ECS Exec into a running task (needs Exec enabled for the service and session-manager-plugin)
  credentials [NAME] [--show-values]   where each administrator credential lives and how to read it (values only with the flag)
  rollback <service> [--to REVISION] [--dry-run] [--no-wait] [--timeout 20m]
                                       back to the previous task definition revision, waiting for steady state
  smoke [--address ADDR] [--registry-url URL] [--keycloak-url URL] [--base-url URL] [--realm NAME]
                                       after a deploy: DNS, certificates, /health, OIDC discovery, an M2M token on the
                                       API and the login redirect, one PASS/FAIL line each with the fix; exit 3 on a FAIL.
                                       --address (or --registry-address, --keycloak-address) connects there, sending
                                       the public name (before DNS has propagated); --api-path /api/servers, --timeout 10s
  register [--dry-run] [--only NAME] [--address ADDR] [--registry-url URL] [--keycloak-url URL] [--realm NAME]
                                       after smoke: every MCP server the deployment runs (mcp_servers output) into the
                                       registry's API as registry-admin-bot: registers the missing, updates the changed,
                                       one line each and a tally; --dry-run sends nothing; exit 1 on a failure; --timeout 15s

  Outputs: --outputs FILE (repeatable; \`npx cdktf output app certs --outputs-file FILE\` or \`terraform output -json\`),
  else MCP_GATEWAY_OUTPUTS, else \`terraform output -json\` in cdktf.out/stacks/{app,certs}.
  Credentials and region: the standard AWS chain (AWS_PROFILE, ...); the region is the stack's own.
  AWS_ENDPOINT_URL points every client at an emulator (moto). Plain progress lines when CI is set or not on a terminal.`;
