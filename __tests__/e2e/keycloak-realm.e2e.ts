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
      expect(sorted(String(client.attributes["post.logout.redirect.uris"]).split("##"))).toEqual(sorted(expected.webClient.postLogoutRedirectUris));
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

  test.each(expected.users.map((user) => [user.username, user.groups] as const))("user %s is in exactly its groups", async (username, groups) => {
    const user = await admin.userByName(username);
    expect(user).toBeDefined();
    expect(await admin.userGroups(user!.id)).toEqual(sorted(groups));
  });
});
