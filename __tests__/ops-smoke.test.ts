import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { parseArguments, USAGE } from "../src/ops/args";
import { AwsClients } from "../src/ops/clients";
import { EXIT_UNHEALTHY, run } from "../src/ops/main";
import { nodeNetwork, PeerCertificate, requestOptions, SmokeAnswer, SmokeNetwork, SmokeRequest } from "../src/ops/network";
import { CheckResult, DEFAULT_REALM, formatSmoke, planSmoke, runSmoke, secretReader, SmokeOptions } from "../src/ops/smoke";
import { Capture, deployment, stackOutputs } from "./ops-support";

const NOW = new Date("2026-11-30T12:00:00Z");
const MAIN_ALB = "mcp-gateway-main-123.eu-west-1.elb.amazonaws.com";
const KEYCLOAK_ALB = "mcp-gateway-keycloak-456.eu-west-1.elb.amazonaws.com";
const M2M_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:mcp-gateway/keycloak/clients/mcp-gateway-m2m-AbCdEf";
const CLIENT_SECRET = "Zq8rT3vW9xY2bN5mK7pL4sD6fG1hJ0aQwErTyUiOpAsDfGhJ";
const ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhenAiOiJtY3AtZ2F0ZXdheS1tMm0ifQ.c2lnbmF0dXJl";
const REDIRECT = "https://registry.example.com/oauth2/callback/keycloak";

const SMOKE_OUTPUTS = {
  registry_url: "https://registry.example.com",
  keycloak_url: "https://auth.example.com",
  main_alb_dns_name: MAIN_ALB,
  keycloak_alb_dns_name: KEYCLOAK_ALB,
  keycloak_issuer_url: "https://auth.example.com/realms/mcp-gateway",
  keycloak_m2m_client_secret_arn: M2M_SECRET_ARN,
};
const DEFAULTS: SmokeOptions = { apiPath: "/api/servers" };

const json = (status: number, body: unknown, headers: Record<string, string> = {}): SmokeAnswer => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const html = (status: number, body: string): SmokeAnswer => ({ status, headers: { "content-type": "text/html" }, body });
const failure = (code: string, message = code) => Object.assign(new Error(message), { code });

/** Answers recorded from a working deployment; each test changes what it breaks. */
class RecordedNetwork implements SmokeNetwork {
  readonly dns: Record<string, string[] | Error> = {
    "registry.example.com": ["3.248.1.10", "52.16.2.20"],
    [MAIN_ALB]: ["52.16.2.20", "3.248.1.10"],
    "auth.example.com": ["34.240.3.30"],
    [KEYCLOAK_ALB]: ["34.240.3.30", "54.72.4.40"],
  };
  readonly certificates: Record<string, PeerCertificate | Error> = {
    "registry.example.com": { subject: "registry.example.com", issuer: "Amazon RSA 2048 M02", validTo: new Date("2027-06-01T00:00:00Z") },
    "auth.example.com": { subject: "auth.example.com", issuer: "Amazon RSA 2048 M02", validTo: new Date("2027-06-01T00:00:00Z") },
  };
  /** By `METHOD origin+path` (no query). */
  readonly answers: Record<string, SmokeAnswer | Error> = {
    "GET https://registry.example.com/health": json(200, { status: "healthy" }),
    "GET https://auth.example.com/realms/mcp-gateway/.well-known/openid-configuration": json(200, {
      issuer: "https://auth.example.com/realms/mcp-gateway",
      token_endpoint: "https://auth.example.com/realms/mcp-gateway/protocol/openid-connect/token",
    }),
    "POST https://auth.example.com/realms/mcp-gateway/protocol/openid-connect/token": json(200, {
      access_token: ACCESS_TOKEN,
      expires_in: 300,
      token_type: "Bearer",
    }),
    "GET https://registry.example.com/api/servers": json(200, { servers: [] }),
    "GET https://auth.example.com/realms/mcp-gateway/protocol/openid-connect/auth": html(
      200,
      "<title>Sign in to MCP Gateway Registry</title>",
    ),
  };
  readonly requests: SmokeRequest[] = [];
  readonly handshakes: { connectTo: string; port: number; servername: string }[] = [];

  resolve(host: string): Promise<string[]> {
    const answer = this.dns[host] ?? [];
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }

  handshake(connectTo: string, port: number, servername: string): Promise<PeerCertificate> {
    this.handshakes.push({ connectTo, port, servername });
    const answer = this.certificates[servername] ?? failure("ENOTFOUND", `getaddrinfo ENOTFOUND ${connectTo}`);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }

  request(request: SmokeRequest): Promise<SmokeAnswer> {
    this.requests.push(request);
    const answer = this.answers[`${request.method ?? "GET"} ${request.url.origin}${request.url.pathname}`] ?? html(404, "not recorded");
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
}

const secrets = mockClient(SecretsManagerClient);
beforeEach(() => {
  secrets.reset();
});

const storedSecret = JSON.stringify({ client_id: "mcp-gateway-m2m", client_secret: CLIENT_SECRET });

async function smoke(
  network: RecordedNetwork,
  options: Partial<SmokeOptions> = {},
  outputs: Record<string, unknown> = SMOKE_OUTPUTS,
  readSecret: (arn: string) => Promise<string> = () => Promise.resolve(storedSecret),
): Promise<{ results: CheckResult[]; text: string }> {
  const plan = planSmoke(deployment(outputs), { ...DEFAULTS, ...options });
  const results = await runSmoke(plan, { network, readSecret, now: NOW });
  return { results, text: formatSmoke(plan, results) };
}

const line = (text: string, name: string) => text.split("\n").find((candidate) => candidate.slice(6).startsWith(`${name} `)) ?? "";

describe("ops smoke: a working deployment", () => {
  test("every check passes, one line each, and neither the secret nor the token is printed", async () => {
    const network = new RecordedNetwork();
    const { results, text } = await smoke(network);
    expect(results.map((result) => [result.status, result.name])).toEqual([
      ["PASS", "dns registry"],
      ["PASS", "dns keycloak"],
      ["PASS", "tls registry"],
      ["PASS", "tls keycloak"],
      ["PASS", "registry health"],
      ["PASS", "oidc discovery"],
      ["PASS", "m2m token"],
      ["PASS", "registry api"],
      ["PASS", "login redirect"],
    ]);
    expect(text.split("\n")).toEqual([
      "smoke test: registry https://registry.example.com, keycloak https://auth.example.com, realm mcp-gateway",
      `PASS  dns registry     registry.example.com → 3.248.1.10, 52.16.2.20, the load balancer ${MAIN_ALB}`,
      `PASS  dns keycloak     auth.example.com → 34.240.3.30, the load balancer ${KEYCLOAK_ALB}`,
      "PASS  tls registry     certificate valid for registry.example.com until 2027-06-01 (182 days; issuer Amazon RSA 2048 M02)",
      "PASS  tls keycloak     certificate valid for auth.example.com until 2027-06-01 (182 days; issuer Amazon RSA 2048 M02)",
      "PASS  registry health  GET https://registry.example.com/health → 200",
      "PASS  oidc discovery   issuer https://auth.example.com/realms/mcp-gateway",
      "PASS  m2m token        mcp-gateway-m2m got an access token from https://auth.example.com/realms/mcp-gateway/protocol/openid-connect/token, expires in 300s",
      "PASS  registry api     GET https://registry.example.com/api/servers with the M2M token → 200",
      `PASS  login redirect   the realm accepts ${REDIRECT} for mcp-gateway-web (login page)`,
      "9 passed, 0 failed: the deployment works",
    ]);
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toContain(ACCESS_TOKEN);
  });

  test("what it sends: client credentials with the stored secret, the token as a bearer, the web client's redirect URI", async () => {
    const network = new RecordedNetwork();
    await smoke(network);
    const token = network.requests.find((request) => request.method === "POST") as SmokeRequest;
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({
      grant_type: "client_credentials",
      client_id: "mcp-gateway-m2m",
      client_secret: CLIENT_SECRET,
    });
    expect(token.headers?.["Content-Type"]).toBe("application/x-www-form-urlencoded");
    const api = network.requests.find((request) => request.url.pathname === "/api/servers") as SmokeRequest;
    expect(api.headers?.Authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    const login = network.requests.find((request) => request.url.pathname.endsWith("/auth")) as SmokeRequest;
    expect(Object.fromEntries(login.url.searchParams)).toEqual({
      client_id: "mcp-gateway-web",
      redirect_uri: REDIRECT,
      response_type: "code",
      scope: "openid",
    });
    // Resolved names are used as they are: every connection goes to the public name.
    expect(new Set(network.requests.map((request) => request.connectTo))).toEqual(new Set(["registry.example.com", "auth.example.com"]));
    expect(network.handshakes).toEqual([
      { connectTo: "registry.example.com", port: 443, servername: "registry.example.com" },
      { connectTo: "auth.example.com", port: 443, servername: "auth.example.com" },
    ]);
  });

  test("`npm run ops -- smoke` reads the secret through Secrets Manager, prints the lines and exits 0", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "ops-smoke-"));
    const outputsFile = path.join(directory, "outputs.json");
    writeFileSync(outputsFile, JSON.stringify({ app: stackOutputs(SMOKE_OUTPUTS).stacks.app }));
    secrets.on(GetSecretValueCommand, { SecretId: M2M_SECRET_ARN }).resolves({ SecretString: storedSecret });
    const io = { stdout: new Capture(), stderr: new Capture(), env: {}, cwd: directory, network: new RecordedNetwork() };
    await expect(run(["smoke", "--outputs", outputsFile], io)).resolves.toBe(0);
    expect(io.stdout.text).toMatch(/^PASS {2}m2m token {8}mcp-gateway-m2m got an access token/m);
    expect(io.stdout.text).toMatch(/9 passed, 0 failed: the deployment works\n$/);
    expect(io.stderr.text).toMatch(/^… checking https:\/\/registry\.example\.com and https:\/\/auth\.example\.com\n✓ 9 checks \(\d+s\)\n$/);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(io.stdout.text + io.stderr.text).not.toContain(CLIENT_SECRET);
    expect(io.stdout.text + io.stderr.text).not.toContain(ACCESS_TOKEN);

    const broken = { ...io, stdout: new Capture(), stderr: new Capture(), network: new RecordedNetwork() };
    broken.network.answers["GET https://registry.example.com/health"] = html(503, "Service Temporarily Unavailable");
    await expect(run(["smoke", "--outputs", outputsFile], broken)).resolves.toBe(EXIT_UNHEALTHY);
    expect(broken.stdout.text).toMatch(/8 passed, 1 failed\n$/);
  });
});

describe("ops smoke: before DNS has propagated", () => {
  test("a name that does not resolve fails its line, and the other checks go to the load balancer with the public name", async () => {
    const network = new RecordedNetwork();
    delete network.dns["registry.example.com"];
    delete network.dns["auth.example.com"];
    const { results, text } = await smoke(network);
    expect(results.filter((result) => result.status !== "PASS").map((result) => result.name)).toEqual(["dns registry", "dns keycloak"]);
    expect(line(text, "dns registry")).toBe(
      "FAIL  dns registry     registry.example.com does not resolve (yet) — fix: the app stack creates its alias record in the hosted zone: check the zone is the domain's delegated one (`dig NS example.com`) and wait for propagation; meanwhile the checks below connect to " +
        `${MAIN_ALB} directly`,
    );
    expect(line(text, "registry health")).toBe(
      `PASS  registry health  GET https://registry.example.com/health → 200 (connected to the load balancer ${MAIN_ALB})`,
    );
    // Connections go to each load balancer; the URL (SNI, certificate name, Host) stays the public one.
    for (const request of network.requests) {
      expect(request.connectTo).toBe(request.url.hostname === "registry.example.com" ? MAIN_ALB : KEYCLOAK_ALB);
    }
    expect(network.requests.map((request) => request.url.hostname)).toEqual([
      "registry.example.com",
      "auth.example.com",
      "auth.example.com",
      "registry.example.com",
      "auth.example.com",
    ]);
    expect(network.handshakes).toEqual([
      { connectTo: MAIN_ALB, port: 443, servername: "registry.example.com" },
      { connectTo: KEYCLOAK_ALB, port: 443, servername: "auth.example.com" },
    ]);
    expect(text).toMatch(/7 passed, 2 failed$/);
  });

  test("--address connects both names to one address (a shared load balancer); the DNS lines still report", async () => {
    const network = new RecordedNetwork();
    delete network.dns["registry.example.com"];
    const { results } = await smoke(network, { registryAddress: "52.16.2.20", keycloakAddress: "52.16.2.20" });
    expect(new Set(network.requests.map((request) => request.connectTo))).toEqual(new Set(["52.16.2.20"]));
    expect(network.handshakes.map((handshake) => [handshake.connectTo, handshake.servername])).toEqual([
      ["52.16.2.20", "registry.example.com"],
      ["52.16.2.20", "auth.example.com"],
    ]);
    expect(results.find((result) => result.name === "tls keycloak")?.detail).toMatch(/\(connected to 52\.16\.2\.20\)$/);
    expect(results.filter((result) => result.status === "FAIL").map((result) => result.name)).toEqual(["dns registry"]);
    expect(parseArguments(["smoke", "--address", "52.16.2.20"]).command).toMatchObject({
      registryAddress: "52.16.2.20",
      keycloakAddress: "52.16.2.20",
    });
    expect(parseArguments(["smoke", "--address", "1.1.1.1", "--keycloak-address", "2.2.2.2"]).command).toMatchObject({
      registryAddress: "1.1.1.1",
      keycloakAddress: "2.2.2.2",
    });
  });

  test("requests carry the public name in SNI, the certificate check and Host while connecting elsewhere", () => {
    const options = requestOptions(
      { url: new URL("https://registry.example.com/health"), connectTo: MAIN_ALB, headers: { Accept: "application/json" } },
      5000,
    );
    expect(options).toMatchObject({
      host: MAIN_ALB,
      port: 443,
      path: "/health",
      method: "GET",
      servername: "registry.example.com",
      rejectUnauthorized: true,
      agent: false,
      timeout: 5000,
      headers: { Host: "registry.example.com", Accept: "application/json" },
    });
    const posted = requestOptions({ url: new URL("http://127.0.0.1:8080/t?x=1"), connectTo: "127.0.0.1", method: "POST", body: "a=é" }, 1);
    expect(posted).toMatchObject({ port: 8080, path: "/t?x=1", headers: { Host: "127.0.0.1:8080", "Content-Length": "4" } });
    expect(posted).not.toHaveProperty("servername");
  });
});

describe("ops smoke: each failure names its fix", () => {
  const cases: [string, (network: RecordedNetwork) => void, string, RegExp][] = [
    [
      "the name points elsewhere",
      (network) => (network.dns["registry.example.com"] = ["198.51.100.7"]),
      "dns registry",
      /registry\.example\.com → 198\.51\.100\.7, not the main load balancer .* — fix: another record answers for registry\.example\.com/,
    ],
    [
      "the load balancer's name is gone",
      (network) => delete network.dns[KEYCLOAK_ALB],
      "dns keycloak",
      /the load balancer name .* \(keycloak_alb_dns_name\) does not resolve — fix: read current outputs \(`npx cdktf output app`\)/,
    ],
    [
      "a certificate for another name",
      (network) =>
        (network.certificates["auth.example.com"] = failure(
          "ERR_TLS_CERT_ALTNAME_INVALID",
          "Hostname/IP does not match certificate's altnames: Host: auth.example.com. is not in the cert's altnames: DNS:registry.example.com",
        )),
      "tls keycloak",
      /the certificate served is not valid for auth\.example\.com .* — fix: the HTTPS listener must serve the keycloak certificate \(keycloak_certificate_arn, issued for auth\.example\.com\)/,
    ],
    [
      "an expired certificate",
      (network) => (network.certificates["registry.example.com"] = failure("CERT_HAS_EXPIRED", "certificate has expired")),
      "tls registry",
      /the certificate for registry\.example\.com has expired — fix: ACM renews a certificate in use/,
    ],
    [
      "an untrusted certificate",
      (network) => (network.certificates["registry.example.com"] = failure("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate")),
      "tls registry",
      /not signed by a trusted authority \(DEPTH_ZERO_SELF_SIGNED_CERT\) — fix: .*NODE_EXTRA_CA_CERTS/,
    ],
    [
      "no healthy registry target",
      (network) => (network.answers["GET https://registry.example.com/health"] = html(503, "<h1>503 Service Temporarily Unavailable</h1>")),
      "registry health",
      /→ 503: the load balancer has no healthy registry target — fix: `npm run ops -- status` shows why/,
    ],
    [
      "an issuer other than the public URL",
      (network) =>
        (network.answers["GET https://auth.example.com/realms/mcp-gateway/.well-known/openid-configuration"] = json(200, {
          issuer: "http://keycloak:8080/realms/mcp-gateway",
        })),
      "oidc discovery",
      /issuer is http:\/\/keycloak:8080\/realms\/mcp-gateway, not https:\/\/auth\.example\.com\/realms\/mcp-gateway — fix: Keycloak must announce its public URL \(KC_HOSTNAME/,
    ],
    [
      "no realm",
      (network) =>
        (network.answers["GET https://auth.example.com/realms/mcp-gateway/.well-known/openid-configuration"] = json(404, {
          error: "Realm does not exist",
        })),
      "oidc discovery",
      /no realm mcp-gateway: GET .* → 404 — fix: Terraform creates the realm with keycloak\.configureRealm: true/,
    ],
    [
      "a client secret Keycloak does not share",
      (network) =>
        (network.answers["POST https://auth.example.com/realms/mcp-gateway/protocol/openid-connect/token"] = json(401, {
          error: "invalid_client",
          error_description: "Invalid client or Invalid client credentials",
        })),
      "m2m token",
      /Keycloak refuses mcp-gateway-m2m \(401 invalid_client: Invalid client or Invalid client credentials\) — fix: the stored secret and Keycloak's differ.*keycloak\.clientSecretVersion/,
    ],
    [
      "a token the registry refuses",
      (network) => (network.answers["GET https://registry.example.com/api/servers"] = json(403, { detail: "Access forbidden" })),
      "registry api",
      /→ 403: the registry refuses the token — fix: nginx asks the auth server to validate the token .*`npm run ops -- logs auth-server --since 30m`/,
    ],
    [
      "a token sent to the login page",
      (network) =>
        (network.answers["GET https://registry.example.com/api/servers"] = { status: 302, headers: { location: "/login" }, body: "" }),
      "registry api",
      /→ 302 to \/login: the token was not accepted — fix: nginx asks the auth server/,
    ],
    [
      "a redirect URI the realm does not have",
      (network) =>
        (network.answers["GET https://auth.example.com/realms/mcp-gateway/protocol/openid-connect/auth"] = html(
          400,
          '<div id="kc-error-message"><p class="instruction">Invalid parameter: redirect_uri</p></div>',
        )),
      "login redirect",
      /the realm refuses https:\/\/registry\.example\.com\/oauth2\/callback\/keycloak as a redirect URI of mcp-gateway-web \(400 Invalid parameter: redirect_uri\) — fix: the web client's valid redirect URI is https:\/\/<domains\.registry>\/oauth2\/callback\/keycloak/,
    ],
    [
      "no web client",
      (network) =>
        (network.answers["GET https://auth.example.com/realms/mcp-gateway/protocol/openid-connect/auth"] = html(
          400,
          "<p>Client not found.</p>",
        )),
      "login redirect",
      /has no client mcp-gateway-web \(400\) — fix: Terraform creates it/,
    ],
    [
      "Keycloak unreachable (an internal load balancer)",
      (network) => {
        network.certificates["auth.example.com"] = failure("ETIMEDOUT", "TLS handshake with auth.example.com:443 timed out after 10s");
        for (const key of Object.keys(network.answers)) if (key.includes("auth.example.com")) network.answers[key] = failure("ETIMEDOUT");
      },
      "tls keycloak",
      /cannot connect to auth\.example\.com:443 \(ETIMEDOUT\) — fix: the load balancer's security group must admit this machine's address on 443; an internal Keycloak load balancer/,
    ],
  ];

  test.each(cases)("%s", async (_title, breakIt, name, expected) => {
    const network = new RecordedNetwork();
    breakIt(network);
    const { results, text } = await smoke(network);
    expect(line(text, name)).toMatch(new RegExp(`^FAIL {2}${name} +`));
    expect(line(text, name)).toMatch(expected);
    expect(results.filter((result) => result.status === "FAIL").length).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/\d+ passed, [1-9]\d* failed/);
    expect(text).not.toContain(CLIENT_SECRET);
  });

  test("an unreachable Keycloak fails every check that needs it, and skips the API without a token", async () => {
    const network = new RecordedNetwork();
    cases[13][1](network);
    const { results } = await smoke(network);
    expect(results.filter((result) => result.status !== "PASS").map((result) => `${result.status} ${result.name}`)).toEqual([
      "FAIL tls keycloak",
      "FAIL oidc discovery",
      "FAIL m2m token",
      "SKIP registry api",
      "FAIL login redirect",
    ]);
  });

  test("a secret it may not read fails the token line with the permission to ask for", async () => {
    const network = new RecordedNetwork();
    secrets
      .on(GetSecretValueCommand)
      .rejects(
        Object.assign(new Error("User: x is not authorized to perform: secretsmanager:GetSecretValue"), { name: "AccessDeniedException" }),
      );
    const deployed = deployment(SMOKE_OUTPUTS);
    const { text } = await smoke(network, {}, SMOKE_OUTPUTS, secretReader(deployed, new AwsClients("eu-west-1")));
    expect(line(text, "m2m token")).toMatch(
      /^FAIL {2}m2m token +reading the M2M client secret \(region eu-west-1\): access denied .* — fix: .*secretsmanager:GetSecretValue and kms:Decrypt/,
    );
    expect(line(text, "registry api")).toMatch(/^SKIP {2}registry api +needs the M2M token/);
  });

  test("nothing read or received is printed, even when Keycloak echoes it back", async () => {
    const network = new RecordedNetwork();
    network.answers["POST https://auth.example.com/realms/mcp-gateway/protocol/openid-connect/token"] = json(400, {
      error: "invalid_request",
      error_description: `unexpected client_secret=${CLIENT_SECRET}`,
    });
    network.answers["GET https://registry.example.com/api/servers"] = json(500, {});
    const { text } = await smoke(network);
    expect(line(text, "m2m token")).toContain("unexpected client_secret=[redacted]");
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toContain(storedSecret);
  });
});

describe("ops smoke: other deployments and base URLs", () => {
  test("without the M2M output (no Terraform-configured realm) the token and API lines are skipped, not failed", async () => {
    const network = new RecordedNetwork();
    const { keycloak_m2m_client_secret_arn: _omitted, ...outputs } = SMOKE_OUTPUTS;
    void _omitted;
    const { results, text } = await smoke(network, {}, outputs);
    expect(results.filter((result) => result.status === "SKIP").map((result) => result.name)).toEqual(["m2m token", "registry api"]);
    expect(text).toMatch(/7 passed, 0 failed, 2 skipped: the deployment works$/);
  });

  test("outputs without the issuer assume the default realm and say so; --realm names another", () => {
    const { keycloak_issuer_url: _omitted, ...outputs } = SMOKE_OUTPUTS;
    void _omitted;
    const plan = planSmoke(deployment(outputs), DEFAULTS);
    expect(plan.realm).toBe(DEFAULT_REALM);
    expect(plan.realmNote).toContain("assuming the default realm mcp-gateway");
    expect(planSmoke(deployment(outputs), { ...DEFAULTS, realm: "agents" })).toMatchObject({
      realm: "agents",
      realmNote: undefined,
      issuer: "https://auth.example.com/realms/agents",
    });
  });

  test("--registry-url and --keycloak-url point the checks at other hosts; their issuer and redirect follow", async () => {
    const network = new RecordedNetwork();
    network.dns["registry.staging.example.net"] = ["203.0.113.5"];
    network.dns["id.staging.example.net"] = ["203.0.113.6"];
    const options = { registryUrl: "https://registry.staging.example.net/", keycloakUrl: "https://id.staging.example.net:8443" };
    const plan = planSmoke(deployment(SMOKE_OUTPUTS), { ...DEFAULTS, ...options });
    expect(plan).toMatchObject({
      issuer: "https://id.staging.example.net:8443/realms/mcp-gateway",
      redirectUri: "https://registry.staging.example.net/oauth2/callback/keycloak",
    });
    expect(plan.registry.loadBalancer).toBeUndefined();
    const { results } = await smoke(network, options);
    expect(results[0]).toEqual({
      status: "PASS",
      name: "dns registry",
      detail: "registry.staging.example.net → 203.0.113.5 (not compared with a load balancer: the URL names another host than the outputs)",
    });
    expect(network.handshakes[1]).toEqual({ connectTo: "id.staging.example.net", port: 8443, servername: "id.staging.example.net" });
    expect(network.requests.map((request) => request.url.href)).toContain(
      "https://id.staging.example.net:8443/realms/mcp-gateway/.well-known/openid-configuration",
    );
  });

  test("--base-url serves both from one origin; plain HTTP skips the certificate lines", async () => {
    const plan = planSmoke(deployment(SMOKE_OUTPUTS), { ...DEFAULTS, baseUrl: "http://127.0.0.1:8080" });
    expect([plan.registry.base, plan.keycloak.base, plan.issuer]).toEqual([
      "http://127.0.0.1:8080",
      "http://127.0.0.1:8080",
      "http://127.0.0.1:8080/realms/mcp-gateway",
    ]);
    const network = new RecordedNetwork();
    const { results } = await smoke(network, { baseUrl: "http://127.0.0.1:8080" });
    expect(results.slice(0, 4).map((result) => `${result.status} ${result.name}`)).toEqual([
      "SKIP dns registry",
      "SKIP dns keycloak",
      "SKIP tls registry",
      "SKIP tls keycloak",
    ]);
    expect(() => planSmoke(deployment(SMOKE_OUTPUTS), { ...DEFAULTS, baseUrl: "ftp://x" })).toThrow(
      '--base-url "ftp://x" is not an http(s) URL',
    );
    expect(() => planSmoke(deployment({}), DEFAULTS)).toThrow("the outputs have no registry_url");
  });

  test("arguments: defaults, every option, and bad values refused together", () => {
    expect(parseArguments(["smoke"]).command).toEqual({
      name: "smoke",
      baseUrl: undefined,
      registryUrl: undefined,
      keycloakUrl: undefined,
      registryAddress: undefined,
      keycloakAddress: undefined,
      realm: undefined,
      apiPath: "/api/servers",
      timeoutMs: 10_000,
    });
    expect(
      parseArguments([
        "smoke",
        "--registry-url",
        "https://r.example.com",
        "--realm=agents",
        "--api-path",
        "/api/health",
        "--timeout",
        "30s",
      ]).command,
    ).toMatchObject({ registryUrl: "https://r.example.com", realm: "agents", apiPath: "/api/health", timeoutMs: 30_000 });
    let problems: readonly string[] = [];
    try {
      parseArguments(["smoke", "--keycloak-url", "auth.example.com", "--api-path", "api", "--timeout", "soon"]);
    } catch (error) {
      problems = (error as { problems: readonly string[] }).problems;
    }
    expect(problems).toEqual([
      'smoke: --keycloak-url "auth.example.com" is not an http(s) URL: use e.g. https://registry.example.com',
      'smoke: --api-path "api" must start with /',
      'smoke: --timeout "soon" is not a duration: use e.g. 90s, 30m, 2h or 1d',
    ]);
    expect(USAGE).toContain("smoke [--address ADDR]");
  });
});

/** A certificate for registry.example.com, made for the run (no key in the repository), when openssl is on PATH. */
function testCertificate(): { key: Buffer; cert: Buffer } | undefined {
  try {
    const directory = mkdtempSync(path.join(tmpdir(), "ops-smoke-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        path.join(directory, "key.pem"),
        "-out",
        path.join(directory, "cert.pem"),
        "-days",
        "2",
        "-subj",
        "/CN=registry.example.com",
        "-addext",
        "subjectAltName=DNS:registry.example.com",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(path.join(directory, "key.pem")), cert: readFileSync(path.join(directory, "cert.pem")) };
  } catch {
    return undefined;
  }
}

describe("ops smoke: node's network, against a local server", () => {
  const certificate = testCertificate();
  const withOpenssl = certificate ? test : test.skip;
  let server: https.Server | undefined;
  let plain: http.Server | undefined;
  const seen: { host?: string; servername?: string }[] = [];
  const listen = (created: http.Server | https.Server) =>
    new Promise<number>((resolve) => created.listen(0, "127.0.0.1", () => resolve((created.address() as AddressInfo).port)));
  afterAll(() => {
    server?.close();
    plain?.close();
  });

  withOpenssl("connects to an address, sends the public name in SNI and Host, and verifies the certificate for it", async () => {
    server = https.createServer({ ...certificate }, (request, response) => {
      seen.push({ host: request.headers.host, servername: (request.socket as import("node:tls").TLSSocket).servername || undefined });
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    const port = await listen(server);
    const trusted = nodeNetwork({ timeoutMs: 5000, ca: certificate?.cert });
    await expect(trusted.handshake("127.0.0.1", port, "registry.example.com")).resolves.toMatchObject({ subject: "registry.example.com" });
    await expect(trusted.handshake("127.0.0.1", port, "auth.example.com")).rejects.toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    await expect(nodeNetwork({ timeoutMs: 5000 }).handshake("127.0.0.1", port, "registry.example.com")).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY/),
    });
    const answer = await trusted.request({ url: new URL(`https://registry.example.com:${port}/health`), connectTo: "127.0.0.1" });
    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}', headers: { "content-type": "application/json" } });
    expect(seen).toEqual([{ host: `registry.example.com:${port}`, servername: "registry.example.com" }]);
  });

  test("plain HTTP: the body is posted and read back; a refused connection rejects with its code", async () => {
    plain = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => response.writeHead(201).end(`${request.method} ${request.headers.host} ${body}`));
    });
    const port = await listen(plain);
    const network = nodeNetwork({ timeoutMs: 5000 });
    await expect(
      network.request({ url: new URL(`http://auth.example.com:${port}/token`), connectTo: "127.0.0.1", method: "POST", body: "a=1" }),
    ).resolves.toMatchObject({ status: 201, body: `POST auth.example.com:${port} a=1` });
    plain.close();
    await expect(network.request({ url: new URL(`http://auth.example.com:${port}/`), connectTo: "127.0.0.1" })).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
    await expect(network.resolve("203.0.113.9")).resolves.toEqual(["203.0.113.9"]);
  });
});
