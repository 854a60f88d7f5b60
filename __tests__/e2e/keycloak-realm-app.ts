import { writeFileSync } from "node:fs";
import { App } from "cdktf";
import { LOGIN_CALLBACK_PATH, POST_LOGOUT_PATH } from "../../src/constructs/identity/keycloak-realm";
import { MCP_GATEWAY_ACCESS_MODEL, realmUsers, WEB_CLIENT_ID } from "../../src/contract/access-model";
import { REGISTRY_ADMIN_ROLES } from "../../src/constructs/identity/keycloak-master-realm";
import { KEYCLOAK_REGISTRY_ACCOUNT } from "../../src/stacks/keycloak-access";
import { KeycloakRealmStack, KeycloakRealmStackProps, REGISTRY_ACCOUNT_PASSWORD_VARIABLE } from "../../src/stacks/keycloak-realm-stack";
import { EXPECTED_REALM_ENV, ExpectedRealm } from "./expected-realm";

/**
 * Rung 2's realm test stack: the project's realm constructs aimed at the harness's local Keycloak, synthesized into
 * $CDKTF_OUTDIR, and the ExpectedRealm the assertions hold the server to, derived from the same access model.
 */
const { KEYCLOAK_URL: keycloakUrl, KEYCLOAK_USER: adminUsername } = process.env;
const expectedPath = process.env[EXPECTED_REALM_ENV];
if (!keycloakUrl || !adminUsername || !expectedPath) {
  throw new Error(`KEYCLOAK_URL, KEYCLOAK_USER and ${EXPECTED_REALM_ENV} must be set (scripts/e2e/rung2-keycloak.sh sets them)`);
}

const props: KeycloakRealmStackProps = {
  keycloakUrl,
  adminUsername,
  realmName: "mcp-gateway",
  publicOrigins: ["https://registry.e2e.example", "https://registry.e2e.example:8888"],
  emailDomain: "e2e.example",
  demoUsers: true,
};
const app = new App();
new KeycloakRealmStack(app, "keycloak-realm", props);
app.synth();

const model = MCP_GATEWAY_ACCESS_MODEL;
const expected: ExpectedRealm = {
  realm: props.realmName,
  groups: model.groups.map((group) => group.name),
  clientScopes: [...model.scopes.filter((scope) => scope.keycloakClientScope).map((scope) => scope.name), model.groupsClaimScope.name],
  webClient: {
    clientId: WEB_CLIENT_ID,
    redirectUris: props.publicOrigins.map((origin) => `${origin}${LOGIN_CALLBACK_PATH}`),
    postLogoutRedirectUris: props.publicOrigins.map((origin) => `${origin}${POST_LOGOUT_PATH}`),
    webOrigins: props.publicOrigins,
  },
  groupsClaim: model.groupsClaimScope.claim,
  serviceClients: model.clients
    .filter((client) => client.flow === "client-credentials")
    .map((client) => ({
      clientId: client.clientId,
      groups: client.serviceAccountGroups,
      audience: [model.groupsClaimScope.audienceClientId],
      defaultScopes: client.defaultScopes,
    })),
  users: realmUsers(model, props.demoUsers).map((user) => ({ username: user.username, groups: user.groups })),
  registryAccount: {
    username: KEYCLOAK_REGISTRY_ACCOUNT.username,
    passwordVariable: `TF_VAR_${REGISTRY_ACCOUNT_PASSWORD_VARIABLE}`,
    roles: [...REGISTRY_ADMIN_ROLES],
  },
};
writeFileSync(expectedPath, `${JSON.stringify(expected, null, 2)}\n`);
