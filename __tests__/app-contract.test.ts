import {
  APPLICATION_CONTRACT,
  CONTRACTED_SERVICES,
  SERVICE_PATHS,
  SUPPORTED_APPLICATION_VERSIONS,
  isOlderThanSupported,
} from "../src/contract/app-contract";
import {
  Json,
  configFrom,
  configProblems,
  containerDefinitions,
  environmentOf,
  exampleRawConfig,
  fullRawConfig,
  mainContainer,
  ref,
  resourceList,
  resources,
  secretsOf,
  synthStacks,
} from "./support";

const address = (service: string) => service.replace(/-/g, "_");
const securityGroup = (service: string) => ref(`aws_security_group.${address(service)}_security_group`, "id");

describe("the application contract, per container", () => {
  const app = synthStacks(fullRawConfig()).app;
  const services = resources(app, "aws_ecs_service");

  test.each(CONTRACTED_SERVICES)("%s: its ports and Service Connect names are the contract's", (name) => {
    const contract = APPLICATION_CONTRACT[name];
    const container = mainContainer(app, name);
    expect(container.portMappings.map((port: Json) => [port.name, port.containerPort])).toEqual(
      contract.ports.map((port) => [port.name, port.containerPort]),
    );
    const published = services[`${address(name)}_service`].service_connect_configuration.service;
    const expected = contract.ports.flatMap((port) => (port.serviceConnect ? [port] : []));
    expect(expected.length).toBeGreaterThan(0);
    expect(published).toEqual(
      expected.map((port) => ({
        port_name: port.name,
        discovery_name: port.serviceConnect?.discoveryName,
        client_alias: { dns_name: port.serviceConnect?.dnsName, port: port.serviceConnect?.port },
      })),
    );
  });

  test.each(CONTRACTED_SERVICES)("%s: its health check probes the contract's port, with the contract's start period", (name) => {
    const { healthCheck } = APPLICATION_CONTRACT[name];
    const check = mainContainer(app, name).healthCheck;
    const probe =
      healthCheck.kind === "http"
        ? `curl -fsS http://localhost:${healthCheck.port}${healthCheck.path}`
        : `nc -z localhost ${healthCheck.port}`;
    expect(check.command.join(" ")).toContain(probe);
    expect(check.startPeriod).toBe(healthCheck.startPeriodSeconds);
  });

  test.each(CONTRACTED_SERVICES)("%s: sets only variables the contract lists, and every secret through Secrets Manager", (name) => {
    const contract = APPLICATION_CONTRACT[name];
    const container = mainContainer(app, name);
    const plain = Object.keys(environmentOf(container));
    const secret = Object.keys(secretsOf(container));
    expect(plain.length).toBeGreaterThan(0);
    for (const variable of plain) expect(contract.environment).toContain(variable);
    for (const variable of secret) expect(contract.secrets).toContain(variable);
    // With the realm and metrics-service configured, every secret the image needs arrives.
    expect(secret.sort()).toEqual([...contract.secrets].sort());
    expect(plain.filter((variable) => contract.secrets.includes(variable))).toEqual([]);
  });

  test("no task definition sets a variable nothing reads", () => {
    const removed = ["ADMIN_USER", "ADMIN_PASSWORD", "SCOPES_CONFIG_PATH", "REGISTRY_USERNAME", "REGISTRY_PASSWORD", "EC2_PUBLIC_DNS"];
    const containers = CONTRACTED_SERVICES.flatMap((name) => containerDefinitions(app, name));
    expect(containers.length).toBeGreaterThanOrEqual(CONTRACTED_SERVICES.length);
    for (const container of containers) {
      const names = [...Object.keys(environmentOf(container)), ...Object.keys(secretsOf(container))];
      expect(names.filter((variable) => removed.includes(variable))).toEqual([]);
    }
  });

  test("the registry: DocumentDB, its public URL, loopback application, trusted proxies, no instance metadata", () => {
    const environment = environmentOf(mainContainer(app, "registry"));
    expect(environment).toMatchObject({
      REGISTRY_URL: "https://registry.us-east-1.mycorp.click",
      BIND_HOST: "127.0.0.1",
      TRUSTED_REAL_IP_CIDRS: "10.0.0.0/16",
      AWS_EC2_METADATA_DISABLED: "true",
      AUTH_SERVER_URL: "http://auth-server:8888",
      AUTH_SERVER_EXTERNAL_URL: "https://registry.us-east-1.mycorp.click",
      KEYCLOAK_URL: "https://kc.us-east-1.mycorp.click",
      KEYCLOAK_EXTERNAL_URL: "https://kc.us-east-1.mycorp.click",
      STORAGE_BACKEND: "documentdb",
      DOCUMENTDB_PORT: "27017",
      DOCUMENTDB_DATABASE: "mcp_registry",
      DOCUMENTDB_NAMESPACE: "default",
      DOCUMENTDB_USE_TLS: "true",
      DOCUMENTDB_USE_IAM: "false",
      DOCUMENTDB_TLS_CA_FILE: "/app/certs/global-bundle.pem",
      SESSION_COOKIE_SECURE: "true",
    });
    expect(environment.DOCUMENTDB_HOST).toEqual(expect.any(String));
  });

  test("the auth server listens on 18888 behind the alias auth-server:8888, with the same database block", () => {
    const environment = environmentOf(mainContainer(app, "auth-server"));
    expect(environment).toMatchObject({
      AUTH_LISTEN_PORT: "18888",
      BIND_HOST: "0.0.0.0",
      STORAGE_BACKEND: "documentdb",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    const registry = environmentOf(mainContainer(app, "registry"));
    for (const variable of APPLICATION_CONTRACT["auth-server"].environment.filter((name) => name.startsWith("DOCUMENTDB_"))) {
      expect(environment[variable]).toBe(registry[variable]);
    }
  });

  test("mcpgw calls the registry's nginx, not the loopback application port, and has no credentials", () => {
    const container = mainContainer(app, "mcpgw");
    expect(environmentOf(container)).toEqual({
      PORT: "8003",
      HOST: "0.0.0.0",
      REGISTRY_BASE_URL: "http://registry:8080",
      REGISTRY_EXTERNAL_URL: "https://registry.us-east-1.mycorp.click",
    });
    expect(container.secrets).toEqual([]);
    expect(container.mountPoints).toEqual([]);
  });

  test("the registry and the auth server share SECRET_KEY, the nginx marker secret and the database credentials", () => {
    const registry = secretsOf(mainContainer(app, "registry"));
    const auth = secretsOf(mainContainer(app, "auth-server"));
    for (const variable of [
      "SECRET_KEY",
      "AUTH_SERVER_NGINX_MARKER_SECRET",
      "DOCUMENTDB_USERNAME",
      "DOCUMENTDB_PASSWORD",
      "KEYCLOAK_CLIENT_SECRET",
    ]) {
      expect(registry[variable]).toBeDefined();
      expect(auth[variable]).toBe(registry[variable]);
    }
    expect(registry.AUTH_SERVER_NGINX_MARKER_SECRET).toBe(ref("aws_secretsmanager_secret.nginx_marker_secret", "arn"));
  });
});

describe("the nginx marker secret", () => {
  const app = synthStacks().app;

  test("is generated (letters and digits only, 64 characters), stored write-only and never in state", () => {
    expect(app.ephemeral.aws_secretsmanager_random_password.nginx_marker_secret).toEqual({
      password_length: 64,
      exclude_punctuation: true,
      require_each_included_type: true,
    });
    expect(resources(app, "aws_secretsmanager_secret_version").nginx_marker_secret).toMatchObject({
      secret_string_wo: "${ephemeral.aws_secretsmanager_random_password.nginx_marker_secret.random_password}",
      secret_string_wo_version: 1,
    });
  });

  test("bumping secrets.nginxMarkerSecretVersion writes a new value and rolls both services", () => {
    const raw = exampleRawConfig();
    raw.secrets = { ...raw.secrets, nginxMarkerSecretVersion: 2 };
    const bumped = synthStacks(raw).app;
    expect(resources(bumped, "aws_secretsmanager_secret_version").nginx_marker_secret.secret_string_wo_version).toBe(2);
    for (const service of ["registry", "auth-server"]) {
      const label = (stack: Json) => mainContainer(stack, service).dockerLabels["mcp-gateway.secret-versions"];
      expect(label(bumped)).toContain("AUTH_SERVER_NGINX_MARKER_SECRET=2");
      expect(label(app)).toContain("AUTH_SERVER_NGINX_MARKER_SECRET=1");
    }
    expect(mainContainer(bumped, "mcpgw").dockerLabels).toBeUndefined();
  });
});

describe("telemetry and the update check", () => {
  test("are off by default", () => {
    const environment = environmentOf(mainContainer(synthStacks().app, "registry"));
    expect(environment).toMatchObject({
      MCP_TELEMETRY_DISABLED: "1",
      MCP_TELEMETRY_IMDS_PROBE_DISABLED: "1",
      UPDATE_CHECK_ENABLED: "false",
    });
  });

  test("application.telemetry and application.updateCheck switch them on", () => {
    const raw = exampleRawConfig();
    raw.application = { telemetry: true, updateCheck: true };
    const environment = environmentOf(mainContainer(synthStacks(raw).app, "registry"));
    expect(environment).toMatchObject({
      MCP_TELEMETRY_DISABLED: "0",
      MCP_TELEMETRY_IMDS_PROBE_DISABLED: "0",
      UPDATE_CHECK_ENABLED: "true",
    });
  });
});

describe("traffic between the services", () => {
  const app = synthStacks(fullRawConfig()).app;
  const ingress = resourceList(app, "aws_vpc_security_group_ingress_rule");
  const egress = resourceList(app, "aws_vpc_security_group_egress_rule");
  const contracted = new Map(CONTRACTED_SERVICES.map((name) => [securityGroup(name), name]));

  test.each(SERVICE_PATHS.map((path) => [`${path.from} -> ${path.to}:${path.containerPort}`, path] as const))(
    "%s is open both ways",
    (_, path) => {
      const matches = (rule: Json, own: string, peer: string) =>
        rule.security_group_id === own &&
        rule.referenced_security_group_id === peer &&
        rule.from_port === path.containerPort &&
        rule.to_port === path.containerPort;
      expect(ingress.filter((rule) => matches(rule, securityGroup(path.to), securityGroup(path.from)))).toHaveLength(1);
      expect(egress.filter((rule) => matches(rule, securityGroup(path.from), securityGroup(path.to)))).toHaveLength(1);
    },
  );

  test("no other path connects the registry, the auth server and mcpgw", () => {
    const between = ingress
      .filter((rule) => contracted.has(rule.security_group_id) && contracted.has(rule.referenced_security_group_id))
      .map((rule) => `${contracted.get(rule.referenced_security_group_id)} -> ${contracted.get(rule.security_group_id)}:${rule.from_port}`)
      .sort();
    expect(between).toEqual(SERVICE_PATHS.map((path) => `${path.from} -> ${path.to}:${path.containerPort}`).sort());
  });

  test("the registry's application port 7860 is open to nothing", () => {
    expect([...ingress, ...egress].filter((rule) => rule.from_port === 7860)).toEqual([]);
  });
});

describe("supported application versions", () => {
  const withImage = (service: string, image: string) => {
    const raw = exampleRawConfig();
    raw.services[service] = { ...raw.services[service], image };
    return raw;
  };
  const problems = configProblems;

  test("the default images are the supported default release, pinned", () => {
    const config = configFrom(exampleRawConfig());
    for (const name of CONTRACTED_SERVICES) {
      const image = config.services.find((service) => service.name === name)?.image;
      expect(image).toEqual({ kind: "reference", reference: `public.ecr.aws/p3v1o3c6/${name}:${SUPPORTED_APPLICATION_VERSIONS.default}` });
    }
  });

  test.each(["registry", "auth-server", "mcpgw"])(
    "an older release of %s is rejected with the field, the value and the supported range",
    (service) => {
      expect(problems(withImage(service, `public.ecr.aws/p3v1o3c6/${service}:1.25.0`))).toEqual([
        `services.${service}.image: (public.ecr.aws/p3v1o3c6/${service}:1.25.0) is older than the supported application versions >= 1.26.0 (default 1.30.0); use a supported release tag, or a custom image with a non-version tag or a digest`,
      ]);
    },
  );

  test("all outdated images are reported at once", () => {
    const raw = withImage("registry", "public.ecr.aws/p3v1o3c6/registry:1.24.8");
    raw.services.mcpgw = { image: "public.ecr.aws/p3v1o3c6/mcpgw:1.25" };
    expect(problems(raw).map((problem) => problem.split(":")[0])).toEqual(["services.registry.image", "services.mcpgw.image"]);
  });

  test.each([
    "public.ecr.aws/p3v1o3c6/registry:1.26.0",
    "public.ecr.aws/p3v1o3c6/registry:v1.31.2",
    "public.ecr.aws/p3v1o3c6/registry:1",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/registry:main-4f2a9c1",
    `123456789012.dkr.ecr.us-east-1.amazonaws.com/registry@sha256:${"b".repeat(64)}`,
  ])("%s is accepted (supported release or custom image)", (image) => {
    expect(problems(withImage("registry", image))).toEqual([]);
  });

  test("other services' versions are not the application's", () => {
    // Keycloak has its own floor (keycloak-image.test.ts); the application's range never speaks about it.
    expect(problems(withImage("keycloak", "quay.io/keycloak/keycloak:1.0.0"))).toEqual([
      expect.stringMatching(/^services\.keycloak\.image: .* older than Keycloak 26\.4\.3/),
    ]);
  });

  test.each([
    ["registry:1.25.9", true],
    ["registry:1.26.0", false],
    ["registry:1.25", true],
    ["registry:1.26", false],
    ["registry:0", true],
    ["registry:2.0.0", false],
    [`registry:1.2.3@sha256:${"c".repeat(64)}`, true],
    ["registry:1.25.0-rc1", false],
  ])("isOlderThanSupported(%s) is %s", (reference, older) => {
    expect(isOlderThanSupported(reference)).toBe(older);
  });
});
