import { SERVICE_NAMES } from "../src/config/service-names";
import { SecretReference } from "../src/constructs/compute/fargate-service";
import { CatalogContext, serviceDefinitions, ssrfAllowedHosts } from "../src/services/catalog";
import { referencedImage } from "../src/services/images";

const secret = (name: string, jsonKey?: string): SecretReference => ({ secretArn: `arn:${name}`, jsonKey, kmsKeyArn: "arn:key" });

function context(overrides: Partial<CatalogContext["secrets"]> = {}): CatalogContext {
  return {
    region: "eu-west-1",
    domains: { registry: "registry.example.org", keycloak: "login.example.org" },
    keycloak: {
      realm: "tools",
      logLevel: "WARN",
      databaseJdbcUrl: "jdbc:postgresql://proxy:5432/keycloak?sslmode=require",
      deployment: "recreate",
    },
    vpcCidr: "10.8.0.0/16",
    images: Object.fromEntries(SERVICE_NAMES.map((name) => [name, { reference: `example/${name}:1.0.0` }])),
    documentDatabase: {
      host: "docdb.example.internal",
      port: 27017,
      credentials: { username: secret("docdb", "username"), password: secret("docdb", "password") },
      caBundle: {
        bucket: "assets",
        key: "rds-ca/global-bundle.pem",
        versionId: "v1",
        objectArn: "arn:aws:s3:::assets/rds-ca/global-bundle.pem",
      },
    },
    application: { telemetry: false, updateCheck: false },
    secrets: {
      secretKey: secret("secret-key"),
      nginxMarkerSecret: secret("nginx-marker"),
      keycloakBootstrapClient: { clientId: "terraform", secret: secret("kc-terraform") },
      database: { username: secret("db", "username"), password: secret("db", "password") },
      ...overrides,
    },
  };
}

describe("service catalog", () => {
  test("the Keycloak client secrets, once provided, reach the registry and the auth server only", () => {
    const clients = { web: secret("web-client", "client_secret"), m2m: secret("m2m-client", "client_secret") };
    const definitions = serviceDefinitions(["registry", "auth-server", "keycloak", "mcpgw"], context({ keycloakClients: clients }));
    const secretsOf = (name: string) => definitions.find((definition) => definition.name === name)?.container.secrets ?? {};
    for (const name of ["registry", "auth-server"]) {
      expect(secretsOf(name)).toMatchObject({ KEYCLOAK_CLIENT_SECRET: clients.web, KEYCLOAK_M2M_CLIENT_SECRET: clients.m2m });
    }
    for (const name of ["keycloak", "mcpgw"]) expect(secretsOf(name).KEYCLOAK_CLIENT_SECRET).toBeUndefined();
    expect(serviceDefinitions(["registry"], context())[0].container.secrets?.KEYCLOAK_CLIENT_SECRET).toBeUndefined();
  });

  test("the deployment's names, realm, region and log level flow into the containers", () => {
    const [registry, keycloak] = serviceDefinitions(["registry", "keycloak"], context());
    expect(registry.container.environment).toMatchObject({
      AWS_REGION: "eu-west-1",
      KEYCLOAK_URL: "http://keycloak:8080",
      KEYCLOAK_EXTERNAL_URL: "https://login.example.org",
      KEYCLOAK_REALM: "tools",
      GATEWAY_ADDITIONAL_SERVER_NAMES: "registry.example.org",
    });
    expect(keycloak.container.environment).toMatchObject({ KC_HOSTNAME: "https://login.example.org", KC_LOG_LEVEL: "WARN" });
  });

  test("the registry's SSRF guard admits exactly the Service Connect hosts of the MCP servers deployed with it", () => {
    const hostsOf = (names: Parameters<typeof serviceDefinitions>[0]) =>
      serviceDefinitions(names, context()).find((definition) => definition.name === "registry")?.container.environment?.SSRF_ALLOWED_HOSTS;
    const all = serviceDefinitions(["currenttime", "realserverfaketools", "flight-booking-agent", "mcpgw", "auth-server"], context());
    // Derived from the registrations: the agents (not registered) and mcpgw (upstream's reserved built-in) are not admitted.
    expect(ssrfAllowedHosts(all)).toEqual(["currenttime-server", "realserverfaketools-server"]);
    expect(hostsOf(["registry", "currenttime", "realserverfaketools", "mcpgw", "flight-booking-agent"])).toBe(
      "currenttime-server,realserverfaketools-server",
    );
    // Only servers deployed in the same call count, wherever they stand in the list.
    expect(hostsOf(["currenttime", "registry"])).toBe("currenttime-server");
    // No MCP server, no allow-list: the guard keeps refusing every private address.
    expect(hostsOf(["registry", "mcpgw", "auth-server"])).toBeUndefined();
  });

  test("metrics-service cannot be defined without its API key", () => {
    expect(() => serviceDefinitions(["metrics-service"], context())).toThrow("metrics-service needs the metrics API key secret");
  });
});

describe("image references", () => {
  test.each([
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/registry:1.2.3", "arn:aws:ecr:eu-west-1:123456789012:repository/team/registry"],
    [`123456789012.dkr.ecr.us-east-1.amazonaws.com/mcpgw@sha256:${"a".repeat(64)}`, "arn:aws:ecr:us-east-1:123456789012:repository/mcpgw"],
    ["123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/auth:2.0.0", "arn:aws-cn:ecr:cn-north-1:123456789012:repository/auth"],
    ["123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/auth:2.0.0", "arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/auth"],
  ])("a private ECR image %s names its repository", (reference, repository) => {
    expect(referencedImage(reference)).toEqual({ reference, ecrRepositoryArn: repository });
  });

  test.each(["public.ecr.aws/p3v1o3c6/registry:1.30.0", "quay.io/keycloak/keycloak:26.7.3"])(
    "a public image %s needs no repository grant",
    (reference) => {
      expect(referencedImage(reference)).toEqual({ reference });
    },
  );
});
