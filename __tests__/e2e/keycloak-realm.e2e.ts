import { loadExpectedRealm } from "./expected-realm";
import { audiences, connectionFromEnv, KeycloakAdmin } from "./keycloak-admin";

/** Clients every Keycloak realm has; anything else in the realm must come from the model. */
const BUILT_IN_CLIENTS = ["account", "account-console", "admin-cli", "broker", "realm-management", "security-admin-console"];

const expected = loadExpectedRealm();
const admin = new KeycloakAdmin(connectionFromEnv(), expected.realm);
const sorted = (values: readonly string[]) => [...values].sort();

describe(`realm ${expected.realm} on a real Keycloak`, () => {
  test("exists and is enabled", async () => {
    const realm = await admin.get("");
    expect(realm).toMatchObject({ realm: expected.realm, enabled: true });
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

  test(`${expected.webClient.clientId} is a confidential browser client with exactly the configured redirect URIs`, async () => {
    const client = await admin.client(expected.webClient.clientId);
    expect(client).toMatchObject({ publicClient: false, standardFlowEnabled: true, implicitFlowEnabled: false });
    expect(sorted(client.redirectUris)).toEqual(sorted(expected.webClient.redirectUris));
    expect(client.directAccessGrantsEnabled).toBe(false);
    if (expected.webClient.postLogoutRedirectUris) {
      expect(sorted(String(client.attributes["post.logout.redirect.uris"]).split("##"))).toEqual(
        sorted(expected.webClient.postLogoutRedirectUris),
      );
    }
    expect(client.attributes["pkce.code.challenge.method"] ?? "").toBe("");
    if (expected.webClient.webOrigins) expect(sorted(client.webOrigins)).toEqual(sorted(expected.webClient.webOrigins));
  });

  describe.each(expected.serviceClients.map((client) => [client.clientId, client] as const))("service client %s", (clientId, model) => {
    test("is confidential and allows only the client-credentials grant", async () => {
      expect(await admin.client(clientId)).toMatchObject({
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
      });
    });

    test("gets a client-credentials token carrying exactly its groups and the expected audience", async () => {
      const claims = await admin.clientCredentialsClaims(clientId);
      expect(claims.azp).toBe(clientId);
      expect(sorted(claims[expected.groupsClaim ?? "groups"] ?? [])).toEqual(sorted(model.groups));
      expect(audiences(claims)).toEqual(expect.arrayContaining([...model.audience]));
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

  test.each(expected.users.map((user) => [user.username, user.groups] as const))(
    "user %s is in exactly its groups",
    async (username, groups) => {
      const user = await admin.userByName(username);
      expect(user).toBeDefined();
      expect(await admin.userGroups(user!.id)).toEqual(sorted(groups));
    },
  );
});

const registryAccount = expected.registryAccount;
(registryAccount ? describe : describe.skip)("the registry's master-realm account", () => {
  const account = registryAccount as NonNullable<typeof registryAccount>;
  const connection = connectionFromEnv();
  const call = async (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${connection.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15000),
    });
  let token = "";

  beforeAll(async () => {
    const password = process.env[account.passwordVariable];
    if (!password) throw new Error(`${account.passwordVariable} is not set; rung 2 exports every stack variable as TF_VAR_*`);
    const response = await fetch(`${connection.url}/realms/master/protocol/openid-connect/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: account.username, password }),
      signal: AbortSignal.timeout(15000),
    });
    if (!response.ok) throw new Error(`registry account login: HTTP ${response.status}`);
    token = ((await response.json()) as { access_token: string }).access_token;
  });

  test("carries the realm's management roles and no master-realm role", () => {
    const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
    expect(claims.resource_access?.[`${expected.realm}-realm`]?.roles).toEqual(expect.arrayContaining([...account.roles]));
    expect(claims.resource_access?.["master-realm"]).toBeUndefined();
    expect(claims.realm_access?.roles ?? []).not.toContain("admin");
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

  test("gets 403 on the master realm", async () => {
    expect((await call(token, "GET", "/admin/realms/master/users?max=1")).status).toBe(403);
    expect((await call(token, "GET", "/admin/realms/master/clients?max=1")).status).toBe(403);
  });
});
