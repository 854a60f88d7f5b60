import { loadExpectedRealm } from "./expected-realm";
import { audiences, connectionFromEnv, KeycloakAdmin } from "./keycloak-admin";

/** Clients every Keycloak realm has; anything else in the realm must come from the model. */
const BUILT_IN_CLIENTS = ["account", "account-console", "admin-cli", "broker", "realm-management", "security-admin-console"];

const expected = loadExpectedRealm();
const connection = connectionFromEnv();
const admin = new KeycloakAdmin(connection, expected.realm);
const masterAdmin = new KeycloakAdmin(connection, "master");
const sorted = (values: readonly string[]) => [...values].sort();
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; rung 2 exports every stack variable as TF_VAR_*`);
  return value;
};
/** A password login through the realm's admin-cli, answered as is (its body says why a login is refused). */
const passwordLogin = async (realm: KeycloakAdmin, username: string, password: string) => {
  const response = await realm.tokenRequest({ grant_type: "password", client_id: "admin-cli", username, password });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

describe(`realm ${expected.realm} on a real Keycloak`, () => {
  test("exists and is enabled, with the deployment's brute-force detection, password policy and lifetimes", async () => {
    const realm = await admin.get("");
    expect(realm).toMatchObject({ realm: expected.realm, enabled: true, ...(expected.realmSettings ?? {}) });
  });

  test("has exactly the model's groups", async () => {
    expect(sorted([...(await admin.groups()).keys()])).toEqual(sorted(expected.groups));
  });

  test("has the model's client scopes", async () => {
    const scopes: { name: string }[] = await admin.get("/client-scopes");
    expect(scopes.map((scope) => scope.name)).toEqual(expect.arrayContaining([...expected.clientScopes]));
  });

  test("has no client the model does not declare", async () => {
    const clients: { clientId: string }[] = await admin.get("/clients?max=1000");
    const declared = [expected.webClient.clientId, ...expected.serviceClients.map((client) => client.clientId)];
    expect(sorted(clients.map((client) => client.clientId).filter((id) => !BUILT_IN_CLIENTS.includes(id)))).toEqual(sorted(declared));
  });

  test(`${expected.webClient.clientId} is a confidential browser client with exactly the configured URIs`, async () => {
    const client = await admin.client(expected.webClient.clientId);
    expect(client).toMatchObject({ publicClient: false, standardFlowEnabled: true, implicitFlowEnabled: false, fullScopeAllowed: false });
    expect(sorted(client.redirectUris)).toEqual(sorted(expected.webClient.redirectUris));
    expect(client.directAccessGrantsEnabled).toBe(false);
    if (expected.webClient.postLogoutRedirectUris) {
      expect(sorted(String(client.attributes["post.logout.redirect.uris"]).split("##"))).toEqual(
        sorted(expected.webClient.postLogoutRedirectUris),
      );
    }
    expect(client.attributes["pkce.code.challenge.method"] ?? "").toBe(expected.webClient.pkceCodeChallengeMethod ?? "");
    if (expected.webClient.webOrigins) expect(sorted(client.webOrigins)).toEqual(sorted(expected.webClient.webOrigins));
    if (expected.webClient.lifetimes) expect(client.attributes).toMatchObject(expected.webClient.lifetimes);
  });

  test.each(Object.entries(expected.clientSecretVariables ?? {}))(
    "client %s has the secret Terraform sent write-only",
    async (clientId, variable) => {
      expect(await admin.clientSecret(clientId)).toBe(env(variable));
    },
  );

  const rotated = Object.entries(expected.clientSecretVariables ?? {}).filter(([, variable]) => process.env[`E2E_PREVIOUS_${variable}`]);
  (rotated.length > 0 ? test.each(rotated) : test.skip.each([["(no rotation yet)", ""]]))(
    "client %s no longer accepts its secret from before the rotation",
    async (clientId, variable) => {
      const response = await admin.tokenRequest({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: env(`E2E_PREVIOUS_${variable}`),
      });
      expect(response.status).toBe(401);
    },
  );

  describe.each(expected.serviceClients.map((client) => [client.clientId, client] as const))("service client %s", (clientId, model) => {
    test("is confidential, allows only the client-credentials grant, and gets no role scope", async () => {
      expect(await admin.client(clientId)).toMatchObject({
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        fullScopeAllowed: false,
      });
    });

    test("gets a client-credentials token carrying exactly its groups, audiences and scopes, and no roles", async () => {
      const claims = await admin.clientCredentialsClaims(clientId);
      expect(claims.azp).toBe(clientId);
      expect(sorted(claims[expected.groupsClaim ?? "groups"] ?? [])).toEqual(sorted(model.groups));
      expect(sorted(audiences(claims))).toEqual(sorted(model.audience));
      if (model.scopes) expect(sorted(String(claims.scope).split(" "))).toEqual(sorted(model.scopes));
      expect(claims.resource_access).toBeUndefined();
    });

    if (model.defaultScopes) {
      const defaultScopes = model.defaultScopes;
      test("has the model's default client scopes", async () => {
        const client = await admin.client(clientId);
        const scopes: { name: string }[] = await admin.get(`/clients/${client.id}/default-client-scopes`);
        expect(scopes.map((scope) => scope.name)).toEqual(expect.arrayContaining([...defaultScopes]));
      });
    }
  });

  test.each(expected.users.map((user) => [user.username, user] as const))("user %s is in exactly its groups", async (username, user) => {
    const found = await admin.userByName(username);
    expect(found).toBeDefined();
    expect(await admin.userGroups(found!.id)).toEqual(sorted(user.groups));
  });

  test.each(expected.users.filter((user) => user.passwordVariable).map((user) => [user.username, user.passwordVariable!] as const))(
    "user %s has its generated password, temporary (to be changed at first login)",
    async (username, variable) => {
      const login = await passwordLogin(admin, username, env(variable));
      expect(login).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: "Account is not fully set up" } });
      expect((await admin.userByName(username))?.requiredActions).toEqual(["UPDATE_PASSWORD"]);
    },
  );
});

describe("the master realm", () => {
  test("has the deployment's brute-force detection and password policy", async () => {
    expect(await masterAdmin.get("")).toMatchObject({ ...(expected.masterSettings ?? {}) });
  });

  const administrator = expected.administrator;
  (administrator ? test : test.skip)("has the administrator for people, with the admin role and a temporary password", async () => {
    const account = administrator!;
    const user = await masterAdmin.userByName(account.username);
    const mappings = await masterAdmin.get(`/users/${user!.id}/role-mappings/realm`);
    expect(mappings.map((role: { name: string }) => role.name)).toContain("admin");
    const login = await passwordLogin(masterAdmin, account.username, env(account.passwordVariable));
    expect(login).toMatchObject({ status: 400, body: { error_description: "Account is not fully set up" } });
  });
});

const registration = expected.dynamicRegistration;
(registration ? describe : describe.skip)("anonymous dynamic client registration", () => {
  const register = (redirectUri: string) =>
    fetch(`${connection.url}/realms/${expected.realm}/clients-registrations/openid-connect`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "e2e coding assistant", redirect_uris: [redirectUri], token_endpoint_auth_method: "none" }),
      signal: AbortSignal.timeout(15000),
    });

  test("registers a coding assistant that redirects to the user's machine", async () => {
    const response = await register(registration!.allowedRedirect);
    const body = (await response.json()) as Record<string, string>;
    expect(response.status).toBe(201);
    const client = await admin.client(body.client_id);
    expect(client).toMatchObject({ consentRequired: true, fullScopeAllowed: false, redirectUris: [registration!.allowedRedirect] });
    const removed = await fetch(`${connection.url}/realms/${expected.realm}/clients-registrations/openid-connect/${body.client_id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${body.registration_access_token}` },
      signal: AbortSignal.timeout(15000),
    });
    expect(removed.status).toBe(204);
  });

  test("refuses a client that redirects anywhere else", async () => {
    const response = await register(registration!.refusedRedirect);
    expect(response.status).toBe(403);
  });
});

const registryAccount = expected.registryAccount;
(registryAccount ? describe : describe.skip)("the registry's master-realm account", () => {
  const account = registryAccount as NonNullable<typeof registryAccount>;
  const call = async (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${connection.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15000),
    });
  let token = "";

  beforeAll(async () => {
    const login = await passwordLogin(masterAdmin, account.username, env(account.passwordVariable));
    if (login.status !== 200) throw new Error(`registry account login: HTTP ${login.status}`);
    token = login.body.access_token;
  });

  test("has exactly the realm's management roles and no master-realm role (admin API role mappings)", async () => {
    // admin-cli issues lightweight access tokens in Keycloak 26: the roles are read from the role mappings.
    const user = await masterAdmin.userByName(account.username);
    const mappings = await masterAdmin.get(`/users/${user!.id}/role-mappings`);
    const clientRoles = (clientId: string): string[] =>
      sorted((mappings.clientMappings?.[clientId]?.mappings ?? []).map((role: { name: string }) => role.name));
    expect(clientRoles(`${expected.realm}-realm`)).toEqual(sorted(account.roles));
    expect(Object.keys(mappings.clientMappings ?? {})).toEqual([`${expected.realm}-realm`]);
    const realmRoles = (mappings.realmMappings ?? []).map((role: { name: string }) => role.name);
    expect(realmRoles).not.toContain("admin");
    expect(realmRoles).not.toContain("create-realm");
  });

  test("manages users and groups of the application realm", async () => {
    const realm = `/admin/realms/${expected.realm}`;
    expect((await call(token, "GET", `${realm}/users?max=5`)).status).toBe(200);
    expect((await call(token, "GET", `${realm}/groups`)).status).toBe(200);
    const name = `e2e-registry-probe-${Date.now()}`;
    const group = await call(token, "POST", `${realm}/groups`, { name });
    expect(group.status).toBe(201);
    const groupId = group.headers.get("location")?.split("/").pop();
    const user = await call(token, "POST", `${realm}/users`, {
      username: name,
      email: `${name}@e2e.example`,
      firstName: "E2e",
      lastName: "Probe",
      enabled: true,
    });
    expect(user.status).toBe(201);
    const userId = user.headers.get("location")?.split("/").pop();
    expect((await call(token, "PUT", `${realm}/users/${userId}/groups/${groupId}`)).status).toBe(204);
    expect((await call(token, "DELETE", `${realm}/users/${userId}`)).status).toBe(204);
    expect((await call(token, "DELETE", `${realm}/groups/${groupId}`)).status).toBe(204);
  });

  test("gets 403 on the application realm's settings", async () => {
    expect((await call(token, "PUT", `/admin/realms/${expected.realm}`, { bruteForceProtected: false })).status).toBe(403);
    expect((await call(token, "DELETE", `/admin/realms/${expected.realm}`)).status).toBe(403);
  });

  test("gets 403 on every master-realm write and read it tries", async () => {
    const writes: [string, string, unknown?][] = [
      ["GET", "/admin/realms/master/users?max=1"],
      ["GET", "/admin/realms/master/clients?max=1"],
      ["PUT", "/admin/realms/master", { bruteForceProtected: false }],
      ["POST", "/admin/realms/master/users", { username: `e2e-intruder-${Date.now()}`, enabled: true }],
      ["POST", "/admin/realms/master/clients", { clientId: `e2e-intruder-${Date.now()}` }],
      ["POST", "/admin/realms/master/groups", { name: `e2e-intruder-${Date.now()}` }],
      ["POST", "/admin/realms", { realm: `e2e-intruder-${Date.now()}`, enabled: true }],
    ];
    for (const [method, path, body] of writes) {
      expect({ method, path, status: (await call(token, method, path, body)).status }).toEqual({ method, path, status: 403 });
    }
    if (expected.terraformClient) {
      const client = await masterAdmin.client(expected.terraformClient.clientId);
      expect((await call(token, "GET", `/admin/realms/master/clients/${client.id}/client-secret`)).status).toBe(403);
    }
  });
});
