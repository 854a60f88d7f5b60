import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { configFrom, configProblems, exampleRawConfig, Json, runAppHere, startApp } from "./support";

function problemsFor(mutate: (raw: Json) => void): string[] {
  const raw = exampleRawConfig();
  mutate(raw);
  return configProblems(raw);
}

describe("configuration", () => {
  test("the built-in example is valid and resolves regional domains", () => {
    const config = configFrom(exampleRawConfig());
    expect(config.region).toBe("us-east-1");
    expect(config.domains).toEqual({
      registry: "registry.us-east-1.mycorp.click",
      keycloak: "kc.us-east-1.mycorp.click",
      hostedZone: "mycorp.click",
    });
    expect(config.deletionProtection).toBe(true);
    expect(config.services.map((service) => service.name)).toEqual(["registry", "auth-server", "keycloak", "mcpgw"]);
  });

  test("static domains use the names given", () => {
    const config = configFrom({
      ...exampleRawConfig(),
      domains: { mode: "static", registry: "gateway.corp.example", keycloak: "login.corp.example", hostedZone: "corp.example" },
    });
    expect(config.domains).toEqual({ registry: "gateway.corp.example", keycloak: "login.corp.example", hostedZone: "corp.example" });
  });

  test("default subnets are carved from the VPC block", () => {
    const config = configFrom({ ...exampleRawConfig(), network: { ...exampleRawConfig().network, azCount: 3, vpcCidr: "10.20.0.0/16" } });
    expect(config.network.privateSubnetCidrs).toEqual(["10.20.0.0/20", "10.20.16.0/20", "10.20.32.0/20"]);
    expect(config.network.publicSubnetCidrs).toEqual(["10.20.64.0/24", "10.20.65.0/24", "10.20.66.0/24"]);
  });

  test("autoscaling bounds come from the configuration", () => {
    const raw = exampleRawConfig();
    raw.services.registry = { ...raw.services.registry, minCapacity: 3, maxCapacity: 7 };
    const registry = configFrom(raw).services.find((service) => service.name === "registry");
    expect(registry).toMatchObject({ minCapacity: 3, maxCapacity: 7, desiredCount: 3 });
  });

  const badInputs: [string, (raw: Json) => void, RegExp][] = [
    [
      "a malformed CIDR",
      (raw) => (raw.network.vpcCidr = "10.0.0.300/16"),
      /^network\.vpcCidr: "10\.0\.0\.300\/16" is not a valid IPv4 CIDR block; use the form/,
    ],
    [
      "a VPC prefix out of range",
      (raw) => (raw.network.vpcCidr = "10.0.0.0/24"),
      /^network\.vpcCidr: .*prefix length between \/16 and \/20/,
    ],
    [
      "overlapping subnets",
      (raw) => {
        raw.network.privateSubnetCidrs = ["10.0.0.0/20", "10.0.16.0/20"];
        raw.network.publicSubnetCidrs = ["10.0.8.0/24", "10.0.64.0/24"];
      },
      /^network\.privateSubnetCidrs\.0: \(10\.0\.0\.0\/20\) overlaps network\.publicSubnetCidrs\.0 \(10\.0\.8\.0\/24\); subnets must not overlap$/,
    ],
    [
      "a subnet outside the VPC",
      (raw) => (raw.network.privateSubnetCidrs = ["10.1.0.0/20", "10.0.16.0/20"]),
      /^network\.privateSubnetCidrs\.0: .*is not inside vpcCidr 10\.0\.0\.0\/16/,
    ],
    ["an AZ count out of range", (raw) => (raw.network.azCount = 4), /^network\.azCount: 4 is not allowed; use one of: 2, 3/],
    ["min above max ACU", (raw) => (raw.database = { minAcu: 8, maxAcu: 2 }), /^database\.minAcu: .*greater than maxAcu \(2\)/],
    [
      "min above max capacity",
      (raw) => (raw.services.registry = { ...raw.services.registry, minCapacity: 5, maxCapacity: 2 }),
      /^services\.registry\.minCapacity: .*greater than maxCapacity \(2\)/,
    ],
    ["an unknown region", (raw) => (raw.region = "us-middle-1"), /^region: "us-middle-1" is not allowed; use one of: "us-east-1"/],
    [
      "a malformed domain",
      (raw) => (raw.domains.baseDomain = "my corp..click"),
      /^domains\.baseDomain: "my corp\.\.click" is not a valid DNS name/,
    ],
    ["an empty ingress list", (raw) => (raw.network.ingressCidrs = []), /^network\.ingressCidrs: must list at least one CIDR block/],
    [
      "0.0.0.0/0 ingress without the opt-in",
      (raw) => (raw.network.ingressCidrs = ["0.0.0.0/0"]),
      /^network\.ingressCidrs\.0: .*whole internet; list your client networks, or set network\.allowPublicIngress: true/,
    ],
    [
      "a :latest image",
      (raw) => (raw.services.registry.image = "ghcr.io/example/registry:latest"),
      /^services\.registry\.image: .*mutable :latest tag; pin a version tag or a digest .*allowMutableImageTags: true/,
    ],
    ["an untagged image", (raw) => (raw.services.mcpgw.image = "public.ecr.aws/p3v1o3c6/mcpgw"), /^services\.mcpgw\.image: .*has no tag/],
    [
      "an unknown key",
      (raw) => (raw.network.natGateway = "single"),
      /^network: unknown key "natGateway" \(did you mean "natGateways"\?\); allowed keys: vpcCidr, azCount, natGateways/,
    ],
    [
      "an unknown top-level key",
      (raw) => (raw.regoin = "us-east-1"),
      /^\(top level\): unknown key "regoin" \(did you mean "region"\?\); allowed keys: namePrefix, region/,
    ],
    [
      "an enabled service without an image",
      (raw) => (raw.services.currenttime = { enabled: true }),
      /^services\.currenttime: is enabled but has no public image; set image/,
    ],
    [
      "a record outside the hosted zone",
      (raw) => (raw.domains.hostedZone = "other.example"),
      /^domains\.hostedZone: \(other\.example\) does not hold the names mode regional derives from baseDomain/,
    ],
    [
      "a log retention CloudWatch rejects",
      (raw) => (raw.observability.logRetentionDays = 10),
      /^observability\.logRetentionDays: 10 is not a CloudWatch Logs retention period; use one of 1, 3/,
    ],
    [
      "memory that does not fit the CPU",
      (raw) => (raw.services.registry.memory = 512),
      /^services\.registry\.memory: .*does not fit cpu 1024; Fargate allows 2048-8192/,
    ],
    ["a wrong type", (raw) => (raw.network.azCount = "two"), /^network\.azCount: "two" is not allowed; use one of: 2, 3/],
    [
      "an idle timeout above the load balancer's maximum",
      (raw) => (raw.loadBalancers.idleTimeoutSeconds = 5000),
      /^loadBalancers\.idleTimeoutSeconds: .*4000/,
    ],
    ["a database password version below 1", (raw) => (raw.secrets.databasePasswordVersion = 0), /^secrets\.databasePasswordVersion: /],
    [
      "no admin networks while Terraform configures the realm",
      (raw) => (raw.keycloak.adminCidrs = []),
      /^keycloak\.adminCidrs: is empty, but Terraform configures the realm through Keycloak's admin API.*laptop: its public address as a\.b\.c\.d\/32.*self-hosted CI runner.*Terraform Cloud agent/,
    ],
    [
      "the whole internet as an admin network",
      (raw) => (raw.keycloak.adminCidrs = ["0.0.0.0/0"]),
      /^keycloak\.adminCidrs\.0: \(0\.0\.0\.0\/0\) opens Keycloak's admin console and API to the whole internet/,
    ],
    [
      "a malformed admin network",
      (raw) => (raw.keycloak.adminCidrs = ["203.0.113.10"]),
      /^keycloak\.adminCidrs\.0: "203\.0\.113\.10" is not a valid IPv4 CIDR block/,
    ],
    [
      "more admin networks than the load balancer's rules hold",
      (raw) => (raw.keycloak.adminCidrs = Array.from({ length: 31 }, (_, index) => `198.51.100.${index}/32`)),
      /^keycloak\.adminCidrs: lists 31 blocks; at most 30/,
    ],
    [
      "a realm the admin rules would hide",
      (raw) => (raw.keycloak.realm = "master-tools"),
      /^keycloak\.realm: "master-tools" may not start with "master"/,
    ],
  ];

  test.each(badInputs)("rejects %s with a line naming the field and the fix", (_name, mutate, expected) => {
    const problems = problemsFor(mutate);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  test("the example accepts :latest only with the explicit opt-in", () => {
    expect(
      problemsFor((raw) => {
        raw.services.registry.image = "ghcr.io/example/registry:latest";
        raw.allowMutableImageTags = true;
      }),
    ).toEqual([]);
  });

  test("reports every problem at once, one line each", () => {
    const problems = problemsFor((raw) => {
      raw.network.azCount = 5;
      raw.region = "mars-1";
    });
    expect(problems).toHaveLength(2);
  });
});

describe("the app on bad input", () => {
  const projectRoot = resolve(__dirname, "..");

  function configFile(configText: string): string {
    const configPath = join(mkdtempSync(join(tmpdir(), "mcp-gateway-config-")), "config.yaml");
    writeFileSync(configPath, configText);
    return configPath;
  }

  /** main.ts in a process of its own: only there would an uncaught error print its stack trace. */
  const startAppWith = (configText: string) => startApp([], { MCP_GATEWAY_CONFIG: configFile(configText) }, projectRoot);

  const runApp = (configText: string) => runAppHere([], { MCP_GATEWAY_CONFIG: configFile(configText) }, projectRoot);

  test("exits non-zero with one line per problem, no stack trace and no output written", () => {
    const raw = exampleRawConfig();
    raw.network.azCount = 4;
    raw.region = "us-middle-1";
    const result = startAppWith(stringify(raw));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("  - network.azCount: 4 is not allowed; use one of: 2, 3\n");
    expect(result.stderr).toMatch(/ {2}- region: "us-middle-1" is not allowed; use one of: "us-east-1"/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(result.outdir)).toBe(false);
  });

  test("reports unparseable YAML without a stack trace", () => {
    const result = runApp("region: [unclosed\n");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^ {2}- \(top level\): not valid YAML at line \d+, column \d+: /m);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test("synthesizes with a valid file", () => {
    const result = runApp(stringify(exampleRawConfig()));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(existsSync(join(result.outdir, "stacks", "app", "cdk.tf.json"))).toBe(true);
  });
});

describe("keycloak.adminCidrs", () => {
  test("may stay empty when nothing configures the realm from outside: no realm, or an internal Keycloak", () => {
    const withoutRealm = exampleRawConfig();
    withoutRealm.keycloak = { ...withoutRealm.keycloak, adminCidrs: [], configureRealm: false };
    expect(configFrom(withoutRealm).keycloak.adminCidrs).toEqual([]);
    const internal = exampleRawConfig();
    internal.keycloak.adminCidrs = [];
    internal.loadBalancers.keycloakScheme = "internal";
    expect(configFrom(internal).keycloak.adminCidrs).toEqual([]);
  });
});
