import { DataResource, ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

/**
 * How a provisioner reaches Keycloak's admin API: Terraform's own admin client, by client credentials. `clientSecret`
 * must be ephemeral (or at least never stored): it goes only into a provisioner's environment, which Terraform keeps in
 * neither the plan nor the state.
 */
export interface AdminApiLogin {
  readonly keycloakUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A password as the user gets it: the value (ephemeral) and a non-secret version whose change sets it again. */
export interface PasswordSource {
  readonly value: string;
  readonly version: string;
}

/**
 * Node, not curl: every secret stays in the environment (nothing on a command line). Terraform suppresses provisioner
 * output when ephemeral values are involved, so the exit code carries the result and messages name no value.
 */
const ADMIN_LOGIN_SCRIPT = [
  // No JavaScript template literals: Terraform would read their placeholders as its own interpolations.
  "const env = process.env;",
  "const fail = (message) => { console.error(message); process.exit(1); };",
  "async function adminToken() {",
  "  for (let attempt = 1; ; attempt++) {",
  "    try {",
  '      const response = await fetch(env.KC_URL + "/realms/master/protocol/openid-connect/token", {',
  '        method: "POST",',
  '        body: new URLSearchParams({ grant_type: "client_credentials", client_id: env.KC_CLIENT_ID, client_secret: env.KC_CLIENT_SECRET }),',
  "      });",
  "      if (response.ok) return (await response.json()).access_token;",
  '      if (attempt >= 5) fail("admin login: HTTP " + response.status);',
  "    } catch (error) {",
  '      if (attempt >= 5) fail("admin login: " + error.message);',
  "    }",
  "    await new Promise((resolve) => setTimeout(resolve, 3000 * attempt));",
  "  }",
  "}",
  "async function admin(method, path, body) {",
  '  const headers = { authorization: "Bearer " + (await adminToken()) };',
  '  if (body !== undefined) headers["content-type"] = "application/json";',
  '  const url = env.KC_URL + "/admin/realms/" + encodeURIComponent(env.KC_REALM) + path;',
  "  return fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });",
  "}",
].join("\n");

/** Sets the password through `PUT .../reset-password`, the only path that keeps it out of state (provider 5.9.0). */
const RESET_PASSWORD_SCRIPT = [
  ADMIN_LOGIN_SCRIPT,
  "(async () => {",
  '  const response = await admin("PUT", "/users/" + env.KC_USER_ID + "/reset-password",',
  '    { type: "password", value: env.KC_PASSWORD, temporary: env.KC_TEMPORARY === "true" });',
  '  if (response.status !== 204) fail("reset-password of user " + env.KC_USER_ID + " in " + env.KC_REALM + ": HTTP " + response.status);',
  "})().catch((error) => fail(error.message));",
].join("\n");

/** Removes the realm's client-registration policies named in KC_REMOVE_POLICIES (`subType/providerId/name`). */
const REMOVE_POLICIES_SCRIPT = [
  ADMIN_LOGIN_SCRIPT,
  "(async () => {",
  '  const type = "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy";',
  '  const listed = await admin("GET", "/components?type=" + encodeURIComponent(type));',
  '  if (!listed.ok) fail("listing registration policies: HTTP " + listed.status);',
  "  const unwanted = JSON.parse(env.KC_REMOVE_POLICIES);",
  "  for (const policy of await listed.json()) {",
  '    if (!unwanted.includes(policy.subType + "/" + policy.providerId + "/" + policy.name)) continue;',
  '    const removed = await admin("DELETE", "/components/" + policy.id);',
  '    if (removed.status !== 204 && removed.status !== 404) fail("removing policy " + policy.name + ": HTTP " + removed.status);',
  "  }",
  "})().catch((error) => fail(error.message));",
].join("\n");

/** The scripts, for tests: neither may contain a Terraform interpolation start. */
export const ADMIN_API_SCRIPTS = { resetPassword: RESET_PASSWORD_SCRIPT, removePolicies: REMOVE_POLICIES_SCRIPT } as const;

function adminApiStep(
  scope: Construct,
  id: string,
  login: AdminApiLogin,
  script: string,
  environment: Record<string, string>,
  triggers: Record<string, string>,
  dependsOn: readonly ITerraformDependable[],
): DataResource {
  return new DataResource(scope, id, {
    dependsOn: dependsOn.length > 0 ? [...dependsOn] : undefined,
    triggersReplace: triggers,
    provisioners: [
      {
        type: "local-exec",
        interpreter: ["node", "-e"],
        command: script,
        environment: { KC_URL: login.keycloakUrl, KC_CLIENT_ID: login.clientId, KC_CLIENT_SECRET: login.clientSecret, ...environment },
      },
    ],
  });
}

export interface UserPasswordProps {
  readonly login: AdminApiLogin;
  readonly realm: string;
  /** The Keycloak user's id (`keycloak_user.<x>.id`): a re-created user gets its password again. */
  readonly userId: string;
  readonly password: PasswordSource;
  readonly temporary: boolean;
  /** Pinned resource address, `terraform_data.<address>`. */
  readonly address: string;
}

/**
 * A user's password, set through the admin API by a provisioner: the value is in neither the plan nor the state.
 * It is set again when the user is re-created or the password's version changes.
 */
export function userPassword(scope: Construct, id: string, props: UserPasswordProps): DataResource {
  const step = adminApiStep(
    scope,
    id,
    props.login,
    RESET_PASSWORD_SCRIPT,
    { KC_REALM: props.realm, KC_USER_ID: props.userId, KC_PASSWORD: props.password.value, KC_TEMPORARY: String(props.temporary) },
    { user: props.userId, version: props.password.version, temporary: String(props.temporary) },
    [],
  );
  step.overrideLogicalId(props.address);
  return step;
}

/**
 * Removes named default client-registration policies of a realm, once the realm's own ones exist (policies are
 * conjunctive: a default one can only be narrowed by adding another, never widened). Idempotent; runs again when the
 * realm is re-created. Keycloak re-creates its defaults only for a realm with no policy at all.
 */
export function removeRegistrationPolicies(
  scope: Construct,
  id: string,
  props: {
    login: AdminApiLogin;
    realm: string;
    realmInternalId: string;
    policies: readonly string[];
    after: readonly ITerraformDependable[];
  },
): DataResource {
  const policies = JSON.stringify(props.policies);
  return adminApiStep(
    scope,
    id,
    props.login,
    REMOVE_POLICIES_SCRIPT,
    { KC_REALM: props.realm, KC_REMOVE_POLICIES: policies },
    { realm: props.realmInternalId, policies },
    props.after,
  );
}
