import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { DataKeycloakOpenidClientScope } from "../../../.gen/providers/keycloak/data-keycloak-openid-client-scope";
import { Group } from "../../../.gen/providers/keycloak/group";
import { OpenidAudienceProtocolMapper } from "../../../.gen/providers/keycloak/openid-audience-protocol-mapper";
import { OpenidClient } from "../../../.gen/providers/keycloak/openid-client";
import { OpenidClientDefaultScopes } from "../../../.gen/providers/keycloak/openid-client-default-scopes";
import { OpenidClientScope } from "../../../.gen/providers/keycloak/openid-client-scope";
import { OpenidGroupMembershipProtocolMapper } from "../../../.gen/providers/keycloak/openid-group-membership-protocol-mapper";
import { Realm } from "../../../.gen/providers/keycloak/realm";
import { RealmClientRegistrationPolicy } from "../../../.gen/providers/keycloak/realm-client-registration-policy";
import { RealmEvents } from "../../../.gen/providers/keycloak/realm-events";
import { User } from "../../../.gen/providers/keycloak/user";
import { UserGroups } from "../../../.gen/providers/keycloak/user-groups";
import { AccessModel, accessModelProblems, ClientDefinition, realmUsers } from "../../contract/access-model";
import { terraformName } from "./terraform-name";
import { GATEWAY_AUDIENCE, LOGIN_CALLBACK_PATH } from "../../contract/app-contract";
import { AdminApiLogin, PasswordSource, removeRegistrationPolicies, userPassword } from "./keycloak-admin-api";

/** Keycloak's own client scopes every client keeps; default scopes are authoritative, so they must be listed. */
export const KEYCLOAK_BUILT_IN_DEFAULT_SCOPES = ["acr", "basic", "email", "profile", "roles", "web-origins"] as const;
/** Keycloak (26+) attaches this to clients with a service account; it puts `client_id` into their tokens. */
export const SERVICE_ACCOUNT_SCOPE = "service_account";

/** Login and security events kept in the realm (and logged by jboss-logging) for auditing. */
export const AUDITED_EVENT_TYPES = [
  "LOGIN",
  "LOGIN_ERROR",
  "LOGOUT",
  "LOGOUT_ERROR",
  "CODE_TO_TOKEN",
  "CODE_TO_TOKEN_ERROR",
  "CLIENT_LOGIN",
  "CLIENT_LOGIN_ERROR",
  "REFRESH_TOKEN",
  "REFRESH_TOKEN_ERROR",
  "UPDATE_PASSWORD",
  "UPDATE_PASSWORD_ERROR",
] as const;
/** Coding assistants register from, and redirect to, the user's own machine. */
export const DYNAMIC_REGISTRATION_TRUSTED_HOSTS = ["localhost", "127.0.0.1"] as const;
/** Client scopes a self-registered client may ask for: identity and the groups claim, nothing that grants access. */
export const DYNAMIC_REGISTRATION_ALLOWED_SCOPES = ["openid", "offline_access", ...KEYCLOAK_BUILT_IN_DEFAULT_SCOPES] as const;
/**
 * Keycloak's default registration policies (`subType/providerId/name`) that the realm's own replace when dynamic
 * client registration is on: the default "Trusted Hosts" trusts no host, and the default "Allowed Client Scopes" only
 * the realm's default and optional scopes. Consent Required, Full Scope Disabled, Max Clients Limit, Allowed Protocol
 * Mapper Types and Allowed Registration Web Origins stay in force.
 */
export const REPLACED_DEFAULT_REGISTRATION_POLICIES = [
  "anonymous/trusted-hosts/Trusted Hosts",
  "anonymous/allowed-client-templates/Allowed Client Scopes",
  "authenticated/allowed-client-templates/Allowed Client Scopes",
] as const;
/** The application realm's defences against password guessing (upstream 1.31.0 sets failureFactor 5 too). */
export const REALM_BRUTE_FORCE_DETECTION = {
  permanentLockout: false,
  maxLoginFailures: 5,
  waitIncrementSeconds: 60,
  quickLoginCheckMilliSeconds: 1000,
  minimumQuickLoginWaitSeconds: 60,
  maxFailureWaitSeconds: 900,
  failureResetTimeSeconds: 43200,
} as const;
/** The application realm's password policy. */
export const REALM_PASSWORD_POLICY = "length(12) and notUsername and notEmail";
/** Token and session lifetimes of the application realm. */
export const REALM_LIFETIMES = { accessTokenLifespan: "5m", ssoSessionIdleTimeout: "30m", ssoSessionMaxLifespan: "10h" } as const;
const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** Supplies a client's secret as a write-only value, read from where it is stored. */
export interface ClientSecretStore {
  /** The write-only secret Keycloak receives, and the version whose change makes Terraform send it again. */
  writeOnlySecret(clientId: string): { readonly value: string; readonly version: string };
  /** Called once per client after the client resource is declared; consumers of the secret are ordered after it. */
  recordClient(clientId: string, client: OpenidClient): void;
}

export interface KeycloakRealmProps {
  readonly provider: TerraformProvider;
  readonly model: AccessModel;
  readonly realmName: string;
  readonly displayName: string;
  /**
   * The HTTPS origins browsers use for the registry and auth server (`https://host[:port]`). Each becomes a web
   * origin and yields exactly two URIs: the login callback `<origin>/oauth2/callback/keycloak` and the page Keycloak may
   * return to after logout, `<origin>/logout`.
   */
  readonly publicOrigins: readonly string[];
  /** Users get `<username>@<emailDomain>` as their (verified) address, which Keycloak's user profile requires. */
  readonly emailDomain: string;
  readonly deletionProtection: boolean;
  readonly demoUsers: boolean;
  /** Initial password per realm user (ephemeral values); every user of the realm needs one. */
  readonly initialPasswords: Readonly<Record<string, PasswordSource>>;
  /** Temporary passwords must be changed at first login. */
  readonly temporaryPasswords: boolean;
  /** Where the passwords are set (and the default registration policies removed): the admin API, as Terraform's client. */
  readonly adminApi: AdminApiLogin;
  /** Without a store, Keycloak generates each client secret itself (and the provider keeps it in state). */
  readonly clientSecrets?: ClientSecretStore;
  /** Keycloak must be reachable before the realm is created: its service, listener and DNS record. */
  readonly dependsOn: readonly ITerraformDependable[];
  /** Let coding assistants register themselves as OAuth clients (anonymous dynamic client registration). */
  readonly dynamicClientRegistration?: boolean;
}

/**
 * The MCP Gateway realm: hardened realm settings, events, groups, client scopes with the groups claim, the web,
 * M2M and bot clients with their service-account groups, and users — all derived from the access model.
 * Everything hangs off the realm, which waits for `dependsOn`.
 */
export class KeycloakRealm extends Construct {
  readonly realmName: string;
  /** The realm resource itself, for what needs the realm (and its `<realm>-realm` management client) to exist. */
  readonly realmResource: ITerraformDependable;

  constructor(scope: Construct, id: string, props: KeycloakRealmProps) {
    super(scope, id);
    const problems = accessModelProblems(props.model);
    if (problems.length > 0) throw new Error(`The access model is inconsistent:\n  - ${problems.join("\n  - ")}`);
    const origins = props.publicOrigins.map(checkedOrigin);
    if (origins.length === 0) throw new Error("publicOrigins is empty; the web client needs at least one HTTPS origin");
    const users = realmUsers(props.model, props.demoUsers);
    const missing = users.filter((user) => props.initialPasswords[user.username] === undefined).map((user) => user.username);
    if (missing.length > 0) throw new Error(`initialPasswords has no password for ${missing.join(", ")}`);

    const provider = props.provider;
    const realm = new Realm(this, "realm", {
      provider,
      dependsOn: props.dependsOn.length > 0 ? [...props.dependsOn] : undefined,
      realm: props.realmName,
      displayName: props.displayName,
      enabled: true,
      sslRequired: "external",
      registrationAllowed: false,
      loginWithEmailAllowed: true,
      duplicateEmailsAllowed: false,
      editUsernameAllowed: false,
      // No SMTP server is configured, so a reset link could never be delivered.
      resetPasswordAllowed: false,
      rememberMe: false,
      passwordPolicy: REALM_PASSWORD_POLICY,
      defaultSignatureAlgorithm: "RS256",
      ...REALM_LIFETIMES,
      securityDefenses: { bruteForceDetection: { ...REALM_BRUTE_FORCE_DETECTION } },
      terraformDeletionProtection: props.deletionProtection,
    });
    realm.overrideLogicalId("realm");
    this.realmResource = realm;
    const realmId = realm.id;
    this.realmName = realm.realm;

    new RealmEvents(this, "events", {
      provider,
      realmId,
      eventsEnabled: true,
      eventsExpiration: EVENT_RETENTION_SECONDS,
      enabledEventTypes: [...AUDITED_EVENT_TYPES],
      eventsListeners: ["jboss-logging"],
      adminEventsEnabled: true,
      adminEventsDetailsEnabled: true,
    });

    const groupIds: Record<string, string> = {};
    for (const definition of props.model.groups) {
      const group = new Group(this, `group-${definition.name}`, {
        provider,
        realmId,
        name: definition.name,
        description: definition.description,
      });
      group.overrideLogicalId(terraformName(definition.name));
      groupIds[definition.name] = group.id;
    }

    const scopeNames: Record<string, string> = {};
    for (const definition of props.model.scopes.filter((scope) => scope.keycloakClientScope)) {
      const clientScope = new OpenidClientScope(this, `scope-${definition.name}`, {
        provider,
        realmId,
        name: definition.name,
        description: definition.description,
        includeInTokenScope: true,
      });
      scopeNames[definition.name] = clientScope.name;
    }

    const claim = props.model.groupsClaimScope;
    const groupsClaimScope = new OpenidClientScope(this, `scope-${claim.name}`, {
      provider,
      realmId,
      name: claim.name,
      description: `Group names in the ${claim.claim} claim, and ${claim.audienceClientId} as audience`,
      includeInTokenScope: true,
    });
    new OpenidGroupMembershipProtocolMapper(this, "groups-claim", {
      provider,
      realmId,
      clientScopeId: groupsClaimScope.id,
      name: claim.claim,
      claimName: claim.claim,
      fullPath: false,
      addToIdToken: true,
      addToAccessToken: true,
      addToUserinfo: true,
    });

    const clients: Record<string, OpenidClient> = {};
    for (const definition of props.model.clients) {
      const secret = props.clientSecrets?.writeOnlySecret(definition.clientId);
      const client = new OpenidClient(this, `client-${definition.clientId}`, {
        provider,
        realmId,
        clientId: definition.clientId,
        name: definition.name,
        description: definition.description,
        enabled: true,
        accessType: "CONFIDENTIAL",
        // Tokens carry no role the user or service account holds: access is decided by groups (upstream 1.31.0).
        fullScopeAllowed: false,
        ...flowSettings(definition, origins),
        ...(secret ? { clientSecretWo: secret.value, clientSecretWoVersion: secret.version } : {}),
      });
      client.overrideLogicalId(terraformName(definition.clientId));
      clients[definition.clientId] = client;
      props.clientSecrets?.recordClient(definition.clientId, client);

      new OpenidClientDefaultScopes(this, `client-${definition.clientId}-default-scopes`, {
        provider,
        realmId,
        clientId: client.id,
        defaultScopes: [
          ...KEYCLOAK_BUILT_IN_DEFAULT_SCOPES,
          ...(definition.flow === "client-credentials" ? [SERVICE_ACCOUNT_SCOPE] : []),
          groupsClaimScope.name,
          ...definition.defaultScopes.map((name) => scopeNames[name]),
        ],
      });
      if (definition.serviceAccountGroups.length > 0) {
        new UserGroups(this, `client-${definition.clientId}-groups`, {
          provider,
          realmId,
          userId: client.serviceAccountUserId,
          groupIds: definition.serviceAccountGroups.map((name) => groupIds[name]),
          exhaustive: false,
        });
      }
    }

    const audienceClient = clients[claim.audienceClientId];
    if (!audienceClient) throw new Error(`The groups claim's audience ${claim.audienceClientId} is not a client of the model`);
    new OpenidAudienceProtocolMapper(this, "audience", {
      provider,
      realmId,
      clientScopeId: groupsClaimScope.id,
      name: `${claim.audienceClientId}-audience`,
      // The client's attribute, not its name: the provider looks the client up when it creates the mapper.
      includedClientAudience: audienceClient.clientId,
      addToIdToken: false,
      addToAccessToken: true,
    });

    if (props.dynamicClientRegistration) {
      this.allowDynamicClientRegistration(provider, realm, groupsClaimScope.name, props.adminApi);
    }

    for (const definition of users) {
      const user = new User(this, `user-${definition.username}`, {
        provider,
        realmId,
        username: definition.username,
        firstName: definition.firstName,
        lastName: definition.lastName,
        email: definition.email ?? `${definition.username}@${props.emailDomain}`,
        emailVerified: true,
        enabled: true,
        // Keycloak adds UPDATE_PASSWORD for a temporary password and removes it once the user changed it; neither is drift.
        // A name the definition leaves out is the user's to give (Keycloak asks at first login): not drift either.
        lifecycle: {
          ignoreChanges: [
            "required_actions",
            ...(definition.firstName === undefined ? ["first_name"] : []),
            ...(definition.lastName === undefined ? ["last_name"] : []),
          ],
        },
      });
      user.overrideLogicalId(terraformName(definition.username));
      userPassword(this, `user-${definition.username}-password`, {
        login: props.adminApi,
        realm: this.realmName,
        userId: user.id,
        password: props.initialPasswords[definition.username],
        temporary: props.temporaryPasswords,
        address: `keycloak_user_${terraformName(definition.username)}_password_set`,
      });
      new UserGroups(this, `user-${definition.username}-groups`, {
        provider,
        realmId,
        userId: user.id,
        groupIds: definition.groups.map((name) => groupIds[name]),
        // Groups an administrator adds by hand are kept; only the model's own memberships are managed.
        exhaustive: false,
      });
    }
  }

  /**
   * What a self-registered client needs to be usable at the gateway: the groups claim and the gateway audience on
   * Keycloak's `basic` scope (every client gets it), anonymous registration from the user's machine, and the scopes such
   * a client may request. These replace Keycloak's default "Trusted Hosts" and "Allowed Client Scopes" policies, which
   * are removed once these exist (the other defaults stay in force).
   */
  private allowDynamicClientRegistration(
    provider: TerraformProvider,
    realm: Realm,
    groupsClaimScopeName: string,
    adminApi: AdminApiLogin,
  ): void {
    const realmId = realm.id;
    const basic = new DataKeycloakOpenidClientScope(this, "basic-scope", { provider, realmId, name: "basic" });
    new OpenidGroupMembershipProtocolMapper(this, "basic-groups-claim", {
      provider,
      realmId,
      clientScopeId: basic.id,
      name: "groups",
      claimName: "groups",
      fullPath: false,
      addToIdToken: true,
      addToAccessToken: true,
      addToUserinfo: true,
    });
    new OpenidAudienceProtocolMapper(this, "basic-audience", {
      provider,
      realmId,
      clientScopeId: basic.id,
      name: `${GATEWAY_AUDIENCE}-audience`,
      includedCustomAudience: GATEWAY_AUDIENCE,
      addToIdToken: false,
      addToAccessToken: true,
    });
    const trustedHosts = new RealmClientRegistrationPolicy(this, "registration-trusted-hosts", {
      provider,
      realmId,
      name: "Coding assistants on the user's machine",
      providerId: "trusted-hosts",
      subType: "anonymous",
      config: {
        // Requests come from anywhere the user works; the redirect URIs must stay on their machine.
        "host-sending-registration-request-must-match": "false",
        "client-uris-must-match": "true",
        "trusted-hosts": DYNAMIC_REGISTRATION_TRUSTED_HOSTS.join(","),
      },
    });
    const policies = [trustedHosts];
    for (const subType of ["anonymous", "authenticated"] as const) {
      const allowedScopes = new RealmClientRegistrationPolicy(this, `registration-allowed-scopes-${subType}`, {
        provider,
        realmId,
        name: `Scopes for self-registered clients (${subType})`,
        providerId: "allowed-client-templates",
        subType,
        config: {
          "allow-default-scopes": "true",
          "allowed-client-scopes": [...DYNAMIC_REGISTRATION_ALLOWED_SCOPES, groupsClaimScopeName].join(","),
        },
      });
      policies.push(allowedScopes);
    }
    removeRegistrationPolicies(this, "registration-default-policies", {
      login: adminApi,
      realm: realm.realm,
      realmInternalId: realm.internalId,
      policies: REPLACED_DEFAULT_REGISTRATION_POLICIES,
      after: policies,
    }).overrideLogicalId("keycloak_registration_default_policies_removed");
  }
}

/** Where the auth server's logout sends the browser back to (its default redirect is `<REGISTRY_URL>/logout`). */
export const POST_LOGOUT_PATH = "/logout";

/**
 * Browser sessions stay short: a 5-minute access token, a session that ends after 30 idle minutes and after 8 hours
 * at most (the auth server's own session cookie lasts 8 hours).
 */
export const WEB_CLIENT_TOKEN_LIFETIMES = {
  accessTokenLifespan: "300",
  clientSessionIdleTimeout: "1800",
  clientSessionMaxLifespan: "28800",
} as const;

function flowSettings(definition: ClientDefinition, origins: readonly string[]) {
  if (definition.flow === "authorization-code") {
    return {
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      // Exact URIs, no wildcards: a wildcard would let any page of the origin receive authorization codes.
      validRedirectUris: origins.map((origin) => `${origin}${LOGIN_CALLBACK_PATH}`),
      validPostLogoutRedirectUris: origins.map((origin) => `${origin}${POST_LOGOUT_PATH}`),
      webOrigins: [...origins],
      // PKCE S256 is required: the auth server sends an S256 code_challenge on every login and its verifier on the
      // code exchange (upstream auth_server/server.py oauth2_login, since 3e884fcd, in every release from 1.30.0 on).
      pkceCodeChallengeMethod: "S256",
      ...WEB_CLIENT_TOKEN_LIFETIMES,
    };
  }
  return {
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: true,
  };
}

/** `https://host[:port]` with a real host name; anything else (paths, plain HTTP, localhost) is refused. */
function checkedOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`publicOrigins entry "${origin}" is not a URL; use https://host or https://host:port`);
  }
  const problem =
    url.protocol !== "https:"
      ? "must use https"
      : url.pathname !== "/" || url.search || url.hash || origin.endsWith("/")
        ? "must be an origin without path, query or trailing slash"
        : /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(url.hostname)
          ? "must not point at the local machine"
          : undefined;
  if (problem) throw new Error(`publicOrigins entry "${origin}" ${problem}; use https://host or https://host:port`);
  return origin;
}
