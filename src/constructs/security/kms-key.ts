import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { PolicyStatement, policyDocument } from "./policy-document";

export interface EncryptionKeyProps {
  readonly alias: string;
  readonly description: string;
  readonly accountId: string;
  readonly partition: string;
  /** Statements granting AWS services use of the key, beyond the account's own IAM-based access. */
  readonly serviceStatements?: readonly PolicyStatement[];
  /** Pins the key's Terraform address (`aws_kms_key.<name>`), so renaming the construct never replaces the key. */
  readonly address?: string;
  /** The address the key had before it was pinned (`aws_kms_key.<name>`): Terraform moves its state instead of replacing it. */
  readonly previousAddress?: string;
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
      policy: policyDocument([
        {
          Sid: "AccountAdministersKeyThroughIam",
          Effect: "Allow",
          Principal: { AWS: `arn:${props.partition}:iam::${props.accountId}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        ...(props.serviceStatements ?? []),
      ]),
    });
    if (props.address) key.overrideLogicalId(props.address);
    if (props.previousAddress) key.moveFromId(props.previousAddress);
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: key.keyId });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
  }
}
