import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { M2M_CLIENT_ID, MCP_GATEWAY_ACCESS_MODEL } from "../src/contract/access-model";
import { mayRegisterServers, REGISTRATION_CLIENT_ID } from "../src/contract/registration-client";
import { parseArguments } from "../src/ops/args";
import { OpsError } from "../src/ops/errors";
import { run } from "../src/ops/main";
import { PeerCertificate, SmokeAnswer, SmokeNetwork, SmokeRequest } from "../src/ops/network";
import { formatRegister, planRegister, RegisterOptions, runRegister } from "../src/ops/register";
import { mcpServerEntries } from "../src/services/mcp-servers";
import { ServiceDefinition } from "../src/services/catalog";
import { Capture, deployment, stackOutputs } from "./ops-support";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:mcp-gateway/keycloak/clients/registry-admin-bot-AbCdEf";
const CLIENT_SECRET = "Xk9rT3vW9xY2bN5mK7pL4sD6fG1hJ0aQwErTyUiOpAsDfGhJ";
const ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhenAiOiJyZWdpc3RyeS1hZG1pbi1ib3QifQ.c2lnbmF0dXJl";
const STORED = JSON.stringify({ client_id: REGISTRATION_CLIENT_ID, client_secret: CLIENT_SECRET });

const SERVERS = [
  {
    service: "currenttime",
    name: "Current Time",
    path: "/currenttime/",
    proxy_pass_url: "http://currenttime-server:8000/",
    description: "Example MCP server: the current time in any time zone",
    tags: ["example", "time", "timezone"],
    transport: "streamable-http",
  },
  {
    service: "realserverfaketools",
    name: "Real Server Fake Tools",
    path: "/realserverfaketools/",
    proxy_pass_url: "http://realserverfaketools-server:8002/",
    description: "Example MCP server: made-up tools",
    tags: ["example", "demo"],
    transport: "streamable-http",
  },
];

const OUTPUTS = {
  registry_url: "https://registry.example.com",
  keycloak_url: "https://auth.example.com",
  keycloak_issuer_url: "https://auth.example.com/realms/mcp-gateway",
  keycloak_registration_client_secret_arn: SECRET_ARN,
  ecs_service_names: {
    registry: "mcp-gateway-registry",
    keycloak: "mcp-gateway-keycloak",
    mcpgw: "mcp-gateway-mcpgw",
    currenttime: "mcp-gateway-currenttime",
    realserverfaketools: "mcp-gateway-realserverfaketools",
  },
  mcp_servers: SERVERS,
};

const json = (status: number, body: unknown): SmokeAnswer => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** Keycloak and a registry that keeps what is registered, answering as upstream's API does. */
class RecordedRegistry implements SmokeNetwork {
  readonly servers = new Map<string, Record<string, unknown>>();
  readonly requests: SmokeRequest[] = [];
  token: SmokeAnswer = json(200, { access_token: ACCESS_TOKEN, expires_in: 300 });
  registerAnswer?: SmokeAnswer;

  resolve(host: string): Promise<string[]> {
    return Promise.resolve(host.endsWith("example.com") ? ["3.248.1.10"] : []);
  }

  handshake(): Promise<PeerCertificate> {
    return Promise.reject(new Error("not used"));
  }

  request(request: SmokeRequest): Promise<SmokeAnswer> {
    this.requests.push(request);
    const key = `${request.method ?? "GET"} ${request.url.origin}${request.url.pathname}`;
    if (key === "POST https://auth.example.com/realms/mcp-gateway/protocol/openid-connect/token") return Promise.resolve(this.token);
    const bearer = request.headers?.Authorization === `Bearer ${ACCESS_TOKEN}`;
    if (key === "GET https://registry.example.com/api/servers") {
      if (!bearer) return Promise.resolve(json(401, { detail: "Authentication required" }));
      return Promise.resolve(json(200, { servers: [...this.servers.values()], total_count: this.servers.size, has_next: false }));
    }
    if (key === "POST https://registry.example.com/api/servers/register") {
      if (this.registerAnswer) return Promise.resolve(this.registerAnswer);
      const form = new URLSearchParams(request.body);
      const pathValue = form.get("path") as string;
      this.servers.set(pathValue, {
        path: pathValue,
        display_name: form.get("name"),
        description: form.get("description"),
        proxy_pass_url: form.get("proxy_pass_url"),
        tags: (form.get("tags") ?? "").split(",").filter(Boolean),
        is_enabled: false,
      });
      return Promise.resolve(json(201, { path: pathValue, name: form.get("name"), message: "registered" }));
    }
    return Promise.resolve(json(404, { detail: "Not Found" }));
  }

  posts(): SmokeRequest[] {
    return this.requests.filter((request) => request.method === "POST" && request.url.pathname === "/api/servers/register");
  }
}

async function register(network: RecordedRegistry, options: Partial<RegisterOptions> = {}, outputs: Record<string, unknown> = OUTPUTS) {
  const plan = planRegister(deployment(outputs), { dryRun: false, ...options });
  const results = await runRegister(plan, { network, readSecret: () => Promise.resolve(STORED) });
  return { results, text: formatRegister(plan, results) };
}

describe("ops register", () => {
  test("a fresh registry: every server registered, with upstream's form fields and the registration client's token", async () => {
    const network = new RecordedRegistry();
    const { results, text } = await register(network);
    expect(results.map((result) => [result.action, result.done, result.server.service])).toEqual([
      ["register", true, "currenttime"],
      ["register", true, "realserverfaketools"],
    ]);
    const lines = text.split("\n");
    expect(lines[0]).toBe("register: 2 MCP servers into https://registry.example.com as registry-admin-bot, realm mcp-gateway");
    expect(lines).toContain("note: mcpgw is registered by the registry itself on start, as /airegistry-tools/");
    expect(lines.find((line) => line.startsWith("registered  /currenttime/ "))).toMatch(
      /Current Time → http:\/\/currenttime-server:8000\//,
    );
    expect(lines.at(-1)).toBe("2 registered, 0 updated, 0 unchanged, 0 failed");
    const [post] = network.posts();
    expect(post.headers?.["Content-Type"]).toBe("application/x-www-form-urlencoded");
    expect(post.headers?.Authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(Object.fromEntries(new URLSearchParams(post.body))).toEqual({
      name: "Current Time",
      description: "Example MCP server: the current time in any time zone",
      path: "/currenttime/",
      proxy_pass_url: "http://currenttime-server:8000/",
      tags: "example,time,timezone",
      supported_transports: "streamable-http",
      overwrite: "true",
    });
    const token = network.requests.find((request) => request.url.pathname.endsWith("/token")) as SmokeRequest;
    expect(new URLSearchParams(token.body).get("client_id")).toBe(REGISTRATION_CLIENT_ID);
  });

  test("a second run changes nothing: every server unchanged, no POST", async () => {
    const network = new RecordedRegistry();
    await register(network);
    const before = network.posts().length;
    // The registry tags a server whose scan failed; that is not a difference.
    (network.servers.get("/currenttime/") as { tags: string[] }).tags.push("security-pending");
    const { results, text } = await register(network);
    expect(results.map((result) => result.action)).toEqual(["unchanged", "unchanged"]);
    expect(network.posts()).toHaveLength(before);
    expect(text.split("\n").at(-1)).toBe("0 registered, 0 updated, 2 unchanged, 0 failed");
    expect(text).toContain("disabled in the registry: enable it in the UI once its security scan passed");
  });

  test("a changed server is updated at the path it is listed under, with overwrite", async () => {
    const network = new RecordedRegistry();
    network.servers.set("/currenttime", {
      path: "/currenttime",
      display_name: "Current Time",
      description: "an old description",
      proxy_pass_url: "http://currenttime-server:8000/",
      tags: ["example", "time", "timezone"],
      is_enabled: true,
    });
    const { results, text } = await register(network, { only: "currenttime" });
    expect(results.map((result) => [result.action, result.done])).toEqual([["update", true]]);
    expect(text).toMatch(/^updated {2}\/currenttime\/ {2}Current Time \(description differs\)$/m);
    const [post] = network.posts();
    expect(new URLSearchParams(post.body).get("path")).toBe("/currenttime");
    expect(new URLSearchParams(post.body).get("overwrite")).toBe("true");
    expect(text.split("\n").at(-1)).toBe("0 registered, 1 updated, 0 unchanged, 0 failed");
  });

  test("--dry-run lists and compares, and sends no registration", async () => {
    const network = new RecordedRegistry();
    network.servers.set("/realserverfaketools/", {
      path: "/realserverfaketools/",
      display_name: "Real Server Fake Tools",
      description: "Example MCP server: made-up tools",
      proxy_pass_url: "http://old-host:8002/",
      tags: ["demo", "example"],
    });
    const { results, text } = await register(network, { dryRun: true });
    expect(network.posts()).toHaveLength(0);
    expect(results.map((result) => [result.action, result.done])).toEqual([
      ["register", false],
      ["update", false],
    ]);
    expect(text).toMatch(/^would register {2}\/currenttime\//m);
    expect(text).toMatch(/^would update {4}\/realserverfaketools\/ {2}Real Server Fake Tools \(proxy_pass_url differs\)$/m);
    expect(text.split("\n").at(-1)).toBe("1 to register, 1 to update, 0 unchanged: nothing sent (run without --dry-run to apply)");
  });

  test("a refused token and a refused registration say what to do, and never print the secret or the token", async () => {
    const refused = new RecordedRegistry();
    refused.token = json(401, { error: "invalid_client", error_description: `Invalid client credentials ${CLIENT_SECRET}` });
    const error = (await register(refused).then(
      () => undefined,
      (caught: unknown) => caught,
    )) as OpsError;
    expect(error.message).toContain("no token for registry-admin-bot: Keycloak refuses registry-admin-bot (401 invalid_client");
    expect(error.fix).toMatch(/bump keycloak\.clientSecretVersion/);
    expect(`${error.message} ${error.fix}`).not.toContain(CLIENT_SECRET);

    const forbidden = new RecordedRegistry();
    forbidden.registerAnswer = json(403, { detail: `You do not have permission to register new services (${ACCESS_TOKEN})` });
    const { results, text } = await register(forbidden);
    expect(results.map((result) => result.action)).toEqual(["failed", "failed"]);
    expect(text).toMatch(
      /^FAILED {2}\/currenttime\/ +Current Time: POST https:\/\/registry\.example\.com\/api\/servers\/register → 403: You do not have permission/m,
    );
    expect(text).toMatch(/fix: registry-admin-bot needs register_service/);
    expect(text.split("\n").at(-1)).toBe("0 registered, 0 updated, 0 unchanged, 2 failed");
    expect(text).not.toContain(ACCESS_TOKEN);
    expect(text).not.toContain(CLIENT_SECRET);
  });

  test("the registry refusing the token on the list stops the run with the auth server as the place to look", async () => {
    const network = new RecordedRegistry();
    network.request = function (request) {
      return request.url.pathname === "/api/servers"
        ? Promise.resolve(json(403, { detail: "Forbidden" }))
        : RecordedRegistry.prototype.request.call(this, request);
    };
    await expect(register(network)).rejects.toMatchObject({
      message: expect.stringContaining(
        "GET https://registry.example.com/api/servers → 403: the registry refuses registry-admin-bot's token",
      ),
      fix: expect.stringContaining("npm run ops -- logs auth-server"),
    });
  });

  test("outputs without mcp_servers or the registration secret, and an unknown --only, name the fix", () => {
    expect(() => planRegister(deployment({ ...OUTPUTS, mcp_servers: undefined }), { dryRun: false })).toThrow(/no mcp_servers/);
    expect(() => planRegister(deployment({ ...OUTPUTS, keycloak_registration_client_secret_arn: undefined }), { dryRun: false })).toThrow(
      /no keycloak_registration_client_secret_arn/,
    );
    expect(() => planRegister(deployment(OUTPUTS), { dryRun: false, only: "fininfo" })).toThrow(/no MCP server named "fininfo"/);
  });

  test("`npm run ops -- register` reads the secret through Secrets Manager and exits 0, then 1 when a server fails", async () => {
    const secrets = mockClient(SecretsManagerClient);
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: STORED });
    const directory = mkdtempSync(path.join(tmpdir(), "ops-register-"));
    const outputsFile = path.join(directory, "outputs.json");
    writeFileSync(outputsFile, JSON.stringify({ app: stackOutputs(OUTPUTS).stacks.app }));
    const io = { stdout: new Capture(), stderr: new Capture(), env: {}, cwd: directory, network: new RecordedRegistry() };
    await expect(run(["register", "--outputs", outputsFile], io)).resolves.toBe(0);
    expect(io.stdout.text).toMatch(/2 registered, 0 updated, 0 unchanged, 0 failed\n$/);
    expect(io.stdout.text + io.stderr.text).not.toContain(CLIENT_SECRET);

    const failing = new RecordedRegistry();
    failing.registerAnswer = json(400, { error: "Invalid auth_scheme", reason: "auth_scheme must be one of: none, bearer, api_key" });
    const broken = { ...io, stdout: new Capture(), stderr: new Capture(), network: failing };
    await expect(run(["register", "--outputs", outputsFile, "--only", "currenttime"], broken)).resolves.toBe(1);
    expect(broken.stdout.text).toMatch(/400: Invalid auth_scheme: auth_scheme must be one of/);
    secrets.restore();
  });

  test("arguments: --dry-run, --only and the endpoint overrides", () => {
    expect(parseArguments(["register", "--dry-run", "--only", "currenttime", "--address", "3.248.1.10"]).command).toEqual({
      name: "register",
      baseUrl: undefined,
      registryUrl: undefined,
      keycloakUrl: undefined,
      registryAddress: "3.248.1.10",
      keycloakAddress: "3.248.1.10",
      realm: undefined,
      dryRun: true,
      only: "currenttime",
      timeoutMs: 15_000,
    });
  });
});

describe("what register registers, and with whom", () => {
  test("only the registration client may register servers: the M2M client has no register_service", () => {
    expect(mayRegisterServers(REGISTRATION_CLIENT_ID, MCP_GATEWAY_ACCESS_MODEL)).toBe(true);
    expect(mayRegisterServers(M2M_CLIENT_ID, MCP_GATEWAY_ACCESS_MODEL)).toBe(false);
  });

  test("every definition with a registration becomes an entry, at /<name>/ and its Service Connect URL", () => {
    const definition = (name: string, registration?: ServiceDefinition["registration"]) =>
      ({
        name,
        container: { name, ports: [{ name: "mcp", containerPort: 8000, serviceConnectName: `${name}-server`, serviceConnectPort: 80 }] },
        serviceConnect: true,
        calls: [],
        usesDatabase: false,
        registration,
      }) as unknown as ServiceDefinition;
    const registration = { displayName: "Own", description: "An own server", tags: ["own"], portName: "mcp", transport: "sse" as const };
    expect(mcpServerEntries([definition("mcpgw"), definition("own", registration)])).toEqual([
      {
        service: "own",
        name: "Own",
        path: "/own/",
        proxy_pass_url: "http://own-server:80/",
        description: "An own server",
        tags: ["own"],
        transport: "sse",
      },
    ]);
    expect(() => mcpServerEntries([definition("own", { ...registration, portName: "http" })])).toThrow(/does not publish/);
  });
});
