import {
  APPLICATION_CONTRACT,
  APPLICATION_RELEASES,
  CONTRACTED_SERVICES,
  SERVICE_PATHS,
  SUPPORTED_APPLICATION_VERSIONS,
  isOlderThanSupported,
  releaseLine,
} from "../src/contract/app-contract";
import { releaseNotices } from "../src/config/load";
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
      // Inside the VPC, plain HTTP: nginx renders no proxy_ssl_trusted_certificate for Keycloak's locations.
      KEYCLOAK_URL: "http://keycloak:8080",
      KEYCLOAK_EXTERNAL_URL: "https://kc.us-east-1.mycorp.click",
      KEYCLOAK_ENABLED: "true",
      SECURITY_ALLOW_UNSAFE_SERVERS: "false",
      SECURITY_BLOCK_ON_SCAN_FAILURE: "true",
      STORAGE_BACKEND: "documentdb",
      DOCUMENTDB_PORT: "27017",
      DOCUMENTDB_DATABASE: "mcp_registry",
      DOCUMENTDB_NAMESPACE: "default",
      DOCUMENTDB_USE_TLS: "true",
      DOCUMENTDB_USE_IAM: "false",
      DOCUMENTDB_TLS_CA_FILE: "/app/certs/global-bundle.pem",
      SESSION_COOKIE_SECURE: "true",
      // The example MCP servers' Service Connect names resolve to loopback addresses the SSRF guard refuses unlisted.
      SSRF_ALLOWED_HOSTS: "currenttime-server,realserverfaketools-server",
    });
    expect(environment.DOCUMENTDB_HOST).toEqual(expect.any(String));
    // Its default (/etc/nginx/certs/keycloak-ca.pem) is not in the image; with an http KEYCLOAK_URL nginx never reads it.
    expect(environment.KEYCLOAK_CA_BUNDLE).toBeUndefined();
  });

  test("the auth server: Keycloak enabled on purpose, inside the VPC, and only the registry's own redirect targets", () => {
    const environment = environmentOf(mainContainer(app, "auth-server"));
    expect(environment).toMatchObject({
      KEYCLOAK_ENABLED: "true",
      KEYCLOAK_URL: "http://keycloak:8080",
      KEYCLOAK_EXTERNAL_URL: "https://kc.us-east-1.mycorp.click",
      OAUTH2_ALLOWED_REDIRECT_URIS: "https://registry.us-east-1.mycorp.click,https://registry.us-east-1.mycorp.click/logout",
    });
    expect(environment.KEYCLOAK_CA_BUNDLE).toBeUndefined();
    // No egress-token hop: EGRESS_AUTH_ENABLED stays false, so nothing calls the registry's vend endpoint.
    expect(environment.EGRESS_REGISTRY_INTERNAL_URL).toBeUndefined();
    expect(environment.EGRESS_AUTH_ENABLED).toBeUndefined();
  });

  test("Keycloak: reachable as keycloak:8080 through Service Connect, with public token issuers", () => {
    const keycloak = mainContainer(app, "keycloak");
    expect(environmentOf(keycloak)).toMatchObject({
      KC_HOSTNAME: "https://kc.us-east-1.mycorp.click",
      KC_HOSTNAME_BACKCHANNEL_DYNAMIC: "true",
      KC_HTTP_ENABLED: "true",
    });
    expect(services.keycloak_service.service_connect_configuration.service).toEqual([
      { port_name: "http", discovery_name: "keycloak", client_alias: { dns_name: "keycloak", port: 8080 } },
    ]);
  });

  test("only the registry and the auth server reach Keycloak's container port, besides its load balancer", () => {
    const keycloakGroup = securityGroup("keycloak");
    const toKeycloak = resourceList(app, "aws_vpc_security_group_ingress_rule")
      .filter((rule: Json) => rule.security_group_id === keycloakGroup && rule.from_port === 8080)
      .map((rule: Json) => rule.referenced_security_group_id)
      .sort();
    expect(toKeycloak).toEqual(
      [
        securityGroup("registry"),
        securityGroup("auth-server"),
        ref("aws_security_group.load_balancers_keycloak_security_group", "id"),
      ].sort(),
    );
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
        `services.${service}.image: (public.ecr.aws/p3v1o3c6/${service}:1.25.0) is older than the supported application versions >= 1.26.0 (default 1.32.1, newest known 1.32.1); use a supported release tag, or a custom image with a non-version tag or a digest`,
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
    "public.ecr.aws/p3v1o3c6/registry:1.33.0",
    `public.ecr.aws/p3v1o3c6/registry@sha256:${"a".repeat(64)}`,
    "registry.example.com/mirror/registry:v1.31.2",
    "registry.example.com/mirror/registry:1",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/registry:main-4f2a9c1",
    `123456789012.dkr.ecr.us-east-1.amazonaws.com/registry@sha256:${"b".repeat(64)}`,
  ])("%s is accepted (supported release or custom image)", (image) => {
    expect(problems(withImage("registry", image))).toEqual([]);
  });

  test.each([
    ["v1.32.1", 'has the tag v1.32.1, but upstream tags releases without a "v" (1.32.1)'],
    ["1.32", "has the tag 1.32, which upstream never publishes"],
    ["1", "has the tag 1, which upstream never publishes"],
    ["latest", "has the tag latest, which upstream never publishes"],
    ["1.32.1-rc1", "has the tag 1.32.1-rc1, which upstream never publishes"],
  ])("an upstream image tagged %s is refused with the field, the value and the fix", (tag, why) => {
    for (const allowMutableImageTags of [false, true]) {
      const raw = withImage("auth-server", `public.ecr.aws/p3v1o3c6/auth-server:${tag}`);
      raw.allowMutableImageTags = allowMutableImageTags;
      expect(problems(raw)).toEqual([
        `services.auth-server.image: (public.ecr.aws/p3v1o3c6/auth-server:${tag}) ${why}; upstream publishes public.ecr.aws/p3v1o3c6/auth-server with bare release tags (X.Y.Z) only; use e.g. public.ecr.aws/p3v1o3c6/auth-server:1.32.1, or pin a digest (@sha256:...)`,
      ]);
    }
  });

  test("an untagged upstream image is refused the same way", () => {
    const raw = withImage("mcpgw", "public.ecr.aws/p3v1o3c6/mcpgw");
    raw.allowMutableImageTags = true;
    expect(problems(raw)).toEqual([
      "services.mcpgw.image: (public.ecr.aws/p3v1o3c6/mcpgw) has no tag; upstream publishes public.ecr.aws/p3v1o3c6/mcpgw with bare release tags (X.Y.Z) only; use e.g. public.ecr.aws/p3v1o3c6/mcpgw:1.32.1, or pin a digest (@sha256:...)",
    ]);
  });

  test("a release newer than the newest known is deployed, and synth says so, naming the tag and what is known", () => {
    expect(releaseNotices(configFrom(exampleRawConfig()))).toEqual([]);
    const notices = releaseNotices(configFrom(withImage("registry", "public.ecr.aws/p3v1o3c6/registry:1.33.0")));
    expect(notices).toEqual([
      'Note: services.registry.image (public.ecr.aws/p3v1o3c6/registry:1.33.0) is release 1.33.0, newer than the newest release the application contract knows (1.32.1); it is deployed with the contract of 1.32.1 (the 1.32.0 line). Read upstream\'s release notes after 1.32.1 for new, changed or removed variables, then add the release to src/contract/app-contract.ts (docs/contract.md, "Upgrading the application").',
    ]);
    expect(releaseNotices(configFrom(withImage("registry", "public.ecr.aws/p3v1o3c6/registry:1.32.2")))).toHaveLength(1);
    expect(releaseNotices(configFrom(withImage("registry", "registry.example.com/mirror/registry:1.33")))).toHaveLength(1);
    expect(releaseNotices(configFrom(withImage("registry", "registry.example.com/mirror/registry:main-1a2b3c")))).toEqual([]);
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

describe("the release table", () => {
  test("covers the floor, 1.30, 1.31 and 1.32, oldest first, and the default is its newest known release", () => {
    expect(APPLICATION_RELEASES.map((release) => release.from)).toEqual(["1.26.0", "1.30.0", "1.31.0", "1.32.0"]);
    expect(SUPPORTED_APPLICATION_VERSIONS).toEqual({ minimum: "1.26.0", default: "1.32.1", newestKnown: "1.32.1" });
    expect(releaseLine("1.29.4").from).toBe("1.26.0");
    expect(releaseLine("1.31.7").from).toBe("1.31.0");
    expect(releaseLine("1.40.0").from).toBe("1.32.0");
  });

  test.each([
    ["1.30.0", {}],
    ["1.31.2", { SECURITY_ALLOW_UNSAFE_SERVERS: "false" }],
    ["1.32.1", { SECURITY_ALLOW_UNSAFE_SERVERS: "false", SECURITY_BLOCK_ON_SCAN_FAILURE: "true" }],
  ])("the registry's tag %s selects what its line reads", (tag, expected) => {
    const raw = exampleRawConfig();
    raw.services.registry = { ...raw.services.registry, image: `public.ecr.aws/p3v1o3c6/registry:${tag}` };
    const environment = environmentOf(mainContainer(synthStacks(raw).app, "registry"));
    const lineVariables = ["SECURITY_ALLOW_UNSAFE_SERVERS", "SECURITY_BLOCK_ON_SCAN_FAILURE"];
    expect(Object.fromEntries(Object.entries(environment).filter(([name]) => lineVariables.includes(name)))).toEqual(expected);
  });
});
