import { writeFileSync } from "node:fs";
import { App } from "cdktf";
import { MASTER_REALM_SETTINGS, REGISTRY_ADMIN_ROLES } from "../../src/constructs/identity/keycloak-master-realm";
import {
  POST_LOGOUT_PATH,
  REALM_BRUTE_FORCE_DETECTION,
  REALM_PASSWORD_POLICY,
  WEB_CLIENT_TOKEN_LIFETIMES,
} from "../../src/constructs/identity/keycloak-realm";
import { GATEWAY_AUDIENCE, LOGIN_CALLBACK_PATH } from "../../src/contract/app-contract";
import { MCP_GATEWAY_ACCESS_MODEL, realmUsers, WEB_CLIENT_ID } from "../../src/contract/access-model";
import { KEYCLOAK_TERRAFORM_CLIENT_ID } from "../../src/stacks/app-secrets";
import { KEYCLOAK_ADMINISTRATOR, KEYCLOAK_REGISTRY_ACCOUNT } from "../../src/stacks/keycloak-access";
import {
  ADMINISTRATOR_PASSWORD_VARIABLE,
  clientSecretVariable,
  KeycloakRealmStack,
  KeycloakRealmStackProps,
  REGISTRY_ACCOUNT_PASSWORD_VARIABLE,
  TERRAFORM_CLIENT_SECRET_VARIABLE,
} from "../../src/stacks/keycloak-realm-stack";
import { EXPECTED_REALM_ENV, ExpectedRealm } from "./expected-realm";

/**
 * Rung 2's realm test stack: the deployment's Keycloak configuration (addKeycloakRealms) aimed at the harness's local
 * Keycloak, synthesized into $CDKTF_OUTDIR, and the ExpectedRealm the assertions hold the server to, derived from the
 * same model and constants.
 */
const { KEYCLOAK_URL: keycloakUrl, KEYCLOAK_BOOTSTRAP_CLIENT_ID: bootstrapClientId } = process.env;
const expectedPath = process.env[EXPECTED_REALM_ENV];
if (!keycloakUrl || !expectedPath) {
  throw new Error(`KEYCLOAK_URL and ${EXPECTED_REALM_ENV} must be set (scripts/e2e/rung2-keycloak.sh sets them)`);
}
if (bootstrapClientId !== KEYCLOAK_TERRAFORM_CLIENT_ID) {
  throw new Error(
    `Keycloak must bootstrap ${KEYCLOAK_TERRAFORM_CLIENT_ID} as its admin client, as a deployment does (got ${bootstrapClientId})`,
  );
}

const props: KeycloakRealmStackProps = {
  keycloakUrl,
  terraformClientId: KEYCLOAK_TERRAFORM_CLIENT_ID,
  realmName: "mcp-gateway",
  publicOrigins: ["https://registry.e2e.example", "https://registry.e2e.example:8888"],
  emailDomain: "e2e.example",
  demoUsers: true,
  dynamicClientRegistration: true,
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
    pkceCodeChallengeMethod: "S256",
    lifetimes: {
      "access.token.lifespan": WEB_CLIENT_TOKEN_LIFETIMES.accessTokenLifespan,
      "client.session.idle.timeout": WEB_CLIENT_TOKEN_LIFETIMES.clientSessionIdleTimeout,
      "client.session.max.lifespan": WEB_CLIENT_TOKEN_LIFETIMES.clientSessionMaxLifespan,
    },
  },
  groupsClaim: model.groupsClaimScope.claim,
  serviceClients: model.clients
    .filter((client) => client.flow === "client-credentials")
    .map((client) => ({
      clientId: client.clientId,
      groups: client.serviceAccountGroups,
      // Exactly: the groups scope's client audience, and the gateway's (the `basic` scope, with registration on).
      audience: [model.groupsClaimScope.audienceClientId, GATEWAY_AUDIENCE],
      scopes: ["email", "profile", ...client.defaultScopes, model.groupsClaimScope.name],
      defaultScopes: client.defaultScopes,
    })),
  clientSecretVariables: Object.fromEntries(
    model.clients.map((client) => [client.clientId, `TF_VAR_${clientSecretVariable(client.clientId)}`]),
  ),
  users: realmUsers(model, props.demoUsers).map((user) => ({
    username: user.username,
    groups: user.groups,
    passwordVariable: `TF_VAR_keycloak_user_password_${user.username.replace(/[^A-Za-z0-9_]/g, "_")}`,
  })),
  realmSettings: {
    passwordPolicy: REALM_PASSWORD_POLICY,
    bruteForceProtected: true,
    permanentLockout: REALM_BRUTE_FORCE_DETECTION.permanentLockout,
    failureFactor: REALM_BRUTE_FORCE_DETECTION.maxLoginFailures,
    waitIncrementSeconds: REALM_BRUTE_FORCE_DETECTION.waitIncrementSeconds,
    maxFailureWaitSeconds: REALM_BRUTE_FORCE_DETECTION.maxFailureWaitSeconds,
    maxDeltaTimeSeconds: REALM_BRUTE_FORCE_DETECTION.failureResetTimeSeconds,
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36000,
  },
  masterSettings: { ...MASTER_REALM_SETTINGS },
  dynamicRegistration: { allowedRedirect: "http://localhost:33418/callback", refusedRedirect: "https://attacker.e2e.example/callback" },
  administrator: { username: KEYCLOAK_ADMINISTRATOR.username, passwordVariable: `TF_VAR_${ADMINISTRATOR_PASSWORD_VARIABLE}` },
  registryAccount: {
    username: KEYCLOAK_REGISTRY_ACCOUNT.username,
    passwordVariable: `TF_VAR_${REGISTRY_ACCOUNT_PASSWORD_VARIABLE}`,
    roles: [...REGISTRY_ADMIN_ROLES],
  },
  terraformClient: { clientId: KEYCLOAK_TERRAFORM_CLIENT_ID, secretVariable: `TF_VAR_${TERRAFORM_CLIENT_SECRET_VARIABLE}` },
};
writeFileSync(expectedPath, `${JSON.stringify(expected, null, 2)}\n`);
