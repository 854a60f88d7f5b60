import { LocalBackend, TerraformElement, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct, Node } from "constructs";
import { PasswordSource } from "../constructs/identity/keycloak-admin-api";
import { KeycloakMasterRealm } from "../constructs/identity/keycloak-master-realm";
import { ClientSecretStore, KeycloakRealm } from "../constructs/identity/keycloak-realm";
import { terraformName } from "../constructs/identity/terraform-name";
import { MCP_GATEWAY_ACCESS_MODEL } from "../contract/access-model";
import { localStatePath } from "./backend";
import { readableLogicalId } from "./deployment-stack";
import { addKeycloakRealms, userPasswordVariables } from "./keycloak-access";

/** The ephemeral variable holding the secret of Terraform's admin client (KC_BOOTSTRAP_ADMIN_CLIENT_SECRET). */
export const TERRAFORM_CLIENT_SECRET_VARIABLE = "keycloak_terraform_client_secret";
/** The ephemeral variables holding the passwords of the master realm's administrator and of the registry's account. */
export const ADMINISTRATOR_PASSWORD_VARIABLE = "keycloak_administrator_password";
export const REGISTRY_ACCOUNT_PASSWORD_VARIABLE = "keycloak_registry_account_password";
/** The rotation version of the client secrets: bump it with new `keycloak_client_secret_<client>` values to rotate. */
export const CLIENT_SECRET_VERSION_VARIABLE = "keycloak_client_secret_version";
/** The ephemeral variable holding a client's secret. */
export function clientSecretVariable(clientId: string): string {
  return `keycloak_client_secret_${terraformName(clientId)}`;
}

export interface KeycloakRealmStackProps {
  /** The Keycloak to configure, e.g. `http://localhost:8080` for a local test server. */
  readonly keycloakUrl: string;
  /** Terraform's admin client, bootstrapped with Keycloak (KC_BOOTSTRAP_ADMIN_CLIENT_ID), as in a deployment. */
  readonly terraformClientId: string;
  readonly realmName: string;
  /** The registry and auth server origins the web client redirects to (`https://host[:port]`). */
  readonly publicOrigins: readonly string[];
  readonly emailDomain: string;
  readonly demoUsers: boolean;
  readonly dynamicClientRegistration: boolean;
}

function ephemeralVariable(stack: TerraformStack, name: string, description: string): TerraformVariable {
  const variable = new TerraformVariable(stack, name, { type: "string", sensitive: true, nullable: false, description });
  variable.overrideLogicalId(name);
  variable.addOverride("ephemeral", true);
  return variable;
}

/** Client secrets from ephemeral variables, sent write-only; a new version variable sends them again (rotation). */
class VariableClientSecrets implements ClientSecretStore {
  private readonly version: TerraformVariable;

  constructor(private readonly stack: TerraformStack) {
    this.version = new TerraformVariable(stack, CLIENT_SECRET_VERSION_VARIABLE, {
      type: "number",
      default: 1,
      description: "Rotation version of the client secrets",
    });
    this.version.overrideLogicalId(CLIENT_SECRET_VERSION_VARIABLE);
  }

  writeOnlySecret(clientId: string): { value: string; version: string } {
    const name = clientSecretVariable(clientId);
    const variable = ephemeralVariable(this.stack, name, `Secret of the Keycloak client ${clientId}`);
    return { value: variable.stringValue, version: `\${tostring(var.${CLIENT_SECRET_VERSION_VARIABLE})}` };
  }

  recordClient(): void {
    // Nothing stores the secrets here: the test reads them from its own environment.
  }
}

/**
 * The deployment's Keycloak configuration (addKeycloakRealms, the code path the app stack uses) against any Keycloak
 * started as a deployment starts it (with Terraform's admin client bootstrapped): for end-to-end tests against a local
 * server. Nothing in AWS: every credential comes from an ephemeral variable (keycloak_terraform_client_secret,
 * keycloak_user_password_<user>, keycloak_administrator_password, keycloak_registry_account_password,
 * keycloak_client_secret_<client>), so none is in plan or state.
 */
export class KeycloakRealmStack extends TerraformStack {
  readonly realm: KeycloakRealm;
  readonly master: KeycloakMasterRealm;

  constructor(scope: Construct, id: string, props: KeycloakRealmStackProps) {
    super(scope, id);
    new LocalBackend(this, { path: localStatePath(id) });
    const password = (name: string, description: string): PasswordSource => ({
      value: ephemeralVariable(this, name, description).stringValue,
      version: "1",
    });
    const { realm, master } = addKeycloakRealms(this, {
      keycloakUrl: props.keycloakUrl,
      terraformLogin: {
        clientId: props.terraformClientId,
        clientSecret: ephemeralVariable(this, TERRAFORM_CLIENT_SECRET_VARIABLE, `Secret of ${props.terraformClientId}`).stringValue,
      },
      realmName: props.realmName,
      publicOrigins: props.publicOrigins,
      emailDomain: props.emailDomain,
      deletionProtection: false,
      demoUsers: props.demoUsers,
      dynamicClientRegistration: props.dynamicClientRegistration,
      userPasswords: userPasswordVariables(this, MCP_GATEWAY_ACCESS_MODEL, props.demoUsers),
      administratorPassword: password(ADMINISTRATOR_PASSWORD_VARIABLE, "Initial password of the master realm's administrator"),
      registryPassword: password(REGISTRY_ACCOUNT_PASSWORD_VARIABLE, "Password of the registry's master-realm account"),
      clientSecrets: new VariableClientSecrets(this),
      keycloakReady: [],
    });
    this.realm = realm;
    this.master = master;
    new TerraformOutput(this, "realm_name", { value: this.realm.realmName, description: "The configured realm" });
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return readableLogicalId(this, element);
  }
}
