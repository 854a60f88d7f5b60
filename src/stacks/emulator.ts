import { AwsProviderConfig, AwsProviderEndpoints } from "@cdktf/provider-aws/lib/provider";

/**
 * Every AWS API the stacks call. Each is pointed at the emulator; an API missing here would go to AWS with the dummy
 * key below and be refused, so a gap shows up as a failed deploy, never as a call into a real account.
 */
const EMULATED_SERVICES = [
  "acm",
  "appautoscaling",
  "backup",
  "cloudwatch",
  "docdb",
  "ec2",
  "ecr",
  "ecs",
  "efs",
  "elbv2",
  "events",
  "iam",
  "kms",
  "lambda",
  "logs",
  "rds",
  "route53",
  "s3",
  "secretsmanager",
  "servicediscovery",
  "sns",
  "sqs",
  "ssm",
  "sts",
  "wafv2",
] as const satisfies readonly (keyof AwsProviderEndpoints)[];

/** AWS provider settings that send every call to a local emulator (moto, LocalStack) instead of AWS. */
export function emulatorProviderSettings(endpoint: string): Partial<AwsProviderConfig> {
  return {
    endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, endpoint]))],
    // Emulators accept any key; a literal one keeps the caller's real AWS credentials out of the test deployment.
    accessKey: "emulator",
    secretKey: "emulator",
    skipCredentialsValidation: true,
    skipMetadataApiCheck: "true",
    s3UsePathStyle: true,
    // Few attempts: retrying an API the emulator lacks only delays the failure, but a single attempt turns the local
    // server's occasional dropped keep-alive connection into a failed deploy.
    maxRetries: 3,
  };
}
