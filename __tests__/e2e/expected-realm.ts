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
    /** The PKCE method the client requires; none when omitted. */
    readonly pkceCodeChallengeMethod?: string;
    /** Client attributes for token and session lifetimes (seconds, as Keycloak stores them). */
    readonly lifetimes?: Readonly<Record<string, string>>;
  };
  /** The token claim that carries group names; `groups` when omitted. */
  readonly groupsClaim?: string;
  /** Confidential clients that use the client-credentials grant: mcp-gateway-m2m and the bots. */
  readonly serviceClients: readonly {
    readonly clientId: string;
    /** Exactly the groups claim of its access token. */
    readonly groups: readonly string[];
    /** Exactly the audiences of its access token. */
    readonly audience: readonly string[];
    /** Exactly the scopes of its access token's `scope` claim. */
    readonly scopes?: readonly string[];
    /** Client scopes that must be among its default scopes. */
    readonly defaultScopes?: readonly string[];
  }[];
  /**
   * The registry's master-realm account: it may manage users and groups of the realm and gets 403 on the master realm.
   * Its password is in the environment variable `passwordVariable` (rung 2 exports every stack variable as TF_VAR_*).
   */
  readonly registryAccount?: { readonly username: string; readonly passwordVariable: string; readonly roles: readonly string[] };
  /** Human users and their exact group memberships; with `passwordVariable`, their temporary password is checked. */
  readonly users: readonly { readonly username: string; readonly groups: readonly string[]; readonly passwordVariable?: string }[];
  /** Environment variables holding the secret Terraform sent each client write-only, by clientId. */
  readonly clientSecretVariables?: Readonly<Record<string, string>>;
  /** Fields of the application realm's representation (brute force, password policy, lifetimes in seconds). */
  readonly realmSettings?: Readonly<Record<string, string | number | boolean>>;
  /** Fields of the master realm's representation after the hardening. */
  readonly masterSettings?: Readonly<Record<string, string | number | boolean>>;
  /** Anonymous dynamic client registration is on: one redirect it must accept, one it must refuse. */
  readonly dynamicRegistration?: { readonly allowedRedirect: string; readonly refusedRedirect: string };
  /** The master realm's administrator for people, with a temporary password. */
  readonly administrator?: { readonly username: string; readonly passwordVariable: string };
  /** Terraform's admin client (bootstrapped by Keycloak), which applied the stack. */
  readonly terraformClient?: { readonly clientId: string; readonly secretVariable: string };
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
