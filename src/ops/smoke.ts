import { isIP } from "node:net";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { M2M_CLIENT_ID, WEB_CLIENT_ID } from "../contract/access-model";
import { LOGIN_CALLBACK_PATH } from "../contract/app-contract";
import { AwsClients } from "./clients";
import { explainAwsError, OpsError } from "./errors";
import { DeploymentEndpoints } from "./args";
import { bareHost, NO_RECORDS, portOf, SmokeAnswer, SmokeNetwork } from "./network";
import { Deployment } from "./outputs";
import { clientCredentialsToken, explainTokenRefusal, parseJsonObject, storedClientSecret } from "./token";

export interface SmokeOptions extends DeploymentEndpoints {
  /** The registry API path the M2M token is tried on. */
  readonly apiPath: string;
}

export interface SmokeEndpoint {
  readonly label: "registry" | "keycloak";
  /** The origin (and any path prefix) without a trailing slash. */
  readonly base: string;
  readonly url: URL;
  /** The load balancer serving the deployed name; absent when the URL names another host. */
  readonly loadBalancer?: { readonly output: string; readonly dnsName: string };
  readonly address?: string;
}

export interface SmokePlan {
  readonly registry: SmokeEndpoint;
  readonly keycloak: SmokeEndpoint;
  readonly realm: string;
  /** Where the realm name came from, when it was not an output. */
  readonly realmNote?: string;
  readonly issuer: string;
  readonly redirectUri: string;
  readonly m2mSecretArn?: string;
  readonly apiPath: string;
}

/** The realm `keycloak.realm` defaults to; used when the outputs predate `keycloak_issuer_url` and no --realm is given. */
export const DEFAULT_REALM = "mcp-gateway";

function parseBase(text: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OpsError(`smoke: ${flag} "${text}" is not a URL`, `give an origin such as https://registry.example.com`, 2);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OpsError(`smoke: ${flag} "${text}" is not an http(s) URL`, "give an https:// origin", 2);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new OpsError(
      `smoke: ${flag} "${text}" carries a query, fragment or credentials`,
      "give just the origin (and a path prefix, if any)",
      2,
    );
  }
  return url;
}

/** What to check where: the outputs' URLs unless overridden, with the load balancer behind each deployed name. */
export function planSmoke(deployment: Deployment, options: SmokeOptions): SmokePlan {
  const endpoint = (
    label: "registry" | "keycloak",
    urlOutput: string,
    albOutput: string,
    override: string | undefined,
    flag: string,
    address: string | undefined,
  ): SmokeEndpoint => {
    const deployed = deployment.output(urlOutput);
    const text = override ?? deployed;
    if (!text) {
      throw new OpsError(
        `the outputs have no ${urlOutput}`,
        `pass ${flag} (or --base-url), or read the app stack's outputs (\`npx cdktf output app\`)`,
      );
    }
    const url = parseBase(text, override ? flag : urlOutput);
    const base = url.href.replace(/\/+$/, "");
    const dnsName = deployment.output(albOutput);
    const sameHost = deployed !== undefined && URL.canParse(deployed) && new URL(deployed).hostname === url.hostname;
    return { label, base, url, loadBalancer: dnsName && sameHost ? { output: albOutput, dnsName } : undefined, address };
  };
  const registry = endpoint(
    "registry",
    "registry_url",
    "main_alb_dns_name",
    options.registryUrl ?? options.baseUrl,
    options.registryUrl ? "--registry-url" : "--base-url",
    options.registryAddress,
  );
  const keycloak = endpoint(
    "keycloak",
    "keycloak_url",
    "keycloak_alb_dns_name",
    options.keycloakUrl ?? options.baseUrl,
    options.keycloakUrl ? "--keycloak-url" : "--base-url",
    options.keycloakAddress,
  );
  const fromOutput = /\/realms\/([^/]+)\/?$/.exec(deployment.output("keycloak_issuer_url") ?? "")?.[1];
  const realm = options.realm ?? (fromOutput && decodeURIComponent(fromOutput)) ?? DEFAULT_REALM;
  return {
    registry,
    keycloak,
    realm,
    realmNote:
      options.realm || fromOutput
        ? undefined
        : `no keycloak_issuer_url output: assuming the default realm ${DEFAULT_REALM} (--realm names another)`,
    // The issuer Keycloak must announce: the public URL clients reach it at (KC_HOSTNAME), not a load balancer's name.
    issuer: `${keycloak.base}/realms/${encodeURIComponent(realm)}`,
    redirectUri: `${registry.base}${LOGIN_CALLBACK_PATH}`,
    m2mSecretArn: deployment.output("keycloak_m2m_client_secret_arn"),
    apiPath: options.apiPath,
  };
}

export type CheckStatus = "PASS" | "FAIL" | "SKIP";

export interface CheckResult {
  readonly status: CheckStatus;
  readonly name: string;
  readonly detail: string;
  readonly fix?: string;
}

export interface SmokeDependencies {
  readonly network: SmokeNetwork;
  /** The SecretString of a secret. */
  readonly readSecret: (arn: string) => Promise<string>;
  readonly now: Date;
}

/** Reads a secret's value with the deployment's Secrets Manager client. */
export function secretReader(
  deployment: Deployment,
  clients: AwsClients,
  action = "reading the M2M client secret",
): (arn: string) => Promise<string> {
  return async (arn) => {
    try {
      const answer = await clients.secrets.send(new GetSecretValueCommand({ SecretId: arn }));
      if (answer.SecretString === undefined)
        throw new OpsError(`secret ${arn} holds no string value`, "deploy the app stack again: `npm run deploy -- app`");
      return answer.SecretString;
    } catch (error) {
      throw explainAwsError(error, { region: deployment.region, action });
    }
  };
}

export interface Route {
  readonly connectTo: string;
  /** How the connection differs from resolving the name, for the lines that use it. */
  readonly via?: string;
}

const TLS_UNTRUSTED = [
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_UNTRUSTED",
];
const TLS_CODES = ["ERR_TLS_CERT_ALTNAME_INVALID", "CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID", ...TLS_UNTRUSTED];

function codeOf(error: unknown): string {
  return String((error as { code?: string })?.code ?? (error as { name?: string })?.name ?? "");
}

function messageOf(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}

/** Runs every check in order; a check that needs an earlier one's result is skipped when that failed. */
export async function runSmoke(plan: SmokePlan, deps: SmokeDependencies): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const [registryDns, keycloakDns] = await Promise.all([checkDns(plan.registry, deps.network), checkDns(plan.keycloak, deps.network)]);
  results.push(registryDns.result, keycloakDns.result);
  const routes = { registry: registryDns.route, keycloak: keycloakDns.route };
  results.push(await checkTls(plan.registry, routes.registry, deps));
  results.push(await checkTls(plan.keycloak, routes.keycloak, deps));

  const get = (endpoint: SmokeEndpoint, path: string, headers?: Record<string, string>) =>
    deps.network.request({ url: new URL(`${endpoint.base}${path}`), connectTo: routes[endpoint.label].connectTo, headers });
  const via = (endpoint: SmokeEndpoint) => (routes[endpoint.label].via ? ` (${routes[endpoint.label].via})` : "");
  const unreachable = (name: string, endpoint: SmokeEndpoint, error: unknown): CheckResult => ({
    status: "FAIL",
    name,
    ...connectionProblem(endpoint, routes[endpoint.label], error),
  });

  // The registry answers its health check through the load balancer.
  try {
    const answer = await get(plan.registry, "/health");
    results.push(
      answer.status === 200
        ? { status: "PASS", name: "registry health", detail: `GET ${plan.registry.base}/health → 200${via(plan.registry)}` }
        : {
            status: "FAIL",
            name: "registry health",
            detail: `GET ${plan.registry.base}/health → ${answer.status}${gatewayError(answer.status) ? ": the load balancer has no healthy registry target" : ""}${via(plan.registry)}`,
            fix: gatewayError(answer.status)
              ? "`npm run ops -- status` shows why (tasks, target health, stopped tasks)"
              : `the main load balancer must forward ${plan.registry.url.host} to the registry's nginx: \`npm run ops -- status\`, then \`npm run deploy -- app\``,
          },
    );
  } catch (error) {
    results.push(unreachable("registry health", plan.registry, error));
  }

  // The realm's discovery document names the public URL as its issuer.
  const discovery = `/realms/${encodeURIComponent(plan.realm)}/.well-known/openid-configuration`;
  try {
    const answer = await get(plan.keycloak, discovery);
    results.push(discoveryResult(plan, answer, via(plan.keycloak)));
  } catch (error) {
    results.push(unreachable("oidc discovery", plan.keycloak, error));
  }

  // A machine-to-machine token, then the registry's API with it.
  const secrets: string[] = [];
  const token = await fetchToken(plan, deps, routes.keycloak, secrets).catch((error): CheckResult =>
    unreachable("m2m token", plan.keycloak, error),
  );
  results.push("result" in token ? token.result : token);
  const accessToken = "token" in token ? token.token : undefined;
  if (!accessToken) {
    results.push({ status: "SKIP", name: "registry api", detail: `needs the M2M token (see m2m token)` });
  } else {
    try {
      const answer = await get(plan.registry, plan.apiPath, { Authorization: `Bearer ${accessToken}`, Accept: "application/json" });
      results.push(apiResult(plan, answer, via(plan.registry)));
    } catch (error) {
      results.push(unreachable("registry api", plan.registry, error));
    }
  }

  // The login redirect: the realm accepts the registry's callback for the web client, or answers 400.
  const query = new URLSearchParams({ client_id: WEB_CLIENT_ID, redirect_uri: plan.redirectUri, response_type: "code", scope: "openid" });
  try {
    const answer = await get(plan.keycloak, `/realms/${encodeURIComponent(plan.realm)}/protocol/openid-connect/auth?${query.toString()}`);
    results.push(redirectResult(plan, answer, via(plan.keycloak)));
  } catch (error) {
    results.push(unreachable("login redirect", plan.keycloak, error));
  }
  return results.map((result) => redact(result, secrets));
}

function gatewayError(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

/** The DNS check of an endpoint, and where the later requests connect: an address given, the name, or its load balancer. */
export async function checkDns(endpoint: SmokeEndpoint, network: SmokeNetwork): Promise<{ result: CheckResult; route: Route }> {
  const name = `dns ${endpoint.label}`;
  const host = bareHost(endpoint.url);
  const explicit: Route | undefined = endpoint.address
    ? { connectTo: endpoint.address, via: `connected to ${endpoint.address}` }
    : undefined;
  if (isIP(host)) {
    return {
      result: { status: "SKIP", name, detail: `the URL names an address (${host}), not a DNS name` },
      route: explicit ?? { connectTo: host },
    };
  }
  let addresses: string[];
  try {
    addresses = await network.resolve(host);
  } catch (error) {
    return {
      result: {
        status: "FAIL",
        name,
        detail: `cannot resolve ${host} (${codeOf(error) || messageOf(error)})`,
        fix: "check this machine's DNS resolver and network",
      },
      route: explicit ?? { connectTo: host },
    };
  }
  const balancer = endpoint.loadBalancer;
  const balancerAddresses = balancer ? await network.resolve(balancer.dnsName).catch(() => [] as string[]) : [];
  const viaBalancer: Route | undefined =
    balancer && balancerAddresses.length > 0
      ? { connectTo: balancer.dnsName, via: `connected to the load balancer ${balancer.dnsName}` }
      : undefined;
  if (addresses.length === 0) {
    return {
      result: {
        status: "FAIL",
        name,
        detail: `${host} does not resolve (yet)`,
        fix: `the app stack creates its alias record in the hosted zone: check the zone is the domain's delegated one (\`dig NS ${host.split(".").slice(1).join(".")}\`) and wait for propagation; ${
          viaBalancer
            ? `meanwhile the checks below connect to ${balancer?.dnsName} directly`
            : "meanwhile pass --address with the load balancer's address"
        }`,
      },
      route: explicit ?? viaBalancer ?? { connectTo: host },
    };
  }
  if (!balancer) {
    return {
      result: {
        status: "PASS",
        name,
        detail: `${host} → ${addresses.join(", ")} (not compared with a load balancer: the URL names another host than the outputs)`,
      },
      route: explicit ?? { connectTo: host },
    };
  }
  if (balancerAddresses.length === 0) {
    return {
      result: {
        status: "FAIL",
        name,
        detail: `the load balancer name ${balancer.dnsName} (${balancer.output}) does not resolve`,
        fix: "read current outputs (`npx cdktf output app`); the load balancer may have been replaced or deleted: `npm run deploy -- app`",
      },
      route: explicit ?? { connectTo: host },
    };
  }
  const shared = addresses.filter((address) => balancerAddresses.includes(address));
  if (shared.length === 0) {
    return {
      result: {
        status: "FAIL",
        name,
        detail: `${host} → ${addresses.join(", ")}, not the ${balancer.output.replace(/_alb_dns_name$/, "")} load balancer ${balancer.dnsName} (${balancerAddresses.join(", ")})`,
        fix: `another record answers for ${host} (an old record, or another zone): the app stack's alias record must be the one served; \`dig +short ${host}\`, then \`npm run deploy -- app\`; the checks below connect to the load balancer directly`,
      },
      route: explicit ?? viaBalancer ?? { connectTo: host },
    };
  }
  return {
    result: { status: "PASS", name, detail: `${host} → ${addresses.join(", ")}, the load balancer ${balancer.dnsName}` },
    route: explicit ?? { connectTo: host },
  };
}

async function checkTls(endpoint: SmokeEndpoint, route: Route, deps: SmokeDependencies): Promise<CheckResult> {
  const name = `tls ${endpoint.label}`;
  const host = bareHost(endpoint.url);
  if (endpoint.url.protocol !== "https:")
    return { status: "SKIP", name, detail: `${endpoint.base} is plain HTTP: no certificate to check` };
  const via = route.via ? ` (${route.via})` : "";
  try {
    const certificate = await deps.network.handshake(route.connectTo, portOf(endpoint.url), host);
    const days = Math.floor((certificate.validTo.getTime() - deps.now.getTime()) / 86_400_000);
    return {
      status: "PASS",
      name,
      detail: `certificate valid for ${host} until ${certificate.validTo.toISOString().slice(0, 10)} (${days} days; issuer ${certificate.issuer})${via}`,
    };
  } catch (error) {
    const code = codeOf(error);
    if (!TLS_CODES.includes(code)) return { status: "FAIL", name, ...connectionProblem(endpoint, route, error) };
    return { status: "FAIL", name, ...tlsProblem(endpoint, code, messageOf(error), via) };
  }
}

function tlsProblem(endpoint: SmokeEndpoint, code: string, message: string, via: string): { detail: string; fix: string } {
  const host = bareHost(endpoint.url);
  const certificate = `${endpoint.label}_certificate_arn`;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return {
      detail: `the certificate served is not valid for ${host} (${message})${via}`,
      fix: `the HTTPS listener must serve the ${endpoint.label} certificate (${certificate}, issued for ${host}): \`npm run ops -- status\`, then \`npm run deploy -- certs app\``,
    };
  }
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return {
      detail: `the certificate for ${host} ${code === "CERT_HAS_EXPIRED" ? "has expired" : "is not valid yet"}${via}`,
      fix: "ACM renews a certificate in use while its validation record stays in the zone: `npm run ops -- status` shows the renewal; `npm run deploy -- certs app` issues a new one",
    };
  }
  return {
    detail: `the certificate for ${host} is not signed by a trusted authority (${code})${via}`,
    fix: `the listener must serve the ACM certificate (${certificate}); behind a TLS-inspecting proxy, set NODE_EXTRA_CA_CERTS to its CA`,
  };
}

function connectionProblem(endpoint: SmokeEndpoint, route: Route, error: unknown): { detail: string; fix: string } {
  const code = codeOf(error);
  const port = portOf(endpoint.url);
  if (TLS_CODES.includes(code)) {
    return { detail: `TLS failed (${code}) talking to ${route.connectTo}`, fix: `see the tls ${endpoint.label} line` };
  }
  if (NO_RECORDS.includes(code) || code === "EAI_AGAIN") {
    return {
      detail: `cannot resolve ${route.connectTo} (${code})`,
      fix: `the name is not in DNS yet: pass --${endpoint.label}-address (or --address) with the load balancer's address, e.g. from \`dig +short ${endpoint.loadBalancer?.dnsName ?? "<load balancer DNS name>"}\``,
    };
  }
  const internal =
    endpoint.label === "keycloak"
      ? "; an internal Keycloak load balancer (loadBalancers.keycloakScheme: internal) answers only inside the VPC: run from there, or with --keycloak-url through a tunnel"
      : "";
  return {
    detail: `cannot connect to ${route.connectTo}:${port} (${code || messageOf(error)})`,
    fix: `the load balancer's security group must admit this machine's address on ${port}${internal}`,
  };
}

function discoveryResult(plan: SmokePlan, answer: SmokeAnswer, via: string): CheckResult {
  const name = "oidc discovery";
  const where = `${plan.keycloak.base}/realms/${plan.realm}/.well-known/openid-configuration`;
  if (answer.status === 404) {
    return {
      status: "FAIL",
      name,
      detail: `no realm ${plan.realm}: GET ${where} → 404${via}`,
      fix: "Terraform creates the realm with keycloak.configureRealm: true (`npm run deploy -- app`); --realm names another realm",
    };
  }
  if (answer.status !== 200) {
    return {
      status: "FAIL",
      name,
      detail: `GET ${where} → ${answer.status}${gatewayError(answer.status) ? ": the load balancer has no healthy Keycloak target" : ""}${via}`,
      fix: gatewayError(answer.status)
        ? '`npm run ops -- status`, then `npm run ops -- logs keycloak --since 1h` (docs/keycloak.md, "Keycloak\'s first start")'
        : `the Keycloak load balancer must forward ${plan.keycloak.url.host}/realms/ to Keycloak: \`npm run deploy -- app\``,
    };
  }
  const issuer = parseJsonObject(answer.body)?.issuer;
  if (typeof issuer !== "string") {
    return {
      status: "FAIL",
      name,
      detail: `GET ${where} → 200, but not a discovery document (no issuer)${via}`,
      fix: "something other than Keycloak answers this name: check its DNS record and the load balancer's rules",
    };
  }
  if (issuer !== plan.issuer) {
    return {
      status: "FAIL",
      name,
      detail: `issuer is ${issuer}, not ${plan.issuer}${via}`,
      fix: `Keycloak must announce its public URL (KC_HOSTNAME ${plan.keycloak.base}, from domains.keycloak): tokens naming another issuer are refused; \`npm run deploy -- app\``,
    };
  }
  return { status: "PASS", name, detail: `issuer ${issuer}${via}` };
}

type TokenOutcome = { result: CheckResult; token?: string };

async function fetchToken(plan: SmokePlan, deps: SmokeDependencies, route: Route, secrets: string[]): Promise<TokenOutcome> {
  const name = "m2m token";
  if (!plan.m2mSecretArn) {
    return {
      result: {
        status: "SKIP",
        name,
        detail: "no keycloak_m2m_client_secret_arn output (the realm is not configured by Terraform, or the outputs predate it)",
        fix: "deploy the app stack with keycloak.configureRealm: true (`npm run deploy -- app`)",
      },
    };
  }
  let stored: string;
  try {
    stored = await deps.readSecret(plan.m2mSecretArn);
  } catch (error) {
    const explained = error instanceof OpsError ? error : explainAwsError(error, { region: "?", action: "reading the M2M client secret" });
    return {
      result: {
        status: "FAIL",
        name,
        detail: explained.message,
        fix: `${explained.fix}; smoke needs secretsmanager:GetSecretValue and kms:Decrypt on the secrets key`,
      },
    };
  }
  secrets.push(stored);
  const clientSecret = storedClientSecret(stored);
  if (clientSecret === undefined) {
    return {
      result: {
        status: "FAIL",
        name,
        detail: `the secret keycloak_m2m_client_secret_arn holds no client_secret`,
        fix: "Terraform writes it when it sets the client's secret: bump keycloak.clientSecretVersion and `npm run deploy -- app`",
      },
    };
  }
  secrets.push(clientSecret);
  const answer = await clientCredentialsToken(deps.network, {
    keycloakBase: plan.keycloak.base,
    realm: plan.realm,
    clientId: M2M_CLIENT_ID,
    clientSecret,
    connectTo: route.connectTo,
  });
  const via = route.via ? ` (${route.via})` : "";
  if (answer.ok) {
    secrets.push(answer.accessToken);
    const expires = answer.expiresIn !== undefined ? `, expires in ${answer.expiresIn}s` : "";
    return {
      result: {
        status: "PASS",
        name,
        detail: `${M2M_CLIENT_ID} got an access token from ${answer.url.origin}${answer.url.pathname}${expires}${via}`,
      },
      token: answer.accessToken,
    };
  }
  return { result: { status: "FAIL", name, ...explainTokenRefusal(answer, { clientId: M2M_CLIENT_ID, realm: plan.realm, via }) } };
}

function apiResult(plan: SmokePlan, answer: SmokeAnswer, via: string): CheckResult {
  const name = "registry api";
  const where = `GET ${plan.registry.base}${plan.apiPath} with the M2M token`;
  if (answer.status === 200) return { status: "PASS", name, detail: `${where} → 200${via}` };
  const authFix = `nginx asks the auth server to validate the token (issuer ${plan.issuer}, audience ${M2M_CLIENT_ID}): \`npm run ops -- logs auth-server --since 30m\``;
  if (answer.status === 401 || answer.status === 403) {
    return { status: "FAIL", name, detail: `${where} → ${answer.status}: the registry refuses the token${via}`, fix: authFix };
  }
  if (answer.status >= 300 && answer.status < 400) {
    return {
      status: "FAIL",
      name,
      detail: `${where} → ${answer.status} to ${answer.headers.location ?? "?"}: the token was not accepted${via}`,
      fix: authFix,
    };
  }
  if (answer.status === 404) {
    return { status: "FAIL", name, detail: `${where} → 404${via}`, fix: "--api-path names the API path of the registry version deployed" };
  }
  return {
    status: "FAIL",
    name,
    detail: `${where} → ${answer.status}${via}`,
    fix: "`npm run ops -- logs registry --since 30m` and `npm run ops -- logs auth-server --since 30m`",
  };
}

function redirectResult(plan: SmokePlan, answer: SmokeAnswer, via: string): CheckResult {
  const name = "login redirect";
  const accepted = `the realm accepts ${plan.redirectUri} for ${WEB_CLIENT_ID}`;
  if (answer.status === 200) return { status: "PASS", name, detail: `${accepted} (login page)${via}` };
  const location = answer.headers.location ?? "";
  if (answer.status >= 300 && answer.status < 400 && location.startsWith(plan.redirectUri)) {
    return { status: "PASS", name, detail: `${accepted} (redirected back to it)${via}` };
  }
  const text = answer.body.replace(/<[^>]*>/g, " ");
  if (answer.status === 400 && /redirect_uri/i.test(text)) {
    return {
      status: "FAIL",
      name,
      detail: `the realm refuses ${plan.redirectUri} as a redirect URI of ${WEB_CLIENT_ID} (400 Invalid parameter: redirect_uri)${via}`,
      fix: `the web client's valid redirect URI is https://<domains.registry>${LOGIN_CALLBACK_PATH}: \`npm run deploy -- app\`; a registry URL other than the deployed one needs domains.registry set to it`,
    };
  }
  if (/client not found/i.test(text)) {
    return {
      status: "FAIL",
      name,
      detail: `the realm ${plan.realm} has no client ${WEB_CLIENT_ID} (${answer.status})${via}`,
      fix: "Terraform creates it with keycloak.configureRealm: true: `npm run deploy -- app`",
    };
  }
  return {
    status: "FAIL",
    name,
    detail: `GET the authorization endpoint for ${WEB_CLIENT_ID} → ${answer.status}${via}`,
    fix: "`npm run ops -- logs keycloak --since 30m`",
  };
}

/** Values read or received during the run never reach the output, not even inside an error description. */
function redact(result: CheckResult, secrets: readonly string[]): CheckResult {
  const scrub = (text: string) =>
    secrets.filter((secret) => secret.length >= 4).reduce((current, secret) => current.split(secret).join("[redacted]"), text);
  return { ...result, detail: scrub(result.detail), fix: result.fix === undefined ? undefined : scrub(result.fix) };
}

/** One line per check (`PASS name  detail`, `FAIL name  detail — fix: ...`), then the tally. */
export function formatSmoke(plan: SmokePlan, results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((result) => result.name.length));
  const lines = [`smoke test: registry ${plan.registry.base}, keycloak ${plan.keycloak.base}, realm ${plan.realm}`];
  if (plan.realmNote) lines.push(`note: ${plan.realmNote}`);
  for (const result of results) {
    lines.push(`${result.status}  ${result.name.padEnd(width)}  ${result.detail}${result.fix ? ` — fix: ${result.fix}` : ""}`);
  }
  const count = (status: CheckStatus) => results.filter((result) => result.status === status).length;
  const failed = count("FAIL");
  lines.push(
    `${count("PASS")} passed, ${failed} failed${count("SKIP") ? `, ${count("SKIP")} skipped` : ""}${failed === 0 ? ": the deployment works" : ""}`,
  );
  return lines.join("\n");
}
