import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Fn } from "cdktf";
import { Construct } from "constructs";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Record<string, string | string[]>;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface EncryptionKeyProps {
  readonly alias: string;
  readonly description: string;
  readonly accountId: string;
  readonly partition: string;
  /** Statements granting AWS services use of the key, beyond the account's own IAM-based access. */
  readonly serviceStatements?: readonly PolicyStatement[];
}

/** A customer-managed KMS key with rotation, an alias, and a key policy that delegates to IAM plus named services. */
export class EncryptionKey extends Construct {
  readonly keyArn: string;
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministersKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: `arn:${props.partition}:iam::${props.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          ...(props.serviceStatements ?? []),
        ],
      }),
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: key.keyId });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
  }
}
