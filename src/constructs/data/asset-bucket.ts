import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { Construct } from "constructs";
import { markRegenerable } from "./regenerable";
import { policyDocument } from "../security/policy-document";

export interface AssetBucketProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  /**
   * Refuse every request not made over TLS (a bucket policy). Off only for an emulator that serves S3 over plain HTTP
   * on loopback and enforces bucket policies, where it would refuse Terraform's own reads of the objects.
   */
  readonly tlsOnly: boolean;
}

/** An object the deployment generated at synth and serves to its own tasks. */
export interface AssetFile {
  /** Key in the bucket, also the object's address (`aws_s3_object.<id>`). */
  readonly key: string;
  readonly id: string;
  readonly content: string;
  readonly contentType: string;
}

/** Where a task reads an asset from: bucket, key, the version the task definition pins, and the ARN IAM grants. */
export interface AssetLocation {
  readonly bucket: string;
  readonly key: string;
  /** The object version this apply wrote: a reference, so task definitions naming it are registered after the upload. */
  readonly versionId: string;
  readonly objectArn: string;
}

/**
 * Files the deployment generates at synth and its tasks read at start, so a task start fetches nothing from the
 * internet that the deployment can serve itself (issue #17). SSE-S3 (the content is public data, so the deployment's
 * KMS keys would add only a decrypt grant), versioned (a task reads the version its task definition names), private
 * (public access blocked, bucket owner enforced) and TLS only. `force_destroy`: everything in it is regenerated from
 * the source at every apply, so destroying it loses nothing, and it is not among the prevent_destroy resources.
 */
export class AssetBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  private readonly bucket: S3Bucket;
  private readonly ready: S3BucketVersioning;

  constructor(scope: Construct, id: string, props: AssetBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: `${props.namePrefix}-assets-${props.accountId}-${props.region}`,
      // Only generated, public data: destroy empties it (all versions) instead of failing on a non-empty bucket.
      forceDestroy: true,
      tags: { Name: `${props.namePrefix}-assets` },
    });
    markRegenerable(this.bucket);
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketServerSideEncryptionConfiguration(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    this.ready = new S3BucketVersioning(this, "versioning", { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } });
    if (props.tlsOnly) {
      new S3BucketPolicy(this, "policy", {
        bucket: this.bucket.id,
        policy: policyDocument([
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "s3:*",
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ]),
        // One change to the bucket at a time: S3 answers concurrent configuration changes with OperationAborted.
        dependsOn: [publicAccess],
      });
    }
  }

  /** Uploads `file` (after versioning is on, so it gets a version id) and says where tasks read it. */
  add(file: AssetFile): AssetLocation {
    const object = new S3Object(this, file.id, {
      bucket: this.bucket.id,
      key: file.key,
      content: file.content,
      contentType: file.contentType,
      dependsOn: [this.ready],
    });
    return {
      bucket: this.bucket.bucket,
      key: object.key,
      versionId: object.versionId,
      objectArn: object.arn,
    };
  }
}
