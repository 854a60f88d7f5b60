import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn, Lazy, ref, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { OpenidClient } from "../../../.gen/providers/keycloak/openid-client";
import { terraformName } from "./terraform-name";
import { ClientSecretStore } from "./keycloak-realm";

/** The JSON key of the client secret inside the Secrets Manager value `{"client_id": ..., "client_secret": ...}`. */
export const CLIENT_SECRET_JSON_KEY = "client_secret";
const SECRET_LENGTH = 48;

/** Where a Keycloak client's secret lives, for ECS `secrets` and IAM. */
export interface KeycloakClientSecret {
  readonly clientId: string;
  readonly secretArn: string;
  /** ECS `secrets[].valueFrom` that selects just the client secret: `<arn>:client_secret::`. */
  readonly valueFrom: string;
  /**
   * The rotation version, as a reference to the stored secret. Put it in the consuming task definitions' environment
   * (e.g. KEYCLOAK_CLIENT_SECRET_VERSION): a rotation then rolls them, after the new secret is stored.
   */
  readonly version: string;
}

export interface KeycloakClientSecretsProps {
  readonly namePrefix: string;
  readonly clientIds: readonly string[];
  readonly kmsKeyArn: string;
  /** Bump to rotate every client secret: Keycloak and Secrets Manager receive the new value in the same apply. */
  readonly version: number;
  /** 0 deletes at once, so a destroyed deployment can be re-created under the same names. */
  readonly recoveryWindowInDays: number;
}

/**
 * Client secrets that never reach Terraform state: each apply opens an ephemeral Secrets Manager random password;
 * when `version` changes, that value goes write-only to the Keycloak client (`client_secret_wo`) and then, once
 * Keycloak has accepted it, write-only into the client's KMS-encrypted secret (`secret_string_wo`).
 */
export class KeycloakClientSecrets extends Construct implements ClientSecretStore {
  private readonly version: number;
  private readonly secrets: Record<string, SecretsmanagerSecret> = {};
  private readonly generated: Record<string, string> = {};
  private readonly stored: Record<string, SecretsmanagerSecretVersion> = {};

  constructor(scope: Construct, id: string, props: KeycloakClientSecretsProps) {
    super(scope, id);
    this.version = props.version;
    const stack = TerraformStack.of(this);
    for (const clientId of props.clientIds) {
      const name = `keycloak_client_secret_${terraformName(clientId)}`;
      const secret = new SecretsmanagerSecret(this, clientId, {
        name: `${props.namePrefix}/keycloak/clients/${clientId}`,
        description: `Keycloak client secret of ${clientId} (JSON: client_id, ${CLIENT_SECRET_JSON_KEY})`,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: props.recoveryWindowInDays,
      });
      secret.overrideLogicalId(name);
      this.secrets[clientId] = secret;
      // cdktf 0.21 has no ephemeral resource bindings, hence the override.
      stack.addOverride(`ephemeral.aws_secretsmanager_random_password.${name}`, {
        password_length: SECRET_LENGTH,
        exclude_punctuation: true,
      });
      this.generated[clientId] = Token.asString(ref(`ephemeral.aws_secretsmanager_random_password.${name}.random_password`, stack));
    }
  }

  /**
   * The version Keycloak sees also names the secret, so a re-created secret (which gets a fresh value) re-sends the
   * value to Keycloak in the same apply.
   */
  writeOnlySecret(clientId: string): { value: string; version: string } {
    return { value: this.generatedValue(clientId), version: `${this.version}:${this.declaredSecret(clientId).id}` };
  }

  recordClient(clientId: string, client: OpenidClient): void {
    const secret = this.declaredSecret(clientId);
    const stored = new SecretsmanagerSecretVersion(this, `${clientId}-value`, {
      secretId: secret.id,
      secretStringWo: Fn.jsonencode({ client_id: clientId, [CLIENT_SECRET_JSON_KEY]: this.generatedValue(clientId) }),
      secretStringWoVersion: this.version,
      // Stored only after Keycloak accepted the value: a failed client update must not leave a secret it lacks.
      dependsOn: [client],
      lifecycle: {
        // A re-created client received a fresh value on creation; store that one too. Produced at synth, as
        // replace_triggered_by takes a bare address.
        replaceTriggeredBy: [Lazy.stringValue({ produce: () => `${client.terraformResourceType}.${client.friendlyUniqueId}.id` })],
      },
    });
    stored.overrideLogicalId(`keycloak_client_secret_${terraformName(clientId)}_value`);
    this.stored[clientId] = stored;
  }

  /** The stored secret of a client, available once its Keycloak client has been recorded. */
  secret(clientId: string): KeycloakClientSecret {
    const stored = this.stored[clientId];
    if (!stored) throw new Error(`Keycloak client ${clientId} has no stored secret; is it part of the realm?`);
    return {
      clientId,
      secretArn: stored.arn,
      valueFrom: `${stored.arn}:${CLIENT_SECRET_JSON_KEY}::`,
      version: Token.asString(stored.secretStringWoVersion),
    };
  }

  private declaredSecret(clientId: string): SecretsmanagerSecret {
    const secret = this.secrets[clientId];
    if (!secret) throw new Error(`No secret is declared for Keycloak client ${clientId}`);
    return secret;
  }

  private generatedValue(clientId: string): string {
    this.declaredSecret(clientId);
    return this.generated[clientId];
  }
}
