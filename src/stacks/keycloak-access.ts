import { Fn, ITerraformDependable, Lazy, ref, TerraformResource, TerraformStack, TerraformVariable, Token } from "cdktf";
import { KeycloakProvider } from "../../.gen/providers/keycloak/provider";
import { DeploymentConfig } from "../config/deployment-config";
import { KeycloakClientSecret, KeycloakClientSecrets } from "../constructs/keycloak-client-secrets";
import { KeycloakRealm } from "../constructs/keycloak-realm";
import { AccessModel, M2M_CLIENT_ID, MCP_GATEWAY_ACCESS_MODEL, realmUsers, WEB_CLIENT_ID } from "../keycloak/access-model";
import { terraformName } from "../keycloak/terraform-name";

/** Keycloak's initial passwords must pass the realm's password policy, which starts at 12 characters. */
const MINIMUM_PASSWORD_LENGTH = 12;

/** The master-realm administrator Terraform logs in as: the bootstrap admin the Keycloak service starts with. */
export interface KeycloakAdminLogin {
  readonly username: string;
  /** The Secrets Manager secret holding the bootstrap admin password (KC_BOOTSTRAP_ADMIN_PASSWORD). */
  readonly passwordSecretArn: string;
  /** The JSON key of the password when the secret holds JSON; omit when the secret is the bare password. */
  readonly passwordJsonKey?: string;
  /** The resource that writes the secret's value (its secret version); the provider reads it only after that. */
  readonly passwordWrittenBy: TerraformResource;
}

export interface KeycloakAccessProps {
  readonly config: DeploymentConfig;
  readonly admin: KeycloakAdminLogin;
  /** KMS key that encrypts the client secrets; the consuming task execution roles need kms:Decrypt on it. */
  readonly secretsKmsKeyArn: string;
  /** What must be in place before Keycloak answers: its ECS service, its listener and its DNS record. */
  readonly keycloakReady: readonly ITerraformDependable[];
}

export interface KeycloakAccess {
  readonly realm: KeycloakRealm;
  /** The secrets the registry and auth server read: KEYCLOAK_CLIENT_SECRET (web) and KEYCLOAK_M2M_CLIENT_SECRET. */
  readonly clientSecrets: { readonly web: KeycloakClientSecret; readonly m2m: KeycloakClientSecret };
}

/**
 * Adds the Keycloak provider, the realm and the client secrets to a stack. The provider logs in with the
 * bootstrap admin password, read through an ephemeral resource: it never enters the plan or state, and there is no
 * variable to keep in sync with the password the Keycloak service was started with.
 */
export function addKeycloakAccess(stack: TerraformStack, props: KeycloakAccessProps): KeycloakAccess {
  const { config } = props;
  const model = MCP_GATEWAY_ACCESS_MODEL;
  const provider = new KeycloakProvider(stack, "keycloak-provider", {
    url: `https://${config.domains.keycloak}`,
    realm: "master",
    clientId: "admin-cli",
    username: props.admin.username,
    password: bootstrapAdminPassword(stack, props.admin),
    // Keycloak is created in the same apply; the provider logs in on its first request, not when it is configured.
    initialLogin: false,
  });

  const clientSecrets = new KeycloakClientSecrets(stack, "keycloak-client-secrets", {
    namePrefix: config.namePrefix,
    clientIds: model.clients.map((client) => client.clientId),
    kmsKeyArn: props.secretsKmsKeyArn,
    version: config.keycloak.clientSecretVersion,
    recoveryWindowInDays: config.deletionProtection ? 7 : 0,
  });
  const realm = new KeycloakRealm(stack, "keycloak-realm", {
    provider,
    model,
    realmName: config.keycloak.realm,
    displayName: "MCP Gateway Registry",
    publicOrigins: [`https://${config.domains.registry}`],
    emailDomain: config.domains.hostedZone,
    deletionProtection: config.deletionProtection,
    demoUsers: config.keycloak.demoUsers,
    initialPasswords: userPasswordVariables(stack, model, config.keycloak.demoUsers),
    temporaryPasswords: true,
    clientSecrets,
    dependsOn: props.keycloakReady,
    dynamicClientRegistration: config.keycloak.dynamicClientRegistration,
  });

  return {
    realm,
    clientSecrets: { web: clientSecrets.secret(WEB_CLIENT_ID), m2m: clientSecrets.secret(M2M_CLIENT_ID) },
  };
}

const ADMIN_PASSWORD_EPHEMERAL = "keycloak_bootstrap_admin_password";

function bootstrapAdminPassword(stack: TerraformStack, admin: KeycloakAdminLogin): string {
  // cdktf 0.21 has no ephemeral resource bindings, hence the override. Terraform (>= 1.10) accepts ephemeral values
  // in provider configuration.
  stack.addOverride(`ephemeral.aws_secretsmanager_secret_version.${ADMIN_PASSWORD_EPHEMERAL}`, {
    secret_id: admin.passwordSecretArn,
    // depends_on takes a bare address, not an interpolation; produced at synth, after any logical ID override.
    depends_on: [Lazy.stringValue({ produce: () => `${admin.passwordWrittenBy.terraformResourceType}.${admin.passwordWrittenBy.friendlyUniqueId}` })],
  });
  const secretString = ref(`ephemeral.aws_secretsmanager_secret_version.${ADMIN_PASSWORD_EPHEMERAL}.secret_string`, stack);
  return Token.asString(admin.passwordJsonKey === undefined ? secretString : Fn.lookup(Fn.jsondecode(Token.asString(secretString)), admin.passwordJsonKey));
}

/**
 * One sensitive variable per realm user, `keycloak_user_password_<username>`: Keycloak's user resource has no
 * write-only password, so an initial password can't come from an ephemeral value. Set them as sensitive Terraform
 * Cloud workspace variables or TF_VAR_ environment variables.
 */
export function userPasswordVariables(stack: TerraformStack, model: AccessModel, demoUsers: boolean): Record<string, string> {
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
      return [user.username, variable.stringValue];
    }),
  );
}
