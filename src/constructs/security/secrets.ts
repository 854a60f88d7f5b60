import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn, Lazy, TerraformResource, TerraformStack, Token, ref } from "cdktf";
import { Construct } from "constructs";
import { SecretReference } from "../compute/fargate-service";

export interface GeneratedSecretProps {
  /** Physical name in Secrets Manager. */
  readonly name: string;
  readonly description: string;
  readonly kmsKeyArn: string;
  /** Generation of the value: bumping it makes Terraform write a newly generated value. */
  readonly version: number;
  readonly length: number;
  /** Store `{"username": ..., "password": ...}` instead of the bare value, for credentials. */
  readonly username?: string;
  /** 0 deletes at once, so a destroyed deployment can be re-created under the same names. */
  readonly recoveryWindowInDays: number;
  /** Pinned address of the secret and its version (`aws_secretsmanager_secret.<address>`). */
  readonly address: string;
}

/**
 * A Secrets Manager secret whose value AWS generates during apply and Terraform passes on without storing it: an
 * ephemeral `aws_secretsmanager_random_password` feeds the write-only `secret_string_wo`, so the value is never in
 * the configuration, the plan or the state.
 */
export class GeneratedSecret extends Construct {
  readonly secretArn: string;
  /** The secret version that stores the value: whatever reads the value must come after it. */
  readonly valueWrittenBy: TerraformResource;
  private readonly props: GeneratedSecretProps;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    this.props = props;
    const stack = TerraformStack.of(this);
    // cdktf 0.21 has no bindings for ephemeral resources; Terraform >= 1.11 reads this block as written.
    stack.addOverride(`ephemeral.aws_secretsmanager_random_password.${props.address}`, {
      password_length: props.length,
      // Letters and digits only: the values travel through environment variables, URLs and shell scripts unquoted.
      exclude_punctuation: true,
      require_each_included_type: true,
    });
    const generated = Token.asString(ref(`ephemeral.aws_secretsmanager_random_password.${props.address}.random_password`, stack));
    const secret = new SecretsmanagerSecret(this, "secret", {
      name: props.name,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowInDays,
    });
    secret.overrideLogicalId(props.address);
    const version = new SecretsmanagerSecretVersion(this, "value", {
      secretId: secret.id,
      secretStringWo: props.username ? Fn.jsonencode({ username: props.username, password: generated }) : generated,
      secretStringWoVersion: props.version,
    });
    version.overrideLogicalId(props.address);
    this.secretArn = secret.arn;
    this.valueWrittenBy = version;
  }

  /**
   * The stored value, read back from the secret during plan and apply only (an ephemeral
   * `aws_secretsmanager_secret_version` at `address`, ordered after the version that writes it), for write-only
   * arguments: what they send is what the secret holds, so a re-created or replaced consumer (which sends its write-only
   * value on creation) receives the stored value, never a fresh one no secret holds, and an apply interrupted between
   * the two writes converges on the next. One key of a credentials secret, or the bare value.
   */
  storedValue(address: string, jsonKey?: "username" | "password"): string {
    if (jsonKey && !this.props.username) throw new Error(`secret ${this.props.name} stores a bare value, not ${jsonKey}`);
    const stack = TerraformStack.of(this);
    const writtenBy = this.valueWrittenBy;
    // cdktf 0.21 has no ephemeral bindings, hence the override; Terraform >= 1.11 reads it as written.
    stack.addOverride(`ephemeral.aws_secretsmanager_secret_version.${address}`, {
      secret_id: this.secretArn,
      // depends_on takes a bare address, produced at synth after the logical ID override.
      depends_on: [Lazy.stringValue({ produce: () => `${writtenBy.terraformResourceType}.${writtenBy.friendlyUniqueId}` })],
    });
    const secretString = Token.asString(ref(`ephemeral.aws_secretsmanager_secret_version.${address}.secret_string`, stack));
    return jsonKey ? Token.asString(Fn.lookup(Fn.jsondecode(secretString), jsonKey)) : secretString;
  }

  /** The generation of the stored value. */
  get version(): number {
    return this.props.version;
  }

  /** The secret for a container: the whole value, or one key (`username`, `password`) of a credentials secret. */
  reference(jsonKey?: "username" | "password"): SecretReference {
    if (jsonKey && !this.props.username) throw new Error(`secret ${this.props.name} stores a bare value, not ${jsonKey}`);
    return { secretArn: this.secretArn, jsonKey, version: this.props.version, kmsKeyArn: this.props.kmsKeyArn };
  }
}
