import { environmentOf, exampleRawConfig, Json, mainContainer, ref, resourceList, resources, synthStacks } from "./support";

function synthWithProxy(proxy: boolean | undefined): Json {
  const raw = exampleRawConfig();
  raw.database = { ...raw.database, proxy };
  if (proxy === undefined) delete raw.database.proxy;
  return synthStacks(raw).app;
}

describe("database.proxy", () => {
  const withoutProxy = synthWithProxy(false);
  const byDefault = synthWithProxy(undefined);

  test("is on by default: Keycloak connects through the RDS Proxy", () => {
    expect(resourceList(byDefault, "aws_db_proxy")).toHaveLength(1);
    expect(environmentOf(mainContainer(byDefault, "keycloak")).KC_DB_URL).toBe(
      `jdbc:postgresql://${ref("aws_db_proxy.keycloak", "endpoint")}:5432/keycloak?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory`,
    );
    expect(byDefault.output.database_proxy_endpoint).toBeDefined();
  });

  test("false creates no proxy, its role, security group or target, and Keycloak connects to the writer with TLS", () => {
    for (const type of ["aws_db_proxy", "aws_db_proxy_default_target_group", "aws_db_proxy_target"]) {
      expect({ type, count: resourceList(withoutProxy, type).length }).toEqual({ type, count: 0 });
    }
    expect(resources(withoutProxy, "aws_security_group").database_proxy_security_group).toBeUndefined();
    expect(resources(withoutProxy, "aws_iam_role").database_proxy_role).toBeUndefined();
    expect(environmentOf(mainContainer(withoutProxy, "keycloak")).KC_DB_URL).toBe(
      `jdbc:postgresql://${ref("aws_rds_cluster.keycloak", "endpoint")}:5432/keycloak?sslmode=require`,
    );
    // The cluster stays the one stateful resource it was: same address, TLS still forced.
    expect(resources(withoutProxy, "aws_rds_cluster").keycloak).toBeDefined();
    expect(resources(withoutProxy, "aws_rds_cluster_parameter_group").database_parameters.parameter).toEqual([
      { name: "rds.force_ssl", value: "1" },
    ]);
  });

  test("false admits Keycloak's tasks to the cluster's security group on 5432, and nothing else", () => {
    const clusterGroup = ref("aws_security_group.database_cluster_security_group", "id");
    const keycloakGroup = ref("aws_security_group.keycloak_security_group", "id");
    const intoCluster = resourceList(withoutProxy, "aws_vpc_security_group_ingress_rule").filter(
      (rule) => rule.security_group_id === clusterGroup,
    );
    expect(intoCluster).toEqual([
      expect.objectContaining({
        referenced_security_group_id: keycloakGroup,
        from_port: 5432,
        to_port: 5432,
        description: "PostgreSQL from keycloak to the Aurora cluster",
      }),
    ]);
    const keycloakEgress = resourceList(withoutProxy, "aws_vpc_security_group_egress_rule").filter(
      (rule) => rule.security_group_id === keycloakGroup && rule.from_port === 5432,
    );
    expect(keycloakEgress).toEqual([expect.objectContaining({ referenced_security_group_id: clusterGroup })]);
  });

  test("false drops the proxy's alarm, dashboard line and output, and keeps the cluster's", () => {
    const alarms = Object.keys(resources(withoutProxy, "aws_cloudwatch_metric_alarm"));
    expect(alarms).toContain("infrastructure_alarms_keycloak_db_connections");
    expect(alarms.filter((name) => name.includes("proxy"))).toEqual([]);
    expect(Object.keys(resources(byDefault, "aws_cloudwatch_metric_alarm")).filter((name) => name.includes("proxy"))).toHaveLength(1);
    const dashboard = resources(withoutProxy, "aws_cloudwatch_dashboard").dashboard_dashboard.dashboard_body as string;
    expect(dashboard).toContain("DatabaseConnections");
    expect(dashboard).not.toContain("ProxyName");
    expect(withoutProxy.output.database_proxy_endpoint).toBeUndefined();
    expect(withoutProxy.output.database_cluster_endpoint.value).toBe(ref("aws_rds_cluster.keycloak", "endpoint"));
  });
});
