import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn, TerraformResource, TerraformStack, Token, ref } from "cdktf";
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
  /**
   * The value generated in this run, as an ephemeral expression: only write-only arguments may take it, and they see
   * the same value the secret stores when both carry the same version.
   */
  readonly generatedValue: string;
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
    this.generatedValue = generated;
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
