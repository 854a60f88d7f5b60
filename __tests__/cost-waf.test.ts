import { DEFAULT_USAGE, estimateMonthlyCost, TerraformJson } from "../src/cost/estimate";
import { PricingError } from "../src/cost/pricing-error";
import { PRICE_SOURCES, PRICE_TABLE } from "../src/cost/prices";
import { exampleRawConfig, synthStacks } from "./support";

function stack(resource: Record<string, Record<string, any>>): TerraformJson {
  return { provider: { aws: [{ region: "us-east-1" }] }, resource };
}
const managed = (name: string) => ({ name, statement: { managed_rule_group_statement: { vendor_name: "AWS", name } } });

describe("WAF and access log bucket costs", () => {
  test("prices: $5 a web ACL, $1 a rule, $0.60 a million requests, S3 Standard $0.023/GB, each with its source", () => {
    const prices = PRICE_TABLE.regions["us-east-1"];
    expect([prices.wafWebAclMonth.usd, prices.wafRuleMonth.usd, prices.wafRequestMillion.usd, prices.s3StandardGbMonth.usd]).toEqual([
      5, 1, 0.6, 0.023,
    ]);
    expect(PRICE_SOURCES[prices.wafWebAclMonth.source].page).toBe("https://aws.amazon.com/waf/pricing/");
    expect(PRICE_SOURCES[prices.s3StandardGbMonth.source].page).toBe("https://aws.amazon.com/s3/pricing/");
  });

  test("a web ACL with three rules: $5 + 3 × $1 fixed, its requests and the bucket in the usage part", () => {
    const estimate = estimateMonthlyCost({
      app: stack({
        aws_wafv2_web_acl: { acl: { rule: [managed("AWSManagedRulesCommonRuleSet"), { name: "rate" }, { name: "login" }] } },
        aws_wafv2_web_acl_association: { main: {}, keycloak: {} },
        aws_wafv2_web_acl_logging_configuration: { logging: {} },
        aws_s3_bucket: { logs: {} },
        aws_s3_bucket_policy: { logs: {} },
        aws_s3_bucket_versioning: { logs: {} },
        aws_s3_bucket_lifecycle_configuration: { logs: {} },
        aws_s3_bucket_public_access_block: { logs: {} },
        aws_s3_bucket_ownership_controls: { logs: {} },
        aws_s3_bucket_server_side_encryption_configuration: { logs: {} },
      }),
    });
    expect(estimate.fixed.map((cost) => [cost.item, cost.quantity, cost.monthlyUsd])).toEqual([
      ["WAF web ACLs", 1, 5],
      ["WAF rules", 3, 3],
    ]);
    expect(estimate.unpriced).toEqual([]);
    const usage = Object.fromEntries(estimate.usage.map((cost) => [cost.item, cost.monthlyUsd]));
    expect(usage).toEqual({ "WAF requests inspected": 6, "S3 storage (access logs)": 0.12 }); // 10 M × $0.60; 5 GB × $0.023
    expect(DEFAULT_USAGE).toMatchObject({ wafRequestMillionsPerWebAcl: 10, s3GbPerBucket: 5 });
  });

  test("managed rule groups with fees of their own are refused rather than priced at $1", () => {
    const run = () =>
      estimateMonthlyCost({ app: stack({ aws_wafv2_web_acl: { acl: { rule: [managed("AWSManagedRulesBotControlRuleSet")] } } }) });
    expect(run).toThrow(PricingError);
    expect(run).toThrow(/aws_wafv2_web_acl.acl: no price for the managed rule group\(s\) AWSManagedRulesBotControlRuleSet/);
  });

  test("the default deployment: one web ACL of five rules, $10.00 a month; $6.00 of requests at the assumption", () => {
    const { certs, app } = synthStacks(exampleRawConfig());
    const estimate = estimateMonthlyCost({ certs, app });
    const waf = estimate.fixed.filter((cost) => cost.resourceType === "aws_wafv2_web_acl");
    expect(waf.map((cost) => [cost.item, cost.quantity, cost.monthlyUsd])).toEqual([
      ["WAF web ACLs", 1, 5],
      ["WAF rules", 5, 5],
    ]);
    const raw = exampleRawConfig();
    raw.loadBalancers = { ...raw.loadBalancers, waf: { enabled: false } };
    const off = synthStacks(raw);
    const without = estimateMonthlyCost({ certs: off.certs, app: off.app });
    expect(Math.round((estimate.fixedTotal - without.fixedTotal) * 100) / 100).toBe(10);
    // 10 M requests, plus the WAF log group's 1 GB of logs at $0.50
    expect(Math.round((estimate.usageTotal - without.usageTotal) * 100) / 100).toBe(6.5);
  });
});
