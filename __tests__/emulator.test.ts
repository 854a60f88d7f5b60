import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../src/config/load";
import { configFrom, exampleRawConfig, synthStacks } from "./support";

const EMULATOR_PROFILE = join(__dirname, "..", "config", "examples", "emulator.yaml");

describe("emulator profile", () => {
  const profile = parseYaml(readFileSync(EMULATOR_PROFILE, "utf8"));
  const stacks = synthStacks(profile);

  test.each(["certs", "app"] as const)("points every AWS API of the %s stack at the emulator", (stack) => {
    const [provider] = stacks[stack].provider.aws;
    const [endpoints] = provider.endpoints;
    expect(Object.keys(endpoints).length).toBeGreaterThan(10);
    for (const service of ["acm", "route53", "ec2", "elbv2", "kms", "logs", "sts", "iam"]) {
      expect(endpoints[service]).toBe("http://127.0.0.1:45660");
    }
    expect(new Set(Object.values(endpoints))).toEqual(new Set(["http://127.0.0.1:45660"]));
    expect(provider).toMatchObject({
      access_key: "emulator",
      secret_key: "emulator",
      skip_credentials_validation: true,
      skip_metadata_api_check: "true",
      s3_use_path_style: true,
      max_retries: 3,
    });
  });

  test("keeps its state in local files and can be destroyed", () => {
    expect(stacks.certs.terraform.backend).toHaveProperty("local");
    expect(stacks.app.terraform.backend).toHaveProperty("local");
    expect(configFrom(profile).deletionProtection).toBe(false);
  });
});

describe("emulator profile with the lean profile's choices (config/examples/emulator-lean.yaml)", () => {
  const profile = parseYaml(readFileSync(join(__dirname, "..", "config", "examples", "emulator-lean.yaml"), "utf8"));
  const { app } = synthStacks(profile);
  const ofType = (type: string): Record<string, any> => app.resource[type] ?? {};

  test("deploys a NAT instance, one load balancer, a PostgreSQL instance behind RDS Proxy and Spot tasks", () => {
    expect(Object.keys(ofType("aws_instance"))).toEqual(["network_nat_instance"]);
    expect(ofType("aws_nat_gateway")).toEqual({});
    expect(Object.keys(ofType("aws_lb"))).toEqual(["load_balancers_main"]);
    expect(Object.keys(ofType("aws_db_instance"))).toEqual(["keycloak"]);
    expect(ofType("aws_rds_cluster")).toEqual({});
    const targets = Object.values(ofType("aws_db_proxy_target"));
    expect(targets).toHaveLength(1);
    expect(targets[0].db_instance_identifier).toMatch(/aws_db_instance\.keycloak\.identifier/);
    const services = Object.values(ofType("aws_ecs_service"));
    expect(services.length).toBeGreaterThanOrEqual(4);
    for (const service of services) {
      expect(service.capacity_provider_strategy).toEqual([expect.objectContaining({ capacity_provider: "FARGATE_SPOT" })]);
    }
  });

  test("points at the emulator and can be destroyed, like the emulator profile", () => {
    const [provider] = app.provider.aws;
    expect(new Set(Object.values(provider.endpoints[0]))).toEqual(new Set(["http://127.0.0.1:45660"]));
    expect(app.terraform.backend).toHaveProperty("local");
    expect(configFrom(profile).deletionProtection).toBe(false);
  });
});

describe("emulator setting", () => {
  test("is absent from a normal deployment's provider", () => {
    const [provider] = synthStacks().app.provider.aws;
    for (const key of ["endpoints", "access_key", "secret_key", "skip_credentials_validation", "max_retries"]) {
      expect(provider).not.toHaveProperty(key);
    }
  });

  test.each(["http://127.0.0.1:4566", "http://localhost:5000/", "https://[::1]:4566"])("accepts the local endpoint %s", (endpoint) => {
    expect(configFrom({ ...exampleRawConfig(), emulator: { endpoint } }).emulator).toEqual({ endpoint });
  });

  test.each(["http://10.0.0.5:4566", "https://sts.amazonaws.com", "127.0.0.1:4566", "http://127.0.0.1.evil.example:4566"])(
    "refuses %s, which is not on this machine",
    (endpoint) => {
      expect(() => configFrom({ ...exampleRawConfig(), emulator: { endpoint } })).toThrow(ConfigError);
      expect(() => configFrom({ ...exampleRawConfig(), emulator: { endpoint } })).toThrow(
        `emulator.endpoint: ${JSON.stringify(endpoint)} must be an http(s) URL on this machine`,
      );
    },
  );
});
