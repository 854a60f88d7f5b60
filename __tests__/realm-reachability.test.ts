import { ConfigError } from "../src/config/load";
import { configFrom, exampleRawConfig, Json } from "./support";

function problemsFor(mutate: (raw: Json) => void): readonly string[] {
  const raw = exampleRawConfig();
  mutate(raw);
  try {
    configFrom(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const cloud = (executionMode?: string) => ({ type: "cloud", organization: "mycorp", ...(executionMode ? { executionMode } : {}) });

describe("the realm is configured only from where Terraform can reach Keycloak's admin API", () => {
  test("HCP Terraform remote runs with an internal Keycloak are refused, with the reason and the ways out", () => {
    expect(
      problemsFor((raw) => {
        raw.backend = cloud("remote");
        raw.loadBalancers.keycloakScheme = "internal";
      }),
    ).toEqual([
      "backend.executionMode: (remote) cannot configure the realm: HCP Terraform's remote runs start on the internet and cannot reach the internal Keycloak load balancer (loadBalancers.keycloakScheme: internal); set backend.executionMode: agent (an HCP Terraform agent pool inside the VPC or a peered network) or local, or keycloak.configureRealm: false",
    ]);
  });

  test("remote is the default execution mode, as in HCP Terraform, and is refused for an internet-facing Keycloak too", () => {
    expect(problemsFor((raw) => (raw.backend = cloud()))).toEqual([
      expect.stringMatching(
        /^backend\.executionMode: \(remote\) cannot configure the realm: HCP Terraform does not publish the addresses remote runs come from, so keycloak\.adminCidrs cannot admit them; set backend\.executionMode: agent/,
      ),
    ]);
  });

  test("remote runs are refused whatever admin networks are listed: none of them can be HCP Terraform's", () => {
    expect(
      problemsFor((raw) => {
        raw.backend = cloud("remote");
        raw.keycloak.adminCidrs = ["198.51.100.0/24"];
      }),
    ).toEqual([expect.stringMatching(/^backend\.executionMode: \(remote\) cannot configure the realm/)]);
  });

  test.each([
    ["an agent pool, internal Keycloak", cloud("agent"), "internal"],
    ["local execution, internal Keycloak", cloud("local"), "internal"],
    ["an agent pool, internet-facing Keycloak", cloud("agent"), "internet-facing"],
    ["the S3 backend (Terraform runs where cdktf runs)", { type: "s3", bucket: "state" }, "internal"],
    ["the local backend", { type: "local" }, "internal"],
  ])("accepted: %s", (_name, backend, keycloakScheme) => {
    expect(
      problemsFor((raw) => {
        raw.backend = backend;
        raw.loadBalancers.keycloakScheme = keycloakScheme;
      }),
    ).toEqual([]);
  });

  test("without the realm, remote runs need no access to Keycloak", () => {
    expect(
      problemsFor((raw) => {
        raw.backend = cloud("remote");
        raw.loadBalancers.keycloakScheme = "internal";
        raw.keycloak.configureRealm = false;
      }),
    ).toEqual([]);
  });

  test("adminCidrs are CIDR blocks, empty by default", () => {
    const raw = exampleRawConfig();
    delete raw.keycloak.adminCidrs;
    raw.keycloak.configureRealm = false;
    expect(configFrom(raw).keycloak.adminCidrs).toEqual([]);
    expect(problemsFor((raw) => (raw.keycloak.adminCidrs = ["10.0.0.0/33"]))).toEqual([
      expect.stringMatching(/^keycloak\.adminCidrs\.0: "10\.0\.0\.0\/33" is not a valid IPv4 CIDR block/),
    ]);
  });
});
