import { WAF_LOG_GROUP_PREFIX } from "../edge/web-acl";

/**
 * The names of every log group this deployment creates, as wildcard patterns (`*` matches anything): the logs key
 * lets CloudWatch Logs use it for these log groups only. A construct that adds a log group under another name must add
 * its pattern here (a test checks every synthesized log group against this list).
 */
export function deploymentLogGroupPatterns(namePrefix: string): string[] {
  return [
    // Services and ECS Exec sessions.
    `/ecs/${namePrefix}/*`,
    // VPC flow logs.
    `/aws/vpc/${namePrefix}/*`,
    // Keycloak's PostgreSQL, either engine (names RDS chooses for exported logs).
    `/aws/rds/cluster/${namePrefix}-keycloak/*`,
    `/aws/rds/instance/${namePrefix}-keycloak/*`,
    // The registry's DocumentDB audit and profiler logs.
    `/aws/docdb/${namePrefix}-registry/*`,
    // The web ACL's logs (WAF requires the aws-waf-logs- prefix).
    `${WAF_LOG_GROUP_PREFIX}${namePrefix}`,
  ];
}

/** The log-group ARNs of the patterns, as `kms:EncryptionContext:aws:logs:arn` carries them. */
export function deploymentLogGroupArnPatterns(props: {
  readonly namePrefix: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}): string[] {
  return deploymentLogGroupPatterns(props.namePrefix).map(
    (pattern) => `arn:${props.partition}:logs:${props.region}:${props.accountId}:log-group:${pattern}`,
  );
}
