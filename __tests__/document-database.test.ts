import { containerDefinitions, exampleRawConfig, Json, ref, resourceList, resources, synthStacks } from "./support";

const app = synthStacks().app;
const cluster = resources(app, "aws_docdb_cluster").document_database;
const securityGroupId = ref("aws_security_group.document_database_security_group", "id");

function withDocumentDatabase(settings: Json, deletionProtection?: boolean): Json {
  const raw = exampleRawConfig();
  raw.documentDatabase = { ...raw.documentDatabase, ...settings };
  if (deletionProtection !== undefined) raw.deletionProtection = deletionProtection;
  return synthStacks(raw).app;
}

const rulesOn = (stack: Json, type: string) => resourceList(stack, type).filter((rule) => rule.security_group_id === securityGroupId);

describe("the registry's DocumentDB cluster", () => {
  test("is an instance-based DocumentDB 5.0 cluster on 27017", () => {
    expect(cluster).toMatchObject({ engine: "docdb", engine_version: "5.0.0", port: 27017, cluster_identifier: "mcp-gateway-registry" });
    expect(resourceList(app, "aws_docdb_cluster_instance")).toHaveLength(1);
    expect(resources(app, "aws_docdbelastic_cluster")).toEqual({});
  });

  test("encrypts its storage with its own rotating KMS key, not the Aurora one", () => {
    expect(cluster.storage_encrypted).toBe(true);
    expect(cluster.kms_key_id).toBe(ref("aws_kms_key.document_database", "arn"));
    expect(resources(app, "aws_kms_key").document_database).toMatchObject({ enable_key_rotation: true });
    expect(resources(app, "aws_kms_alias").document_database_key_alias.name).toBe("alias/mcp-gateway-document-database");
  });

  test("forces TLS, audit logs and the TTL monitor through a docdb5.0 cluster parameter group", () => {
    const parameters = resources(app, "aws_docdb_cluster_parameter_group").document_database_parameters;
    expect(cluster.db_cluster_parameter_group_name).toBe(ref("aws_docdb_cluster_parameter_group.document_database_parameters", "name"));
    expect(parameters.family).toBe("docdb5.0");
    expect(parameters.lifecycle).toEqual({ create_before_destroy: true });
    expect(parameters.parameter).toEqual([
      { name: "tls", value: "enabled" },
      { name: "audit_logs", value: "enabled" },
      { name: "ttl_monitor", value: "enabled" },
    ]);
  });

  test("exports audit and profiler logs to log groups created first, encrypted and retained as configured", () => {
    expect(cluster.enabled_cloudwatch_logs_exports).toEqual(["audit", "profiler"]);
    expect(resources(app, "aws_cloudwatch_log_group").database_log_group.kms_key_id).toMatch(/^\$\{aws_kms_key\.logs/);
    for (const log of ["audit", "profiler"]) {
      const address = `aws_cloudwatch_log_group.document_database_${log}_log_group`;
      expect(cluster.depends_on).toContain(address);
      expect(resources(app, "aws_cloudwatch_log_group")[`document_database_${log}_log_group`]).toEqual(
        expect.objectContaining({
          name: `/aws/docdb/mcp-gateway-registry/${log}`,
          retention_in_days: 30,
          // The deployment's logs key, as every other log group.
          kms_key_id: resources(app, "aws_cloudwatch_log_group").database_log_group.kms_key_id,
        }),
      );
    }
  });

  test("keeps 7 days of backups by default and the configured number otherwise", () => {
    expect(cluster.backup_retention_period).toBe(7);
    expect(
      resources(withDocumentDatabase({ backupRetentionDays: 21 }), "aws_docdb_cluster").document_database.backup_retention_period,
    ).toBe(21);
  });

  test.each([true, false])(
    "deletionProtection %s: AWS-side protection follows it, and a destroy always leaves a final snapshot",
    (protection) => {
      const stack = withDocumentDatabase({}, protection);
      expect(resources(stack, "aws_docdb_cluster").document_database).toMatchObject({
        deletion_protection: protection,
        skip_final_snapshot: false,
        final_snapshot_identifier:
          'mcp-gateway-registry-final-${formatdate("YYYYMMDDhhmmss", terraform_data.document_database_created.output["at"])}',
      });
      expect(resources(stack, "terraform_data").document_database_created).toMatchObject({
        input: { at: "${plantimestamp()}" },
        lifecycle: { ignore_changes: ["input"] },
      });
    },
  );

  test("runs the configured instance class and count, the first instance the preferred writer", () => {
    const stack = withDocumentDatabase({ instanceClass: "db.r6g.large", instances: 3 });
    const instances = resources(stack, "aws_docdb_cluster_instance");
    expect(Object.keys(instances)).toEqual(["document_database_1", "document_database_2", "document_database_3"]);
    expect(Object.values(instances).map((instance) => [instance.instance_class, instance.promotion_tier, instance.identifier])).toEqual([
      ["db.r6g.large", 0, "mcp-gateway-registry-1"],
      ["db.r6g.large", 1, "mcp-gateway-registry-2"],
      ["db.r6g.large", 2, "mcp-gateway-registry-3"],
    ]);
    for (const instance of Object.values(instances))
      expect(instance.cluster_identifier).toBe(ref("aws_docdb_cluster.document_database", "id"));
  });

  test("refuses an instance class DocumentDB does not offer, naming the field", () => {
    expect(() => withDocumentDatabase({ instanceClass: "db.m5.large" })).toThrow(/documentDatabase\.instanceClass/);
  });

  test("lives in the private subnets", () => {
    const subnetGroup = resources(app, "aws_docdb_subnet_group").document_database_subnet_group;
    expect(cluster.db_subnet_group_name).toBe(ref("aws_docdb_subnet_group.document_database_subnet_group", "name"));
    expect(subnetGroup.subnet_ids).toEqual(resources(app, "aws_db_subnet_group").database_subnet_group.subnet_ids);
    expect(JSON.stringify(subnetGroup.subnet_ids)).toContain("private");
  });

  test("admits 27017 from the registry and the auth server only, and opens nothing outbound", () => {
    expect(cluster.vpc_security_group_ids).toEqual([securityGroupId]);
    const ingress = rulesOn(app, "aws_vpc_security_group_ingress_rule");
    expect(ingress.map((rule) => rule.referenced_security_group_id).sort()).toEqual(
      [ref("aws_security_group.auth_server_security_group", "id"), ref("aws_security_group.registry_security_group", "id")].sort(),
    );
    for (const rule of ingress) expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 27017, to_port: 27017 });
    expect(ingress.some((rule) => rule.cidr_ipv4 !== undefined)).toBe(false);
    expect(rulesOn(app, "aws_vpc_security_group_egress_rule")).toEqual([]);
    const clientEgress = resourceList(app, "aws_vpc_security_group_egress_rule").filter(
      (rule) => rule.referenced_security_group_id === securityGroupId,
    );
    expect(clientEgress.map((rule) => rule.security_group_id).sort()).toEqual(
      ingress.map((rule) => rule.referenced_security_group_id).sort(),
    );
  });
});

describe("the DocumentDB credentials", () => {
  const secretVersion = resources(app, "aws_secretsmanager_secret_version").document_database_credentials;
  const ephemeral = app.ephemeral;

  test("are generated into a KMS-encrypted secret as JSON {username, password}, write-only", () => {
    expect(resources(app, "aws_secretsmanager_secret").document_database_credentials).toMatchObject({
      name: "mcp-gateway/document-database",
      kms_key_id: ref("aws_kms_key.secrets", "arn"),
    });
    expect(secretVersion).not.toHaveProperty("secret_string");
    expect(secretVersion.secret_string_wo).toBe(
      '${jsonencode({"username" = "mcpgateway", "password" = ephemeral.aws_secretsmanager_random_password.document_database_credentials.random_password})}',
    );
    expect(ephemeral.aws_secretsmanager_random_password.document_database_credentials).toMatchObject({
      exclude_punctuation: true,
      password_length: 40,
    });
  });

  test("reach the cluster write-only, read from the secret after it is written", () => {
    expect(cluster).not.toHaveProperty("master_password");
    expect(cluster).not.toHaveProperty("manage_master_user_password");
    expect(cluster.master_username).toBe("mcpgateway");
    expect(cluster.master_password_wo).toBe(
      "${jsondecode(ephemeral.aws_secretsmanager_secret_version.document_database_password.secret_string).password}",
    );
    expect(ephemeral.aws_secretsmanager_secret_version.document_database_password).toEqual({
      secret_id: ref("aws_secretsmanager_secret.document_database_credentials", "arn"),
      depends_on: ["aws_secretsmanager_secret_version.document_database_credentials"],
    });
  });

  test("rotate with credentialsVersion: a new value, the cluster takes it, the registry rolls", () => {
    const rotated = withDocumentDatabase({ credentialsVersion: 2 });
    expect(resources(rotated, "aws_secretsmanager_secret_version").document_database_credentials.secret_string_wo_version).toBe(2);
    expect(resources(rotated, "aws_docdb_cluster").document_database.master_password_wo_version).toBe(2);
    expect(cluster.master_password_wo_version).toBe(1);
    // Otherwise DocumentDB would hold the new password back until the maintenance window, after the clients rolled.
    expect(cluster.apply_immediately).toBe(true);
    const labels = (stack: Json) =>
      containerDefinitions(stack, "registry").find((container) => container.name === "database-init")?.dockerLabels[
        "mcp-gateway.secret-versions"
      ];
    expect(labels(app)).toBe("DOCUMENTDB_PASSWORD=1,DOCUMENTDB_USERNAME=1");
    expect(labels(rotated)).toBe("DOCUMENTDB_PASSWORD=2,DOCUMENTDB_USERNAME=2");
  });

  test("never appear in the synthesized output: only the secret's ARN is an output", () => {
    const text = JSON.stringify(app);
    expect(text).not.toMatch(/"master_password"|"secret_string"\s*:/);
    expect(app.output.document_database_credentials_secret_arn.value).toBe(
      ref("aws_secretsmanager_secret.document_database_credentials", "arn"),
    );
    expect(app.output.document_database_endpoint.value).toBe(ref("aws_docdb_cluster.document_database", "endpoint"));
    for (const output of Object.values<Json>(app.output))
      expect(JSON.stringify(output.value)).not.toMatch(/ephemeral|random_password|secret_version\.[a-z0-9_]+\.secret_(string|binary)/);
  });

  test("are readable by the registry's task only through its execution role, decrypted with the secrets key", () => {
    const policy = JSON.parse(resources(app, "aws_iam_role_policy").registry_execution_policy.policy);
    const read = policy.Statement.find((statement: Json) => statement.Action === "secretsmanager:GetSecretValue");
    expect(read.Resource).toContain(ref("aws_secretsmanager_secret.document_database_credentials", "arn"));
    for (const name of ["mcpgw", "keycloak"]) {
      expect(resources(app, "aws_iam_role_policy")[`${name}_execution_policy`].policy).not.toContain("document_database_credentials");
    }
  });
});

describe("DocumentDB alarms and dashboard", () => {
  const alarms = (stack: Json) =>
    Object.fromEntries(
      Object.entries(resources(stack, "aws_cloudwatch_metric_alarm")).filter(([, alarm]) => alarm.namespace === "AWS/DocDB"),
    );

  test("CPU and free memory per instance and connections per cluster notify the alarm topic", () => {
    const found = alarms(app);
    expect(Object.keys(found).sort()).toEqual([
      "infrastructure_alarms_docdb_1_cpu",
      "infrastructure_alarms_docdb_1_free_memory",
      "infrastructure_alarms_docdb_connections",
    ]);
    for (const alarm of Object.values(found)) expect(alarm.alarm_actions).toEqual([ref("aws_sns_topic.alarms_topic", "arn")]);
    expect(found.infrastructure_alarms_docdb_connections).toMatchObject({
      threshold: 400,
      dimensions: { DBClusterIdentifier: ref("aws_docdb_cluster.document_database", "cluster_identifier") },
    });
    // db.t3.medium: 4 GiB, alarm below 10 %.
    expect(found.infrastructure_alarms_docdb_1_free_memory).toMatchObject({
      threshold: 429496729,
      comparison_operator: "LessThanThreshold",
    });
  });

  test("replica lag is watched on each replica once there is more than one instance", () => {
    const found = alarms(withDocumentDatabase({ instances: 3, instanceClass: "db.r6g.large" }));
    const lag = Object.entries(found).filter(([, alarm]) => alarm.metric_name === "DBInstanceReplicaLag");
    expect(lag.map(([name, alarm]) => [name, alarm.dimensions.DBInstanceIdentifier])).toEqual([
      ["infrastructure_alarms_docdb_2_replica_lag", ref("aws_docdb_cluster_instance.document_database_2", "identifier")],
      ["infrastructure_alarms_docdb_3_replica_lag", ref("aws_docdb_cluster_instance.document_database_3", "identifier")],
    ]);
    expect(found.infrastructure_alarms_docdb_connections.threshold).toBe(1360);
  });

  test("the dashboard shows DocumentDB CPU, memory, connections and operations", () => {
    const body = JSON.parse(resources(app, "aws_cloudwatch_dashboard").dashboard_dashboard.dashboard_body);
    const docdb = body.widgets.filter((widget: Json) => widget.properties.metrics.some((metric: unknown[]) => metric[0] === "AWS/DocDB"));
    expect(docdb.map((widget: Json) => widget.properties.title)).toEqual([
      "DocumentDB CPU (%)",
      "DocumentDB freeable memory (bytes)",
      "DocumentDB connections",
      "DocumentDB operations",
    ]);
  });
});
