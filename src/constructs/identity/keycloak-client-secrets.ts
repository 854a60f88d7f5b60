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
   * or labels: a rotation then rolls them, after the new secret is stored.
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
 * Client secrets that never reach Terraform state: when `version` changes, an ephemeral Secrets Manager random
 * password goes write-only into the client's KMS-encrypted secret (`secret_string_wo`), and Keycloak receives the
 * client secret write-only (`client_secret_wo`) from an ephemeral read of that stored secret, after it is written. The
 * secret is the one source of the value: a client that is re-created (write-only values are sent on creation) gets the
 * stored value, and an apply interrupted between the two writes converges on the next, instead of leaving Keycloak
 * and the secret with different values.
 */
export class KeycloakClientSecrets extends Construct implements ClientSecretStore {
  private readonly version: number;
  private readonly secrets: Record<string, SecretsmanagerSecret> = {};
  private readonly stored: Record<string, SecretsmanagerSecretVersion> = {};
  private readonly storedValues: Record<string, string> = {};
  private readonly clients: Record<string, OpenidClient> = {};

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
      // cdktf 0.21 has no ephemeral resource bindings, hence the overrides.
      stack.addOverride(`ephemeral.aws_secretsmanager_random_password.${name}`, {
        password_length: SECRET_LENGTH,
        exclude_punctuation: true,
      });
      const generated = Token.asString(ref(`ephemeral.aws_secretsmanager_random_password.${name}.random_password`, stack));
      const stored = new SecretsmanagerSecretVersion(this, `${clientId}-value`, {
        secretId: secret.id,
        secretStringWo: Fn.jsonencode({ client_id: clientId, [CLIENT_SECRET_JSON_KEY]: generated }),
        secretStringWoVersion: this.version,
      });
      stored.overrideLogicalId(`${name}_value`);
      this.stored[clientId] = stored;
      stack.addOverride(`ephemeral.aws_secretsmanager_secret_version.${name}_stored`, {
        secret_id: secret.id,
        // depends_on takes a bare address, produced at synth after the logical ID override.
        depends_on: [Lazy.stringValue({ produce: () => `${stored.terraformResourceType}.${stored.friendlyUniqueId}` })],
      });
      const storedString = Token.asString(ref(`ephemeral.aws_secretsmanager_secret_version.${name}_stored.secret_string`, stack));
      this.storedValues[clientId] = Token.asString(Fn.lookup(Fn.jsondecode(storedString), CLIENT_SECRET_JSON_KEY));
    }
  }

  /**
   * The stored value, and a version that also names the secret, so a re-created secret (which gets a fresh value)
   * re-sends the value to Keycloak in the same apply.
   */
  writeOnlySecret(clientId: string): { value: string; version: string } {
    return { value: this.storedValue(clientId), version: `${this.version}:${this.declaredSecret(clientId).id}` };
  }

  recordClient(clientId: string, client: OpenidClient): void {
    this.declaredSecret(clientId);
    this.clients[clientId] = client;
  }

  /** The stored secret of a client, available once its Keycloak client has been recorded. */
  secret(clientId: string): KeycloakClientSecret {
    const client = this.clients[clientId];
    if (!client) throw new Error(`Keycloak client ${clientId} has no stored secret; is it part of the realm?`);
    const stored = this.stored[clientId];
    return {
      clientId,
      secretArn: stored.arn,
      valueFrom: `${stored.arn}:${CLIENT_SECRET_JSON_KEY}::`,
      // The stored version: consumers roll after the new value is stored. Not the version Keycloak received, which would
      // tie the services' task definitions to the Keycloak provider (rung 1a plans the app stack without it).
      version: Token.asString(stored.secretStringWoVersion),
    };
  }

  private declaredSecret(clientId: string): SecretsmanagerSecret {
    const secret = this.secrets[clientId];
    if (!secret) throw new Error(`No secret is declared for Keycloak client ${clientId}`);
    return secret;
  }

  private storedValue(clientId: string): string {
    this.declaredSecret(clientId);
    return this.storedValues[clientId];
  }
}
