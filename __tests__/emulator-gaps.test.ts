import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { resourceList, synthStacks } from "./support";

const EMULATOR_PROFILE = join(__dirname, "..", "config", "examples", "emulator.yaml");

describe("the emulator profile leaves out only the APIs moto lacks", () => {
  const profile = parseYaml(readFileSync(EMULATOR_PROFILE, "utf8"));
  const emulator = synthStacks(profile).app;
  // The same deployment aimed at AWS: only the emulator setting differs.
  const onAws = { ...profile };
  delete onAws.emulator;
  const aws = synthStacks(onAws).app;

  const GAPS = [
    "aws_appautoscaling_target",
    "aws_appautoscaling_policy",
    "aws_efs_backup_policy",
    "aws_docdb_cluster",
    "aws_docdb_cluster_instance",
  ];

  test.each(GAPS)("no %s on the emulator, but on AWS", (type) => {
    expect(resourceList(aws, type).length).toBeGreaterThan(0);
    expect(resourceList(emulator, type)).toEqual([]);
  });

  test("the asset bucket refuses plain HTTP on AWS; the emulator, which serves S3 over HTTP on loopback, lacks that policy only", () => {
    const policies = (stack: Record<string, any>) => Object.keys(stack.resource.aws_s3_bucket_policy ?? {}).sort();
    expect(policies(aws)).toEqual(["access_logs_policy", "assets_policy"]);
    expect(JSON.parse(aws.resource.aws_s3_bucket_policy.assets_policy.policy).Statement).toEqual([
      expect.objectContaining({ Sid: "DenyInsecureTransport", Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    ]);
    expect(policies(emulator)).toEqual(["access_logs_policy"]);
  });

  test("everything else is the same kind of resource on both", () => {
    const gaps = new Set(GAPS);
    const types = (stack: Record<string, any>) =>
      Object.keys(stack.resource)
        .filter((type) => !gaps.has(type))
        .sort();
    expect(types(emulator)).toEqual(types(aws));
  });

  test("without the DocumentDB cluster, only what names it goes: its password read and its endpoint output", () => {
    expect(Object.keys(aws.ephemeral.aws_secretsmanager_secret_version)).toContain("document_database_password");
    expect(Object.keys(emulator.ephemeral.aws_secretsmanager_secret_version ?? {})).not.toContain("document_database_password");
    const outputs = (stack: Record<string, any>) => Object.keys(stack.output).sort();
    expect(outputs(aws).filter((name) => !outputs(emulator).includes(name))).toEqual(["document_database_endpoint"]);
    expect(outputs(emulator).filter((name) => !outputs(aws).includes(name))).toEqual([]);
    const addresses = (stack: Record<string, any>, type: string) => Object.keys(stack.resource[type] ?? {}).sort();
    for (const type of [
      "aws_docdb_subnet_group",
      "aws_docdb_cluster_parameter_group",
      "aws_secretsmanager_secret",
      "aws_vpc_security_group_ingress_rule",
      "aws_cloudwatch_metric_alarm",
    ]) {
      expect(addresses(emulator, type)).toEqual(addresses(aws, type));
    }
  });
});
