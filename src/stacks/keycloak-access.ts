import { ITerraformDependable, Lazy, ref, TerraformResource, TerraformStack, TerraformVariable, Token } from "cdktf";
import { KeycloakProvider } from "../../.gen/providers/keycloak/provider";
import { PasswordSource } from "../constructs/identity/keycloak-admin-api";
import { DeploymentConfig } from "../config/deployment-config";
import { KeycloakClientSecret, KeycloakClientSecrets } from "../constructs/identity/keycloak-client-secrets";
import { KeycloakMasterRealm } from "../constructs/identity/keycloak-master-realm";
import { ClientSecretStore, KeycloakRealm } from "../constructs/identity/keycloak-realm";
import { KeycloakUserPassword } from "../constructs/identity/keycloak-user-password";
import { AccessModel, M2M_CLIENT_ID, MCP_GATEWAY_ACCESS_MODEL, realmUsers, UserDefinition, WEB_CLIENT_ID } from "../contract/access-model";
import { terraformName } from "../constructs/identity/terraform-name";
import { REGISTRATION_CLIENT_ID } from "../contract/registration-client";

/** Keycloak's initial passwords must pass the realm's password policy, which starts at 12 characters. */
const MINIMUM_PASSWORD_LENGTH = 12;

/**
 * Terraform's own Keycloak credential: the admin service account Keycloak creates in the master realm on its first start
 * (KC_BOOTSTRAP_ADMIN_CLIENT_ID/SECRET). A confidential client with only the client-credentials grant; no service reads
 * its secret.
 */
export interface KeycloakTerraformLogin {
  readonly clientId: string;
  /** The Secrets Manager secret holding the client secret (the bare value). */
  readonly secretArn: string;
  /** The resource that writes the secret's value (its secret version); the provider reads it only after that. */
  readonly secretWrittenBy: TerraformResource;
}

/** The named master-realm administrator for people, and the registry's account in the master realm. */
export const KEYCLOAK_ADMINISTRATOR = { username: "platform-admin", firstName: "Platform", lastName: "Administrator" } as const;
export const KEYCLOAK_REGISTRY_ACCOUNT = { username: "mcp-gateway-registry", firstName: "MCP Gateway", lastName: "Registry" } as const;

export interface KeycloakAccessProps {
  readonly config: DeploymentConfig;
  readonly terraform: KeycloakTerraformLogin;
  /** KMS key that encrypts the client secrets; the consuming task execution roles need kms:Decrypt on it. */
  readonly secretsKmsKeyArn: string;
  /** What must be in place before Keycloak answers: its ECS service, its listener and its DNS record. */
  readonly keycloakReady: readonly ITerraformDependable[];
  /** Identifies Keycloak's database (its RDS resource id): a new database gets the master realm's settings again. */
  readonly keycloakDatabaseId?: string;
}

export interface KeycloakAccess {
  readonly realm: KeycloakRealm;
  /** The secrets the registry and auth server read: KEYCLOAK_CLIENT_SECRET (web) and KEYCLOAK_M2M_CLIENT_SECRET. */
  readonly clientSecrets: { readonly web: KeycloakClientSecret; readonly m2m: KeycloakClientSecret };
  /** The client `npm run ops -- register` registers MCP servers with (registry-admins); no service reads it. */
  readonly registrationClientSecret: KeycloakClientSecret;
  /** The registry's master-realm account (KEYCLOAK_ADMIN, KEYCLOAK_ADMIN_PASSWORD). */
  readonly registryAccount: KeycloakUserPassword;
  /** The named administrator's initial password (temporary). */
  readonly administratorPassword: KeycloakUserPassword;
  /** Each realm user's initial password (temporary), by username. */
  readonly userPasswords: Readonly<Record<string, KeycloakUserPassword>>;
}

/**
 * What both the deployment and rung 2's realm stack configure, from one code path: the Keycloak provider logged in as
 * Terraform's admin client by client credentials, the master realm's hardening and accounts, and the application
 * realm. Only where the credentials come from differs (Secrets Manager in a deployment, ephemeral variables in rung 2).
 */
export interface KeycloakRealmsProps {
  readonly keycloakUrl: string;
  /** Terraform's admin client (KC_BOOTSTRAP_ADMIN_CLIENT_ID/SECRET); the secret must be ephemeral. */
  readonly terraformLogin: { readonly clientId: string; readonly clientSecret: string };
  readonly realmName: string;
  readonly publicOrigins: readonly string[];
  readonly emailDomain: string;
  readonly deletionProtection: boolean;
  readonly demoUsers: boolean;
  readonly dynamicClientRegistration: boolean;
  /** Users from the configuration (`keycloak.users`), created next to the access model's own. */
  readonly configuredUsers?: readonly UserDefinition[];
  /** Each realm user's temporary initial password, by username. */
  readonly userPasswords: Readonly<Record<string, PasswordSource>>;
  readonly administratorPassword: PasswordSource;
  readonly registryPassword: PasswordSource;
  readonly clientSecrets: ClientSecretStore;
  readonly keycloakReady: readonly ITerraformDependable[];
  /** Identifies Keycloak's database: a new one (engine switch, restore) gets the master realm's settings again. */
  readonly databaseId?: string;
}

export function addKeycloakRealms(
  stack: TerraformStack,
  props: KeycloakRealmsProps,
): { realm: KeycloakRealm; master: KeycloakMasterRealm } {
  const provider = new KeycloakProvider(stack, "keycloak-provider", {
    url: props.keycloakUrl,
    realm: "master",
    clientId: props.terraformLogin.clientId,
    clientSecret: props.terraformLogin.clientSecret,
    // Keycloak is created in the same apply; the provider logs in on its first request, not when it is configured.
    initialLogin: false,
    // Creating a realm takes Keycloak over 15 s (the provider's default) on a busy or small task; a timeout fails the apply.
    clientTimeout: 120,
  });
  const adminApi = { keycloakUrl: props.keycloakUrl, ...props.terraformLogin };
  const realm = new KeycloakRealm(stack, "keycloak-realm", {
    provider,
    model: withConfiguredUsers(MCP_GATEWAY_ACCESS_MODEL, props.configuredUsers ?? []),
    realmName: props.realmName,
    displayName: "MCP Gateway Registry",
    publicOrigins: props.publicOrigins,
    emailDomain: props.emailDomain,
    deletionProtection: props.deletionProtection,
    demoUsers: props.demoUsers,
    initialPasswords: props.userPasswords,
    temporaryPasswords: true,
    adminApi,
    clientSecrets: props.clientSecrets,
    dependsOn: props.keycloakReady,
    dynamicClientRegistration: props.dynamicClientRegistration,
  });
  const master = new KeycloakMasterRealm(stack, "keycloak-master-realm", {
    provider,
    adminApi,
    databaseId: props.databaseId,
    managedRealm: { name: props.realmName, resource: realm.realmResource },
    emailDomain: props.emailDomain,
    administrator: { ...KEYCLOAK_ADMINISTRATOR, password: props.administratorPassword },
    registry: { ...KEYCLOAK_REGISTRY_ACCOUNT, password: props.registryPassword },
    dependsOn: props.keycloakReady,
  });
  return { realm, master };
}

/**
 * Adds the Keycloak provider, the master realm's accounts and hardening, the application realm, the client secrets
 * and the generated user passwords to a stack. The provider logs in as Terraform's own service account, whose secret
 * is read through an ephemeral resource: it never enters the plan or state; nor does any password.
 */
export function addKeycloakAccess(stack: TerraformStack, props: KeycloakAccessProps): KeycloakAccess {
  const { config } = props;
  const model = MCP_GATEWAY_ACCESS_MODEL;
  const recoveryWindowInDays = config.deletionProtection ? 7 : 0;
  const password = (username: string, secretName: string, description: string, address: string, version = 1) =>
    new KeycloakUserPassword(stack, `keycloak-password-${address}`, {
      username,
      secretName: `${config.namePrefix}/keycloak/${secretName}`,
      description,
      kmsKeyArn: props.secretsKmsKeyArn,
      recoveryWindowInDays,
      version,
      address,
    });
  const configuredUsers = configuredRealmUsers(config);
  const userPasswords = Object.fromEntries(
    realmUsers(withConfiguredUsers(model, configuredUsers), config.keycloak.demoUsers).map((user) => [
      user.username,
      password(
        user.username,
        `users/${user.username}`,
        `Initial password of ${user.username} in the ${config.keycloak.realm} realm (temporary: changed at first login)`,
        `keycloak_user_password_${terraformName(user.username)}`,
      ),
    ]),
  );

  const clientSecrets = new KeycloakClientSecrets(stack, "keycloak-client-secrets", {
    namePrefix: config.namePrefix,
    clientIds: model.clients.map((client) => client.clientId),
    kmsKeyArn: props.secretsKmsKeyArn,
    version: config.keycloak.clientSecretVersion,
    recoveryWindowInDays: config.deletionProtection ? 7 : 0,
  });
  const administratorPassword = password(
    KEYCLOAK_ADMINISTRATOR.username,
    `master/${KEYCLOAK_ADMINISTRATOR.username}`,
    "Initial password of the Keycloak administrator for people (master realm; temporary: changed at first login)",
    "keycloak_master_administrator_password",
  );
  const registryAccount = password(
    KEYCLOAK_REGISTRY_ACCOUNT.username,
    `master/${KEYCLOAK_REGISTRY_ACCOUNT.username}`,
    `The registry's Keycloak account (master realm; manages users, groups and clients of ${config.keycloak.realm} only)`,
    "keycloak_master_registry_password",
    config.keycloak.registryAccountPasswordVersion,
  );
  const { realm } = addKeycloakRealms(stack, {
    keycloakUrl: `https://${config.domains.keycloak}`,
    terraformLogin: { clientId: props.terraform.clientId, clientSecret: terraformClientSecretValue(stack, props.terraform) },
    realmName: config.keycloak.realm,
    publicOrigins: [`https://${config.domains.registry}`],
    emailDomain: config.domains.hostedZone,
    deletionProtection: config.deletionProtection,
    demoUsers: config.keycloak.demoUsers,
    dynamicClientRegistration: config.keycloak.dynamicClientRegistration,
    configuredUsers,
    userPasswords: Object.fromEntries(Object.entries(userPasswords).map(([username, generated]) => [username, generated.password])),
    administratorPassword: administratorPassword.password,
    registryPassword: registryAccount.password,
    clientSecrets,
    keycloakReady: props.keycloakReady,
    databaseId: props.keycloakDatabaseId,
  });

  return {
    realm,
    clientSecrets: { web: clientSecrets.secret(WEB_CLIENT_ID), m2m: clientSecrets.secret(M2M_CLIENT_ID) },
    registrationClientSecret: clientSecrets.secret(REGISTRATION_CLIENT_ID),
    registryAccount,
    administratorPassword,
    userPasswords,
  };
}

/**
 * `keycloak.users` as access-model users. Their addresses derive from the username like the model's own users'
 * (keycloak_user.<name>, keycloak_user_password_<name>, ...): a renamed user is a new user (and the old one is deleted).
 */
export function configuredRealmUsers(config: DeploymentConfig): UserDefinition[] {
  return config.keycloak.users.map((user) => ({
    username: user.username,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    groups: user.groups,
    demo: false,
  }));
}

/** The model with the configuration's users after its own. */
export function withConfiguredUsers(model: AccessModel, users: readonly UserDefinition[]): AccessModel {
  return users.length === 0 ? model : { ...model, users: [...model.users, ...users] };
}

const TERRAFORM_CLIENT_SECRET_EPHEMERAL = "keycloak_terraform_client_secret";

function terraformClientSecretValue(stack: TerraformStack, login: KeycloakTerraformLogin): string {
  // cdktf 0.21 has no ephemeral resource bindings, hence the override. Terraform (>= 1.10) accepts ephemeral values
  // in provider configuration and in provisioners.
  stack.addOverride(`ephemeral.aws_secretsmanager_secret_version.${TERRAFORM_CLIENT_SECRET_EPHEMERAL}`, {
    secret_id: login.secretArn,
    // depends_on takes a bare address, not an interpolation; produced at synth, after any logical ID override.
    depends_on: [
      Lazy.stringValue({ produce: () => `${login.secretWrittenBy.terraformResourceType}.${login.secretWrittenBy.friendlyUniqueId}` }),
    ],
  });
  return Token.asString(ref(`ephemeral.aws_secretsmanager_secret_version.${TERRAFORM_CLIENT_SECRET_EPHEMERAL}.secret_string`, stack));
}

/**
 * One sensitive variable per realm user, `keycloak_user_password_<username>`, for the standalone realm stack that
 * rung 2 applies to a local Keycloak (deployments generate the passwords instead).
 */
export function userPasswordVariables(stack: TerraformStack, model: AccessModel, demoUsers: boolean): Record<string, PasswordSource> {
  return Object.fromEntries(
    realmUsers(model, demoUsers).map((user) => {
      const name = `keycloak_user_password_${terraformName(user.username)}`;
      const variable = new TerraformVariable(stack, name, {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `Initial password of the Keycloak user ${user.username} (at least ${MINIMUM_PASSWORD_LENGTH} characters)`,
        validation: [
          {
            condition: `\${length(var.${name}) >= ${MINIMUM_PASSWORD_LENGTH}}`,
            errorMessage: `${name} must be at least ${MINIMUM_PASSWORD_LENGTH} characters long.`,
          },
        ],
      });
      variable.overrideLogicalId(name);
      // Ephemeral: Terraform keeps the value in neither plan nor state (it only reaches the password provisioner).
      variable.addOverride("ephemeral", true);
      return [user.username, { value: variable.stringValue, version: "1" }];
    }),
  );
}
