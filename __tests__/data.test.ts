import { ACCESS_POINTS } from "../src/constructs/data/file-system";
import { exampleRawConfig, fullRawConfig, mainContainer, ref, resourceList, resources, rolePolicies, synthStacks } from "./support";

describe("Keycloak database", () => {
  const app = synthStacks().app;
  const cluster = resources(app, "aws_rds_cluster").keycloak;

  test("is Aurora PostgreSQL Serverless v2 with the configured capacity, version and backups", () => {
    const raw = exampleRawConfig();
    raw.database = { minAcu: 1, maxAcu: 8, backupRetentionDays: 14, engineVersion: "16.8" };
    const changed = resources(synthStacks(raw).app, "aws_rds_cluster").keycloak;
    expect(changed).toMatchObject({
      engine: "aurora-postgresql",
      engine_mode: "provisioned",
      engine_version: "16.8",
      serverlessv2_scaling_configuration: { min_capacity: 1, max_capacity: 8 },
      backup_retention_period: 14,
    });
    expect(cluster).toMatchObject({
      serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 2 },
      backup_retention_period: 7,
    });
  });

  test("storage is encrypted with a customer key; the password is ours, not the RDS-managed secret that rotates every 7 days", () => {
    expect(cluster).toMatchObject({
      storage_encrypted: true,
      kms_key_id: ref("aws_kms_key.database", "arn"),
      database_name: "keycloak",
      master_username: "keycloak",
      // Written write-only from the stored secret, read ephemerally: never in plan or state.
      master_password_wo: "${jsondecode(ephemeral.aws_secretsmanager_secret_version.keycloak_database_password.secret_string).password}",
      master_password_wo_version: 1,
    });
    expect(cluster.manage_master_user_password).toBeUndefined();
    expect(cluster.master_password).toBeUndefined();
    expect(resources(app, "aws_secretsmanager_secret").keycloak_database).toMatchObject({
      name: "mcp-gateway/keycloak-database",
      kms_key_id: ref("aws_kms_key.secrets", "arn"),
    });
    expect(resources(app, "aws_secretsmanager_secret_version").keycloak_database).toMatchObject({
      secret_string_wo:
        '${jsonencode({"username" = "keycloak", "password" = ephemeral.aws_secretsmanager_random_password.keycloak_database.random_password})}',
      secret_string_wo_version: 1,
    });
    // The cluster reads the password the secret holds, after it is written: a re-created cluster (which sends its
    // write-only password on creation) gets the stored password, never a fresh one no secret holds.
    expect(app.ephemeral.aws_secretsmanager_secret_version.keycloak_database_password).toEqual({
      secret_id: ref("aws_secretsmanager_secret.keycloak_database", "arn"),
      depends_on: ["aws_secretsmanager_secret_version.keycloak_database"],
    });
    expect(JSON.stringify(cluster)).not.toContain("random_password");
    // Nothing rotates the secret behind Keycloak's back.
    expect(resourceList(app, "aws_secretsmanager_secret_rotation")).toHaveLength(0);
  });

  test("secrets.databasePasswordVersion sets a new password on the cluster and in the secret, and rolls Keycloak", () => {
    const raw = exampleRawConfig();
    raw.secrets = { databasePasswordVersion: 2 };
    const bumped = synthStacks(raw).app;
    expect(resources(bumped, "aws_rds_cluster").keycloak.master_password_wo_version).toBe(2);
    expect(resources(bumped, "aws_secretsmanager_secret_version").keycloak_database.secret_string_wo_version).toBe(2);
    const label = (stack: typeof app) => mainContainer(stack, "keycloak").dockerLabels["mcp-gateway.secret-versions"];
    expect(label(app)).toContain("KC_DB_PASSWORD=1");
    expect(label(bumped)).toContain("KC_DB_PASSWORD=2");
  });

  test("a final snapshot whenever Terraform destroys the cluster, named after its creation time", () => {
    const named = 'mcp-gateway-keycloak-final-${formatdate("YYYYMMDDhhmmss", terraform_data.keycloak_database_created.output["at"])}';
    expect(cluster).toMatchObject({ deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: named });
    const raw = exampleRawConfig();
    raw.deletionProtection = false;
    const unprotected = resources(synthStacks(raw).app, "aws_rds_cluster").keycloak;
    expect(unprotected).toMatchObject({ deletion_protection: false, skip_final_snapshot: false, final_snapshot_identifier: named });
    // The creation time is read once and kept: later plans do not change the snapshot name.
    expect(resources(app, "terraform_data").keycloak_database_created).toMatchObject({
      input: { at: "${plantimestamp()}" },
      lifecycle: { ignore_changes: ["input"] },
    });
  });

  test("AWS's automatic minor upgrades are not undone: engine_version changes are ignored", () => {
    expect(cluster.lifecycle.ignore_changes).toEqual(["engine_version"]);
    const instances = resourceList(app, "aws_rds_cluster_instance");
    expect(instances.length).toBeGreaterThan(0);
    for (const instance of instances) {
      expect(instance).toMatchObject({ auto_minor_version_upgrade: true, lifecycle: { ignore_changes: ["engine_version"] } });
    }
  });

  test("a parameter group forces TLS on every connection", () => {
    const groups = resourceList(app, "aws_rds_cluster_parameter_group");
    expect(groups).toEqual([
      expect.objectContaining({ family: "aurora-postgresql16", parameter: [{ name: "rds.force_ssl", value: "1" }] }),
    ]);
    expect(cluster.db_cluster_parameter_group_name).toBe(ref("aws_rds_cluster_parameter_group.database_parameters", "name"));
  });

  test("a serverless writer with Performance Insights; a reader only when configured", () => {
    const instances = resources(app, "aws_rds_cluster_instance");
    expect(Object.keys(instances)).toEqual(["keycloak_writer"]);
    expect(instances.keycloak_writer).toMatchObject({
      instance_class: "db.serverless",
      cluster_identifier: ref("aws_rds_cluster.keycloak", "id"),
      publicly_accessible: false,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: ref("aws_kms_key.database", "arn"),
    });
    const raw = exampleRawConfig();
    raw.database = { reader: true };
    expect(Object.keys(resources(synthStacks(raw).app, "aws_rds_cluster_instance")).sort()).toEqual(["keycloak_reader", "keycloak_writer"]);
  });

  test("PostgreSQL logs go to an encrypted log group with the configured retention", () => {
    expect(resources(app, "aws_cloudwatch_log_group").database_log_group).toMatchObject({
      name: "/aws/rds/cluster/mcp-gateway-keycloak/postgresql",
      retention_in_days: 30,
      kms_key_id: ref("aws_kms_key.logs", "arn"),
    });
    expect(cluster.enabled_cloudwatch_logs_exports).toEqual(["postgresql"]);
  });

  test("the RDS Proxy requires TLS, authenticates with our database secret and targets the cluster", () => {
    const masterSecret = ref("aws_secretsmanager_secret.keycloak_database", "arn");
    expect(resources(app, "aws_db_proxy").keycloak).toMatchObject({
      engine_family: "POSTGRESQL",
      require_tls: true,
      auth: [{ auth_scheme: "SECRETS", secret_arn: masterSecret, iam_auth: "DISABLED" }],
      vpc_subnet_ids: [ref("aws_subnet.network_private_subnet_1", "id"), ref("aws_subnet.network_private_subnet_2", "id")],
      depends_on: ["aws_secretsmanager_secret_version.keycloak_database"],
    });
    expect(resourceList(app, "aws_db_proxy_target")).toEqual([
      expect.objectContaining({
        db_proxy_name: ref("aws_db_proxy.keycloak", "name"),
        db_cluster_identifier: ref("aws_rds_cluster.keycloak", "cluster_identifier"),
      }),
    ]);
    expect(rolePolicies(app).database_proxy_policy.Statement).toEqual([
      expect.objectContaining({ Action: "secretsmanager:GetSecretValue", Resource: masterSecret }),
      expect.objectContaining({
        Action: "kms:Decrypt",
        Resource: ref("aws_kms_key.secrets", "arn"),
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
      }),
    ]);
  });

  test("only Keycloak reaches the proxy, and only the proxy reaches the cluster", () => {
    const ingress = resourceList(app, "aws_vpc_security_group_ingress_rule");
    const into = (group: string) => ingress.filter((rule) => rule.security_group_id === ref(`aws_security_group.${group}`, "id"));
    expect(into("database_proxy_security_group")).toEqual([
      expect.objectContaining({
        from_port: 5432,
        referenced_security_group_id: ref("aws_security_group.keycloak_security_group", "id"),
        description: "PostgreSQL from keycloak to the RDS Proxy",
      }),
    ]);
    expect(into("database_cluster_security_group")).toEqual([
      expect.objectContaining({
        from_port: 5432,
        referenced_security_group_id: ref("aws_security_group.database_proxy_security_group", "id"),
      }),
    ]);
  });
});

describe("the models cache file system (fileSystem.modelsCache)", () => {
  const withCache = (raw = fullRawConfig()) => {
    raw.fileSystem = { ...raw.fileSystem, modelsCache: true };
    return raw;
  };
  const app = synthStacks(withCache()).app;

  test("is not deployed by default: since 1.25 the application keeps its data in the database", () => {
    const plain = synthStacks(fullRawConfig()).app;
    for (const type of [
      "aws_efs_file_system",
      "aws_efs_access_point",
      "aws_efs_mount_target",
      "aws_efs_file_system_policy",
      "aws_efs_backup_policy",
    ]) {
      expect(resourceList(plain, type)).toEqual([]);
    }
    expect(Object.keys(plain.output)).not.toContain("efs_id");
  });

  test("is encrypted with a customer key, backed up, and uses the configured throughput mode", () => {
    expect(resources(app, "aws_efs_file_system").shared).toMatchObject({
      encrypted: true,
      kms_key_id: ref("aws_kms_key.file_system", "arn"),
      throughput_mode: "elastic",
    });
    expect(resourceList(app, "aws_efs_backup_policy")).toEqual([expect.objectContaining({ backup_policy: { status: "ENABLED" } })]);
    const raw = exampleRawConfig();
    raw.fileSystem = { modelsCache: true, throughputMode: "bursting" };
    expect(resources(synthStacks(raw).app, "aws_efs_file_system").shared.throughput_mode).toBe("bursting");
  });

  test.each([2, 3])("has one mount target per private subnet (%i AZs)", (azCount) => {
    const raw = withCache(exampleRawConfig());
    raw.network.azCount = azCount;
    const targets = resourceList(synthStacks(raw).app, "aws_efs_mount_target");
    expect(targets.map((target) => target.subnet_id)).toEqual(
      Array.from({ length: azCount }, (_, index) => ref(`aws_subnet.network_private_subnet_${index + 1}`, "id")),
    );
  });

  test("has the models access point only, entered as and owned by uid/gid 1000", () => {
    const accessPoints = resources(app, "aws_efs_access_point");
    expect(Object.keys(accessPoints)).toEqual(["models"]);
    for (const [name, accessPoint] of Object.entries(accessPoints)) {
      expect(accessPoint).toMatchObject({
        posix_user: { uid: 1000, gid: 1000 },
        root_directory: {
          path: ACCESS_POINTS[name as keyof typeof ACCESS_POINTS],
          creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: "755" },
        },
      });
    }
  });

  test("its policy refuses connections without TLS and mounts outside an access point", () => {
    const policy = JSON.parse(resourceList(app, "aws_efs_file_system_policy")[0].policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      expect.objectContaining({
        Effect: "Deny",
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"],
        Condition: { Null: { "elasticfilesystem:AccessPointArn": "true" } },
      }),
    ]);
  });

  test("each task role may mount exactly the access points its containers use", () => {
    const grants = (service: string) =>
      (rolePolicies(app)[`${service}_task_policy`]?.Statement ?? []).filter(
        (statement: { Action: string }) => statement.Action === "elasticfilesystem:ClientMount",
      );
    const accessPoint = (name: string) => ref(`aws_efs_access_point.${name}`, "arn");
    expect(grants("registry")).toEqual([
      expect.objectContaining({
        Resource: ref("aws_efs_file_system.shared", "arn"),
        Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": [accessPoint("models")] } },
      }),
    ]);
    expect(grants("auth_server")).toEqual([]);
    expect(grants("mcpgw")).toEqual([]);
    expect(grants("keycloak")).toEqual([]);
    expect(grants("currenttime")).toEqual([]);
  });

  test("NFS reaches the mount targets only from the services that mount", () => {
    const ingress = resourceList(app, "aws_vpc_security_group_ingress_rule").filter(
      (rule) => rule.security_group_id === ref("aws_security_group.file_system_security_group", "id"),
    );
    expect(ingress.map((rule) => [rule.referenced_security_group_id, rule.from_port, rule.description])).toEqual([
      [ref("aws_security_group.registry_security_group", "id"), 2049, "NFS from registry to the EFS mount targets"],
    ]);
  });
});
