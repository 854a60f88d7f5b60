import { readFileSync } from "node:fs";

/** What the realm on the server must contain: the Keycloak model of the deployment, as rung 2 checks it. */
export interface ExpectedRealm {
  readonly realm: string;
  /** Every group of the realm (top-level names); the server must have exactly these. */
  readonly groups: readonly string[];
  /** Custom client scopes that must exist in the realm. */
  readonly clientScopes: readonly string[];
  /** The browser login client. */
  readonly webClient: {
    readonly clientId: string;
    readonly redirectUris: readonly string[];
    readonly webOrigins?: readonly string[];
    /** Exactly the URIs Keycloak may send the browser to after logout. */
    readonly postLogoutRedirectUris?: readonly string[];
  };
  /** The token claim that carries group names; `groups` when omitted. */
  readonly groupsClaim?: string;
  /** Confidential clients that use the client-credentials grant: mcp-gateway-m2m and the bots. */
  readonly serviceClients: readonly {
    readonly clientId: string;
    /** Exactly the groups claim of its access token. */
    readonly groups: readonly string[];
    /** Audiences its access token must carry. */
    readonly audience: readonly string[];
    /** Client scopes that must be among its default scopes. */
    readonly defaultScopes?: readonly string[];
  }[];
  /**
   * The registry's master-realm account: it may manage users and groups of the realm and gets 403 on the master realm.
   * Its password is in the environment variable `passwordVariable` (rung 2 exports every stack variable as TF_VAR_*).
   */
  readonly registryAccount?: { readonly username: string; readonly passwordVariable: string; readonly roles: readonly string[] };
  /** Human users and their exact group memberships. */
  readonly users: readonly { readonly username: string; readonly groups: readonly string[] }[];
}

/** The environment variable naming a JSON file with the ExpectedRealm the realm test stack was synthesized from. */
export const EXPECTED_REALM_ENV = "E2E_EXPECTED_REALM";

export function loadExpectedRealm(env: NodeJS.ProcessEnv = process.env): ExpectedRealm {
  const path = env[EXPECTED_REALM_ENV];
  if (!path) {
    throw new Error(`${EXPECTED_REALM_ENV} must name the JSON file with the expected realm (scripts/e2e/rung2-keycloak.sh writes it)`);
  }
  return JSON.parse(readFileSync(path, "utf8")) as ExpectedRealm;
}
