import { SERVICE_NAMES } from "../src/config/service-names";
import { SCALING_TARGETS } from "../src/constructs/compute/fargate-service";
import {
  configProblems,
  containerDefinitions,
  environmentOf,
  exampleRawConfig,
  fullRawConfig,
  mainContainer,
  ref,
  resourceList,
  resources,
  rolePolicies,
  secretsOf,
  synthStacks,
  Json,
} from "./support";

const address = (service: string) => service.replace(/-/g, "_");

describe("ECS cluster", () => {
  const app = synthStacks().app;

  test("runs Container Insights, FARGATE and FARGATE_SPOT", () => {
    expect(resources(app, "aws_ecs_cluster").ecs_cluster).toMatchObject({
      name: "mcp-gateway",
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
    expect(resourceList(app, "aws_ecs_cluster_capacity_providers")).toEqual([
      expect.objectContaining({ capacity_providers: ["FARGATE", "FARGATE_SPOT"] }),
    ]);
  });

  test("services find each other in the <namePrefix>.local Service Connect namespace", () => {
    expect(resourceList(app, "aws_service_discovery_http_namespace")).toEqual([expect.objectContaining({ name: "mcp-gateway.local" })]);
  });
});

// Ports, Service Connect names and health checks per service: the inventory's values, corrected where it lists defects.
const expectations: Record<
  string,
  { ports: number[]; serviceConnect?: string | string[]; health: RegExp; loadBalanced?: { target: string; port: number } }
> = {
  registry: {
    ports: [8080],
    serviceConnect: "registry:8080",
    health: /localhost:7860\/health/,
    loadBalanced: { target: "registry", port: 8080 },
  },
  "auth-server": { ports: [18888], serviceConnect: "auth-server:8888", health: /localhost:18888\/health/ },
  keycloak: {
    ports: [8080, 9000],
    serviceConnect: "keycloak:8080",
    health: /\/dev\/tcp\/127\.0\.0\.1\/9000.*\/health\/live/,
    loadBalanced: { target: "keycloak", port: 8080 },
  },
  currenttime: { ports: [8000], serviceConnect: "currenttime-server:8000", health: /nc -z localhost 8000/ },
  mcpgw: { ports: [8003], serviceConnect: "mcpgw-server:8003", health: /nc -z localhost 8003/ },
  realserverfaketools: { ports: [8002], serviceConnect: "realserverfaketools-server:8002", health: /nc -z localhost 8002/ },
  "flight-booking-agent": { ports: [9000], serviceConnect: "flight-booking-agent:9000", health: /localhost:9000\/ping/ },
  "travel-assistant-agent": { ports: [9000], serviceConnect: "travel-assistant-agent:9000", health: /localhost:9000\/ping/ },
  "metrics-service": { ports: [8890, 9465], serviceConnect: "metrics-service:8890", health: /localhost:8890\/health/ },
};

describe("ECS services", () => {
  const app = synthStacks(fullRawConfig()).app;
  const services = resources(app, "aws_ecs_service");

  test("all nine services are deployed when configured", () => {
    expect(Object.keys(services).sort()).toEqual(SERVICE_NAMES.map((name) => `${address(name)}_service`).sort());
    expect(Object.keys(expectations).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  test.each(Object.entries(expectations))("%s: ports, Service Connect name, health check and load balancer", (name, expected) => {
    const container = mainContainer(app, name);
    expect(container.portMappings.map((port: { containerPort: number }) => port.containerPort)).toEqual(expected.ports);
    expect(container.healthCheck.command.join(" ")).toMatch(expected.health);
    expect(container.healthCheck.command.join(" ")).not.toMatch(/^CMD-SHELL exit 0$/);
    const service = services[`${address(name)}_service`];
    const published = (service.service_connect_configuration?.service ?? []).map(
      (entry: { client_alias: { dns_name: string; port: number } }) => `${entry.client_alias.dns_name}:${entry.client_alias.port}`,
    );
    expect(published).toEqual(expected.serviceConnect ? [expected.serviceConnect].flat() : []);
    if (expected.loadBalanced) {
      expect(service.load_balancer).toEqual([
        {
          container_name: name,
          container_port: expected.loadBalanced.port,
          target_group_arn: ref(`aws_lb_target_group.load_balancers_${expected.loadBalanced.target}_targets`, "arn"),
        },
      ]);
    } else {
      expect(service.load_balancer).toBeUndefined();
    }
  });

  test.each(SERVICE_NAMES.filter((name) => name !== "keycloak"))("%s deploys rolling: new tasks start beside the old ones", (name) => {
    expect(services[`${address(name)}_service`]).toMatchObject({
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
    });
  });

  test("Keycloak is recreated by default: old tasks stop before a new version migrates the schema under them", () => {
    expect(services.keycloak_service).toMatchObject({ deployment_minimum_healthy_percent: 0, deployment_maximum_percent: 100 });
  });

  test("keycloak.upgradeStrategy: rolling keeps old Keycloak tasks serving until the new ones are healthy", () => {
    const raw = exampleRawConfig();
    raw.keycloak = { ...raw.keycloak, upgradeStrategy: "rolling" };
    expect(resources(synthStacks(raw).app, "aws_ecs_service").keycloak_service).toMatchObject({
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
    });
  });

  test("keycloak.upgradeStrategy accepts recreate or rolling only", () => {
    const raw = exampleRawConfig();
    raw.keycloak = { ...raw.keycloak, upgradeStrategy: "blue-green" };
    expect(configProblems(raw)).toEqual([expect.stringMatching(/^keycloak\.upgradeStrategy: .*blue-green.*recreate.*rolling/)]);
  });

  test.each(SERVICE_NAMES)("%s rolls out with a circuit breaker and rollback, in private subnets, in its own security group", (name) => {
    const service = services[`${address(name)}_service`];
    expect(service).toMatchObject({
      name: `mcp-gateway-${name}`,
      deployment_circuit_breaker: { enable: true, rollback: true },
      enable_execute_command: false,
      network_configuration: {
        assign_public_ip: false,
        subnets: [ref("aws_subnet.network_private_subnet_1", "id"), ref("aws_subnet.network_private_subnet_2", "id")],
        security_groups: [ref(`aws_security_group.${address(name)}_security_group`, "id")],
      },
      lifecycle: { ignore_changes: ["desired_count"] },
    });
    expect(resources(app, "aws_ecs_task_definition")[`${address(name)}_task_definition`]).toMatchObject({
      family: `mcp-gateway-${name}`,
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      execution_role_arn: ref(`aws_iam_role.${address(name)}_execution_role`, "arn"),
      task_role_arn: ref(`aws_iam_role.${address(name)}_task_role`, "arn"),
    });
  });

  test("each service logs to its own encrypted log group with the configured retention", () => {
    const raw = fullRawConfig();
    raw.observability.logRetentionDays = 90;
    const groups = resources(synthStacks(raw).app, "aws_cloudwatch_log_group");
    for (const name of SERVICE_NAMES) {
      expect(groups[`${address(name)}_log_group`]).toMatchObject({
        name: `/ecs/mcp-gateway/${name}`,
        retention_in_days: 90,
        kms_key_id: ref("aws_kms_key.logs", "arn"),
      });
      for (const container of containerDefinitions(app, name)) {
        expect(container.logConfiguration).toMatchObject({
          logDriver: "awslogs",
          options: { "awslogs-group": ref(`aws_cloudwatch_log_group.${address(name)}_log_group`, "name") },
        });
      }
    }
  });

  test("task size, desired count and autoscaling bounds come from the configuration", () => {
    const raw = fullRawConfig();
    raw.services.registry = { ...raw.services.registry, cpu: 2048, memory: 4096, minCapacity: 3, maxCapacity: 7 };
    raw.services.currenttime = { ...raw.services.currenttime, minCapacity: 0, maxCapacity: 5, desiredCount: 2 };
    const changed = synthStacks(raw).app;
    expect(resources(changed, "aws_ecs_task_definition").registry_task_definition).toMatchObject({ cpu: "2048", memory: "4096" });
    expect(resources(changed, "aws_ecs_service").registry_service.desired_count).toBe(3);
    expect(resources(changed, "aws_ecs_service").currenttime_service.desired_count).toBe(2);
    expect(resources(changed, "aws_appautoscaling_target").registry_scaling_target).toMatchObject({
      min_capacity: 3,
      max_capacity: 7,
      scalable_dimension: "ecs:service:DesiredCount",
      resource_id: `service/${ref("aws_ecs_cluster.ecs_cluster", "name")}/${ref("aws_ecs_service.registry_service", "name")}`,
    });
    expect(resources(changed, "aws_appautoscaling_target").currenttime_scaling_target).toMatchObject({ min_capacity: 0, max_capacity: 5 });
    // The example's bounds, unchanged for the others.
    expect(resources(app, "aws_appautoscaling_target").registry_scaling_target).toMatchObject({ min_capacity: 2, max_capacity: 4 });
    expect(resources(app, "aws_appautoscaling_target").keycloak_scaling_target).toMatchObject({ min_capacity: 2, max_capacity: 3 });
  });

  test("Keycloak runs two tasks unless configured otherwise: one task is a single point of failure for every login", () => {
    const raw = fullRawConfig();
    raw.services.keycloak = { image: raw.services.keycloak.image };
    const defaults = synthStacks(raw).app;
    expect(resources(defaults, "aws_ecs_service").keycloak_service.desired_count).toBe(2);
    expect(resources(defaults, "aws_appautoscaling_target").keycloak_scaling_target).toMatchObject({ min_capacity: 2 });
  });

  test("Keycloak's first start may wait out the database lock of another task's migration before ECS judges its health", () => {
    const service = resources(app, "aws_ecs_service").keycloak_service;
    // Keycloak's documented lock wait (900 s) plus its boot; a task killed mid-migration would leave the lock held.
    expect(service.health_check_grace_period_seconds).toBeGreaterThanOrEqual(900 + 180);
    expect(mainContainer(app, "keycloak").healthCheck.startPeriod).toBe(300);
  });

  test.each(SERVICE_NAMES)("%s scales on CPU and memory by target tracking", (name) => {
    const policies = resources(app, "aws_appautoscaling_policy");
    expect(policies[`${address(name)}_cpu_scaling`]).toMatchObject({
      policy_type: "TargetTrackingScaling",
      target_tracking_scaling_policy_configuration: {
        predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageCPUUtilization" },
        target_value: SCALING_TARGETS.cpuPercent,
      },
    });
    expect(policies[`${address(name)}_memory_scaling`]).toMatchObject({
      target_tracking_scaling_policy_configuration: {
        predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageMemoryUtilization" },
        target_value: SCALING_TARGETS.memoryPercent,
      },
    });
  });

  test("spot services run on FARGATE_SPOT, the others on FARGATE", () => {
    const raw = fullRawConfig();
    raw.services["flight-booking-agent"].spot = true;
    const spot = resources(synthStacks(raw).app, "aws_ecs_service");
    expect(spot.flight_booking_agent_service.capacity_provider_strategy).toEqual([{ capacity_provider: "FARGATE_SPOT", weight: 1 }]);
    expect(spot.registry_service.capacity_provider_strategy).toEqual([{ capacity_provider: "FARGATE", weight: 1 }]);
  });
});

describe("containers", () => {
  const app = synthStacks(fullRawConfig()).app;

  test("Keycloak starts in production mode behind the TLS-terminating load balancer, on the database proxy with TLS", () => {
    const keycloak = mainContainer(app, "keycloak");
    expect(keycloak.image).toBe("quay.io/keycloak/keycloak:26.7.3");
    expect(keycloak.command).toEqual(["start"]);
    expect(environmentOf(keycloak)).toMatchObject({
      KC_DB: "postgres",
      KC_DB_URL: `jdbc:postgresql://${ref("aws_db_proxy.keycloak", "endpoint")}:5432/keycloak?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory`,
      KC_PROXY_HEADERS: "xforwarded",
      KC_HTTP_ENABLED: "true",
      KC_HOSTNAME: "https://kc.us-east-1.mycorp.click",
      KC_HEALTH_ENABLED: "true",
      KC_METRICS_ENABLED: "true",
      KC_HTTP_MANAGEMENT_PORT: "9000",
    });
    const masterSecret = ref("aws_secretsmanager_secret.keycloak_database", "arn");
    expect(secretsOf(keycloak)).toEqual({
      KC_DB_USERNAME: `${masterSecret}:username::`,
      KC_DB_PASSWORD: `${masterSecret}:password::`,
      KC_BOOTSTRAP_ADMIN_CLIENT_SECRET: ref("aws_secretsmanager_secret.keycloak_terraform_client", "arn"),
    });
  });

  test("the Keycloak image comes from the configuration", () => {
    const raw = exampleRawConfig();
    raw.services.keycloak.image = "quay.io/keycloak/keycloak:26.8.0";
    expect(mainContainer(synthStacks(raw).app, "keycloak").image).toBe("quay.io/keycloak/keycloak:26.8.0");
  });

  test("secrets reach containers only through ECS secrets, as references to Secrets Manager", () => {
    const secretKey = ref("aws_secretsmanager_secret.secret_key", "arn");
    const markerSecret = ref("aws_secretsmanager_secret.nginx_marker_secret", "arn");
    const documentDatabase = ref("aws_secretsmanager_secret.document_database_credentials", "arn");
    const metricsKey = ref("aws_secretsmanager_secret.metrics_api_key", "arn");
    const webClientSecret = `${ref("aws_secretsmanager_secret_version.keycloak_client_secret_mcp_gateway_web_value", "arn")}:client_secret::`;
    const m2mClientSecret = `${ref("aws_secretsmanager_secret_version.keycloak_client_secret_mcp_gateway_m2m_value", "arn")}:client_secret::`;
    expect(secretsOf(mainContainer(app, "registry"))).toEqual({
      SECRET_KEY: secretKey,
      AUTH_SERVER_NGINX_MARKER_SECRET: markerSecret,
      DOCUMENTDB_USERNAME: `${documentDatabase}:username::`,
      DOCUMENTDB_PASSWORD: `${documentDatabase}:password::`,
      KEYCLOAK_ADMIN: `${ref("aws_secretsmanager_secret.keycloak_master_registry_password", "arn")}:username::`,
      KEYCLOAK_ADMIN_PASSWORD: `${ref("aws_secretsmanager_secret.keycloak_master_registry_password", "arn")}:password::`,
      KEYCLOAK_CLIENT_SECRET: webClientSecret,
      KEYCLOAK_M2M_CLIENT_SECRET: m2mClientSecret,
      METRICS_API_KEY: metricsKey,
    });
    expect(secretsOf(mainContainer(app, "auth-server"))).toEqual({
      SECRET_KEY: secretKey,
      AUTH_SERVER_NGINX_MARKER_SECRET: markerSecret,
      DOCUMENTDB_USERNAME: `${documentDatabase}:username::`,
      DOCUMENTDB_PASSWORD: `${documentDatabase}:password::`,
      KEYCLOAK_CLIENT_SECRET: webClientSecret,
      KEYCLOAK_M2M_CLIENT_SECRET: m2mClientSecret,
      METRICS_API_KEY: metricsKey,
    });
    expect(secretsOf(mainContainer(app, "mcpgw"))).toEqual({});
    expect(secretsOf(mainContainer(app, "metrics-service"))).toEqual({
      METRICS_API_KEY_REGISTRY: metricsKey,
      METRICS_API_KEY_AUTH: metricsKey,
    });
    for (const name of SERVICE_NAMES) {
      for (const container of containerDefinitions(app, name)) {
        for (const variable of Object.keys(environmentOf(container))) {
          expect(variable).not.toMatch(/PASSWORD|SECRET|TOKEN|API_KEY/);
        }
        for (const valueFrom of Object.values(secretsOf(container))) {
          expect(valueFrom).toMatch(/^\$\{aws_secretsmanager_secret(_version)?\.[a-z0-9_]+\.arn\}(:(username|password|client_secret)::)?$/);
        }
      }
    }
  });

  test("without metrics-service, nobody is pointed at it and no API key is generated", () => {
    const app = synthStacks().app;
    expect(environmentOf(mainContainer(app, "registry")).METRICS_SERVICE_URL).toBeUndefined();
    expect(secretsOf(mainContainer(app, "registry")).METRICS_API_KEY).toBeUndefined();
    expect(resources(app, "aws_secretsmanager_secret").metrics_api_key).toBeUndefined();
  });

  test("the registry and the auth server reach each other, Keycloak and the registry's public name as configured", () => {
    const registry = environmentOf(mainContainer(app, "registry"));
    const auth = environmentOf(mainContainer(app, "auth-server"));
    expect(registry).toMatchObject({
      AUTH_SERVER_URL: "http://auth-server:8888",
      AUTH_SERVER_EXTERNAL_URL: "https://registry.us-east-1.mycorp.click",
      KEYCLOAK_URL: "http://keycloak:8080",
      KEYCLOAK_REALM: "mcp-gateway",
      KEYCLOAK_CLIENT_ID: "mcp-gateway-web",
      KEYCLOAK_M2M_CLIENT_ID: "mcp-gateway-m2m",
      AUTH_PROVIDER: "keycloak",
      METRICS_SERVICE_URL: "http://metrics-service:8890",
    });
    expect(auth).toMatchObject({
      REGISTRY_URL: "https://registry.us-east-1.mycorp.click",
      KEYCLOAK_EXTERNAL_URL: "https://kc.us-east-1.mycorp.click",
      KEYCLOAK_M2M_CLIENT_ID: "mcp-gateway-m2m",
    });
    expect(environmentOf(mainContainer(app, "mcpgw"))).toMatchObject({ REGISTRY_BASE_URL: "http://registry:8080" });
  });

  // The RDS CA bundle's task-local volume (docs/rds-ca-bundle.md) is the only mount without the models cache.
  const caBundleMount = { sourceVolume: "rds-ca", containerPath: "/app/certs", readOnly: true };
  const withoutCaBundle = (mounts: Json[]) => mounts.filter((mount) => mount.sourceVolume !== "rds-ca");

  test("mounts: no service mounts a file system unless the models cache is switched on", () => {
    const containers = SERVICE_NAMES.flatMap((name) => containerDefinitions(app, name));
    expect(containers.length).toBeGreaterThanOrEqual(SERVICE_NAMES.length);
    expect(mainContainer(app, "registry").mountPoints).toEqual([caBundleMount]);
    for (const container of containers) expect(withoutCaBundle(container.mountPoints)).toEqual([]);
    expect(resources(app, "aws_efs_file_system")).toEqual({});
  });

  test("with fileSystem.modelsCache the registry keeps its embeddings model on EFS, over TLS with IAM authorization", () => {
    const raw = fullRawConfig();
    raw.fileSystem = { ...raw.fileSystem, modelsCache: true };
    const cached = synthStacks(raw).app;
    expect(mainContainer(cached, "registry").mountPoints).toEqual([
      caBundleMount,
      { sourceVolume: "models", containerPath: "/app/registry/models", readOnly: false },
    ]);
    for (const name of SERVICE_NAMES.filter((service) => service !== "registry")) {
      for (const container of containerDefinitions(cached, name)) expect(withoutCaBundle(container.mountPoints)).toEqual([]);
    }
    expect(resources(cached, "aws_ecs_task_definition").registry_task_definition.volume).toEqual([
      { name: "rds-ca" },
      {
        name: "models",
        efs_volume_configuration: {
          file_system_id: ref("aws_efs_file_system.shared", "id"),
          transit_encryption: "ENABLED",
          authorization_config: { access_point_id: ref("aws_efs_access_point.models", "id"), iam: "ENABLED" },
        },
      },
    ]);
  });

  test("a private ECR image lets the execution role pull from exactly that repository", () => {
    const policy = rolePolicies(app).currenttime_execution_policy;
    expect(policy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: "ecr:GetAuthorizationToken", Resource: "*" }),
        expect.objectContaining({
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/currenttime"],
        }),
      ]),
    );
    const publicImage = rolePolicies(app)
      .registry_execution_policy.Statement.map((statement: { Action: string | string[] }) => statement.Action)
      .flat();
    expect(publicImage.filter((action: string) => action.startsWith("ecr:"))).toEqual([]);
  });

  test("a built image runs by the digest pushed to its ECR repository, which the execution role may pull from", () => {
    const raw = exampleRawConfig();
    raw.services.currenttime = { build: { context: "config/examples/currenttime" } };
    const built = synthStacks(raw).app;
    const container = JSON.parse(resources(built, "aws_ecs_task_definition").currenttime_task_definition.container_definitions)[0];
    expect(container.image).toBe(
      "${aws_ecr_repository.images_currenttime_repository.repository_url}@${docker_registry_image.images_currenttime_push.sha256_digest}",
    );
    const pull = rolePolicies(built).currenttime_execution_policy.Statement.find((statement: { Action: string[] }) =>
      [statement.Action].flat().includes("ecr:BatchGetImage"),
    );
    expect(pull.Resource).toEqual([ref("aws_ecr_repository.images_currenttime_repository", "arn")]);
  });
});

describe("ECS Exec", () => {
  const ssmChannelActions = (policy: Json | undefined): string[] =>
    (policy?.Statement ?? [])
      .flatMap((statement: Json) => [statement.Action].flat())
      .filter((action: string) => action.startsWith("ssmmessages:"));

  describe("by default", () => {
    const app = synthStacks(fullRawConfig()).app;
    const services = resources(app, "aws_ecs_service");

    test("is off for every service, Keycloak included, with no SSM channel permission in any role", () => {
      expect(Object.keys(services)).toHaveLength(SERVICE_NAMES.length);
      for (const service of Object.values(services)) expect(service.enable_execute_command).toBe(false);
      const policies = rolePolicies(app);
      expect(Object.keys(policies).length).toBeGreaterThan(SERVICE_NAMES.length);
      for (const name of Object.keys(policies)) expect({ name, actions: ssmChannelActions(policies[name]) }).toEqual({ name, actions: [] });
    });

    test("leaves out the session key, the session log group and the cluster's execute-command configuration", () => {
      expect(resources(app, "aws_ecs_cluster").ecs_cluster.configuration).toBeUndefined();
      expect(resources(app, "aws_cloudwatch_log_group").ecs_exec_log_group).toBeUndefined();
      expect(resources(app, "aws_kms_key").ecs_exec).toBeUndefined();
    });

    test("runs no init process for exec sessions", () => {
      for (const name of SERVICE_NAMES) {
        for (const container of containerDefinitions(app, name)) expect(container.linuxParameters).toBeUndefined();
      }
    });
  });

  describe("allowed for the registry only", () => {
    const raw = fullRawConfig();
    raw.services.registry.exec = true;
    const app = synthStacks(raw).app;
    const services = resources(app, "aws_ecs_service");
    const policies = rolePolicies(app);

    test("is on for the registry and stays off for Keycloak and the others", () => {
      expect(services.registry_service.enable_execute_command).toBe(true);
      const others = Object.entries(services).filter(([name]) => name !== "registry_service");
      expect(others).toHaveLength(SERVICE_NAMES.length - 1);
      for (const [, service] of others) expect(service.enable_execute_command).toBe(false);
      expect(ssmChannelActions(policies.keycloak_task_policy)).toEqual([]);
    });

    test("encrypts sessions with their own rotating key and records them in an encrypted log group", () => {
      expect(resources(app, "aws_kms_key").ecs_exec).toMatchObject({ enable_key_rotation: true });
      expect(resources(app, "aws_ecs_cluster").ecs_cluster.configuration).toEqual({
        execute_command_configuration: {
          kms_key_id: ref("aws_kms_key.ecs_exec", "arn"),
          logging: "OVERRIDE",
          log_configuration: {
            cloud_watch_encryption_enabled: true,
            cloud_watch_log_group_name: ref("aws_cloudwatch_log_group.ecs_exec_log_group", "name"),
          },
        },
      });
      expect(resources(app, "aws_cloudwatch_log_group").ecs_exec_log_group).toMatchObject({ kms_key_id: ref("aws_kms_key.logs", "arn") });
    });

    test("grants the registry's task role the SSM channels, its session log group and the session key, nothing wider", () => {
      const statements: Json[] = policies.registry_task_policy.Statement;
      expect(ssmChannelActions(policies.registry_task_policy).sort()).toEqual([
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ]);
      expect(statements.find((statement) => statement.Sid === "EcsExecWritesSessionLogs")?.Resource).toBe(
        `${ref("aws_cloudwatch_log_group.ecs_exec_log_group", "arn")}:*`,
      );
      expect(statements.find((statement) => statement.Sid === "EcsExecDecryptsSessions")).toMatchObject({
        Action: "kms:Decrypt",
        Resource: ref("aws_kms_key.ecs_exec", "arn"),
      });
      expect(mainContainer(app, "registry").linuxParameters).toEqual({ initProcessEnabled: true });
      expect(mainContainer(app, "keycloak").linuxParameters).toBeUndefined();
    });
  });
});
