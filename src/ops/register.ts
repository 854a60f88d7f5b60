import { REGISTRATION_CLIENT_ID } from "../contract/registration-client";
import { McpServerEntry } from "../services/mcp-servers";
import { OpsError } from "./errors";
import { SmokeAnswer, SmokeNetwork } from "./network";
import { Deployment } from "./outputs";
import { checkDns, planSmoke, Route, SmokeEndpoint, SmokeOptions, SmokePlan } from "./smoke";
import { clientCredentialsToken, explainTokenRefusal, parseJsonObject, storedClientSecret } from "./token";

/*
 * `npm run ops -- register`: every MCP server the deployment runs (the `mcp_servers` output) into the registry, through
 * its API, with the registration client's token. Upstream's API (TheTechOddBug/mcp-gateway-registry main@8c5b834b,
 * registry/api/server_routes.py): GET /api/servers lists (`servers`, `has_next`; `limit` at most 2000) and
 * POST /api/servers/register takes form fields (name, description, path, proxy_pass_url, tags comma-separated,
 * supported_transports, overwrite) and answers 201. Bearer callers skip the CSRF check (registry/auth/csrf.py
 * `verify_csrf_token_flexible`: no session cookie, no check).
 */

export type RegisterOptions = Omit<SmokeOptions, "apiPath"> & { readonly dryRun: boolean; readonly only?: string };

export interface RegisterPlan {
  readonly registry: SmokeEndpoint;
  readonly keycloak: SmokeEndpoint;
  readonly realm: string;
  readonly realmNote?: string;
  readonly clientId: string;
  readonly secretArn: string;
  readonly servers: readonly McpServerEntry[];
  readonly dryRun: boolean;
  /** What the command leaves to others, said once (mcpgw, the agents). */
  readonly notes: readonly string[];
}

export const LIST_PATH = "/api/servers";
export const REGISTER_PATH = "/api/servers/register";
/** Tags the registry adds itself (a failed security scan); their presence is no difference. */
const REGISTRY_TAGS = ["security-pending", "security-pending-local"];
const AGENTS = ["flight-booking-agent", "travel-assistant-agent"];

function parseServers(value: unknown): McpServerEntry[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const text = (entry: Record<string, unknown>, key: string) => typeof entry[key] === "string" && entry[key] !== "";
  const valid = value.every(
    (entry): entry is McpServerEntry =>
      typeof entry === "object" &&
      entry !== null &&
      ["service", "name", "path", "proxy_pass_url", "description", "transport"].every((key) =>
        text(entry as Record<string, unknown>, key),
      ) &&
      Array.isArray((entry as Record<string, unknown>).tags),
  );
  return valid ? value : undefined;
}

export function planRegister(deployment: Deployment, options: RegisterOptions): RegisterPlan {
  const raw = deployment.outputs.stacks.app?.mcp_servers as unknown;
  const all = parseServers(raw);
  if (!all) {
    throw new OpsError(
      raw === undefined
        ? "the outputs have no mcp_servers"
        : "the mcp_servers output is not a list of servers (name, path, proxy_pass_url, ...)",
      "deploy the app stack again (`npm run deploy -- app`), then read its outputs again (`npx cdktf output app`)",
    );
  }
  const servers = options.only
    ? all.filter((server) =>
        [server.service, server.name, server.path, server.path.replace(/^\/|\/$/g, "")].includes(options.only as string),
      )
    : all;
  if (options.only && servers.length === 0) {
    throw new OpsError(
      `register: no MCP server named "${options.only}" in mcp_servers`,
      `use one of: ${all.map((server) => server.service).join(", ") || "(none deployed)"}`,
      2,
    );
  }
  const secretArn = deployment.output("keycloak_registration_client_secret_arn");
  if (!secretArn) {
    throw new OpsError(
      "the outputs have no keycloak_registration_client_secret_arn (the realm is not configured by Terraform, or the outputs predate it)",
      `deploy the app stack with keycloak.configureRealm: true (\`npm run deploy -- app\`): it stores the secret of ${REGISTRATION_CLIENT_ID}, the client allowed to register servers`,
    );
  }
  const smoke: SmokePlan = planSmoke(deployment, { ...options, apiPath: LIST_PATH });
  const deployed = Object.keys(deployment.services);
  const agents = AGENTS.filter((name) => deployed.includes(name));
  const notes = [
    ...(deployed.includes("mcpgw") ? ["mcpgw is registered by the registry itself on start, as /airegistry-tools/"] : []),
    ...(agents.length > 0
      ? [`${agents.join(" and ")} ${agents.length > 1 ? "are A2A agents" : "is an A2A agent"}, not MCP servers: not registered here`]
      : []),
  ];
  return {
    registry: smoke.registry,
    keycloak: smoke.keycloak,
    realm: smoke.realm,
    realmNote: smoke.realmNote,
    clientId: REGISTRATION_CLIENT_ID,
    secretArn,
    servers,
    dryRun: options.dryRun,
    notes: options.only ? [] : notes,
  };
}

export type RegisterAction = "register" | "update" | "unchanged" | "failed";

export interface RegisterResult {
  readonly server: McpServerEntry;
  readonly action: RegisterAction;
  /** False in a dry run: what would be done. */
  readonly done: boolean;
  readonly detail: string;
  readonly fix?: string;
}

export interface RegisterDependencies {
  readonly network: SmokeNetwork;
  readonly readSecret: (arn: string) => Promise<string>;
}

/** A server as GET /api/servers lists it (only the fields compared). */
interface ListedServer {
  readonly path: string;
  readonly display_name?: string;
  readonly description?: string;
  readonly proxy_pass_url?: string;
  readonly tags?: readonly string[];
  readonly is_enabled?: boolean;
}

const normalPath = (path: string) => `/${path.replace(/^\/+|\/+$/g, "")}/`;

/** The fields in which a listed server differs from the wanted one; [] when equal. */
export function differences(wanted: McpServerEntry, listed: ListedServer): string[] {
  const found: string[] = [];
  if (listed.display_name !== wanted.name) found.push("name");
  if ((listed.description ?? "") !== wanted.description) found.push("description");
  // Admins see proxy_pass_url; other callers get it redacted (registry/services/visibility.py), so a missing one is re-sent.
  if (listed.proxy_pass_url !== wanted.proxy_pass_url) found.push("proxy_pass_url");
  const tags = (values: readonly string[]) => [...new Set(values.filter((tag) => !REGISTRY_TAGS.includes(tag)))].sort().join(",");
  if (tags(listed.tags ?? []) !== tags(wanted.tags)) found.push("tags");
  return found;
}

/** The form POST /api/servers/register takes; `path` is the listed one when the server exists, so overwrite hits it. */
export function registrationForm(server: McpServerEntry, path = server.path): URLSearchParams {
  return new URLSearchParams({
    name: server.name,
    description: server.description,
    path,
    proxy_pass_url: server.proxy_pass_url,
    tags: server.tags.join(","),
    supported_transports: server.transport,
    overwrite: "true",
  });
}

function messageOf(error: unknown): string {
  const code = (error as { code?: string })?.code;
  return code ? `${code}` : ((error as Error)?.message ?? String(error));
}

function answerReason(answer: SmokeAnswer): string {
  const json = parseJsonObject(answer.body);
  const detail = json?.detail;
  const parts = [json?.error, json?.reason, typeof detail === "string" ? detail : detail !== undefined ? JSON.stringify(detail) : undefined]
    .filter((part): part is string => typeof part === "string" && part !== "")
    .join(": ");
  return (
    parts ||
    answer.body
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 200)
  );
}

function refusedFix(plan: RegisterPlan, issuer: string): string {
  return `nginx asks the auth server to validate ${plan.clientId}'s token (issuer ${issuer}): \`npm run ops -- smoke\`, then \`npm run ops -- logs auth-server --since 30m\``;
}

function permissionFix(plan: RegisterPlan): string {
  return `${plan.clientId} needs register_service in its scopes (group registry-admins, whose scope document the registry's database-init seeds): \`npm run deploy -- app\` and wait for the registry to restart, then \`npm run ops -- logs registry --since 30m\``;
}

/** Lists what exists, then registers what is missing and updates what differs (nothing is sent in a dry run). */
export async function runRegister(plan: RegisterPlan, deps: RegisterDependencies): Promise<RegisterResult[]> {
  const secrets: string[] = [];
  const scrub = (text: string) =>
    secrets.filter((secret) => secret.length >= 4).reduce((current, secret) => current.split(secret).join("[redacted]"), text);
  try {
    return (await register(plan, deps, secrets)).map((result) => ({
      ...result,
      detail: scrub(result.detail),
      fix: result.fix === undefined ? undefined : scrub(result.fix),
    }));
  } catch (error) {
    if (error instanceof OpsError) throw new OpsError(scrub(error.message), scrub(error.fix), error.exitCode);
    throw new Error(scrub(messageOf(error)), { cause: error });
  }
}

async function register(plan: RegisterPlan, deps: RegisterDependencies, secrets: string[]): Promise<RegisterResult[]> {
  const [registryRoute, keycloakRoute] = await Promise.all([
    checkDns(plan.registry, deps.network).then((check) => check.route),
    checkDns(plan.keycloak, deps.network).then((check) => check.route),
  ]);
  const via = (route: Route) => (route.via ? ` (${route.via})` : "");
  const issuer = `${plan.keycloak.base}/realms/${encodeURIComponent(plan.realm)}`;

  // The registration client's token.
  const stored = await deps.readSecret(plan.secretArn).catch((error: unknown) => {
    const explained = error instanceof OpsError ? error : new OpsError(messageOf(error), "check AWS credentials and region");
    throw new OpsError(
      explained.message,
      `${explained.fix}; register needs secretsmanager:GetSecretValue and kms:Decrypt on the secrets key`,
    );
  });
  secrets.push(stored);
  const clientSecret = storedClientSecret(stored);
  if (clientSecret === undefined) {
    throw new OpsError(
      "the secret keycloak_registration_client_secret_arn holds no client_secret",
      "Terraform writes it when it sets the client's secret: bump keycloak.clientSecretVersion and `npm run deploy -- app`",
    );
  }
  secrets.push(clientSecret);
  const token = await clientCredentialsToken(deps.network, {
    keycloakBase: plan.keycloak.base,
    realm: plan.realm,
    clientId: plan.clientId,
    clientSecret,
    connectTo: keycloakRoute.connectTo,
  }).catch((error: unknown) => {
    throw new OpsError(
      `cannot reach Keycloak at ${keycloakRoute.connectTo} for a token (${messageOf(error)})`,
      "`npm run ops -- smoke` shows which part of the path fails",
    );
  });
  if (!token.ok) {
    const refusal = explainTokenRefusal(token, {
      clientId: plan.clientId,
      realm: plan.realm,
      via: via(keycloakRoute),
      notFoundFix: `no realm ${plan.realm} at ${plan.keycloak.base}: \`npm run ops -- smoke\` (--realm names another realm)`,
    });
    throw new OpsError(`no token for ${plan.clientId}: ${refusal.detail}`, refusal.fix);
  }
  secrets.push(token.accessToken);
  const authorization = { Authorization: `Bearer ${token.accessToken}`, Accept: "application/json" };
  const call = (path: string, init: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string } = {}) =>
    deps.network.request({
      url: new URL(`${plan.registry.base}${path}`),
      connectTo: registryRoute.connectTo,
      method: init.method,
      headers: { ...authorization, ...init.headers },
      body: init.body,
    });

  // What the registry lists now, every page.
  const listed: ListedServer[] = [];
  for (let offset = 0; ;) {
    const where = `GET ${plan.registry.base}${LIST_PATH}`;
    const answer = await call(`${LIST_PATH}?limit=2000&offset=${offset}&include_tools=false`).catch((error: unknown) => {
      throw new OpsError(
        `${where}: cannot connect to ${registryRoute.connectTo} (${messageOf(error)})`,
        "`npm run ops -- smoke` shows which part of the path fails",
      );
    });
    if (answer.status === 401 || answer.status === 403 || (answer.status >= 300 && answer.status < 400)) {
      throw new OpsError(
        `${where} → ${answer.status}: the registry refuses ${plan.clientId}'s token${via(registryRoute)}`,
        refusedFix(plan, issuer),
      );
    }
    const page = parseJsonObject(answer.body);
    if (answer.status !== 200 || !Array.isArray(page?.servers)) {
      throw new OpsError(
        `${where} → ${answer.status}${answer.status === 200 ? ", but no server list" : `: ${answerReason(answer)}`}${via(registryRoute)}`,
        answer.status === 404
          ? "the registry version deployed has no GET /api/servers: check the image version (`npm run ops -- status`)"
          : "`npm run ops -- status`, then `npm run ops -- logs registry --since 30m`",
      );
    }
    const servers = page.servers as unknown[];
    listed.push(
      ...servers.filter(
        (entry): entry is ListedServer => typeof entry === "object" && entry !== null && typeof (entry as ListedServer).path === "string",
      ),
    );
    if (page.has_next !== true || servers.length === 0) break;
    offset += servers.length;
  }

  const results: RegisterResult[] = [];
  for (const server of plan.servers) {
    const existing = listed.find((candidate) => normalPath(candidate.path) === normalPath(server.path));
    const changed = existing ? differences(server, existing) : [];
    if (existing && changed.length === 0) {
      results.push({ server, action: "unchanged", done: true, detail: `→ ${server.proxy_pass_url}${disabledNote(existing)}` });
      continue;
    }
    const action: RegisterAction = existing ? "update" : "register";
    const what = existing ? `(${changed.join(", ")} differ${changed.length === 1 ? "s" : ""})` : `→ ${server.proxy_pass_url}`;
    if (plan.dryRun) {
      results.push({ server, action, done: false, detail: what });
      continue;
    }
    const where = `POST ${plan.registry.base}${REGISTER_PATH}`;
    let answer: SmokeAnswer;
    try {
      answer = await call(REGISTER_PATH, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: registrationForm(server, existing?.path).toString(),
      });
    } catch (error) {
      results.push({
        server,
        action: "failed",
        done: false,
        detail: `${where}: cannot connect to ${registryRoute.connectTo} (${messageOf(error)})`,
        fix: "`npm run ops -- smoke` shows which part of the path fails",
      });
      continue;
    }
    if (answer.status === 200 || answer.status === 201) {
      results.push({
        server,
        action,
        done: true,
        detail: existing
          ? `${what}${disabledNote(existing)}`
          : `${what}; a new server stays disabled until enabled in the registry UI (after its security scan)`,
      });
      continue;
    }
    results.push({ server, action: "failed", done: false, ...registerFailure(plan, answer, where, issuer) });
  }
  return results;
}

function disabledNote(listed: ListedServer): string {
  return listed.is_enabled === false ? "; disabled in the registry: enable it in the UI once its security scan passed" : "";
}

function registerFailure(plan: RegisterPlan, answer: SmokeAnswer, where: string, issuer: string): { detail: string; fix: string } {
  const reason = answerReason(answer);
  const detail = `${where} → ${answer.status}${reason ? `: ${reason}` : ""}`;
  if (answer.status === 401 || (answer.status >= 300 && answer.status < 400)) return { detail, fix: refusedFix(plan, issuer) };
  if (answer.status === 403) {
    return /overwrite|owned by/i.test(reason)
      ? { detail, fix: `another user registered this path; only an admin may overwrite it: ${permissionFix(plan)}` }
      : { detail, fix: permissionFix(plan) };
  }
  if (answer.status === 400 || answer.status === 422) {
    return {
      detail,
      fix: "the registry refuses the server's fields: correct its registration in the catalog (mcp_servers output), `npm run deploy -- app`",
    };
  }
  return { detail, fix: "`npm run ops -- logs registry --since 30m`" };
}

const LABELS: Readonly<Record<RegisterAction, [done: string, planned: string]>> = {
  register: ["registered", "would register"],
  update: ["updated", "would update"],
  unchanged: ["unchanged", "unchanged"],
  failed: ["FAILED", "FAILED"],
};

/** One line per server (`registered  /path/  name  detail`), then the tally. */
export function formatRegister(plan: RegisterPlan, results: readonly RegisterResult[]): string {
  const label = (result: RegisterResult) => LABELS[result.action][result.done || result.action === "failed" ? 0 : 1];
  const labelWidth = Math.max(...results.map((result) => label(result).length), 0);
  const pathWidth = Math.max(...results.map((result) => result.server.path.length), 0);
  const lines = [
    `register${plan.dryRun ? " (dry run: nothing is sent)" : ""}: ${plan.servers.length} MCP server${plan.servers.length === 1 ? "" : "s"} into ${plan.registry.base} as ${plan.clientId}, realm ${plan.realm}`,
  ];
  if (plan.realmNote) lines.push(`note: ${plan.realmNote}`);
  for (const note of plan.notes) lines.push(`note: ${note}`);
  for (const result of results) {
    lines.push(
      `${label(result).padEnd(labelWidth)}  ${result.server.path.padEnd(pathWidth)}  ${result.server.name}${result.action === "failed" ? ":" : ""} ${result.detail}${result.fix ? ` — fix: ${result.fix}` : ""}`,
    );
  }
  const count = (action: RegisterAction) => results.filter((result) => result.action === action).length;
  const tally = plan.dryRun
    ? `${count("register")} to register, ${count("update")} to update, ${count("unchanged")} unchanged: nothing sent (run without --dry-run to apply)`
    : `${count("register")} registered, ${count("update")} updated, ${count("unchanged")} unchanged, ${count("failed")} failed`;
  lines.push(tally);
  return lines.join("\n");
}
