import { ADMIN_API_SCRIPTS } from "../src/constructs/identity/keycloak-admin-api";
import { withDigest } from "../src/services/database-init";
import { MCP_GATEWAY_ACCESS_MODEL } from "../src/contract/access-model";
import { AUTH_SERVER_ACCEPTED_AUDIENCES } from "../src/contract/app-contract";
import { REALM_STACK_PROPS, synthKeycloakAccess, synthRealmStack } from "./keycloak-support";
import { Json, ref, resourceList, resources } from "./support";

const REGISTRY = "registry.us-east-1.mycorp.click";

describe("Keycloak realm in the app stack", () => {
  const { stack } = synthKeycloakAccess();
  const realm = resources(stack, "keycloak_realm").realm;
  const clients = resources(stack, "keycloak_openid_client");
  const byName = (type: string, key: string, value: string) =>
    resourceList(stack, type).find((resource) => resource[key] === value) as Json;

  test("the provider logs in to the master realm as Terraform's own service account, lazily", () => {
    expect(stack.terraform.required_providers.keycloak).toEqual({ source: "keycloak/keycloak", version: "5.9.0" });
    expect(stack.provider.keycloak).toEqual([
      expect.objectContaining({
        url: "https://kc.us-east-1.mycorp.click",
        realm: "master",
        client_id: "mcp-gateway-terraform",
        initial_login: false,
      }),
    ]);
    expect(stack.provider.keycloak[0]).not.toHaveProperty("username");
    expect(stack.provider.keycloak[0]).not.toHaveProperty("password");
  });

  test("the provider's client secret is Terraform's own secret, read ephemerally after it is written, and no service reads it", () => {
    expect(stack.provider.keycloak[0].client_secret).toBe(
      "${ephemeral.aws_secretsmanager_secret_version.keycloak_terraform_client_secret.secret_string}",
    );
    expect(stack.ephemeral.aws_secretsmanager_secret_version.keycloak_terraform_client_secret).toEqual({
      secret_id: ref("aws_secretsmanager_secret.keycloak_terraform_client", "arn"),
      depends_on: ["aws_secretsmanager_secret_version.keycloak_terraform_client"],
    });
    expect(Object.keys(stack.variable ?? {})).not.toContain("keycloak_admin_password");
    const readers = Object.entries(resources(stack, "aws_iam_role_policy"))
      .filter(([, policy]) => policy.policy.includes("aws_secretsmanager_secret.keycloak_terraform_client."))
      .map(([name]) => name);
    // Keycloak's execution role reads it to create the service account on its first start; nothing else does.
    expect(readers).toEqual(["keycloak_execution_policy"]);
  });

  test("Keycloak bootstraps an admin service account, not a temporary admin user with a password", () => {
    const keycloak = JSON.parse(resources(stack, "aws_ecs_task_definition").keycloak_task_definition.container_definitions)[0];
    expect(keycloak.environment).toContainEqual({ name: "KC_BOOTSTRAP_ADMIN_CLIENT_ID", value: "mcp-gateway-terraform" });
    expect(keycloak.secrets).toContainEqual({
      name: "KC_BOOTSTRAP_ADMIN_CLIENT_SECRET",
      valueFrom: ref("aws_secretsmanager_secret.keycloak_terraform_client", "arn"),
    });
    const names = [...keycloak.environment, ...keycloak.secrets].map((entry: Json) => entry.name);
    expect(names).not.toContain("KC_BOOTSTRAP_ADMIN_USERNAME");
    expect(names).not.toContain("KC_BOOTSTRAP_ADMIN_PASSWORD");
  });

  test("the realm is hardened", () => {
    expect(realm).toMatchObject({
      realm: "mcp-gateway",
      enabled: true,
      ssl_required: "external",
      registration_allowed: false,
      duplicate_emails_allowed: false,
      reset_password_allowed: false,
      password_policy: "length(12) and notUsername and notEmail",
      access_token_lifespan: "5m",
      sso_session_idle_timeout: "30m",
      sso_session_max_lifespan: "10h",
      security_defenses: {
        brute_force_detection: expect.objectContaining({ max_login_failures: 5, permanent_lockout: false, max_failure_wait_seconds: 900 }),
      },
      terraform_deletion_protection: true,
    });
  });

  test("deletion protection follows the configuration", () => {
    const unprotected = synthKeycloakAccess((raw) => (raw.deletionProtection = false)).stack;
    expect(resources(unprotected, "keycloak_realm").realm.terraform_deletion_protection).toBe(false);
  });

  test("login and admin events are recorded", () => {
    expect(resourceList(stack, "keycloak_realm_events")).toEqual([
      expect.objectContaining({
        realm_id: ref("keycloak_realm.realm", "id"),
        events_enabled: true,
        events_listeners: ["jboss-logging"],
        enabled_event_types: expect.arrayContaining(["LOGIN", "LOGIN_ERROR", "CLIENT_LOGIN", "CLIENT_LOGIN_ERROR"]),
        admin_events_enabled: true,
        admin_events_details_enabled: true,
      }),
    ]);
  });

  test("the realm waits for Keycloak, and every Keycloak resource hangs off the realm", () => {
    // The admin paths' allow rules too: without them the deny rule answers the admin API 404.
    const adminAllowRules = Object.keys(stack.resource.aws_lb_listener_rule)
      .filter((name) => name.startsWith("load_balancers_keycloak_admin_allow_"))
      .map((name) => `aws_lb_listener_rule.${name}`);
    expect(adminAllowRules.length).toBeGreaterThan(0);
    expect(realm.depends_on).toEqual([
      "aws_ecs_service.keycloak_service",
      "aws_lb_listener.load_balancers_keycloak_https",
      ...adminAllowRules,
      "aws_route53_record.dns_keycloak",
    ]);
    const keycloakTypes = Object.keys(stack.resource).filter((type) => type.startsWith("keycloak_") && type !== "keycloak_realm");
    expect(keycloakTypes.length).toBeGreaterThan(5);
    for (const type of keycloakTypes) {
      // The master realm's accounts are the only Keycloak resources outside the application realm.
      for (const resource of resourceList(stack, type).filter((candidate) => candidate.realm_id !== "master")) {
        expect(resource.realm_id).toBe(ref("keycloak_realm.realm", "id"));
      }
    }
  });

  test("creates the twelve groups of the model under stable addresses", () => {
    const groups = resources(stack, "keycloak_group");
    expect(
      Object.values(groups)
        .map((group) => group.name)
        .sort(),
    ).toEqual(MCP_GATEWAY_ACCESS_MODEL.groups.map((group) => group.name).sort());
    expect(groups.mcp_servers_unrestricted).toMatchObject({
      name: "mcp-servers-unrestricted",
      description: "Access to unrestricted MCP servers",
    });
  });

  test("every group the seeded scope documents map exists in Keycloak, and every Keycloak group is mapped or listed as unmapped", () => {
    const registryTask = JSON.parse(resources(stack, "aws_ecs_task_definition").registry_task_definition.container_definitions);
    const init = registryTask.find((container: Json) => container.name === "database-init");
    const seeded = JSON.parse(init.environment.find((variable: Json) => variable.name === "SCOPE_DOCUMENTS").value);
    const keycloakGroups = new Set(resourceList(stack, "keycloak_group").map((group) => group.name as string));
    const mapped = [...new Set<string>(seeded.flatMap((document: Json) => document.group_mappings))];
    expect(mapped.length).toBeGreaterThan(0);
    for (const group of mapped) expect(keycloakGroups).toContain(group);
    const unmapped = MCP_GATEWAY_ACCESS_MODEL.groups.filter((group) => "unmappedBecause" in group.access).map((group) => group.name);
    expect([...mapped, ...unmapped].sort()).toEqual([...keycloakGroups].sort());
  });

  test("client scopes: the four mcp-servers scopes and mcp-groups with the groups claim and the audience", () => {
    expect(
      resourceList(stack, "keycloak_openid_client_scope")
        .map((scope) => scope.name)
        .sort(),
    ).toEqual([
      "mcp-groups",
      "mcp-servers-restricted/execute",
      "mcp-servers-restricted/read",
      "mcp-servers-unrestricted/execute",
      "mcp-servers-unrestricted/read",
    ]);
    const groupsScope = byName("keycloak_openid_client_scope", "name", "mcp-groups");
    expect(groupsScope.include_in_token_scope).toBe(true);
    const scopeId = ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_groups", "id");
    expect(resourceList(stack, "keycloak_openid_group_membership_protocol_mapper")).toEqual([
      expect.objectContaining({
        client_scope_id: scopeId,
        claim_name: "groups",
        full_path: false,
        add_to_access_token: true,
        add_to_id_token: true,
        add_to_userinfo: true,
      }),
    ]);
    expect(resourceList(stack, "keycloak_openid_audience_protocol_mapper")).toEqual([
      expect.objectContaining({
        client_scope_id: scopeId,
        // A reference, not the name: the provider looks the client up when it creates the mapper (a fresh apply raced).
        included_client_audience: ref("keycloak_openid_client.mcp_gateway_web", "client_id"),
        add_to_access_token: true,
      }),
    ]);
  });

  test("every reference between realm resources goes through the referenced resource, never a literal name or id", () => {
    const realmTypes = [
      "keycloak_openid_client",
      "keycloak_openid_client_scope",
      "keycloak_group",
      "keycloak_user",
      "keycloak_openid_audience_protocol_mapper",
      "keycloak_openid_group_membership_protocol_mapper",
      "keycloak_openid_client_default_scopes",
      "keycloak_user_groups",
      "keycloak_realm_client_registration_policy",
    ];
    for (const type of realmTypes) {
      for (const resource of resourceList(stack, type)) {
        expect(resource.realm_id === "master" || /^\$\{keycloak_realm\.realm\.id\}$/.test(resource.realm_id)).toBe(true);
        for (const key of ["client_id", "client_scope_id", "user_id"]) {
          if (type === "keycloak_openid_client" && key === "client_id") continue;
          if (resource[key] !== undefined) expect(resource[key]).toMatch(/^\$\{(data\.)?keycloak_/);
        }
        for (const id of resource.group_ids ?? []) expect(id).toMatch(/^\$\{keycloak_group\./);
        if (resource.included_client_audience !== undefined)
          expect(resource.included_client_audience).toMatch(/^\$\{keycloak_openid_client\./);
      }
    }
  });

  test("the web client: confidential, browser flow only, redirects and origins from the configured domain", () => {
    expect(clients.mcp_gateway_web).toMatchObject({
      client_id: "mcp-gateway-web",
      access_type: "CONFIDENTIAL",
      standard_flow_enabled: true,
      implicit_flow_enabled: false,
      direct_access_grants_enabled: false,
      service_accounts_enabled: false,
      web_origins: [`https://${REGISTRY}`],
    });
    expect(JSON.stringify(clients.mcp_gateway_web)).not.toMatch(/localhost|127\.0\.0\.1|http:\/\//);
  });

  test("the web client accepts exactly the login callbacks and the logout pages, no wildcard", () => {
    expect(clients.mcp_gateway_web.valid_redirect_uris).toEqual([`https://${REGISTRY}/oauth2/callback/keycloak`]);
    expect(clients.mcp_gateway_web.valid_post_logout_redirect_uris).toEqual([`https://${REGISTRY}/logout`]);
    const uris = [...clients.mcp_gateway_web.valid_redirect_uris, ...clients.mcp_gateway_web.valid_post_logout_redirect_uris];
    for (const uri of uris) expect(uri).not.toMatch(/[*+]/);
  });

  test("the web client keeps browser sessions short and requires PKCE S256, which the auth server sends", () => {
    expect(clients.mcp_gateway_web).toMatchObject({
      access_token_lifespan: "300",
      client_session_idle_timeout: "1800",
      client_session_max_lifespan: "28800",
    });
    expect(Number(clients.mcp_gateway_web.access_token_lifespan)).toBeLessThanOrEqual(300);
    expect(clients.mcp_gateway_web.pkce_code_challenge_method).toBe("S256");
  });

  test("no client gets the roles' full scope, and the web client has no wildcard web origin (upstream 1.31.0)", () => {
    for (const client of Object.values<Json>(clients)) expect(client.full_scope_allowed).toBe(false);
    expect(clients.mcp_gateway_web.web_origins).not.toContain("+");
  });

  test("the application realm locks an account after five failed logins", () => {
    expect(resources(stack, "keycloak_realm").realm.security_defenses.brute_force_detection).toMatchObject({ max_login_failures: 5 });
  });

  test("the M2M and bot clients are service accounts and nothing else", () => {
    for (const clientId of ["mcp-gateway-m2m", "registry-admin-bot", "lob1-bot", "lob2-bot"]) {
      expect(byName("keycloak_openid_client", "client_id", clientId)).toMatchObject({
        access_type: "CONFIDENTIAL",
        service_accounts_enabled: true,
        standard_flow_enabled: false,
        implicit_flow_enabled: false,
        direct_access_grants_enabled: false,
      });
      expect(byName("keycloak_openid_client", "client_id", clientId)).not.toHaveProperty("valid_redirect_uris");
    }
  });

  test("default scopes: Keycloak's own, mcp-groups for all, the four mcp-servers scopes for M2M", () => {
    const defaults = (address: string) =>
      resourceList(stack, "keycloak_openid_client_default_scopes").find(
        (scopes) => scopes.client_id === ref(`keycloak_openid_client.${address}`, "id"),
      )?.default_scopes;
    const groupsScope = ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_groups", "name");
    expect(defaults("mcp_gateway_web")).toEqual(["acr", "basic", "email", "profile", "roles", "web-origins", groupsScope]);
    expect(defaults("mcp_gateway_m2m")).toEqual([
      "acr",
      "basic",
      "email",
      "profile",
      "roles",
      "web-origins",
      "service_account",
      groupsScope,
      ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_servers_unrestricted_read", "name"),
      ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_servers_unrestricted_execute", "name"),
      ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_servers_restricted_read", "name"),
      ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_servers_restricted_execute", "name"),
    ]);
    expect(defaults("lob1_bot")).toEqual(["acr", "basic", "email", "profile", "roles", "web-origins", "service_account", groupsScope]);
  });

  test("service accounts join their groups (non-exhaustively), including the M2M client's", () => {
    const membership = (clientAddress: string) =>
      resourceList(stack, "keycloak_user_groups").find(
        (groups) => groups.user_id === ref(`keycloak_openid_client.${clientAddress}`, "service_account_user_id"),
      );
    expect(membership("mcp_gateway_m2m")).toMatchObject({
      group_ids: [ref("keycloak_group.mcp_servers_unrestricted", "id"), ref("keycloak_group.a2a_agent_admin", "id")],
      exhaustive: false,
    });
    expect(membership("registry_admin_bot")?.group_ids).toEqual([ref("keycloak_group.registry_admins", "id")]);
    expect(membership("lob1_bot")?.group_ids).toEqual([ref("keycloak_group.registry_users_lob1", "id")]);
    expect(membership("lob2_bot")?.group_ids).toEqual([ref("keycloak_group.registry_users_lob2", "id")]);
    expect(membership("mcp_gateway_web")).toBeUndefined();
    expect(resourceList(stack, "keycloak_group_memberships")).toEqual([]);
  });

  test("by default the only realm user is the admin, with a generated temporary password and no variable", () => {
    const users = Object.fromEntries(Object.entries(resources(stack, "keycloak_user")).filter(([, user]) => user.realm_id !== "master"));
    expect(Object.keys(users)).toEqual(["admin"]);
    expect(users.admin).toMatchObject({
      username: "admin",
      email: "admin@mycorp.click",
      email_verified: true,
      lifecycle: { ignore_changes: ["required_actions"] },
    });
    expect(users.admin).not.toHaveProperty("initial_password");
    const setter = resources(stack, "terraform_data").keycloak_user_admin_password_set;
    expect(setter.triggers_replace).toEqual({
      user: ref("keycloak_user.admin", "id"),
      version: `1:${ref("aws_secretsmanager_secret.keycloak_user_password_admin", "arn")}`,
      temporary: "true",
    });
    expect(setter.provisioner[0]["local-exec"].environment).toMatchObject({
      KC_REALM: ref("keycloak_realm.realm", "realm"),
      KC_USER_ID: ref("keycloak_user.admin", "id"),
      KC_PASSWORD: "${jsondecode(ephemeral.aws_secretsmanager_secret_version.keycloak_user_password_admin.secret_string).password}",
      KC_TEMPORARY: "true",
    });
    expect(stack.variable).toBeUndefined();
    const adminGroups = resourceList(stack, "keycloak_user_groups").find((groups) => groups.user_id === ref("keycloak_user.admin", "id"));
    expect(adminGroups?.group_ids).toEqual([
      ref("keycloak_group.mcp_registry_admin", "id"),
      ref("keycloak_group.mcp_servers_unrestricted", "id"),
    ]);
  });

  test("each initial password is generated by AWS into its own secret, read back only after it is written", () => {
    const secret = resources(stack, "aws_secretsmanager_secret").keycloak_user_password_admin;
    expect(secret).toMatchObject({ name: "mcp-gateway/keycloak/users/admin", kms_key_id: ref("aws_kms_key.secrets", "arn") });
    expect(resources(stack, "aws_secretsmanager_secret_version").keycloak_user_password_admin).toMatchObject({
      secret_string_wo:
        '${jsonencode({"username" = "admin", "password" = ephemeral.aws_secretsmanager_random_password.keycloak_user_password_admin.random_password})}',
    });
    // Read back ephemerally: no data source, so the password is in neither plan nor state.
    expect(stack.data?.aws_secretsmanager_secret_version ?? {}).toEqual({});
    expect(stack.ephemeral.aws_secretsmanager_secret_version.keycloak_user_password_admin).toEqual({
      secret_id: ref("aws_secretsmanager_secret.keycloak_user_password_admin", "arn"),
      depends_on: ["aws_secretsmanager_secret_version.keycloak_user_password_admin"],
    });
  });

  test("no user gets an initial_password: no password value anywhere in the synthesized stack", () => {
    const demo = synthKeycloakAccess((raw) => (raw.keycloak = { ...raw.keycloak, demoUsers: true })).stack;
    expect(JSON.stringify(demo)).not.toMatch(/"initial_password"/);
    for (const user of resourceList(demo, "keycloak_user")) expect(user.lifecycle.ignore_changes).toEqual(["required_actions"]);
    for (const step of resourceList(demo, "terraform_data").filter((data) => data.provisioner)) {
      const { command, environment } = step.provisioner[0]["local-exec"];
      // Secrets only in the environment (never stored, never on a command line).
      expect(command).not.toMatch(/KC_PASSWORD=|client_secret=\$|ephemeral\./);
      expect(JSON.stringify(step.triggers_replace)).not.toMatch(/ephemeral\.|secret_string|random_password/);
      expect(environment.KC_CLIENT_SECRET).toBe(
        "${ephemeral.aws_secretsmanager_secret_version.keycloak_terraform_client_secret.secret_string}",
      );
    }
  });

  test("outputs name the password secrets and never carry a password", () => {
    expect(stack.output.keycloak_user_initial_password_secret_arns.value).toEqual({
      admin: ref("aws_secretsmanager_secret.keycloak_user_password_admin", "arn"),
    });
    expect(stack.output.keycloak_admin_secret_arn.value).toBe(
      ref("aws_secretsmanager_secret.keycloak_master_administrator_password", "arn"),
    );
    expect(stack.output.keycloak_registry_account_secret_arn.value).toBe(
      ref("aws_secretsmanager_secret.keycloak_master_registry_password", "arn"),
    );
    // What `ops smoke` reads: the M2M client's stored secret (an ARN, never the value) and the realm's issuer.
    expect(stack.output.keycloak_m2m_client_secret_arn.value).toBe(
      ref("aws_secretsmanager_secret_version.keycloak_client_secret_mcp_gateway_m2m_value", "arn"),
    );
    expect(stack.output.keycloak_issuer_url.value).toMatch(/^https:\/\/[^/]+\/realms\/[^/]+$/);
    const values = JSON.stringify(Object.values<Json>(stack.output).map((output) => output.value));
    expect(values).not.toMatch(/secret_string|random_password|initial_password|var\./);
    for (const [name, output] of Object.entries<Json>(stack.output)) expect(output.sensitive === true ? name : "").toBe("");
  });

  test("demo users appear when configured, each with its own generated password secret", () => {
    const demo = synthKeycloakAccess((raw) => (raw.keycloak = { ...raw.keycloak, demoUsers: true })).stack;
    const users = Object.fromEntries(Object.entries(resources(demo, "keycloak_user")).filter(([, user]) => user.realm_id !== "master"));
    expect(Object.keys(users).sort()).toEqual(["admin", "lob1_user", "lob2_user", "testuser"]);
    for (const name of Object.keys(users)) {
      expect(
        resources(demo, "terraform_data")[`keycloak_user_${name}_password_set`].provisioner[0]["local-exec"].environment.KC_PASSWORD,
      ).toBe(`\${jsondecode(ephemeral.aws_secretsmanager_secret_version.keycloak_user_password_${name}.secret_string).password}`);
    }
    expect(Object.keys(demo.output.keycloak_user_initial_password_secret_arns.value).sort()).toEqual([
      "admin",
      "lob1-user",
      "lob2-user",
      "testuser",
    ]);
    expect(demo.variable).toBeUndefined();
  });

  test("no password, secret or placeholder appears in the synthesized stack", () => {
    const text = JSON.stringify(synthKeycloakAccess((raw) => (raw.keycloak = { ...raw.keycloak, demoUsers: true })).stack);
    expect(text).not.toMatch(/testpass|lob1pass|lob2pass|changeme|placeholder/i);
    // The only client_secret is the provider's own login, and it is an ephemeral read.
    expect(text).not.toMatch(/"client_secret":"(?!\$\{ephemeral\.aws_secretsmanager_secret_version\.)/);
  });
});

describe("Keycloak client secrets", () => {
  const { stack } = synthKeycloakAccess();
  const clients = resources(stack, "keycloak_openid_client");
  const secrets = resources(stack, "aws_secretsmanager_secret");
  const versions = resources(stack, "aws_secretsmanager_secret_version");
  const generator = (name: string) => `ephemeral.aws_secretsmanager_random_password.keycloak_client_secret_${name}.random_password`;

  test("each client secret is generated ephemerally, never in state", () => {
    for (const name of ["mcp_gateway_web", "mcp_gateway_m2m", "registry_admin_bot", "lob1_bot", "lob2_bot"]) {
      expect(stack.ephemeral.aws_secretsmanager_random_password[`keycloak_client_secret_${name}`]).toEqual({
        password_length: 48,
        exclude_punctuation: true,
      });
    }
  });

  test("Keycloak receives the stored secret write-only, versioned by keycloak.clientSecretVersion and the secret it is stored in", () => {
    expect(clients.mcp_gateway_web).toMatchObject({
      // Read back from the secret after it is written: a re-created client gets the value the secret holds.
      client_secret_wo:
        "${jsondecode(ephemeral.aws_secretsmanager_secret_version.keycloak_client_secret_mcp_gateway_web_stored.secret_string).client_secret}",
      client_secret_wo_version: `1:${ref("aws_secretsmanager_secret.keycloak_client_secret_mcp_gateway_web", "id")}`,
    });
    expect(clients.mcp_gateway_web).not.toHaveProperty("client_secret");
    expect(JSON.stringify(clients)).not.toContain("random_password");
    expect(stack.ephemeral.aws_secretsmanager_secret_version.keycloak_client_secret_mcp_gateway_web_stored).toEqual({
      secret_id: ref("aws_secretsmanager_secret.keycloak_client_secret_mcp_gateway_web", "id"),
      depends_on: ["aws_secretsmanager_secret_version.keycloak_client_secret_mcp_gateway_web_value"],
    });
  });

  test("the generated value goes write-only into a KMS-encrypted secret first, which Keycloak's copy is read from", () => {
    expect(secrets.keycloak_client_secret_mcp_gateway_web).toMatchObject({
      name: "mcp-gateway/keycloak/clients/mcp-gateway-web",
      kms_key_id: ref("aws_kms_key.secrets", "arn"),
      recovery_window_in_days: 7,
    });
    expect(versions.keycloak_client_secret_mcp_gateway_web_value).toEqual(
      expect.objectContaining({
        secret_id: ref("aws_secretsmanager_secret.keycloak_client_secret_mcp_gateway_web", "id"),
        secret_string_wo: `\${jsonencode({"client_id" = "mcp-gateway-web", "client_secret" = ${generator("mcp_gateway_web")}})}`,
        secret_string_wo_version: 1,
      }),
    );
    // The secret is the source: it waits for no client, and a re-created client needs no re-stored copy.
    expect(versions.keycloak_client_secret_mcp_gateway_web_value).not.toHaveProperty("depends_on");
    expect(versions.keycloak_client_secret_mcp_gateway_web_value).not.toHaveProperty("lifecycle");
    expect(versions.keycloak_client_secret_mcp_gateway_web_value).not.toHaveProperty("secret_string");
  });

  test("reach the registry and the auth server through ECS secrets; the stored version rolls them", () => {
    const stored = (name: string) => `aws_secretsmanager_secret_version.keycloak_client_secret_${name}_value`;
    for (const service of ["registry", "auth-server"]) {
      const [main] = JSON.parse(
        resources(stack, "aws_ecs_task_definition")[`${service.replace("-", "_")}_task_definition`].container_definitions,
      ).filter((container: Json) => container.name === service);
      expect(main.secrets).toEqual(
        expect.arrayContaining([
          { name: "KEYCLOAK_CLIENT_SECRET", valueFrom: `${ref(stored("mcp_gateway_web"), "arn")}:client_secret::` },
          { name: "KEYCLOAK_M2M_CLIENT_SECRET", valueFrom: `${ref(stored("mcp_gateway_m2m"), "arn")}:client_secret::` },
        ]),
      );
      // Referencing the stored version orders the task definition after the new secret is written, and changes it.
      expect(main.dockerLabels["mcp-gateway.secret-versions"]).toContain(
        `KEYCLOAK_CLIENT_SECRET=${ref(stored("mcp_gateway_web"), "secret_string_wo_version")}`,
      );
      expect(main.environment).toContainEqual({ name: "KEYCLOAK_M2M_CLIENT_ID", value: "mcp-gateway-m2m" });
    }
    const policy = JSON.parse(resources(stack, "aws_iam_role_policy").registry_execution_policy.policy);
    const read = policy.Statement.find((statement: Json) => statement.Action === "secretsmanager:GetSecretValue");
    expect(read.Resource).toEqual(expect.arrayContaining([ref(stored("mcp_gateway_web"), "arn"), ref(stored("mcp_gateway_m2m"), "arn")]));
    const keycloakPolicy = JSON.parse(resources(stack, "aws_iam_role_policy").keycloak_execution_policy.policy);
    expect(JSON.stringify(keycloakPolicy)).not.toContain("keycloak_client_secret");
  });

  test("bumping clientSecretVersion re-sends a new value to Keycloak and Secrets Manager", () => {
    const rotated = synthKeycloakAccess((raw) => (raw.keycloak = { ...raw.keycloak, clientSecretVersion: 2 })).stack;
    for (const name of ["mcp_gateway_web", "mcp_gateway_m2m", "lob2_bot"]) {
      expect(resources(rotated, "keycloak_openid_client")[name].client_secret_wo_version).toMatch(/^2:\$\{aws_secretsmanager_secret\./);
      expect(resources(rotated, "aws_secretsmanager_secret_version")[`keycloak_client_secret_${name}_value`].secret_string_wo_version).toBe(
        2,
      );
    }
  });
});

describe("database initialisation in the app stack", () => {
  const { stack, scopeDocuments: declared } = synthKeycloakAccess();
  const taskContainers = (service: string): Json[] =>
    JSON.parse(resources(stack, "aws_ecs_task_definition")[`${service.replace("-", "_")}_task_definition`].container_definitions);
  const environmentOf = (container: Json): Record<string, string> =>
    Object.fromEntries(container.environment.map((variable: Json) => [variable.name, variable.value]));

  test("the registry task runs the init container from its own image, and the registry starts only after it succeeded", () => {
    const containers = taskContainers("registry");
    const init = containers.find((container) => container.name === "database-init") as Json;
    const main = containers.find((container) => container.name === "registry") as Json;
    expect(init).toMatchObject({ essential: false, image: main.image });
    expect(main.dependsOn).toEqual([
      { containerName: "ca-bundle", condition: "SUCCESS" },
      { containerName: "database-init", condition: "SUCCESS" },
    ]);
    expect(environmentOf(init)).toMatchObject({ RUN_INIT_SCRIPTS: "true", STORAGE_BACKEND: "documentdb", DOCUMENTDB_PORT: "27017" });
    expect(environmentOf(init).DATABASE_INIT_HOST).toBe(ref("aws_docdb_cluster.document_database", "endpoint"));
    expect(init.secrets.map((secret: Json) => secret.name).sort()).toEqual(["DOCUMENTDB_PASSWORD", "DOCUMENTDB_USERNAME"]);
  });

  test("the task definition carries exactly the model's scope documents, so a model change rolls the registry", () => {
    const init = taskContainers("registry").find((container) => container.name === "database-init") as Json;
    const carried = JSON.parse(environmentOf(init).SCOPE_DOCUMENTS);
    expect(carried.length).toBeGreaterThan(0);
    // Each with the digest of its declaration, which the init compares before writing.
    expect(carried).toEqual(declared.map(withDigest));
  });

  test("nothing reads or writes scopes.yml any more: no SSM parameter, no scopes init container, no auth_config mount", () => {
    expect(resourceList(stack, "aws_ssm_parameter")).toEqual([]);
    for (const service of ["registry", "auth-server"]) {
      const containers = taskContainers(service);
      expect(containers.map((container) => container.name)).not.toContain("scopes-init");
      for (const container of containers) {
        expect(Object.keys(environmentOf(container))).not.toContain("SCOPES_CONFIG_PATH");
        expect((container.mountPoints ?? []).map((mount: Json) => mount.sourceVolume)).not.toContain("auth_config");
      }
    }
  });
});

describe("the standalone realm stack (end-to-end tests against a local Keycloak)", () => {
  const stack = synthRealmStack();

  test("needs nothing from AWS", () => {
    expect(Object.keys(stack.terraform.required_providers)).toEqual(["keycloak"]);
    expect(Object.keys(stack.resource).length).toBeGreaterThan(5);
    expect(Object.keys(stack.resource).every((type) => type.startsWith("keycloak_") || type === "terraform_data")).toBe(true);
  });

  test("logs in as Terraform's bootstrapped admin client by client credentials, as a deployment does", () => {
    expect(stack.provider.keycloak[0]).toMatchObject({
      url: "http://localhost:8080",
      client_id: "mcp-gateway-terraform",
      client_secret: "${var.keycloak_terraform_client_secret}",
      initial_login: false,
    });
    expect(stack.provider.keycloak[0]).not.toHaveProperty("password");
    expect(stack.variable.keycloak_terraform_client_secret).toMatchObject({ sensitive: true, ephemeral: true });
  });

  test("creates the deployment's realm: temporary passwords, write-only client secrets, the master realm's hardening", () => {
    expect(resources(stack, "keycloak_realm").realm).toMatchObject({ realm: "mcp-gateway", terraform_deletion_protection: false });
    expect(resources(stack, "terraform_data").keycloak_user_admin_password_set.triggers_replace.temporary).toBe("true");
    expect(resources(stack, "keycloak_openid_client").mcp_gateway_web).toMatchObject({
      client_secret_wo: "${var.keycloak_client_secret_mcp_gateway_web}",
      client_secret_wo_version: "${tostring(var.keycloak_client_secret_version)}",
    });
    expect(resources(stack, "terraform_data")).toHaveProperty("keycloak_master_realm_hardening");
    expect(resources(stack, "keycloak_user")).toHaveProperty("keycloak_master_administrator");
    for (const [name, variable] of Object.entries<Json>(stack.variable)) {
      if (name !== "keycloak_client_secret_version") expect({ name, ephemeral: variable.ephemeral }).toEqual({ name, ephemeral: true });
    }
    expect(resources(stack, "keycloak_openid_client").mcp_gateway_web.valid_redirect_uris).toEqual([
      "https://registry.e2e.example/oauth2/callback/keycloak",
    ]);
  });

  test("adds the demo users on request", () => {
    const realmUserNames = (synthesized: Json) =>
      Object.entries(resources(synthesized, "keycloak_user"))
        .filter(([, user]) => user.realm_id !== "master")
        .map(([name]) => name)
        .sort();
    expect(realmUserNames(synthRealmStack({ demoUsers: true }))).toEqual(["admin", "lob1_user", "lob2_user", "testuser"]);
    expect(realmUserNames(stack)).toEqual(["admin"]);
  });

  test.each([
    ["http://registry.example.com", "must use https"],
    ["https://localhost:7860", "must not point at the local machine"],
    ["https://127.0.0.1", "must not point at the local machine"],
    ["https://registry.example.com/app", "must be an origin without path"],
    ["https://registry.example.com/", "must be an origin without path"],
    ["registry.example.com", "is not a URL"],
  ])("refuses the public origin %s", (origin, problem) => {
    expect(() => synthRealmStack({ publicOrigins: [origin] })).toThrow(problem);
  });

  test("refuses to synthesize without any public origin", () => {
    expect(() => synthRealmStack({ publicOrigins: [] })).toThrow("publicOrigins is empty");
  });

  test("synthesizes identically for the same inputs", () => {
    expect(synthRealmStack(REALM_STACK_PROPS)).toEqual(stack);
  });
});

describe("keycloak.configureRealm: false", () => {
  const { stack } = synthKeycloakAccess((raw) => (raw.keycloak = { ...raw.keycloak, configureRealm: false }));

  test("declares no Keycloak provider, realm or client secrets, but still initialises the database", () => {
    expect(stack.provider.keycloak).toBeUndefined();
    expect(Object.keys(stack.resource).filter((type) => type.startsWith("keycloak_"))).toEqual([]);
    expect(Object.keys(resources(stack, "aws_secretsmanager_secret")).filter((name) => name.startsWith("keycloak_client_secret_"))).toEqual(
      [],
    );
    const [registry] = JSON.parse(resources(stack, "aws_ecs_task_definition").registry_task_definition.container_definitions).filter(
      (container: Json) => container.name === "registry",
    );
    expect(registry.secrets.map((secret: Json) => secret.name)).not.toContain("KEYCLOAK_CLIENT_SECRET");
    expect(registry.dependsOn).toEqual([
      { containerName: "ca-bundle", condition: "SUCCESS" },
      { containerName: "database-init", condition: "SUCCESS" },
    ]);
  });
});

describe("what the auth server checks in tokens", () => {
  const { stack } = synthKeycloakAccess();
  const defaults = (address: string) =>
    resourceList(stack, "keycloak_openid_client_default_scopes").find(
      (scopes) => scopes.client_id === ref(`keycloak_openid_client.${address}`, "id"),
    )?.default_scopes as string[];

  test("both main clients carry the groups claim (no full path; ID, access and userinfo tokens)", () => {
    const groupsScope = ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_groups", "name");
    for (const client of ["mcp_gateway_web", "mcp_gateway_m2m"]) expect(defaults(client)).toContain(groupsScope);
    const mappers = resourceList(stack, "keycloak_openid_group_membership_protocol_mapper");
    expect(mappers).toHaveLength(1);
    expect(mappers[0]).toMatchObject({
      client_scope_id: ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_groups", "id"),
      claim_name: "groups",
      full_path: false,
      add_to_id_token: true,
      add_to_access_token: true,
      add_to_userinfo: true,
    });
  });

  test("every client's tokens carry an audience the auth server accepts", () => {
    const audiences = resourceList(stack, "keycloak_openid_audience_protocol_mapper");
    expect(audiences).toHaveLength(1);
    const [, audienceClient] = /^\$\{keycloak_openid_client\.([a-z0-9_]+)\.client_id\}$/.exec(audiences[0].included_client_audience) ?? [];
    expect(AUTH_SERVER_ACCEPTED_AUDIENCES).toContain(resources(stack, "keycloak_openid_client")[audienceClient].client_id);
    expect(AUTH_SERVER_ACCEPTED_AUDIENCES).not.toContain("account");
    const clientAddresses = Object.keys(resources(stack, "keycloak_openid_client"));
    expect(clientAddresses.length).toBe(MCP_GATEWAY_ACCESS_MODEL.clients.length);
    for (const client of clientAddresses)
      expect(defaults(client)).toContain(ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_groups", "name"));
  });
});

describe("dynamic client registration for coding assistants (keycloak.dynamicClientRegistration)", () => {
  const off = synthKeycloakAccess().stack;
  const on = synthKeycloakAccess((raw) => (raw.keycloak = { ...raw.keycloak, dynamicClientRegistration: true })).stack;
  const basicScope = ref("data.keycloak_openid_client_scope.keycloak_realm_basic_scope", "id");

  test("is off by default: no registration policies, Keycloak's basic scope untouched", () => {
    expect(resourceList(off, "keycloak_realm_client_registration_policy")).toEqual([]);
    expect(off.data?.keycloak_openid_client_scope).toBeUndefined();
  });

  test("puts the groups claim and the gateway audience on Keycloak's basic scope, which every client gets", () => {
    expect(on.data.keycloak_openid_client_scope.keycloak_realm_basic_scope).toMatchObject({
      name: "basic",
      realm_id: ref("keycloak_realm.realm", "id"),
    });
    expect(
      resourceList(on, "keycloak_openid_group_membership_protocol_mapper").filter((mapper) => mapper.client_scope_id === basicScope),
    ).toEqual([
      expect.objectContaining({
        name: "groups",
        claim_name: "groups",
        full_path: false,
        add_to_id_token: true,
        add_to_access_token: true,
        add_to_userinfo: true,
      }),
    ]);
    expect(resourceList(on, "keycloak_openid_audience_protocol_mapper").filter((mapper) => mapper.client_scope_id === basicScope)).toEqual([
      expect.objectContaining({ included_custom_audience: "mcp-gateway", add_to_access_token: true, add_to_id_token: false }),
    ]);
    expect(AUTH_SERVER_ACCEPTED_AUDIENCES).toContain("mcp-gateway");
  });

  test("admits anonymous registration from anywhere, with redirect URIs on the user's machine only", () => {
    const policies = resourceList(on, "keycloak_realm_client_registration_policy");
    expect(policies.filter((policy) => policy.provider_id === "trusted-hosts")).toEqual([
      expect.objectContaining({
        realm_id: ref("keycloak_realm.realm", "id"),
        sub_type: "anonymous",
        config: {
          "host-sending-registration-request-must-match": "false",
          "client-uris-must-match": "true",
          "trusted-hosts": "localhost,127.0.0.1",
        },
      }),
    ]);
  });

  test("removes Keycloak's default anonymous Trusted Hosts and Allowed Client Scopes once its own policies exist", () => {
    const removal = resources(on, "terraform_data").keycloak_registration_default_policies_removed;
    expect(removal.depends_on.sort()).toEqual(
      resourceList(on, "keycloak_realm_client_registration_policy").map(() =>
        expect.stringMatching(/^keycloak_realm_client_registration_policy\./),
      ),
    );
    expect(removal.depends_on).toHaveLength(3);
    expect(JSON.parse(removal.provisioner[0]["local-exec"].environment.KC_REMOVE_POLICIES)).toEqual([
      "anonymous/trusted-hosts/Trusted Hosts",
      "anonymous/allowed-client-templates/Allowed Client Scopes",
      "authenticated/allowed-client-templates/Allowed Client Scopes",
    ]);
    // Runs again on a re-created realm.
    expect(removal.triggers_replace.realm).toBe(ref("keycloak_realm.realm", "internal_id"));
    expect(resources(off, "terraform_data")).not.toHaveProperty("keycloak_registration_default_policies_removed");
  });

  test("the admin-API scripts contain no Terraform interpolation and take every secret from the environment", () => {
    for (const script of Object.values(ADMIN_API_SCRIPTS)) {
      expect(script).not.toMatch(/\$\{|%\{/);
      expect(script).toContain("env.KC_CLIENT_SECRET");
    }
    expect(ADMIN_API_SCRIPTS.resetPassword).toContain("env.KC_PASSWORD");
  });

  test("self-registered clients may ask for identity scopes and the groups claim, not for access-granting scopes", () => {
    const allowed = resourceList(on, "keycloak_realm_client_registration_policy").filter(
      (policy) => policy.provider_id === "allowed-client-templates",
    );
    expect(allowed.map((policy) => policy.sub_type).sort()).toEqual(["anonymous", "authenticated"]);
    for (const policy of allowed) {
      const scopes = policy.config["allowed-client-scopes"].split(",");
      expect(scopes).toEqual(expect.arrayContaining(["openid", "basic", "profile", "email"]));
      expect(scopes).toContain(ref("keycloak_openid_client_scope.keycloak_realm_scope_mcp_groups", "name"));
      expect(scopes.filter((scope: string) => scope.startsWith("mcp-servers-"))).toEqual([]);
    }
  });
});

describe("the standalone realm stack's registry account (what rung 2 proves)", () => {
  const stack = synthRealmStack();

  test("creates the registry's master-realm account with its management roles, its password from an ephemeral variable", () => {
    expect(resources(stack, "keycloak_user").keycloak_master_registry).toMatchObject({
      realm_id: "master",
      username: "mcp-gateway-registry",
    });
    expect(resources(stack, "keycloak_user").keycloak_master_registry).not.toHaveProperty("initial_password");
    const setter = resources(stack, "terraform_data").keycloak_master_registry_password_set;
    expect(setter.provisioner[0]["local-exec"].environment).toMatchObject({
      KC_PASSWORD: "${var.keycloak_registry_account_password}",
      KC_TEMPORARY: "false",
      KC_REALM: "master",
    });
    expect(stack.variable.keycloak_registry_account_password).toMatchObject({ sensitive: true, nullable: false, ephemeral: true });
    expect(resources(stack, "keycloak_user_roles").keycloak_master_registry_roles.role_ids).toHaveLength(4);
  });
});
