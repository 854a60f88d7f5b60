import { LocalBackend, TerraformElement, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct, Node } from "constructs";
import { KeycloakProvider } from "../../.gen/providers/keycloak/provider";
import { KeycloakMasterRealm } from "../constructs/identity/keycloak-master-realm";
import { KeycloakRealm } from "../constructs/identity/keycloak-realm";
import { MCP_GATEWAY_ACCESS_MODEL } from "../contract/access-model";
import { localStatePath } from "./backend";
import { readableLogicalId } from "./deployment-stack";
import { KEYCLOAK_REGISTRY_ACCOUNT, userPasswordVariables } from "./keycloak-access";

/** The sensitive variable holding the registry account's password in the standalone realm stack. */
export const REGISTRY_ACCOUNT_PASSWORD_VARIABLE = "keycloak_registry_account_password";

export interface KeycloakRealmStackProps {
  /** The Keycloak to configure, e.g. `http://localhost:8080` for a local test server. */
  readonly keycloakUrl: string;
  readonly adminUsername: string;
  readonly realmName: string;
  /** The registry and auth server origins the web client redirects to (`https://host[:port]`). */
  readonly publicOrigins: readonly string[];
  readonly emailDomain: string;
  readonly demoUsers: boolean;
}

/**
 * The MCP Gateway realm on its own, against any Keycloak: for end-to-end tests against a local server. Nothing in
 * AWS: Keycloak generates the client secrets itself, and passwords are permanent so tests can use them directly.
 * Credentials come from sensitive variables (keycloak_admin_password, keycloak_user_password_<user>,
 * keycloak_registry_account_password). Besides the realm, the registry's least-privilege master-realm account.
 */
export class KeycloakRealmStack extends TerraformStack {
  readonly realm: KeycloakRealm;

  constructor(scope: Construct, id: string, props: KeycloakRealmStackProps) {
    super(scope, id);
    new LocalBackend(this, { path: localStatePath(id) });
    const adminPassword = new TerraformVariable(this, "keycloak_admin_password", {
      type: "string",
      sensitive: true,
      nullable: false,
      description: `Password of the master-realm administrator ${props.adminUsername}`,
    });
    const provider = new KeycloakProvider(this, "keycloak-admin", {
      url: props.keycloakUrl,
      realm: "master",
      clientId: "admin-cli",
      username: props.adminUsername,
      password: adminPassword.stringValue,
      initialLogin: false,
    });
    this.realm = new KeycloakRealm(this, "mcp-gateway", {
      provider,
      model: MCP_GATEWAY_ACCESS_MODEL,
      realmName: props.realmName,
      displayName: "MCP Gateway Registry",
      publicOrigins: props.publicOrigins,
      emailDomain: props.emailDomain,
      deletionProtection: false,
      demoUsers: props.demoUsers,
      initialPasswords: userPasswordVariables(this, MCP_GATEWAY_ACCESS_MODEL, props.demoUsers),
      temporaryPasswords: false,
      dependsOn: [],
    });
    const registryPassword = new TerraformVariable(this, REGISTRY_ACCOUNT_PASSWORD_VARIABLE, {
      type: "string",
      sensitive: true,
      nullable: false,
      description: "Password of the registry's master-realm account",
    });
    new KeycloakMasterRealm(this, "master", {
      provider,
      managedRealm: { name: props.realmName, resource: this.realm.realmResource },
      emailDomain: props.emailDomain,
      registry: { ...KEYCLOAK_REGISTRY_ACCOUNT, password: registryPassword.stringValue },
      dependsOn: [],
    });
    new TerraformOutput(this, "realm_name", { value: this.realm.realmName, description: "The configured realm" });
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return readableLogicalId(this, element);
  }
}
