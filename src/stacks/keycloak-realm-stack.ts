import { LocalBackend, TerraformElement, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct, Node } from "constructs";
import { KeycloakProvider } from "../../.gen/providers/keycloak/provider";
import { KeycloakRealm } from "../constructs/keycloak-realm";
import { MCP_GATEWAY_ACCESS_MODEL } from "../keycloak/access-model";
import { localStatePath } from "./backend";
import { readableLogicalId } from "./deployment-stack";
import { userPasswordVariables } from "./keycloak-access";

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
 * Credentials come from sensitive variables (keycloak_admin_password, keycloak_user_password_<user>).
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
    new TerraformOutput(this, "realm_name", { value: this.realm.realmName, description: "The configured realm" });
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return readableLogicalId(this, element);
  }
}
