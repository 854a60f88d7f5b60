import { DataResource, ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { DataKeycloakOpenidClient } from "../../../.gen/providers/keycloak/data-keycloak-openid-client";
import { DataKeycloakRole } from "../../../.gen/providers/keycloak/data-keycloak-role";
import { User } from "../../../.gen/providers/keycloak/user";
import { UserRoles } from "../../../.gen/providers/keycloak/user-roles";
import { AdminApiLogin, PasswordSource, userPassword } from "./keycloak-admin-api";

/** Keycloak's administration realm: where administrators, Terraform and the registry log in to the admin API. */
export const MASTER_REALM = "master";

/**
 * The `<realm>-realm` client roles the registry's Keycloak account gets: what upstream's
 * registry/utils/keycloak_manager.py calls on `/admin/realms/<realm>/...`, and nothing on the master realm.
 * - view-users: list and read users, their groups, and the groups (GET users, users/{id}/groups, groups);
 * - manage-users: create and delete users, reset passwords, change group memberships, create, update and delete groups;
 * - view-clients: find clients by clientId, read service-account users and protocol mappers;
 * - manage-clients: create and delete M2M service-account clients, add their groups mapper, read their secrets.
 */
export const REGISTRY_ADMIN_ROLES = ["view-users", "manage-users", "view-clients", "manage-clients"] as const;

/** The master realm's defences against password guessing, as Keycloak's realm representation names them. */
export const MASTER_REALM_SETTINGS = {
  bruteForceProtected: true,
  permanentLockout: false,
  failureFactor: 5,
  waitIncrementSeconds: 60,
  quickLoginCheckMilliSeconds: 1000,
  minimumQuickLoginWaitSeconds: 60,
  maxFailureWaitSeconds: 900,
  maxDeltaTimeSeconds: 43200,
  passwordPolicy: "length(12) and notUsername and notEmail",
} as const;

/**
 * Logs in as Terraform's client and updates only the fields sent (Keycloak's realm update is partial). No secret or
 * token is on a command line (where `ps` shows it): the client secret reaches curl on stdin (`client_secret@-`), the
 * bearer header through a here-document on fd 3 (`-H @/dev/fd/3`), the settings on stdin (`--data-binary @-`).
 */
export const HARDEN_MASTER_REALM_SCRIPT = [
  "set -eu",
  "token=$(printf '%s' \"$KC_CLIENT_SECRET\" | curl -fsS --retry 5 --retry-all-errors --data grant_type=client_credentials " +
    '--data-urlencode "client_id=$KC_CLIENT_ID" --data-urlencode "client_secret@-" "$KC_URL/realms/master/protocol/openid-connect/token" ' +
    '| sed -n \'s/.*"access_token":"\\([^"]*\\)".*/\\1/p\')',
  'test -n "$token" || { echo "no admin token from $KC_URL" >&2; exit 1; }',
  'printf \'%s\' "$KC_MASTER_SETTINGS" | curl -fsS -X PUT -H @/dev/fd/3 -H "Content-Type: application/json" --data-binary @- "$KC_URL/admin/realms/master" 3<<EOF',
  "Authorization: Bearer $token",
  "EOF",
  'echo "master realm: brute-force detection and password policy applied"',
].join("\n");

export interface KeycloakAccount {
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Ephemeral value and version: the password is set through the admin API, again whenever the version changes. */
  readonly password: PasswordSource;
}

export interface KeycloakMasterRealmProps {
  readonly provider: TerraformProvider;
  /** Terraform's own admin client: applies the master realm's settings and sets the accounts' passwords. */
  readonly adminApi: AdminApiLogin;
  /**
   * Identifies Keycloak's database (e.g. the RDS resource id): a new database (engine switch, restore) is a new master
   * realm, so its settings are applied again.
   */
  readonly databaseId?: string;
  /** The application realm the registry administers; its `<realm>-realm` client exists once the realm does. */
  readonly managedRealm: { readonly name: string; readonly resource: ITerraformDependable };
  /** Users get `<username>@<emailDomain>`, which Keycloak's user profile requires. */
  readonly emailDomain: string;
  /** The administrator people log in as (realm role `admin`), with a temporary password. */
  readonly administrator?: KeycloakAccount;
  /** The registry's account: only REGISTRY_ADMIN_ROLES on the managed realm; its password is permanent. */
  readonly registry: KeycloakAccount;
  /** Keycloak must answer before anything here is applied. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * The master realm, hardened: brute-force detection and a password policy, a named administrator for people, and the
 * registry's least-privilege account. Keycloak created the master realm itself, and provider 5.9.0 can adopt a realm
 * only with an import block, which runs at plan time, before a new Keycloak exists; so the realm settings are applied
 * through the admin API once Keycloak answers, and re-applied whenever they change.
 */
export class KeycloakMasterRealm extends Construct {
  readonly registryUsername: string;

  constructor(scope: Construct, id: string, props: KeycloakMasterRealmProps) {
    super(scope, id);
    const { provider } = props;
    const ready = [this.harden(props.adminApi, props.databaseId, props.dependsOn)];

    const user = (account: KeycloakAccount, address: string, temporary: boolean) => {
      const created = new User(this, address, {
        provider,
        realmId: MASTER_REALM,
        username: account.username,
        firstName: account.firstName,
        lastName: account.lastName,
        email: `${account.username}@${props.emailDomain}`,
        emailVerified: true,
        enabled: true,
        dependsOn: ready,
        // Keycloak adds UPDATE_PASSWORD for a temporary password and removes it once changed; neither is drift.
        lifecycle: { ignoreChanges: ["required_actions"] },
      });
      created.overrideLogicalId(address);
      userPassword(this, `${address}-password`, {
        login: props.adminApi,
        realm: MASTER_REALM,
        userId: created.id,
        password: account.password,
        temporary,
        address: `${address}_password_set`,
      });
      return created;
    };

    if (props.administrator) {
      const administrator = user(props.administrator, "keycloak_master_administrator", true);
      const adminRole = new DataKeycloakRole(this, "admin-role", { provider, realmId: MASTER_REALM, name: "admin", dependsOn: ready });
      new UserRoles(this, "administrator-roles", {
        provider,
        realmId: MASTER_REALM,
        userId: administrator.id,
        roleIds: [adminRole.id],
        exhaustive: true,
      }).overrideLogicalId("keycloak_master_administrator_roles");
    }

    const registry = user(props.registry, "keycloak_master_registry", false);
    const managementClient = new DataKeycloakOpenidClient(this, "realm-management-client", {
      provider,
      realmId: MASTER_REALM,
      clientId: `${props.managedRealm.name}-realm`,
      dependsOn: [props.managedRealm.resource],
    });
    const roleIds = REGISTRY_ADMIN_ROLES.map(
      (name) =>
        new DataKeycloakRole(this, `registry-role-${name}`, {
          provider,
          realmId: MASTER_REALM,
          clientId: managementClient.id,
          name,
        }).id,
    );
    new UserRoles(this, "registry-roles", {
      provider,
      realmId: MASTER_REALM,
      userId: registry.id,
      roleIds,
      // Exactly these roles: anything added by hand is taken away on the next apply.
      exhaustive: true,
    }).overrideLogicalId("keycloak_master_registry_roles");

    this.registryUsername = props.registry.username;
  }

  private harden(hardening: AdminApiLogin, databaseId: string | undefined, dependsOn: readonly ITerraformDependable[]): DataResource {
    const settings = JSON.stringify(MASTER_REALM_SETTINGS);
    const resource = new DataResource(this, "hardening", {
      dependsOn: dependsOn.length > 0 ? [...dependsOn] : undefined,
      triggersReplace: { settings, url: hardening.keycloakUrl, ...(databaseId ? { database: databaseId } : {}) },
      provisioners: [
        {
          type: "local-exec",
          interpreter: ["/bin/sh", "-c"],
          command: HARDEN_MASTER_REALM_SCRIPT,
          environment: {
            KC_URL: hardening.keycloakUrl,
            KC_CLIENT_ID: hardening.clientId,
            KC_CLIENT_SECRET: hardening.clientSecret,
            KC_MASTER_SETTINGS: settings,
          },
        },
      ],
    });
    resource.overrideLogicalId("keycloak_master_realm_hardening");
    return resource;
  }
}
