import { MASTER_REALM_SETTINGS, REGISTRY_ADMIN_ROLES } from "../src/constructs/identity/keycloak-master-realm";
import { synthKeycloakAccess } from "./keycloak-support";
import { environmentOf, Json, mainContainer, ref, resourceList, resources, secretsOf } from "./support";

describe("the registry's Keycloak account", () => {
  const { stack } = synthKeycloakAccess();
  const users = resources(stack, "keycloak_user");
  const registryUser = users.keycloak_master_registry;
  const roles = resources(stack, "keycloak_user_roles").keycloak_master_registry_roles;
  const roleData = Object.values<Json>(stack.data.keycloak_role);

  test("is a dedicated master-realm user with a permanent generated password", () => {
    expect(registryUser).toMatchObject({
      realm_id: "master",
      username: "mcp-gateway-registry",
      enabled: true,
      lifecycle: { ignore_changes: ["required_actions"] },
    });
    expect(registryUser).not.toHaveProperty("initial_password");
    const setter = resources(stack, "terraform_data").keycloak_master_registry_password_set;
    expect(setter.provisioner[0]["local-exec"].environment).toMatchObject({
      KC_REALM: "master",
      KC_USER_ID: ref("keycloak_user.keycloak_master_registry", "id"),
      KC_PASSWORD: "${jsondecode(ephemeral.aws_secretsmanager_secret_version.keycloak_master_registry_password.secret_string).password}",
      KC_TEMPORARY: "false",
    });
    expect(stack.data.aws_secretsmanager_secret_version).toBeUndefined();
    expect(resources(stack, "aws_secretsmanager_secret").keycloak_master_registry_password).toMatchObject({
      name: "mcp-gateway/keycloak/master/mcp-gateway-registry",
    });
  });

  test("holds exactly the realm-management roles of the application realm that upstream's IAM features call", () => {
    expect([...REGISTRY_ADMIN_ROLES].sort()).toEqual(["manage-clients", "manage-users", "view-clients", "view-users"]);
    expect(roles).toMatchObject({ realm_id: "master", user_id: ref("keycloak_user.keycloak_master_registry", "id"), exhaustive: true });
    expect(roles.role_ids).toHaveLength(REGISTRY_ADMIN_ROLES.length);
    const managementClient = ref("data.keycloak_openid_client.keycloak_master_realm_realm_management_client", "id");
    expect(stack.data.keycloak_openid_client.keycloak_master_realm_realm_management_client).toMatchObject({
      realm_id: "master",
      client_id: "mcp-gateway-realm",
      depends_on: ["keycloak_realm.realm"],
    });
    const granted = roles.role_ids.map((id: string) => {
      const name = /^\$\{data\.keycloak_role\.([a-z0-9_]+)\.id\}$/.exec(id)?.[1] as string;
      return stack.data.keycloak_role[name];
    });
    expect(granted.map((role: Json) => role.name).sort()).toEqual([...REGISTRY_ADMIN_ROLES].sort());
    for (const role of granted) expect(role).toMatchObject({ realm_id: "master", client_id: managementClient });
  });

  test("holds no master-realm role: not admin, nothing that reaches the master realm", () => {
    const masterRealmRoles = roleData.filter((role) => role.client_id === undefined).map((role) => role.name);
    expect(masterRealmRoles).toEqual(["admin"]);
    const admin = ref("data.keycloak_role.keycloak_master_realm_admin_role", "id");
    expect(roles.role_ids).not.toContain(admin);
  });

  test("is what the registry logs in with (KEYCLOAK_ADMIN, KEYCLOAK_ADMIN_PASSWORD), not Terraform's credential", () => {
    const secrets = secretsOf(mainContainer(stack, "registry"));
    const account = ref("aws_secretsmanager_secret.keycloak_master_registry_password", "arn");
    expect(secrets.KEYCLOAK_ADMIN).toBe(`${account}:username::`);
    expect(secrets.KEYCLOAK_ADMIN_PASSWORD).toBe(`${account}:password::`);
    expect(JSON.stringify(secrets)).not.toContain("keycloak_terraform_client");
    expect(environmentOf(mainContainer(stack, "registry")).KEYCLOAK_ADMIN).toBeUndefined();
  });

  test("gets a new password on the same account after registryAccountPasswordVersion is bumped, and the registry rolls", () => {
    expect(registryUser.lifecycle).not.toHaveProperty("replace_triggered_by");
    const rotated = synthKeycloakAccess((raw) => (raw.keycloak = { ...raw.keycloak, registryAccountPasswordVersion: 2 })).stack;
    expect(resources(rotated, "aws_secretsmanager_secret_version").keycloak_master_registry_password.secret_string_wo_version).toBe(2);
    expect(resources(rotated, "terraform_data").keycloak_master_registry_password_set.triggers_replace).toEqual({
      user: ref("keycloak_user.keycloak_master_registry", "id"),
      version: `2:${ref("aws_secretsmanager_secret.keycloak_master_registry_password", "arn")}`,
      temporary: "false",
    });
    expect(mainContainer(rotated, "registry").dockerLabels["mcp-gateway.secret-versions"]).toContain("KEYCLOAK_ADMIN_PASSWORD=2");
  });

  test("does not exist, and the registry gets no Keycloak admin credential, when the realm is not configured here", () => {
    const unmanaged = synthKeycloakAccess((raw) => (raw.keycloak = { ...raw.keycloak, configureRealm: false })).stack;
    expect(resourceList(unmanaged, "keycloak_user")).toEqual([]);
    expect(secretsOf(mainContainer(unmanaged, "registry")).KEYCLOAK_ADMIN_PASSWORD).toBeUndefined();
  });
});

describe("the master realm", () => {
  const { stack } = synthKeycloakAccess();

  test("has a named administrator for people, with the admin role and a temporary generated password", () => {
    expect(resources(stack, "keycloak_user").keycloak_master_administrator).toMatchObject({
      realm_id: "master",
      username: "platform-admin",
      lifecycle: { ignore_changes: ["required_actions"] },
    });
    expect(resources(stack, "terraform_data").keycloak_master_administrator_password_set.triggers_replace.temporary).toBe("true");
    expect(resources(stack, "keycloak_user_roles").keycloak_master_administrator_roles).toMatchObject({
      user_id: ref("keycloak_user.keycloak_master_administrator", "id"),
      role_ids: [ref("data.keycloak_role.keycloak_master_realm_admin_role", "id")],
      exhaustive: true,
    });
    expect(stack.output.keycloak_admin_secret_arn.value).toBe(
      ref("aws_secretsmanager_secret.keycloak_master_administrator_password", "arn"),
    );
  });

  test("gets brute-force detection and a password policy through the admin API, as Terraform's client, once Keycloak answers", () => {
    const hardening = resources(stack, "terraform_data").keycloak_master_realm_hardening;
    expect(hardening.depends_on).toEqual([
      "aws_ecs_service.keycloak_service",
      "aws_lb_listener.load_balancers_keycloak_https",
      // the admin paths answer 404 until the rule admitting Terraform's network exists
      "aws_lb_listener_rule.load_balancers_keycloak_admin_allow_1",
      "aws_route53_record.dns_keycloak",
    ]);
    const [{ "local-exec": exec }] = hardening.provisioner;
    expect(exec.environment).toEqual({
      KC_URL: "https://kc.us-east-1.mycorp.click",
      KC_CLIENT_ID: "mcp-gateway-terraform",
      KC_CLIENT_SECRET: "${ephemeral.aws_secretsmanager_secret_version.keycloak_terraform_client_secret.secret_string}",
      KC_MASTER_SETTINGS: JSON.stringify(MASTER_REALM_SETTINGS),
    });
    expect(JSON.parse(exec.environment.KC_MASTER_SETTINGS)).toMatchObject({
      bruteForceProtected: true,
      failureFactor: 5,
      permanentLockout: false,
    });
    expect(exec.command).toMatch(/grant_type=client_credentials/);
    expect(exec.command).toMatch(/-X PUT .*"\$KC_URL\/admin\/realms\/master"/);
    expect(exec.command).toMatch(/^set -eu/);
    // No secret or token on a command line: the secret on stdin, the header from a here-document, the body on stdin.
    expect(exec.command).not.toMatch(/client_secret=\$|Bearer \$token"|--data "\$/);
    expect(exec.command).toContain('--data-urlencode "client_secret@-"');
    expect(exec.command).toContain("-H @/dev/fd/3");
    expect(exec.command).toContain("--data-binary @-");
    // A change of the settings re-applies them, and so does a new database (engine switch, restore).
    expect(hardening.triggers_replace.settings).toBe(JSON.stringify(MASTER_REALM_SETTINGS));
    expect(hardening.triggers_replace.database).toBe(ref("aws_rds_cluster.keycloak", "cluster_resource_id"));
  });

  test("master-realm accounts are created only after the hardening", () => {
    for (const name of ["keycloak_master_administrator", "keycloak_master_registry"]) {
      expect(resources(stack, "keycloak_user")[name].depends_on).toEqual(["terraform_data.keycloak_master_realm_hardening"]);
    }
  });
});
