import {
  configFrom,
  configProblems,
  environmentOf,
  exampleRawConfig,
  instanceRawConfig,
  mainContainer,
  ref,
  resourceList,
  resources,
  synthStacks,
} from "./support";

describe("database.engine: postgres-instance", () => {
  const app = synthStacks(instanceRawConfig()).app;
  const withoutProxy = synthStacks(instanceRawConfig({ proxy: false })).app;
  const unprotected = (() => {
    const raw = instanceRawConfig({ multiAz: true, instanceClass: "db.t4g.small", allocatedStorageGb: 50, maxAllocatedStorageGb: 200 });
    raw.deletionProtection = false;
    return synthStacks(raw).app;
  })();
  const instance = resources(app, "aws_db_instance").keycloak;

  test("creates one encrypted, private PostgreSQL instance at a pinned address and no Aurora resource", () => {
    expect(resourceList(app, "aws_db_instance")).toHaveLength(1);
    for (const type of ["aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_cluster_parameter_group"]) {
      expect({ type, count: resourceList(app, type).length }).toEqual({ type, count: 0 });
    }
    expect(instance).toMatchObject({
      identifier: "mcp-gateway-keycloak",
      engine: "postgres",
      engine_version: "16.6",
      instance_class: "db.t4g.micro",
      db_name: "keycloak",
      username: "keycloak",
      storage_type: "gp3",
      allocated_storage: 20,
      max_allocated_storage: 100,
      storage_encrypted: true,
      kms_key_id: ref("aws_kms_key.database", "arn"),
      multi_az: false,
      publicly_accessible: false,
      db_subnet_group_name: ref("aws_db_subnet_group.database_subnet_group", "name"),
      vpc_security_group_ids: [ref("aws_security_group.database_cluster_security_group", "id")],
      parameter_group_name: ref("aws_db_parameter_group.database_parameters", "name"),
      copy_tags_to_snapshot: true,
      auto_minor_version_upgrade: true,
      enabled_cloudwatch_logs_exports: ["postgresql"],
      performance_insights_enabled: true,
      performance_insights_kms_key_id: ref("aws_kms_key.database", "arn"),
      lifecycle: expect.objectContaining({ ignore_changes: ["engine_version"] }),
    });
  });

  test("forces TLS with a parameter group of the instance's PostgreSQL family", () => {
    const parameters = resources(app, "aws_db_parameter_group").database_parameters;
    expect(parameters.family).toBe("postgres16");
    expect(parameters.parameter).toEqual([{ name: "rds.force_ssl", value: "1" }]);
  });

  test("gets its password write-only from the generated secret, versioned by secrets.databasePasswordVersion", () => {
    expect(instance.password).toBeUndefined();
    expect(instance.manage_master_user_password).toBeUndefined();
    // Read from the stored secret, so a replaced instance gets the password the secret and the proxy hold.
    expect(instance.password_wo).toBe(
      "${jsondecode(ephemeral.aws_secretsmanager_secret_version.keycloak_database_password.secret_string).password}",
    );
    expect(JSON.stringify(instance)).not.toContain("random_password");
    expect(instance.password_wo_version).toBe(1);
    const raw = instanceRawConfig();
    raw.secrets.databasePasswordVersion = 3;
    expect(resources(synthStacks(raw).app, "aws_db_instance").keycloak.password_wo_version).toBe(3);
  });

  test("keeps backups and a final snapshot, and takes deletion protection and prevent_destroy from deletionProtection", () => {
    expect(instance).toMatchObject({ backup_retention_period: 7, skip_final_snapshot: false, deletion_protection: true });
    expect(instance.final_snapshot_identifier).toContain("mcp-gateway-keycloak-final-");
    expect(instance.final_snapshot_identifier).toContain("terraform_data.keycloak_database_created");
    expect(instance.lifecycle.prevent_destroy).toBe(true);
    const unprotectedInstance = resources(unprotected, "aws_db_instance").keycloak;
    expect(unprotectedInstance.deletion_protection).toBe(false);
    expect(unprotectedInstance.skip_final_snapshot).toBe(false);
    expect(unprotectedInstance.lifecycle.prevent_destroy).toBeUndefined();
  });

  test("takes class, storage and Multi-AZ from the configuration", () => {
    expect(resources(unprotected, "aws_db_instance").keycloak).toMatchObject({
      instance_class: "db.t4g.small",
      allocated_storage: 50,
      max_allocated_storage: 200,
      multi_az: true,
    });
  });

  test("exports its PostgreSQL log to a log group of our own under the instance's name", () => {
    expect(resources(app, "aws_cloudwatch_log_group").database_log_group.name).toBe("/aws/rds/instance/mcp-gateway-keycloak/postgresql");
    expect(instance.depends_on).toContain("aws_cloudwatch_log_group.database_log_group");
  });

  test("the RDS Proxy targets the instance, and Keycloak connects through the proxy", () => {
    const targets = resourceList(app, "aws_db_proxy_target");
    expect(targets).toHaveLength(1);
    expect(targets[0].db_instance_identifier).toBe(ref("aws_db_instance.keycloak", "identifier"));
    expect(targets[0].db_cluster_identifier).toBeUndefined();
    expect(environmentOf(mainContainer(app, "keycloak")).KC_DB_URL).toBe(
      `jdbc:postgresql://${ref("aws_db_proxy.keycloak", "endpoint")}:5432/keycloak?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory`,
    );
    const fromProxy = resourceList(app, "aws_vpc_security_group_ingress_rule").filter(
      (rule) => rule.security_group_id === ref("aws_security_group.database_cluster_security_group", "id"),
    );
    expect(fromProxy).toEqual([
      expect.objectContaining({
        referenced_security_group_id: ref("aws_security_group.database_proxy_security_group", "id"),
        from_port: 5432,
      }),
    ]);
    expect(app.output.database_instance_endpoint.value).toBe(ref("aws_db_instance.keycloak", "address"));
    expect(app.output.database_cluster_endpoint).toBeUndefined();
  });

  test("without the proxy, Keycloak connects to the instance's address and only Keycloak is admitted to it", () => {
    expect(resourceList(withoutProxy, "aws_db_proxy")).toHaveLength(0);
    expect(environmentOf(mainContainer(withoutProxy, "keycloak")).KC_DB_URL).toBe(
      `jdbc:postgresql://${ref("aws_db_instance.keycloak", "address")}:5432/keycloak?sslmode=require`,
    );
    const databaseGroup = ref("aws_security_group.database_cluster_security_group", "id");
    const intoDatabase = resourceList(withoutProxy, "aws_vpc_security_group_ingress_rule").filter(
      (rule) => rule.security_group_id === databaseGroup,
    );
    expect(intoDatabase).toEqual([
      expect.objectContaining({ referenced_security_group_id: ref("aws_security_group.keycloak_security_group", "id"), from_port: 5432 }),
    ]);
    expect(resources(withoutProxy, "aws_vpc_security_group_ingress_rule").database_keycloak_to_instance_5432_ingress).toMatchObject({
      description: "PostgreSQL from keycloak to the PostgreSQL instance",
    });
  });

  test("alarms on the instance's CPU, connections, free memory and free storage, and on no Aurora metric", () => {
    const alarms = resourceList(app, "aws_cloudwatch_metric_alarm").filter(
      (alarm) => alarm.namespace === "AWS/RDS" && alarm.dimensions?.DBInstanceIdentifier,
    );
    const byMetric = Object.fromEntries(alarms.map((alarm) => [alarm.metric_name, alarm]));
    expect(Object.keys(byMetric).sort()).toEqual(["CPUUtilization", "DatabaseConnections", "FreeStorageSpace", "FreeableMemory"]);
    for (const alarm of alarms) expect(alarm.dimensions).toEqual({ DBInstanceIdentifier: ref("aws_db_instance.keycloak", "identifier") });
    // db.t4g.micro: 1 GiB, max_connections LEAST(1 GiB / 9531392, 5000) = 112; 10 % of memory; 10 % of 20 GB.
    expect(byMetric.DatabaseConnections.threshold).toBe(89);
    expect(byMetric.FreeableMemory.threshold).toBe(107374182);
    expect(byMetric.FreeStorageSpace.threshold).toBe(2147483648);
    const rdsMetrics = resourceList(app, "aws_cloudwatch_metric_alarm").filter((alarm) => alarm.namespace === "AWS/RDS");
    expect(rdsMetrics.length).toBeGreaterThan(0);
    expect(
      rdsMetrics.filter(
        (alarm) =>
          alarm.metric_name === "ServerlessDatabaseCapacity" ||
          alarm.dimensions?.DBClusterIdentifier === ref("aws_rds_cluster.keycloak", "cluster_identifier"),
      ),
    ).toEqual([]);
    const dashboard = resources(app, "aws_cloudwatch_dashboard").dashboard_dashboard.dashboard_body as string;
    expect(dashboard).toContain("FreeableMemory");
    expect(dashboard).toContain("DBInstanceIdentifier");
    expect(dashboard).not.toContain("ServerlessDatabaseCapacity");
  });
});

describe("database.engine configuration", () => {
  test("defaults to aurora-serverless with the Aurora defaults", () => {
    const raw = exampleRawConfig();
    delete raw.database;
    expect(configFrom(raw).database).toEqual({
      engine: "aurora-serverless",
      minAcu: 0.5,
      maxAcu: 2,
      reader: false,
      backupRetentionDays: 7,
      engineVersion: "16.6",
      proxy: true,
    });
  });

  test("postgres-instance defaults to a single-AZ db.t4g.micro with 20 GB growing up to 100 GB", () => {
    expect(configFrom(instanceRawConfig()).database).toMatchObject({
      engine: "postgres-instance",
      instanceClass: "db.t4g.micro",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 100,
      multiAz: false,
    });
  });

  test("Aurora-only settings are refused with the instance engine, each named with the fix", () => {
    expect(configProblems(instanceRawConfig({ minAcu: 0.5, maxAcu: 1, reader: false }))).toEqual([
      "database.minAcu: (0.5) applies to engine aurora-serverless only, but engine is postgres-instance; remove database.minAcu, or set database.engine: aurora-serverless",
      "database.maxAcu: (1) applies to engine aurora-serverless only, but engine is postgres-instance; remove database.maxAcu, or set database.engine: aurora-serverless",
      "database.reader: (false) applies to engine aurora-serverless only, but engine is postgres-instance; remove database.reader, or set database.engine: aurora-serverless",
    ]);
  });

  test("instance-only settings are refused with the Aurora engine", () => {
    const raw = exampleRawConfig();
    raw.database.instanceClass = "db.t4g.micro";
    raw.database.multiAz = true;
    expect(configProblems(raw)).toEqual([
      "database.instanceClass: (db.t4g.micro) applies to engine postgres-instance only, but engine is aurora-serverless; remove database.instanceClass, or set database.engine: postgres-instance",
      "database.multiAz: (true) applies to engine postgres-instance only, but engine is aurora-serverless; remove database.multiAz, or set database.engine: postgres-instance",
    ]);
  });

  test("an instance class RDS for PostgreSQL does not offer, an unknown engine and a storage cap below the allocation are refused", () => {
    expect(configProblems(instanceRawConfig({ instanceClass: "db.t4g.nano" }))).toEqual([
      expect.stringMatching(/^database\.instanceClass: "db\.t4g\.nano" is not allowed; use one of: .*"db\.t4g\.micro"/),
    ]);
    expect(configProblems(instanceRawConfig({ allocatedStorageGb: 50, maxAllocatedStorageGb: 40 }))).toEqual([
      "database.maxAllocatedStorageGb: (40) is not above allocatedStorageGb (50); storage autoscaling needs room to grow: raise maxAllocatedStorageGb or lower allocatedStorageGb",
    ]);
    expect(configProblems(instanceRawConfig({ engine: "postgres" }))[0]).toMatch(
      /^database\.engine: "postgres" .*aurora-serverless.*postgres-instance/,
    );
    expect(configProblems(instanceRawConfig({ allocatedStorageGb: 10 }))).toEqual([
      "database.allocatedStorageGb: must be at least 20 (got 10)",
    ]);
  });
});
