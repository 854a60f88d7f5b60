import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "constructs";

/**
 * The login and token paths the tighter rate limit covers, on the request's URI path (URL-decoded): Keycloak's
 * authorization and token endpoints and its login form posts (`/realms/<realm>/login-actions/...`), and the
 * registry's login paths (the auth server's `/oauth2/...` login and callback behind nginx, `/login`, `/api/auth/...`).
 */
export const WAF_LOGIN_PATH_PATTERN = "^/(realms/[^/]+/(protocol/openid-connect/(auth|token)|login-actions/)|oauth2/|login(/|$)|api/auth/)";

/** CloudWatch Logs accepts WAF logs only in log groups named with this prefix. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

/** Request headers WAF writes to its logs as REDACTED: bearer tokens and session cookies. */
export const WAF_REDACTED_HEADERS = ["authorization", "cookie"] as const;

/**
 * Rules of the AWS Common Rule Set counted instead of blocked. SizeRestrictions_BODY blocks any body over 8 KB, and the
 * registry's API and MCP gateway carry server registrations and tool calls as larger JSON bodies.
 */
export const COMMON_RULE_SET_COUNTED = ["SizeRestrictions_BODY"] as const;

export interface WebAclProps {
  readonly namePrefix: string;
  /** One entry per load balancer (a shared load balancer is one): each gets one association. */
  readonly loadBalancers: readonly { readonly kind: string; readonly arn: string }[];
  readonly ipReputationList: boolean;
  readonly rateLimitPerAddress: number;
  readonly loginRateLimitPerAddress: number;
  /** With dynamic client registration on, the Common Rule Set skips its path (see below). */
  readonly clientRegistrationPath?: string;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
}

const RATE_WINDOW_SECONDS = 300;

/**
 * One regional WAFv2 web ACL for the deployment's load balancers: AWS's IP reputation list, a per-address rate limit on
 * the login and token paths, one on every path, the Common and Known Bad Inputs rule sets; everything else allowed.
 * Rate limits count the connection's source address, which the load balancer sees whatever X-Forwarded-For says.
 * Logs go to a CloudWatch log group encrypted with the logs key, without the Authorization and Cookie headers.
 */
export class WebAcl extends Construct {
  readonly arn: string;
  readonly name: string;
  readonly logGroupName: string;
  /** Rules in the web ACL (each is billed per month). */
  readonly ruleCount: number;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const name = `${props.namePrefix}-web-acl`;
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName: `${props.namePrefix}-${metricName}`,
      sampledRequestsEnabled: true,
    });
    const managed = (ruleName: string, priority: number, extra: Record<string, unknown> = {}): Wafv2WebAclRule => ({
      name: ruleName,
      priority,
      overrideAction: { none: {} },
      statement: { managed_rule_group_statement: { vendor_name: "AWS", name: ruleName, ...extra } },
      visibilityConfig: visibility(ruleName),
    });
    const rateLimit = (ruleName: string, priority: number, limit: number, scopeDown?: Record<string, unknown>): Wafv2WebAclRule => ({
      name: ruleName,
      priority,
      action: { block: {} },
      statement: {
        rate_based_statement: {
          limit,
          aggregate_key_type: "IP",
          evaluation_window_sec: RATE_WINDOW_SECONDS,
          ...(scopeDown ? { scope_down_statement: scopeDown } : {}),
        },
      },
      visibilityConfig: visibility(ruleName),
    });

    const rules: Wafv2WebAclRule[] = [];
    if (props.ipReputationList) rules.push(managed("AWSManagedRulesAmazonIpReputationList", 0));
    rules.push(
      rateLimit("LoginRateLimitPerAddress", 10, props.loginRateLimitPerAddress, {
        regex_match_statement: {
          regex_string: WAF_LOGIN_PATH_PATTERN,
          field_to_match: { uri_path: {} },
          text_transformation: [{ priority: 0, type: "URL_DECODE" }],
        },
      }),
      rateLimit("RateLimitPerAddress", 20, props.rateLimitPerAddress),
      managed("AWSManagedRulesCommonRuleSet", 30, {
        rule_action_override: COMMON_RULE_SET_COUNTED.map((rule) => ({ name: rule, action_to_use: { count: {} } })),
        // Dynamic client registration posts redirect URIs (http://localhost:...) that the body rules take for SSRF and
        // file inclusion: the Common Rule Set leaves that path to the rate limits and Known Bad Inputs.
        ...(props.clientRegistrationPath
          ? {
              scope_down_statement: {
                not_statement: {
                  statement: {
                    byte_match_statement: {
                      search_string: props.clientRegistrationPath,
                      positional_constraint: "STARTS_WITH",
                      field_to_match: { uri_path: {} },
                      text_transformation: [{ priority: 0, type: "NONE" }],
                    },
                  },
                },
              },
            }
          : {}),
      }),
      managed("AWSManagedRulesKnownBadInputsRuleSet", 40),
    );

    const acl = new Wafv2WebAcl(this, "acl", {
      name,
      description: `${props.namePrefix}: managed rule groups and per-address rate limits on the load balancers`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility("web-acl"),
      tags: { Name: name },
    });
    this.arn = acl.arn;
    this.name = name;
    this.ruleCount = rules.length;

    for (const loadBalancer of props.loadBalancers) {
      new Wafv2WebAclAssociation(this, `association-${loadBalancer.kind}`, { resourceArn: loadBalancer.arn, webAclArn: acl.arn });
    }

    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `${WAF_LOG_GROUP_PREFIX}${props.namePrefix}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKmsKeyArn,
    });
    this.logGroupName = logGroup.name;
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: acl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: WAF_REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
    });
  }
}
