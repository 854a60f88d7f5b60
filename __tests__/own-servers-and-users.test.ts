import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFrom, configProblems, exampleRawConfig, Json, mainContainer, ref, resources, rolePolicies, synthStacks } from "./support";

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:weather/api-key-AbCdEf";
const JSON_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:weather/db-Zy12Xw";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** The example with one server of its own and two people in the realm. */
function ownRawConfig(): Json {
  const raw = exampleRawConfig();
  raw.mcpServers = {
    weather: {
      image: "ghcr.io/mycorp/weather-mcp:1.4.0",
      command: ["python", "-m", "weather_mcp", "--port", "8080"],
      port: 8080,
      healthCheck: { path: "/health", startPeriodSeconds: 20 },
      cpu: 512,
      memory: 1024,
      minCapacity: 1,
      maxCapacity: 3,
      desiredCount: 2,
      environment: { LOG_LEVEL: "info", TOKEN_URL: "https://auth.mycorp.example/token" },
      secrets: { WEATHER_API_KEY: SECRET, DB_PASSWORD: { arn: JSON_SECRET, jsonKey: "password", kmsKeyArn: KEY } },
      registration: { displayName: "Weather", description: "Forecasts for any city", tags: ["weather"], transport: "sse" },
    },
  };
  raw.keycloak.users = [
    { username: "alice.smith", email: "alice@mycorp.example", firstName: "Alice", lastName: "Smith", groups: ["mcp-registry-admin"] },
    { username: "bob", email: "bob@mycorp.example", groups: ["mcp-registry-user", "mcp-servers-restricted"] },
  ];
  return raw;
}

function problemsFor(mutate: (raw: Json) => void): string[] {
  const raw = ownRawConfig();
  mutate(raw);
  return configProblems(raw);
}

const weather = (raw: Json) => raw.mcpServers.weather;

describe("issue #20: mcpServers and keycloak.users errors name the field, the value and the fix", () => {
  const cases: [string, (raw: Json) => void, RegExp][] = [
    [
      "a server name that is no DNS label",
      (raw) => (raw.mcpServers.Weather_Now = weather(raw)),
      /^mcpServers\.Weather_Now: \(Weather_Now\) is not a DNS label .*e\.g\. weather$/,
    ],
    [
      "a server named like a catalog service",
      (raw) => (raw.mcpServers.currenttime = weather(raw)),
      /^mcpServers\.currenttime: \(currenttime\) is a service of the catalog \(configure it under services\.currenttime\); choose another name/,
    ],
    [
      "a server named like a catalog Service Connect name",
      (raw) => (raw.mcpServers["mcpgw-server"] = weather(raw)),
      /^mcpServers\.mcpgw-server: \(mcpgw-server\) is the Service Connect name of a catalog service/,
    ],
    [
      "a near miss of a server setting",
      (raw) => (weather(raw).healthcheck = {}),
      /^mcpServers\.weather: unknown key "healthcheck" \(did you mean "healthCheck"\?\); allowed keys: image, build, command, port, /,
    ],
    [
      "a secret ARN without its suffix",
      (raw) => (weather(raw).secrets.WEATHER_API_KEY = "arn:aws:secretsmanager:us-east-1:123456789012:secret:weather/api-key"),
      /^mcpServers\.weather\.secrets\.WEATHER_API_KEY: ".*:secret:weather\/api-key" lacks the 6-character suffix Secrets Manager adds/,
    ],
    [
      "a secret given by name",
      (raw) => (weather(raw).secrets.WEATHER_API_KEY = "weather/api-key"),
      /^mcpServers\.weather\.secrets\.WEATHER_API_KEY: "weather\/api-key" is not a Secrets Manager secret ARN; give the full ARN \(aws secretsmanager describe-secret/,
    ],
    [
      "a parameter ARN as a secret",
      (raw) => (weather(raw).secrets.WEATHER_API_KEY = { arn: "arn:aws:ssm:us-east-1:123456789012:parameter/weather" }),
      /^mcpServers\.weather\.secrets\.WEATHER_API_KEY\.arn: ".*" is an ARN, but not of a Secrets Manager secret/,
    ],
    [
      "a key alias instead of the key's ARN",
      (raw) => (weather(raw).secrets.DB_PASSWORD.kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:alias/weather"),
      /^mcpServers\.weather\.secrets\.DB_PASSWORD\.kmsKeyArn: ".*alias\/weather" is a key alias; IAM grants kms:Decrypt on key ARNs only/,
    ],
    [
      "a credential in a plain variable, by its name",
      (raw) => (weather(raw).environment.API_KEY = "k3y-abc"),
      /^mcpServers\.weather\.environment\.API_KEY: has a name that says it holds a credential \(its value is not repeated here\); .*list its ARN under mcpServers\.weather\.secrets\.API_KEY$/,
    ],
    [
      "a credential in a plain variable, by its value",
      (raw) => (weather(raw).environment.UPSTREAM = "AKIAIOSFODNN7EXAMPLE"),
      /^mcpServers\.weather\.environment\.UPSTREAM: holds what looks like an AWS access key ID \(its value is not repeated here\); /,
    ],
    [
      "a password in a URL",
      (raw) => (weather(raw).environment.DATABASE_URL = "postgres://weather:hunter2hunter2@db.internal/weather"),
      /^mcpServers\.weather\.environment\.DATABASE_URL: holds what looks like a URL with a password in it \(its value is not repeated here\)/,
    ],
    [
      "a variable both plain and secret",
      (raw) => (weather(raw).environment.WEATHER_API_KEY = "https://example.com"),
      /^mcpServers\.weather\.environment\.WEATHER_API_KEY: is also listed under secrets; .*keep one of them$/,
    ],
    [
      "a variable name the container could not use",
      (raw) => (weather(raw).environment["LOG-LEVEL"] = "info"),
      /^mcpServers\.weather\.environment\.LOG-LEVEL: is not an environment variable name; use letters, digits and _/,
    ],
    [
      "a health check with neither path nor command",
      (raw) => (weather(raw).healthCheck = { startPeriodSeconds: 10 }),
      /^mcpServers\.weather\.healthCheck: needs path \(an HTTP GET on the server's port, e\.g\. path: \/health; the image needs curl\) or command/,
    ],
    [
      "a health check with both",
      (raw) => (weather(raw).healthCheck.command = ["CMD", "true"]),
      /^mcpServers\.weather\.healthCheck\.command: is given together with path; choose one/,
    ],
    [
      "a health check command ECS would not run",
      (raw) => (weather(raw).healthCheck = { command: ["curl", "-f", "http://localhost:8080/"] }),
      /^mcpServers\.weather\.healthCheck\.command: \(\["curl","-f","http:\/\/localhost:8080\/"\]\) is not a check ECS runs; start it with "CMD"/,
    ],
    [
      "a health check timeout longer than its interval",
      (raw) => Object.assign(weather(raw).healthCheck, { intervalSeconds: 10, timeoutSeconds: 10 }),
      /^mcpServers\.weather\.healthCheck\.timeoutSeconds: \(10\) is not below intervalSeconds \(10\)/,
    ],
    [
      "a CPU size Fargate does not have",
      (raw) => (weather(raw).cpu = 384),
      /^mcpServers\.weather\.cpu: 384 is not a Fargate CPU size; use one of 256, 512, 1024, 2048, 4096/,
    ],
    [
      "memory the CPU cannot take (the services' rule)",
      (raw) => (weather(raw).memory = 8192),
      /^mcpServers\.weather\.memory: \(8192\) does not fit cpu 512; Fargate allows 1024-4096 MiB in steps of 1024 with it; set cpu to 1024 or 2048/,
    ],
    [
      "a desired count outside the capacity",
      (raw) => (weather(raw).desiredCount = 5),
      /^mcpServers\.weather\.desiredCount: \(5\) must lie between minCapacity \(1\) and maxCapacity \(3\)$/,
    ],
    [
      "min above max capacity",
      (raw) => Object.assign(weather(raw), { minCapacity: 4, maxCapacity: 3, desiredCount: undefined }),
      /^mcpServers\.weather\.minCapacity: \(4\) is greater than maxCapacity \(3\)/,
    ],
    [
      "both image and build",
      (raw) => (weather(raw).build = { context: "." }),
      /^mcpServers\.weather: sets both image and build; choose one$/,
    ],
    ["neither image nor build", (raw) => delete weather(raw).image, /^mcpServers\.weather: has neither image nor build; set image/],
    [
      "a mutable image tag",
      (raw) => (weather(raw).image = "ghcr.io/mycorp/weather-mcp:latest"),
      /^mcpServers\.weather\.image: \(ghcr\.io\/mycorp\/weather-mcp:latest\) uses the mutable :latest tag; pin a version tag or a digest/,
    ],
    ["a port out of range", (raw) => (weather(raw).port = 70000), /^mcpServers\.weather\.port: must be at most 65535 \(got 70000\)$/],
    [
      "a transport the registry does not know",
      (raw) => (weather(raw).registration.transport = "streamable_http"),
      /^mcpServers\.weather\.registration\.transport: "streamable_http" is not allowed; use one of: "streamable-http", "sse" \(did you mean "streamable-http"\?\)$/,
    ],
    [
      "a name that makes the IAM role name too long",
      (raw) => (raw.mcpServers["a-very-long-weather-forecast-server-name"] = weather(raw)),
      /^mcpServers\.a-very-long-weather-forecast-server-name: \(a-very-long-weather-forecast-server-name\) makes its IAM role name mcp-gateway-use1-a-very-long-weather-forecast-server-name-execution 67 characters long, over IAM's 64; use a name of at most 37 characters/,
    ],
    [
      "a username in upper case",
      (raw) => (raw.keycloak.users[1].username = "Bob"),
      /^keycloak\.users\.1\.username: "Bob" has upper-case letters; Keycloak stores usernames in lower case: write bob$/,
    ],
    [
      "an e-mail address without a domain",
      (raw) => (raw.keycloak.users[1].email = "bob@localhost"),
      /^keycloak\.users\.1\.email: "bob@localhost" is not an e-mail address; give one mailbox/,
    ],
    [
      "a group the access model does not have",
      (raw) => (raw.keycloak.users[1].groups = ["mcp-registry-users"]),
      /^keycloak\.users\.1\.groups\.0: "mcp-registry-users" is not a group of the access model \(did you mean "mcp-registry-user"\?\); use one of: mcp-registry-admin, /,
    ],
    [
      "a user without groups",
      (raw) => (raw.keycloak.users[1].groups = []),
      /^keycloak\.users\.1\.groups: must list at least one group; a user in no group can log in but use nothing/,
    ],
    [
      "a built-in user",
      (raw) => (raw.keycloak.users[1].username = "testuser"),
      /^keycloak\.users\.1\.username: \(testuser\) is a user the deployment creates itself \(admin, testuser, lob1-user, lob2-user\); choose another username$/,
    ],
    [
      "a service account's name",
      (raw) => (raw.keycloak.users[1].username = "service-account-lob1-bot"),
      /^keycloak\.users\.1\.username: \(service-account-lob1-bot\) starts with service-account-, which Keycloak keeps for clients' service accounts/,
    ],
    [
      "a user listed twice",
      (raw) => raw.keycloak.users.push({ ...raw.keycloak.users[1], email: "bob2@mycorp.example" }),
      /^keycloak\.users\.2\.username: \(bob\) is already listed as keycloak\.users\.1; list each user once$/,
    ],
    [
      "two usernames with one Terraform address",
      (raw) => raw.keycloak.users.push({ username: "alice_smith", email: "alice2@mycorp.example", groups: ["mcp-registry-user"] }),
      /^keycloak\.users\.2\.username: \(alice_smith\) would share the Terraform address keycloak_user\.alice_smith with keycloak\.users\.0 \(alice\.smith\)/,
    ],
    [
      "two users with one address",
      (raw) => (raw.keycloak.users[1].email = "ALICE@mycorp.example"),
      /^keycloak\.users\.1\.email: \(ALICE@mycorp\.example\) is also keycloak\.users\.0's address; the realm refuses two users with one address/,
    ],
    [
      "a built-in user's address",
      (raw) => (raw.keycloak.users[1].email = "admin@mycorp.click"),
      /^keycloak\.users\.1\.email: \(admin@mycorp\.click\) is the address of the built-in user admin; /,
    ],
    [
      "users without a realm to put them in",
      (raw) => (raw.keycloak.configureRealm = false),
      /^keycloak\.users: \(2 users\) would be ignored: keycloak\.configureRealm is false, so no users are created here; remove users or set configureRealm: true$/,
    ],
  ];

  test("the test configuration itself is valid", () => {
    expect(configProblems(ownRawConfig())).toEqual([]);
  });

  test.each(cases)("%s", (_name, mutate, expected) => {
    const problems = problemsFor(mutate);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  test("no message shows schema internals", () => {
    for (const problem of cases.flatMap(([, mutate]) => problemsFor(mutate))) {
      expect(problem).not.toMatch(/undefined|Invalid (input|string|number|key|option)|\/\^|Too (small|big)|allowed keys: $/);
    }
  });

  test("a service that is not in the catalog points at mcpServers", () => {
    const raw = exampleRawConfig();
    raw.services.weather = { image: "ghcr.io/mycorp/weather-mcp:1.4.0" };
    expect(configProblems(raw)).toEqual([expect.stringMatching(/an MCP server of your own goes under mcpServers\.<name>$/)]);
  });

  test("harmless values under secret-sounding names pass: URLs without credentials, paths, numbers", () => {
    const config = configFrom(ownRawConfig());
    expect(config.mcpServers[0].environment).toEqual({ LOG_LEVEL: "info", TOKEN_URL: "https://auth.mycorp.example/token" });
  });

  test("defaults: the smallest task, one task, streamable HTTP, the name as display name", () => {
    const raw = exampleRawConfig();
    raw.mcpServers = { tiny: { image: "ghcr.io/mycorp/tiny:1.0.0", port: 9000, healthCheck: { command: ["CMD", "true"] } } };
    expect(configFrom(raw).mcpServers).toEqual([
      expect.objectContaining({
        name: "tiny",
        cpu: 256,
        memory: 512,
        minCapacity: 1,
        maxCapacity: 2,
        desiredCount: 1,
        spot: false,
        environment: {},
        secrets: {},
        healthCheck: { command: ["CMD", "true"], startPeriodSeconds: 30, intervalSeconds: 30, timeoutSeconds: 5, retries: 3 },
        registration: expect.objectContaining({ displayName: "tiny", tags: [], transport: "streamable-http" }),
      }),
    ]);
  });
});

describe("issue #20: an own MCP server is synthesized like the example servers", () => {
  const app = synthStacks(ownRawConfig()).app;

  test("its task definition: image, command, port, health check, variables and secrets", () => {
    const taskDefinition = resources(app, "aws_ecs_task_definition").mcp_server_weather_task_definition;
    expect(taskDefinition).toMatchObject({ family: "mcp-gateway-weather", cpu: "512", memory: "1024" });
    const container = mainContainer({ resource: { aws_ecs_task_definition: { weather_task_definition: taskDefinition } } }, "weather");
    expect(container).toMatchObject({
      name: "weather",
      image: "ghcr.io/mycorp/weather-mcp:1.4.0",
      essential: true,
      command: ["python", "-m", "weather_mcp", "--port", "8080"],
      portMappings: [{ name: "mcp", containerPort: 8080, protocol: "tcp", appProtocol: "http" }],
      environment: [
        { name: "LOG_LEVEL", value: "info" },
        { name: "TOKEN_URL", value: "https://auth.mycorp.example/token" },
      ],
      secrets: [
        { name: "DB_PASSWORD", valueFrom: `${JSON_SECRET}:password::` },
        { name: "WEATHER_API_KEY", valueFrom: SECRET },
      ],
      healthCheck: {
        command: ["CMD-SHELL", "curl -fsS http://localhost:8080/health > /dev/null || exit 1"],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 20,
      },
    });
  });

  test("its service joins Service Connect as weather:8080, with the configured count", () => {
    const service = resources(app, "aws_ecs_service").mcp_server_weather_service;
    expect(service).toMatchObject({
      name: "mcp-gateway-weather",
      desired_count: 2,
      task_definition: ref("aws_ecs_task_definition.mcp_server_weather_task_definition", "arn"),
      network_configuration: { security_groups: [ref("aws_security_group.mcp_server_weather_security_group", "id")] },
    });
    expect(service.service_connect_configuration.service).toEqual([
      { port_name: "mcp", discovery_name: "weather", client_alias: { port: 8080, dns_name: "weather" } },
    ]);
    expect(resources(app, "aws_appautoscaling_target").mcp_server_weather_scaling_target).toMatchObject({
      min_capacity: 1,
      max_capacity: 3,
    });
  });

  test("the registry may reach it on its port, and nothing else may", () => {
    const registryGroup = ref("aws_security_group.registry_security_group", "id");
    const weatherGroup = ref("aws_security_group.mcp_server_weather_security_group", "id");
    const ingress = Object.entries(resources(app, "aws_vpc_security_group_ingress_rule")).filter(
      ([, rule]) => rule.security_group_id === weatherGroup,
    );
    expect(ingress).toEqual([
      [
        "mcp_server_weather_registry_to_weather_8080_ingress",
        expect.objectContaining({ referenced_security_group_id: registryGroup, from_port: 8080, to_port: 8080, ip_protocol: "tcp" }),
      ],
    ]);
    const egress = resources(app, "aws_vpc_security_group_egress_rule").mcp_server_weather_registry_to_weather_8080_egress;
    expect(egress).toMatchObject({ security_group_id: registryGroup, referenced_security_group_id: weatherGroup, from_port: 8080 });
  });

  test("its execution role reads exactly its secrets, and decrypts only with the key given, through Secrets Manager", () => {
    const statements = rolePolicies(app).mcp_server_weather_execution_policy.Statement;
    expect(statements.find((statement: Json) => statement.Sid === "ReadOwnSecrets")).toEqual({
      Sid: "ReadOwnSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: [SECRET, JSON_SECRET],
    });
    expect(statements.find((statement: Json) => statement.Sid === "DecryptOwnSecrets")).toEqual({
      Sid: "DecryptOwnSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: [KEY],
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
    });
    // No one else reads them.
    const readers = Object.entries(rolePolicies(app)).filter(([, policy]) => JSON.stringify(policy).includes(SECRET));
    expect(readers.map(([name]) => name)).toEqual(["mcp_server_weather_execution_policy"]);
  });

  test("without a key ARN there is no kms:Decrypt grant (the AWS managed key needs none)", () => {
    const raw = ownRawConfig();
    delete weather(raw).secrets.DB_PASSWORD;
    const statements = rolePolicies(synthStacks(raw).app).mcp_server_weather_execution_policy.Statement;
    expect(statements.map((statement: Json) => statement.Sid)).toEqual(["WriteOwnLogs", "ReadOwnSecrets"]);
  });

  test("npm run ops -- register gets it from the mcp_servers output, and ops commands know its ECS service", () => {
    expect(app.output.mcp_servers.value).toEqual([
      {
        service: "weather",
        name: "Weather",
        path: "/weather/",
        proxy_pass_url: "http://weather:8080/",
        description: "Forecasts for any city",
        tags: ["weather"],
        transport: "sse",
      },
    ]);
    expect(app.output.ecs_service_names.value.weather).toBe(ref("aws_ecs_service.mcp_server_weather_service", "name"));
  });

  test("the catalog's addresses stay as they were", () => {
    const before = synthStacks(exampleRawConfig()).app;
    for (const [type, byName] of Object.entries<Json>(before.resource)) {
      for (const name of Object.keys(byName)) expect(app.resource[type]).toHaveProperty([name]);
    }
  });

  test("built from a context: an ECR repository of its own and the image by digest", () => {
    const context = mkdtempSync(join(tmpdir(), "own-server-"));
    mkdirSync(join(context, "weather"));
    writeFileSync(join(context, "weather", "Dockerfile"), "FROM public.ecr.aws/docker/library/python:3.12-slim\n");
    const raw = ownRawConfig();
    delete weather(raw).image;
    weather(raw).build = { context: join(context, "weather") };
    const built = synthStacks(raw).app;
    expect(resources(built, "aws_ecr_repository").images_weather_repository).toMatchObject({ name: "mcp-gateway/weather" });
    const taskDefinition = resources(built, "aws_ecs_task_definition").mcp_server_weather_task_definition;
    expect(JSON.parse(taskDefinition.container_definitions)[0].image).toBe(
      "${aws_ecr_repository.images_weather_repository.repository_url}@${docker_registry_image.images_weather_push.sha256_digest}",
    );
    expect(JSON.stringify(rolePolicies(built).mcp_server_weather_execution_policy)).toContain("PullOwnImages");
  });
});

describe("issue #20: keycloak.users are realm users with generated temporary passwords", () => {
  const app = synthStacks(ownRawConfig()).app;
  const groupId = (name: string) => ref(`keycloak_group.${name.replace(/-/g, "_")}`, "id");

  test("each user by their username, with the address and names given", () => {
    expect(resources(app, "keycloak_user").alice_smith).toMatchObject({
      username: "alice.smith",
      email: "alice@mycorp.example",
      email_verified: true,
      first_name: "Alice",
      last_name: "Smith",
      lifecycle: { ignore_changes: ["required_actions"] },
    });
    // Names left out are the user's to give at first login: not reset by the next apply.
    const bob = resources(app, "keycloak_user").bob;
    expect(bob).not.toHaveProperty("first_name");
    expect(bob.lifecycle.ignore_changes).toEqual(["required_actions", "first_name", "last_name"]);
  });

  test("they join exactly the groups listed, and keep groups added by hand", () => {
    const memberships = resources(app, "keycloak_user_groups");
    expect(memberships.keycloak_realm_user_bob_groups).toMatchObject({
      user_id: ref("keycloak_user.bob", "id"),
      group_ids: [groupId("mcp-registry-user"), groupId("mcp-servers-restricted")],
      exhaustive: false,
    });
  });

  test("each gets a generated password in a secret of their own, set through the admin API, never in state", () => {
    expect(resources(app, "aws_secretsmanager_secret").keycloak_user_password_bob).toMatchObject({
      name: "mcp-gateway/keycloak/users/bob",
    });
    const setter = resources(app, "terraform_data").keycloak_user_bob_password_set;
    expect(setter.provisioner[0]["local-exec"].environment.KC_PASSWORD).toBe(
      "${jsondecode(ephemeral.aws_secretsmanager_secret_version.keycloak_user_password_bob.secret_string).password}",
    );
    expect(JSON.stringify(resources(app, "keycloak_user"))).not.toMatch(/initial_password|random_password/);
  });

  test("npm run ops -- credentials lists their secrets (the per-user output), next to the built-in admin's", () => {
    expect(app.output.keycloak_user_initial_password_secret_arns.value).toEqual({
      admin: ref("aws_secretsmanager_secret.keycloak_user_password_admin", "arn"),
      "alice.smith": ref("aws_secretsmanager_secret.keycloak_user_password_alice_smith", "arn"),
      bob: ref("aws_secretsmanager_secret.keycloak_user_password_bob", "arn"),
    });
  });

  test("the built-in admin keeps its addresses and its derived address", () => {
    expect(resources(app, "keycloak_user").admin).toMatchObject({ username: "admin", email: "admin@mycorp.click" });
    expect(resources(app, "terraform_data")).toHaveProperty("keycloak_user_admin_password_set");
  });
});
