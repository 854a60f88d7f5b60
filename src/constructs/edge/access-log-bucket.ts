import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PolicyStatement, policyDocument } from "../security/policy-document";

/**
 * Regions opened before August 2022, where Elastic Load Balancing delivers access logs as a regional AWS account
 * (the `aws_elb_service_account` data source knows it). Every region opened since delivers as the service principal
 * ELB_LOG_DELIVERY_SERVICE, and has no such account. Source: Elastic Load Balancing user guide, "Enable access logs
 * for your Application Load Balancer", step 2 (bucket policy).
 */
export const ELB_ACCOUNT_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-south-1",
  "eu-north-1",
  "me-south-1",
  "sa-east-1",
  "us-gov-east-1",
  "us-gov-west-1",
];
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

export interface AccessLogBucketProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  /** Key prefix; each load balancer writes under `<prefix>/<kind>/AWSLogs/<account>/`. */
  readonly prefix: string;
  /** The load balancers writing here (`main`, `keycloak`), each under its own prefix. */
  readonly writers: readonly string[];
  readonly retentionDays: number;
}

/**
 * The load balancers' access log bucket: SSE-S3 (ALB log delivery supports no KMS key), versioned, private, TLS only,
 * log objects expiring after retentionDays, and the bucket policy the region's ELB log delivery needs.
 */
export class AccessLogBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** What must exist before a load balancer turns its access logs on: AWS checks the delivery permission then. */
  readonly ready: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const bucket = new S3Bucket(this, "bucket", {
      bucket: `${props.namePrefix}-alb-logs-${props.accountId}-${props.region}`,
      // Access logs are evidence: destroy never deletes them with the bucket; a bucket still holding logs stops it
      // (docs/security.md, "Access logs and WAF").
      forceDestroy: false,
      tags: { Name: `${props.namePrefix}-alb-logs` },
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketServerSideEncryptionConfiguration(this, "encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    const versioning = new S3BucketVersioning(this, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: `${props.prefix}/` }],
          expiration: [{ days: props.retentionDays }],
          // A deleted or expired log stays recoverable for a week, then goes for good.
          noncurrentVersionExpiration: [{ noncurrentDays: 7 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
        { id: "remove-expired-delete-markers", status: "Enabled", filter: [{}], expiration: [{ expiredObjectDeleteMarker: true }] },
      ],
      dependsOn: [versioning],
    });

    const writer: Record<string, string> = ELB_ACCOUNT_REGIONS.includes(props.region)
      ? { AWS: new DataAwsElbServiceAccount(this, "elb-account", {}).arn }
      : { Service: ELB_LOG_DELIVERY_SERVICE };
    const statements: PolicyStatement[] = [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "s3:*",
        Resource: [bucket.arn, `${bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "ElasticLoadBalancingDeliversAccessLogs",
        Effect: "Allow",
        Principal: writer,
        Action: "s3:PutObject",
        Resource: props.writers.map((kind) => `${bucket.arn}/${props.prefix}/${kind}/AWSLogs/${props.accountId}/*`),
      },
    ];
    const policy = new S3BucketPolicy(this, "policy", {
      bucket: bucket.id,
      policy: policyDocument(statements),
      // One change to the bucket at a time: S3 answers concurrent configuration changes with OperationAborted.
      dependsOn: [publicAccess],
    });
    this.ready = [policy];
  }
}
