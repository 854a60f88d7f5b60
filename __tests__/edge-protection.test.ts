import { ELB_LOG_DELIVERY_SERVICE } from "../src/constructs/edge/access-log-bucket";
import { WAF_LOGIN_PATH_PATTERN } from "../src/constructs/edge/web-acl";
import { configProblems, exampleRawConfig, Json, ref, resourceList, resources, synthStacks } from "./support";

function withLoadBalancers(settings: Json, raw: Json = exampleRawConfig()): Json {
  return { ...raw, loadBalancers: { ...raw.loadBalancers, ...settings } };
}

describe("WAF on every load balancer", () => {
  const { app } = synthStacks();
  const acl = resources(app, "aws_wafv2_web_acl").waf_acl;
  const rule = (name: string) => acl.rule.find((candidate: Json) => candidate.name === name);

  test("one regional web ACL, allowing by default, associated once with each load balancer", () => {
    expect(resourceList(app, "aws_wafv2_web_acl")).toHaveLength(1);
    expect(acl).toMatchObject({ name: "mcp-gateway-web-acl", scope: "REGIONAL", default_action: { allow: {} } });
    const associations = resourceList(app, "aws_wafv2_web_acl_association");
    expect(associations.map((association) => association.resource_arn).sort()).toEqual([
      ref("aws_lb.load_balancers_keycloak", "arn"),
      ref("aws_lb.load_balancers_main", "arn"),
    ]);
    expect(new Set(associations.map((association) => association.web_acl_arn))).toEqual(new Set([ref("aws_wafv2_web_acl.waf_acl", "arn")]));
  });

  test("a shared load balancer gets exactly one association", () => {
    const shared = synthStacks(withLoadBalancers({ shared: true })).app;
    expect(resourceList(shared, "aws_wafv2_web_acl_association").map((association) => association.resource_arn)).toEqual([
      ref("aws_lb.load_balancers_main", "arn"),
    ]);
  });

  test("AWS's IP reputation list, Common and Known Bad Inputs rule sets, in that order around the rate limits", () => {
    expect(acl.rule.map((candidate: Json) => [candidate.priority, candidate.name])).toEqual([
      [0, "AWSManagedRulesAmazonIpReputationList"],
      [10, "LoginRateLimitPerAddress"],
      [20, "RateLimitPerAddress"],
      [30, "AWSManagedRulesCommonRuleSet"],
      [40, "AWSManagedRulesKnownBadInputsRuleSet"],
    ]);
    for (const name of ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]) {
      expect(rule(name).statement.managed_rule_group_statement).toMatchObject({ vendor_name: "AWS", name });
      expect(rule(name).override_action).toEqual({ none: {} });
    }
    // Bodies over 8 KB (server registrations, tool calls) are counted, not blocked.
    expect(rule("AWSManagedRulesCommonRuleSet").statement.managed_rule_group_statement.rule_action_override).toEqual([
      { name: "SizeRestrictions_BODY", action_to_use: { count: {} } },
    ]);
    for (const candidate of acl.rule) {
      expect(candidate.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
    }
  });

  test("per-address rate limits: 2000 per 5 minutes everywhere, 100 on the login and token paths", () => {
    expect(rule("RateLimitPerAddress")).toMatchObject({
      action: { block: {} },
      statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
    });
    expect(rule("RateLimitPerAddress").statement.rate_based_statement.scope_down_statement).toBeUndefined();
    const login = rule("LoginRateLimitPerAddress");
    expect(login).toMatchObject({ action: { block: {} }, statement: { rate_based_statement: { limit: 100, aggregate_key_type: "IP" } } });
    expect(login.statement.rate_based_statement.scope_down_statement.regex_match_statement).toEqual({
      regex_string: WAF_LOGIN_PATH_PATTERN,
      field_to_match: { uri_path: {} },
      text_transformation: [{ priority: 0, type: "URL_DECODE" }],
    });
    // WAF's regex limit.
    expect(WAF_LOGIN_PATH_PATTERN.length).toBeLessThanOrEqual(200);
  });

  test.each([
    ["/realms/mcp-gateway/protocol/openid-connect/token", true],
    ["/realms/mcp-gateway/protocol/openid-connect/auth", true],
    ["/realms/mcp-gateway/login-actions/authenticate", true],
    ["/oauth2/login/keycloak", true],
    ["/oauth2/callback/keycloak", true],
    ["/login", true],
    ["/api/auth/me", true],
    ["/realms/mcp-gateway/protocol/openid-connect/certs", false],
    ["/realms/mcp-gateway/.well-known/openid-configuration", false],
    ["/mcpgw/mcp", false],
    ["/api/servers", false],
    ["/loginx", false],
  ])("the login rate limit covers %s: %s", (path, covered) => {
    expect(new RegExp(WAF_LOGIN_PATH_PATTERN).test(path)).toBe(covered);
  });

  test("rate limits and the IP reputation list are configurable", () => {
    const tuned = synthStacks(
      withLoadBalancers({ waf: { rateLimitPerAddress: 5000, loginRateLimitPerAddress: 50, ipReputationList: false } }),
    ).app;
    const rules = resources(tuned, "aws_wafv2_web_acl").waf_acl.rule;
    expect(rules.map((candidate: Json) => candidate.name)).not.toContain("AWSManagedRulesAmazonIpReputationList");
    const limit = (name: string) => rules.find((candidate: Json) => candidate.name === name).statement.rate_based_statement.limit;
    expect([limit("RateLimitPerAddress"), limit("LoginRateLimitPerAddress")]).toEqual([5000, 50]);
  });

  test("rate limits are validated: AWS's minimum, and the login limit at most the general one", () => {
    expect(configProblems(withLoadBalancers({ waf: { loginRateLimitPerAddress: 5 } }))).toEqual([
      expect.stringMatching(/^loadBalancers\.waf\.loginRateLimitPerAddress.*at least 10/),
    ]);
    expect(configProblems(withLoadBalancers({ waf: { rateLimitPerAddress: 200, loginRateLimitPerAddress: 300 } }))).toEqual([
      expect.stringMatching(/^loadBalancers\.waf\.loginRateLimitPerAddress.*above rateLimitPerAddress/),
    ]);
    expect(configProblems(withLoadBalancers({ waf: { rateLimit: 100 } }))).toEqual([expect.stringMatching(/rateLimit/)]);
  });

  test("with dynamic client registration, the Common Rule Set leaves the registration path alone", () => {
    const raw = exampleRawConfig();
    raw.keycloak = { ...raw.keycloak, dynamicClientRegistration: true };
    const rules = resources(synthStacks(raw).app, "aws_wafv2_web_acl").waf_acl.rule;
    const common = rules.find((candidate: Json) => candidate.name === "AWSManagedRulesCommonRuleSet");
    expect(common.statement.managed_rule_group_statement.scope_down_statement).toEqual({
      not_statement: {
        statement: {
          byte_match_statement: {
            search_string: "/realms/mcp-gateway/clients-registrations/",
            positional_constraint: "STARTS_WITH",
            field_to_match: { uri_path: {} },
            text_transformation: [{ priority: 0, type: "NONE" }],
          },
        },
      },
    });
    expect(rule("AWSManagedRulesCommonRuleSet").statement.managed_rule_group_statement.scope_down_statement).toBeUndefined();
  });

  test("logs to aws-waf-logs-<prefix>, encrypted with the logs key, without Authorization and Cookie headers", () => {
    const group = resources(app, "aws_cloudwatch_log_group").waf_log_group;
    expect(group).toMatchObject({ name: "aws-waf-logs-mcp-gateway", retention_in_days: 30, kms_key_id: ref("aws_kms_key.logs", "arn") });
    expect(resources(app, "aws_wafv2_web_acl_logging_configuration").waf_logging).toMatchObject({
      resource_arn: ref("aws_wafv2_web_acl.waf_acl", "arn"),
      log_destination_configs: [ref("aws_cloudwatch_log_group.waf_log_group", "arn")],
      redacted_fields: [{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }],
    });
    expect(app.output.waf_log_group_name.value).toBe(ref("aws_cloudwatch_log_group.waf_log_group", "name"));
  });

  test("loadBalancers.waf.enabled: false leaves out the web ACL, its associations, logging and log group", () => {
    const off = synthStacks(withLoadBalancers({ waf: { enabled: false } })).app;
    expect(Object.keys(off.resource).filter((type) => type.startsWith("aws_wafv2_"))).toEqual([]);
    expect(Object.keys(resources(off, "aws_cloudwatch_log_group"))).not.toContain("waf_log_group");
    expect(off.output.waf_log_group_name).toBeUndefined();
  });
});

describe("access logs of every load balancer", () => {
  const { app } = synthStacks();
  const policyOf = (stack: Json) => JSON.parse(resources(stack, "aws_s3_bucket_policy").access_logs_policy.policy);

  test("each load balancer logs to the deployment's bucket under its own prefix, once the bucket policy exists", () => {
    for (const kind of ["main", "keycloak"]) {
      expect(resources(app, "aws_lb")[`load_balancers_${kind}`]).toMatchObject({
        access_logs: { bucket: ref("aws_s3_bucket.access_logs_bucket", "bucket"), prefix: `alb/${kind}`, enabled: true },
        depends_on: ["aws_s3_bucket_policy.access_logs_policy"],
      });
    }
    expect(app.output.access_logs.value).toBe(`s3://${ref("aws_s3_bucket.access_logs_bucket", "bucket")}/alb/`);
  });

  test("the bucket: SSE-S3, versioned, private, owner-enforced, never force-destroyed", () => {
    expect(resources(app, "aws_s3_bucket").access_logs_bucket).toMatchObject({
      bucket: "mcp-gateway-alb-logs-${data.aws_caller_identity.account.account_id}-us-east-1",
      force_destroy: false,
    });
    expect(resources(app, "aws_s3_bucket_server_side_encryption_configuration").access_logs_encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(resources(app, "aws_s3_bucket_versioning").access_logs_versioning.versioning_configuration).toEqual({ status: "Enabled" });
    expect(resources(app, "aws_s3_bucket_public_access_block").access_logs_public_access).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resources(app, "aws_s3_bucket_ownership_controls").access_logs_ownership.rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
  });

  test("logs expire after 90 days by default, after accessLogs.retentionDays when set", () => {
    const expiry = (stack: Json) =>
      resources(stack, "aws_s3_bucket_lifecycle_configuration").access_logs_lifecycle.rule.find(
        (candidate: Json) => candidate.id === "expire-access-logs",
      );
    expect(expiry(app)).toMatchObject({ status: "Enabled", filter: [{ prefix: "alb/" }], expiration: [{ days: 90 }] });
    const short = synthStacks(withLoadBalancers({ accessLogs: { retentionDays: 30 } })).app;
    expect(expiry(short).expiration).toEqual([{ days: 30 }]);
    expect(configProblems(withLoadBalancers({ accessLogs: { retentionDays: 0 } }))).toEqual([
      expect.stringMatching(/^loadBalancers\.accessLogs\.retentionDays/),
    ]);
  });

  test("the bucket policy refuses plain HTTP and lets the region's ELB account write each load balancer's prefix", () => {
    const statements = policyOf(app).Statement;
    expect(statements[0]).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "s3:*",
      Resource: [ref("aws_s3_bucket.access_logs_bucket", "arn"), `${ref("aws_s3_bucket.access_logs_bucket", "arn")}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const account = "${data.aws_caller_identity.account.account_id}";
    expect(statements[1]).toEqual({
      Sid: "ElasticLoadBalancingDeliversAccessLogs",
      Effect: "Allow",
      Principal: { AWS: "${data.aws_elb_service_account.access_logs_elb_account.arn}" },
      Action: "s3:PutObject",
      Resource: ["main", "keycloak"].map((kind) => `${ref("aws_s3_bucket.access_logs_bucket", "arn")}/alb/${kind}/AWSLogs/${account}/*`),
    });
  });

  test("in a region opened after August 2022 the log delivery service principal writes instead (no ELB account there)", () => {
    const raw = exampleRawConfig();
    raw.region = "eu-central-2";
    const stack = synthStacks(raw).app;
    expect(stack.data.aws_elb_service_account).toBeUndefined();
    expect(policyOf(stack).Statement[1].Principal).toEqual({ Service: ELB_LOG_DELIVERY_SERVICE });
    expect(ELB_LOG_DELIVERY_SERVICE).toBe("logdelivery.elasticloadbalancing.amazonaws.com");
  });

  test("a shared load balancer writes under its one prefix", () => {
    const shared = synthStacks(withLoadBalancers({ shared: true })).app;
    expect(policyOf(shared).Statement[1].Resource).toEqual([
      `${ref("aws_s3_bucket.access_logs_bucket", "arn")}/alb/main/AWSLogs/\${data.aws_caller_identity.account.account_id}/*`,
    ]);
  });

  test("a bucket of your own: no bucket created, the load balancers write there; retentionDays does not apply to it", () => {
    const own = synthStacks(withLoadBalancers({ accessLogs: { bucket: "my-alb-logs", prefix: "edge" } })).app;
    expect(Object.keys(resources(own, "aws_s3_bucket"))).toEqual(["assets_bucket"]);
    expect(resources(own, "aws_lb").load_balancers_main.access_logs).toEqual({ bucket: "my-alb-logs", prefix: "edge/main", enabled: true });
    expect(configProblems(withLoadBalancers({ accessLogs: { bucket: "my-alb-logs", retentionDays: 30 } }))).toEqual([
      expect.stringMatching(/^loadBalancers\.accessLogs\.retentionDays.*bucket of your own/),
    ]);
    expect(configProblems(withLoadBalancers({ accessLogs: { prefix: "alb/AWSLogs" } }))).toEqual([expect.stringMatching(/AWSLogs/)]);
  });

  test("accessLogs.enabled: false: no bucket, no access logs", () => {
    const off = synthStacks(withLoadBalancers({ accessLogs: { enabled: false } })).app;
    expect(Object.keys(resources(off, "aws_s3_bucket"))).toEqual(["assets_bucket"]);
    expect(resources(off, "aws_lb").load_balancers_main.access_logs).toBeUndefined();
    expect(off.output.access_logs).toBeUndefined();
  });

  test("prevent_destroy on the bucket with deletion protection, as on every other store", () => {
    expect(resources(app, "aws_s3_bucket").access_logs_bucket.lifecycle).toEqual({ prevent_destroy: true });
    const unprotected = synthStacks({ ...exampleRawConfig(), deletionProtection: false }).app;
    expect(resources(unprotected, "aws_s3_bucket").access_logs_bucket.lifecycle).toBeUndefined();
  });
});
