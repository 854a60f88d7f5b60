import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { ConfigError, EXAMPLE_CONFIG_PATH, invocationDirectory, loadConfig } from "../src/config/load";
import { configProblems, exampleRawConfig, Json, runAppHere, startApp, synthWithManifest } from "./support";

const PROJECT_ROOT = resolve(__dirname, "..");

function problemsFor(mutate: (raw: Json) => void): string[] {
  const raw = exampleRawConfig();
  mutate(raw);
  return configProblems(raw);
}

function problemsOfFile(name: string, text: string, env: NodeJS.ProcessEnv = {}): string[] {
  const directory = mkdtempSync(join(tmpdir(), "config-errors-"));
  writeFileSync(join(directory, name), text);
  try {
    loadConfig({ ...env, MCP_GATEWAY_CONFIG: join(directory, name) });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("configuration errors name the field, the value and the fix", () => {
  const cases: [string, (raw: Json) => void, RegExp][] = [
    [
      "memory alone that the default CPU cannot take",
      (raw) => (raw.services.registry = { memory: 16384 }),
      /^services\.registry\.memory: \(16384\) does not fit the default cpu 1024; Fargate allows 2048-8192 MiB in steps of 1024 with it; set cpu to 2048 or 4096/,
    ],
    [
      "memory alone that fits no CPU",
      (raw) => (raw.services.mcpgw = { memory: 3000 }),
      /^services\.mcpgw\.memory: \(3000\) does not fit the default cpu 512; .*choose a memory size Fargate offers/,
    ],
    [
      "CPU and memory that do not pair",
      (raw) => (raw.services.registry = { cpu: 256, memory: 4096 }),
      /^services\.registry\.memory: \(4096\) does not fit cpu 256; Fargate allows 512-2048 MiB in steps of 512 with it; set cpu to 512 or 1024 or 2048/,
    ],
    [
      "an image with an empty tag",
      (raw) => (raw.services.registry.image = "public.ecr.aws/p3v1o3c6/registry:"),
      /^services\.registry\.image: \(public\.ecr\.aws\/p3v1o3c6\/registry:\) has an empty tag after ':'; give the version/,
    ],
    [
      "an image with a short digest",
      (raw) => (raw.services.registry.image = "repo@sha256:abc"),
      /^services\.registry\.image: \(repo@sha256:abc\) has a malformed digest; a digest is @sha256: followed by 64/,
    ],
    [
      "an image with upper-case letters",
      (raw) => (raw.services.registry.image = "MyCorp/Registry:1.0"),
      /^services\.registry\.image: \(MyCorp\/Registry:1\.0\) has a repository name Docker does not accept; use lower-case/,
    ],
    [
      "an image with spaces",
      (raw) => (raw.services.registry.image = "repo: 1.0"),
      /^services\.registry\.image: \(repo: 1\.0\) contains white space/,
    ],
    [
      "a backend type that does not exist",
      (raw) => (raw.backend = { type: "gcs" }),
      /^backend\.type: "gcs" is not allowed; use one of: "local", "s3", "cloud"$/,
    ],
    [
      "a backend without a type",
      (raw) => (raw.backend = { bucket: "state" }),
      /^backend\.type: is missing; set it to one of: "local", "s3", "cloud"$/,
    ],
    ["a missing region", (raw) => delete raw.region, /^region: is missing; set it to one of: "us-east-1", /],
    [
      "a region typo",
      (raw) => (raw.region = "us-east1"),
      /^region: "us-east1" is not allowed; use one of: .* \(did you mean "us-east-1"\?\)$/,
    ],
    [
      "a realm name with spaces",
      (raw) => (raw.keycloak = { ...raw.keycloak, realm: "My Realm" }),
      /^keycloak\.realm: "My Realm" must start with a lower-case letter and hold only a-z, 0-9 and '-', e\.g\. mcp-gateway$/,
    ],
    [
      "a database version without minor",
      (raw) => (raw.database = { engineVersion: "16" }),
      /^database\.engineVersion: "16" must be a PostgreSQL major\.minor version \(Aurora or RDS\), e\.g\. 16\.6$/,
    ],
    [
      "ACUs off the half-step grid",
      (raw) => (raw.database = { minAcu: 0.3 }),
      /^database\.minAcu: 0\.3 must be a multiple of 0\.5, e\.g\. 0\.5, 1, 1\.5$/,
    ],
    [
      "a quoted number",
      (raw) => (raw.services.registry = { desiredCount: "2" }),
      /^services\.registry\.desiredCount: expected a number, got the text "2"; write it without quotes: desiredCount: 2$/,
    ],
    [
      "a quoted CPU",
      (raw) => (raw.services.registry = { cpu: "1024" }),
      /^services\.registry\.cpu: "1024" is not allowed; use one of: 256, 512, 1024, 2048, 4096 \(write it without quotes\)$/,
    ],
    [
      "a quoted boolean",
      (raw) => (raw.deletionProtection = "false"),
      /^deletionProtection: expected true or false, got the text "false"; write deletionProtection: false without quotes$/,
    ],
    [
      "a single CIDR instead of a list",
      (raw) => (raw.network.ingressCidrs = "10.0.0.0/8"),
      /^network\.ingressCidrs: expected a list, got the text "10\.0\.0\.0\/8"; write it as a list: ingressCidrs: \["10\.0\.0\.0\/8"\]$/,
    ],
    [
      "a CIDR with host bits",
      (raw) => (raw.network.ingressCidrs = ["10.1.2.3/16"]),
      /^network\.ingressCidrs\.0: "10\.1\.2\.3\/16" has host bits set; use the network address 10\.1\.0\.0\/16$/,
    ],
    [
      "a CIDR listed twice",
      (raw) => (raw.network.ingressCidrs = ["10.0.0.0/8", "10.0.0.0/8"]),
      /^network\.ingressCidrs\.1: \(10\.0\.0\.0\/8\) is listed twice; .*remove the repetition$/,
    ],
    [
      "an empty section",
      (raw) => (raw.loadBalancers = null),
      /^loadBalancers: is empty; give its settings as in config\/example\.yaml, or remove the key to use the defaults$/,
    ],
    [
      "a reserved tag key",
      (raw) => (raw.tags = { "aws:owner": "me" }),
      /^tags\.aws:owner: the key "aws:owner" starts with aws:, a prefix AWS reserves for its own tags; rename it$/,
    ],
    [
      "an empty adopt import ID",
      (raw) => (raw.adopt = { "aws_vpc.network_vpc": "" }),
      /^adopt\.aws_vpc\.network_vpc: must not be empty; give a value or remove the key \(got ""\)$/,
    ],
    [
      "a typo in a key",
      (raw) => (raw.network.ingresCidrs = ["10.0.0.0/8"]),
      /^network: unknown key "ingresCidrs" \(did you mean "ingressCidrs"\?\); allowed keys: /,
    ],
    [
      "an invalid e-mail",
      (raw) => (raw.observability = { alarmEmail: "oncall" }),
      /^observability\.alarmEmail: "oncall" is not an e-mail address; give one mailbox, e\.g\. oncall@mycorp\.example$/,
    ],
    [
      "the same static name twice",
      (raw) => (raw.domains = { mode: "static", registry: "a.corp.example", keycloak: "a.corp.example", hostedZone: "corp.example" }),
      /^domains\.keycloak: \(a\.corp\.example\) is also the registry's name; each needs its own name/,
    ],
    [
      "DynamoDB locking without a table",
      (raw) => (raw.backend = { type: "s3", bucket: "state", locking: "dynamodb" }),
      /^backend\.dynamodbTable: is missing; locking: dynamodb needs the table's name \(or use locking: lockfile\)$/,
    ],
    [
      "a DynamoDB table that would be ignored",
      (raw) => (raw.backend = { type: "s3", bucket: "state", dynamodbTable: "locks" }),
      /^backend\.dynamodbTable: \(locks\) would be ignored: locking is lockfile; set locking: dynamodb/,
    ],
    [
      "regional names that would be ignored",
      (raw) => (raw.domains.registry = "gw.mycorp.click"),
      /^domains\.registry: \(gw\.mycorp\.click\) would be ignored: mode regional derives the names from baseDomain; set mode: static/,
    ],
    [
      "demo users without the realm",
      (raw) => (raw.keycloak = { configureRealm: false, demoUsers: true }),
      /^keycloak\.demoUsers: \(true\) would be ignored: keycloak\.configureRealm is false/,
    ],
    [
      "a /20 VPC whose default public subnets are too small",
      (raw) => (raw.network.vpcCidr = "10.0.0.0/20"),
      /^network\.vpcCidr: \(10\.0\.0\.0\/20\) leaves \/28 default public subnets, smaller than the \/27 load balancers need; use \/16 to \/19, or set network\.publicSubnetCidrs$/,
    ],
    [
      "a public subnet too small for a load balancer",
      (raw) => (raw.network.publicSubnetCidrs = ["10.0.64.0/28", "10.0.65.0/24"]),
      /^network\.publicSubnetCidrs\.0: \(10\.0\.64\.0\/28\) is smaller than the \/27 load balancers need/,
    ],
    [
      "given public subnets inside the default private ones",
      (raw) => (raw.network.publicSubnetCidrs = ["10.0.0.0/24", "10.0.65.0/24"]),
      /^network\.publicSubnetCidrs\.0: \(10\.0\.0\.0\/24\) overlaps the default private subnet 10\.0\.0\.0\/20; set network\.privateSubnetCidrs too/,
    ],
    // Issue #20: mistakes that passed until Terraform (or AWS) refused them.
    [
      "Keycloak started with no task while Terraform configures the realm",
      (raw) => (raw.services.keycloak = { minCapacity: 0, desiredCount: 0 }),
      /^services\.keycloak\.desiredCount: \(0\) starts Keycloak with no task, but Terraform configures the realm through Keycloak's admin API \(keycloak\.configureRealm: true\) in the apply and reads it back in every plan, so apply would fail; set desiredCount: 1 or more \(2 survive a task or AZ failure\), or set keycloak\.configureRealm: false to leave the realm to someone else$/,
    ],
    [
      "Keycloak allowed to scale in to no task",
      (raw) => (raw.services.keycloak = { minCapacity: 0, desiredCount: 1 }),
      /^services\.keycloak\.minCapacity: \(0\) lets autoscaling stop its last task, but Terraform configures the realm through Keycloak's admin API .*; set minCapacity: 1 or more/,
    ],
    [
      "an Aurora PostgreSQL version that does not exist",
      (raw) => (raw.database.engineVersion = "16.7"),
      /^database\.engineVersion: \(16\.7\) is not an Aurora PostgreSQL \(Serverless v2\) version \(database\.engine is aurora-serverless\); the nearest are 16\.6 and 16\.8 \(all 16\.x: 16\.1, 16\.2, 16\.3, 16\.4, 16\.6, 16\.8, 16\.9, 16\.10\); if AWS has released it since, add it to src\/config\/postgres-versions\.ts$/,
    ],
    [
      "a PostgreSQL major version AWS does not offer",
      (raw) => (raw.database.engineVersion = "12.5"),
      /^database\.engineVersion: \(12\.5\) is not an Aurora PostgreSQL \(Serverless v2\) version this deployment knows: major 12 is not among 13, 14, 15, 16, 17; use e\.g\. 17\.6/,
    ],
    [
      "an RDS for PostgreSQL version beyond the newest",
      (raw) => {
        for (const auroraOnly of ["minAcu", "maxAcu", "reader"]) delete raw.database[auroraOnly];
        raw.database = { ...raw.database, engine: "postgres-instance", engineVersion: "16.20" };
      },
      /^database\.engineVersion: \(16\.20\) is not an RDS for PostgreSQL version \(database\.engine is postgres-instance\); the nearest is 16\.11 \(all 16\.x: 16\.1, .*16\.11\)/,
    ],
    [
      "a tag key longer than AWS allows",
      (raw) => (raw.tags = { ["k".repeat(129)]: "v" }),
      /^tags\.k{37}\.\.\.: the key "k+\.\.\. is 129 characters long; AWS allows at most 128 in a tag key; rename it$/,
    ],
    [
      "a tag value longer than AWS allows",
      (raw) => (raw.tags = { Owner: "v".repeat(257) }),
      /^tags\.Owner: "v+\.\.\. is 257 characters long; AWS allows at most 256 in a tag value: shorten it$/,
    ],
    [
      "a tag key with a character AWS refuses",
      (raw) => (raw.tags = { "cost center!": "42" }),
      /^tags\.cost center!: the key "cost center!" holds "!", which AWS does not accept in tag keys everywhere; use only letters, digits, spaces and \+ - = \. _ : \/ @; rename it$/,
    ],
    [
      "a tag value with a character AWS refuses",
      (raw) => (raw.tags = { Team: "search&discovery" }),
      /^tags\.Team: "search&discovery" holds "&", which AWS does not accept in tag values everywhere; use only letters, digits/,
    ],
    [
      "a tag the deployment sets itself",
      (raw) => (raw.tags = { ManagedBy: "platform-team" }),
      /^tags\.ManagedBy: the key "ManagedBy" is set by this deployment on every resource, which would overwrite yours; rename it$/,
    ],
    [
      "a tag in the deployment's own prefix",
      (raw) => (raw.tags = { "mcp-gateway:owner": "me" }),
      /^tags\.mcp-gateway:owner: the key "mcp-gateway:owner" uses the prefix mcp-gateway:, which this deployment keeps for its own tags; rename it$/,
    ],
    [
      "more tags than fit next to the deployment's own",
      (raw) => (raw.tags = Object.fromEntries(Array.from({ length: 46 }, (_, index) => [`Tag${index}`, "x"]))),
      /^tags: lists 46 tags; with the 5 this deployment adds \(mcp-gateway:deployment, mcp-gateway:stack, ManagedBy, Name, mcp-gateway:tier\) a resource would carry 51, over AWS's 50 per resource: remove 1 of yours \(at most 45\)$/,
    ],
    [
      "a number as a tag value",
      (raw) => (raw.tags = { CostCenter: 4711 }),
      /^tags\.CostCenter: expected a text, got the number 4711; quote it: "4711"$/,
    ],
    [
      "a boolean where a text belongs",
      (raw) => (raw.keycloak.realm = true),
      /^keycloak\.realm: expected a text, got true \(true or false\); quote it: "true"$/,
    ],
    [
      "a hosted zone that cannot hold the regional names",
      (raw) => (raw.domains.hostedZone = "other.example"),
      /^domains\.hostedZone: \(other\.example\) does not hold the names mode regional derives from baseDomain \(registry\.us-east-1\.mycorp\.click, kc\.us-east-1\.mycorp\.click\); set hostedZone to mycorp\.click or us-east-1\.mycorp\.click, or remove it \(the zone is then baseDomain\), or set mode: static with registry and keycloak names inside other\.example$/,
    ],
    [
      "a service that is not in the catalog",
      (raw) => (raw.services.grafana = { image: "grafana/grafana:11.0.0" }),
      /^services: unknown key "grafana"; services are a fixed catalog of the registry's containers, other containers cannot be added here; the services: registry, auth-server, keycloak, currenttime, mcpgw, /,
    ],
    [
      "a near miss of a service name",
      (raw) => (raw.services.authserver = {}),
      /^services: unknown key "authserver" \(did you mean "auth-server"\?\); allowed keys: registry, auth-server, /,
    ],
    [
      "a key in the wrong case",
      (raw) => (raw.services.registry.desiredcount = 2),
      /^services\.registry: unknown key "desiredcount" \(did you mean "desiredCount"\?\); allowed keys: enabled, image, /,
    ],
    [
      "a value in the wrong case",
      (raw) => (raw.region = "US-EAST-1"),
      /^region: "US-EAST-1" is not allowed; use one of: .* \(did you mean "us-east-1"\?\)$/,
    ],
  ];

  test.each(cases)("%s", (_name, mutate, expected) => {
    const problems = problemsFor(mutate);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  test("no message shows schema internals: patterns, discriminator dumps, undefined, zod's generic texts", () => {
    const problems = cases.flatMap(([, mutate]) => problemsFor(mutate));
    expect(problems.length).toBeGreaterThanOrEqual(cases.length);
    for (const problem of problems) {
      expect(problem).not.toMatch(
        /undefined|discriminator|Invalid (input|string|number|key|option)|must match pattern|\/\^|Too (small|big)|expected (string|number|object|array)\b/,
      );
    }
  });
});

describe("every problem at once, each once", () => {
  test("a field error does not hide the checks across fields and the resolution behind it", () => {
    const problems = problemsFor((raw) => {
      raw.network.azCount = 4; // schema: a field
      raw.services.registry.image = "public.ecr.aws/p3v1o3c6/registry:latest"; // schema: a check across fields
      raw.services.mcpgw = { desiredCount: 9 }; // resolution: desiredCount against the default capacity
      raw.domains.hostedZone = "other.example"; // resolution: names outside the zone
    });
    expect(problems).toEqual([
      "network.azCount: 4 is not allowed; use one of: 2, 3",
      expect.stringMatching(/^services\.registry\.image: .*has the tag latest, which upstream never publishes/),
      expect.stringMatching(/^services\.mcpgw\.desiredCount: \(9\) must lie between minCapacity \(1\) and maxCapacity \(2\)$/),
      expect.stringMatching(/^domains\.hostedZone: \(other\.example\) does not hold the names mode regional derives/),
    ]);
  });

  test("a value removed to look further does not produce follow-up errors in its own section", () => {
    // With cpu unusable, memory 16384 would be checked against the default cpu: that would be a consequence, not news.
    const problems = problemsFor((raw) => (raw.services.registry = { cpu: 3000, memory: 16384 }));
    expect(problems).toEqual([
      expect.stringMatching(/^services\.registry\.cpu: 3000 is not allowed; use one of: 256, 512, 1024, 2048, 4096$/),
    ]);
  });

  test("identical lines are reported once", () => {
    const error = new ConfigError("x.yaml", ["a: b", "c: d", "a: b"]);
    expect(error.problems).toEqual(["a: b", "c: d"]);
  });
});

describe("reading the file", () => {
  test(".json files are strict JSON: a trailing comma is an error with line and column", () => {
    const raw = exampleRawConfig();
    const json = JSON.stringify(raw, null, 2).replace(/("baseDomain": "[^"]*")/, "$1,");
    expect(json).toMatch(/"baseDomain": "[^"]*",\n\s+}/);
    expect(problemsOfFile("prod.json", json)).toEqual([
      expect.stringMatching(
        /^\(top level\): not valid JSON: .* at line \d+, column \d+; remove the trailing comma before it \(JSON allows none\)$/,
      ),
    ]);
  });

  test("the same text in a .yaml file is YAML, where the trailing comma is allowed", () => {
    const json = JSON.stringify(exampleRawConfig(), null, 2).replace(/("baseDomain": "[^"]*")/, "$1,");
    expect(problemsOfFile("prod.yaml", json)).toEqual([]);
  });

  test("an empty file and a file that is not a mapping say so", () => {
    expect(problemsOfFile("empty.yaml", "\n")).toEqual(["(top level): the file is empty; start from config/example.yaml"]);
    expect(problemsOfFile("list.yaml", "- region: us-east-1\n")).toEqual([
      expect.stringMatching(/^\(top level\): expected a mapping of settings, got a list/),
    ]);
  });

  test("YAML syntax errors name line and column", () => {
    expect(problemsOfFile("broken.yaml", "region: us-east-1\nnetwork:\n  ingressCidrs: [10.0.0.0/8\n")).toEqual([
      expect.stringMatching(/^\(top level\): not valid YAML at line \d+, column \d+: /),
    ]);
  });
});

describe("MCP_GATEWAY_CONFIG", () => {
  test("a relative path starts from where npm was run (INIT_CWD), when npm ran this project's script", () => {
    const env = { INIT_CWD: "/home/me/deployments", npm_package_json: join(PROJECT_ROOT, "package.json") };
    expect(invocationDirectory(env, PROJECT_ROOT)).toBe("/home/me/deployments");
  });

  test("a stale INIT_CWD inherited by a process working elsewhere is ignored", () => {
    const env = { INIT_CWD: "/home/me/deployments", npm_package_json: join(PROJECT_ROOT, "package.json") };
    expect(invocationDirectory(env, "/tmp/copy-of-project")).toBe("/tmp/copy-of-project");
    expect(invocationDirectory({}, "/tmp/somewhere")).toBe("/tmp/somewhere");
  });

  test("a relative path is read from the user's directory, not the project root", () => {
    const userDirectory = mkdtempSync(join(tmpdir(), "user-dir-"));
    mkdirSync(join(userDirectory, "envs"));
    const raw = exampleRawConfig();
    raw.namePrefix = "from-user-dir";
    writeFileSync(join(userDirectory, "envs", "prod.yaml"), stringify(raw));
    const loaded = loadConfig(
      { MCP_GATEWAY_CONFIG: "envs/prod.yaml", INIT_CWD: userDirectory, npm_package_json: join(PROJECT_ROOT, "package.json") },
      PROJECT_ROOT,
    );
    expect(loaded.config.namePrefix).toBe("from-user-dir");
  });

  test("file not found names the absolute path it tried and the directory it started from", () => {
    const userDirectory = mkdtempSync(join(tmpdir(), "user-dir-"));
    expect(() => loadConfig({ MCP_GATEWAY_CONFIG: "prod.yaml" }, userDirectory)).toThrow(
      new ConfigError("prod.yaml", [
        `MCP_GATEWAY_CONFIG: file not found: ${join(userDirectory, "prod.yaml")} (prod.yaml relative to ${userDirectory}); set MCP_GATEWAY_CONFIG to an existing JSON or YAML file (relative paths start from your current directory)`,
      ]),
    );
  });

  test("a project file named relative to another directory is pointed out", () => {
    const userDirectory = mkdtempSync(join(tmpdir(), "user-dir-"));
    const problems = (() => {
      try {
        loadConfig({ MCP_GATEWAY_CONFIG: "config/examples/s3.yaml" }, userDirectory);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      expect.stringContaining(`the project has ${join(PROJECT_ROOT, "config", "examples", "s3.yaml")}: give that path`),
    ]);
  });

  test("a directory is refused with the path", () => {
    const directory = mkdtempSync(join(tmpdir(), "config-dir-"));
    expect(() => loadConfig({ MCP_GATEWAY_CONFIG: directory })).toThrow(
      /MCP_GATEWAY_CONFIG: .* is a directory; name the JSON or YAML file in it/,
    );
  });
});

describe("the app's output", () => {
  test("without MCP_GATEWAY_CONFIG the notice goes to stdout (cdktf shows stderr as [ERROR]); stderr stays empty", () => {
    const result = startApp([], { MCP_GATEWAY_CONFIG: undefined });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      "Note: MCP_GATEWAY_CONFIG is not set, so the built-in example configuration (config/example.yaml) is used.\n" +
        EXAMPLE_DOCUMENTATION_WARNINGS.map((line) => `${line}\n`).join(""),
    );
    expect(result.stderr).toBe("");
    expect(existsSync(join(result.outdir, "manifest.json"))).toBe(true);
  });

  test("a bad file: one header and one line per problem on stderr, exit 1, nothing written", () => {
    const directory = mkdtempSync(join(tmpdir(), "config-errors-"));
    const raw = exampleRawConfig();
    raw.network.azCount = 4;
    raw.services.registry.image = "repo:";
    writeFileSync(join(directory, "prod.yaml"), stringify(raw));
    const result = runAppHere([], { MCP_GATEWAY_CONFIG: join(directory, "prod.yaml") });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `Invalid configuration in ${join(directory, "prod.yaml")}: 2 problems\n` +
        "  - network.azCount: 4 is not allowed; use one of: 2, 3\n" +
        "  - services.registry.image: (repo:) has an empty tag after ':'; give the version, e.g. repo:1.2.3, or a digest\n",
    );
    expect(existsSync(result.outdir)).toBe(false);
  });

  test("--check (run by npm run diff/deploy/destroy before cdktf) builds everything and writes nothing", () => {
    const ok = runAppHere(["--check"], { MCP_GATEWAY_CONFIG: undefined });
    expect(ok.status).toBe(0);
    expect(ok.stdout + ok.stderr).toBe("");
    expect(existsSync(ok.outdir)).toBe(false);

    const directory = mkdtempSync(join(tmpdir(), "config-errors-"));
    const raw = exampleRawConfig();
    raw.adopt = { "aws_vpc.network": "vpc-0123456789abcdef0" };
    writeFileSync(join(directory, "adopt.yaml"), stringify(raw));
    const bad = runAppHere(["--check"], { MCP_GATEWAY_CONFIG: join(directory, "adopt.yaml") });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /^Invalid configuration in .*adopt\.yaml: 1 problem\n {2}- adopt\.aws_vpc\.network: no resource has this address in the app stack; closest: aws_vpc\.network_vpc/,
    );
  });

  test("--synth --output DIR (npm run synth) writes what cdktf synth writes there, drops stale stacks, names the files", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "config-errors-synth-")), "out");
    mkdirSync(join(outdir, "stacks", "retired"), { recursive: true });
    const result = runAppHere(["--synth", "--output", outdir], { MCP_GATEWAY_CONFIG: undefined });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      "Note: MCP_GATEWAY_CONFIG is not set, so the built-in example configuration (config/example.yaml) is used.\n" +
        EXAMPLE_DOCUMENTATION_WARNINGS.map((line) => `${line}\n`).join("") +
        `Terraform JSON: ${join(outdir, "stacks/certs/cdk.tf.json")} and ${join(outdir, "stacks/app/cdk.tf.json")}\n`,
    );
    // cdktf synth sets CDKTF_OUTDIR to its --output (default cdktf.out), so an inherited one is not used either.
    expect(existsSync(result.outdir)).toBe(false);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["app", "certs"]);
    const read = (path: string) => JSON.parse(readFileSync(join(outdir, path), "utf8"));
    const expected = synthWithManifest();
    expect(read("manifest.json")).toEqual(expected.manifest);
    expect(read("stacks/certs/cdk.tf.json")).toEqual(expected.certs);
    expect(read("stacks/app/cdk.tf.json")).toEqual(expected.app);
  });

  test("arguments npm run synth does not take: one line naming them and the fix, exit 1, nothing written", () => {
    // An empty working directory of its own, to see that nothing is written.
    const directory = mkdtempSync(join(tmpdir(), "config-errors-cwd-"));
    const result = runAppHere(["--synth", "--json"], { MCP_GATEWAY_CONFIG: undefined }, directory);
    const written = readdirSync(directory);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'main.ts: "--synth --json" is not understood; run it with no arguments (as cdktf does), --check [--for-deploy], or --synth ' +
        "[--output DIR] (npm run synth -- --output DIR); for cdktf's other synth options run npx cdktf synth\n",
    );
    expect(written).toEqual([]);
  });

  test("npm run check:config resolves a relative path from the directory npm was run in", () => {
    const raw = exampleRawConfig();
    raw.network.azCount = 7;
    // A subdirectory of the project (ignored by git), as a user would have.
    const subdirectory = mkdtempSync(join(PROJECT_ROOT, "cdktf.out.config-errors-"));
    writeFileSync(join(subdirectory, "mine.yaml"), stringify(raw));
    const result = spawnSync("npm", ["run", "-s", "check:config"], {
      cwd: subdirectory,
      env: { ...process.env, MCP_GATEWAY_CONFIG: "mine.yaml" },
      encoding: "utf8",
    });
    rmSync(subdirectory, { recursive: true, force: true });
    expect(result.stderr).toContain(`Invalid configuration in mine.yaml: 1 problem\n  - network.azCount: 7 is not allowed`);
    expect(result.status).toBe(1);
  });
});

/** What synth says of the built-in example's documentation addresses (the quick start keeps working). */
const EXAMPLE_DOCUMENTATION_WARNINGS = [
  "Warning: network.ingressCidrs.0: (203.0.113.0/24) is in the documentation range 203.0.113.0/24, which no real network has; list the networks your clients connect from (synth goes ahead; npm run deploy refuses it)",
  "Warning: keycloak.adminCidrs.0: (203.0.113.10/32) is in the documentation range 203.0.113.0/24, which no real network has; list where administrators and Terraform run from, e.g. your public address as a.b.c.d/32 (curl -s https://checkip.amazonaws.com) (synth goes ahead; npm run deploy refuses it)",
];

describe("issue #20: the file as written", () => {
  const yamlWith = (replace: (text: string) => string) => replace(readFileSync(EXAMPLE_CONFIG_PATH, "utf8"));

  test("a version YAML reads as a number is quoted as the user typed it, not as the number it became", () => {
    const text = yamlWith((yaml) => yaml.replace('engineVersion: "16.6"', "engineVersion: 16.10"));
    expect(problemsOfFile("prod.yaml", text)).toEqual([
      'database.engineVersion: expected a text, got the number 16.1 (16.10 unquoted is a number); quote it: "16.10"',
    ]);
  });

  test("the same in JSON", () => {
    const raw = exampleRawConfig();
    const json = JSON.stringify(raw, null, 2).replace('"engineVersion": "16.6"', '"engineVersion": 16.10');
    expect(problemsOfFile("prod.json", json)).toEqual([
      'database.engineVersion: expected a text, got the number 16.1 (16.10 unquoted is a number); quote it: "16.10"',
    ]);
  });

  test("a number as a tag value, written with a leading zero", () => {
    const text = yamlWith((yaml) => yaml.replace("  Environment: example", "  Environment: example\n  CostCenter: 0042"));
    expect(problemsOfFile("prod.yaml", text)).toEqual([
      'tags.CostCenter: expected a text, got the number 42 (0042 unquoted is a number); quote it: "0042"',
    ]);
  });

  test("a JSON file with a byte-order mark is read like one without", () => {
    const json = "\uFEFF" + JSON.stringify(exampleRawConfig(), null, 2);
    expect(problemsOfFile("prod.json", json)).toEqual([]);
    expect(problemsOfFile("prod.yaml", "\uFEFF" + readFileSync(EXAMPLE_CONFIG_PATH, "utf8"))).toEqual([]);
  });

  test("two YAML documents: one document, remove the second --- (with its line)", () => {
    const text = "region: us-east-1\n---\nregion: eu-west-1\n";
    expect(problemsOfFile("prod.yaml", text)).toEqual([
      "(top level): the file holds 2 YAML documents, but the configuration is one document: remove the second `---` at line 2 (merge what follows into the settings above it)",
    ]);
  });

  test("a key given twice: YAML names it and the line; JSON, which would silently keep the last, too", () => {
    const text = yamlWith((yaml) => yaml.replace("\ndeletionProtection: true\n", "\ndeletionProtection: true\nregion: eu-west-1\n"));
    const line = text.split("\n").indexOf("region: eu-west-1") + 1;
    expect(problemsOfFile("prod.yaml", text)).toEqual([
      `(top level): the key "region" is given twice in the same mapping (again at line ${line}); keep one of them`,
    ]);
    const json = JSON.stringify(exampleRawConfig(), null, 2).replace(
      '"namePrefix": "mcp-gateway",',
      '"namePrefix": "mcp-gateway",\n  "region": "eu-west-1",',
    );
    expect(problemsOfFile("prod.json", json)).toEqual([
      '(top level): the key "region" is given twice in the same mapping (again at line 4); keep one of them',
    ]);
  });

  test("MCP_GATEWAY_CONFIG set but blank is refused, not taken for the built-in example", () => {
    expect(() => loadConfig({ MCP_GATEWAY_CONFIG: "  " })).toThrow(
      new ConfigError("MCP_GATEWAY_CONFIG", [
        'MCP_GATEWAY_CONFIG: is set but empty ("  "); name your JSON or YAML file, or unset it (unset MCP_GATEWAY_CONFIG) to use the built-in example config/example.yaml',
      ]),
    );
    const result = runAppHere([], { MCP_GATEWAY_CONFIG: "" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "Invalid configuration in MCP_GATEWAY_CONFIG: 1 problem\n" +
        '  - MCP_GATEWAY_CONFIG: is set but empty (""); name your JSON or YAML file, or unset it (unset MCP_GATEWAY_CONFIG) to use the built-in example config/example.yaml\n',
    );
    expect(existsSync(result.outdir)).toBe(false);
  });
});

describe("issue #20: documentation address ranges warn at synth and stop npm run deploy", () => {
  test("the built-in example synthesizes with a warning per documentation address", () => {
    const loaded = loadConfig({});
    expect(loaded.warnings).toEqual(EXAMPLE_DOCUMENTATION_WARNINGS);
  });

  test("for a deployment they are refused, each with its field, value and fix", () => {
    expect(() => loadConfig({}, PROJECT_ROOT, { forDeploy: true })).toThrow(
      new ConfigError("config/example.yaml", [
        "network.ingressCidrs.0: (203.0.113.0/24) is in the documentation range 203.0.113.0/24, which no real network has; list the networks your clients connect from (npm run deploy refuses documentation ranges; synth only warns)",
        "keycloak.adminCidrs.0: (203.0.113.10/32) is in the documentation range 203.0.113.0/24, which no real network has; list where administrators and Terraform run from, e.g. your public address as a.b.c.d/32 (curl -s https://checkip.amazonaws.com) (npm run deploy refuses documentation ranges; synth only warns)",
      ]),
    );
  });

  test("the NAT addresses of an existing VPC count too", () => {
    const problems = (() => {
      try {
        loadConfig({ MCP_GATEWAY_CONFIG: join(PROJECT_ROOT, "config", "examples", "existing-vpc.yaml") }, PROJECT_ROOT, {
          forDeploy: true,
        });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual(
      expect.arrayContaining([
        "network.existing.egressPublicIps.0: (198.51.100.7) is in the documentation range 198.51.100.0/24, which no real network has; list the public addresses of the VPC's NAT gateways (aws ec2 describe-nat-gateways) (npm run deploy refuses documentation ranges; synth only warns)",
      ]),
    );
  });

  test("an emulator deployment keeps them: nothing real connects to it", () => {
    const emulator = join(PROJECT_ROOT, "config", "examples", "emulator.yaml");
    expect(loadConfig({ MCP_GATEWAY_CONFIG: emulator }, PROJECT_ROOT, { forDeploy: true }).warnings).toEqual([]);
  });

  test("npm run deploy checks with --for-deploy: exit 1, the problems on stderr, nothing written", () => {
    const packageJson = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"));
    expect(packageJson.scripts.deploy).toMatch(/^node --import tsx main\.ts --check --for-deploy && /);
    const result = runAppHere(["--check", "--for-deploy"], { MCP_GATEWAY_CONFIG: undefined });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^Invalid configuration in config\/example\.yaml: 2 problems\n {2}- network\.ingressCidrs\.0: \(203\.0\.113\.0\/24\) is in the documentation range/,
    );
    expect(existsSync(result.outdir)).toBe(false);
  });
});
