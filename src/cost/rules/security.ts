import { PRICE_SOURCES } from "../prices";
import { PricingError } from "../pricing-error";
import { AddFixed, PricingContext } from "./context";

/** Customer managed KMS keys, Secrets Manager secrets, and the master secrets RDS and DocumentDB keep themselves. */
export function priceKeysAndSecrets(context: PricingContext, add: AddFixed): void {
  const p = context.prices;
  const keys = context.of("aws_kms_key");
  add(
    "aws_kms_key",
    "customer managed KMS keys",
    keys.length,
    "key",
    p.kmsKeyMonth.usd,
    keys.map((r) => r.address),
  );

  const secrets = context.of("aws_secretsmanager_secret");
  add(
    "aws_secretsmanager_secret",
    "Secrets Manager secrets",
    secrets.length,
    "secret",
    p.secretMonth.usd,
    secrets.map((r) => r.address),
  );
  // A cluster that manages its own master password keeps it in a Secrets Manager secret outside these stacks.
  const managedSecrets = (type: string) => context.of(type).filter((r) => r.body.manage_master_user_password === true);
  const auroraSecrets = managedSecrets("aws_rds_cluster");
  add(
    "aws_rds_cluster",
    "database master secrets kept by RDS",
    auroraSecrets.length,
    "secret",
    p.secretMonth.usd,
    auroraSecrets.map((r) => r.address),
  );
  const documentDbSecrets = managedSecrets("aws_docdb_cluster");
  add(
    "aws_docdb_cluster",
    "DocumentDB master secrets kept by DocumentDB",
    documentDbSecrets.length,
    "secret",
    p.secretMonth.usd,
    documentDbSecrets.map((r) => r.address),
  );
}

/**
 * AWS managed rule groups that bill a subscription and per-request fees on top of the rule price (Bot Control, account
 * takeover and account creation fraud prevention): the table has no prices for them.
 */
const PAID_MANAGED_RULE_GROUPS = ["AWSManagedRulesBotControlRuleSet", "AWSManagedRulesATPRuleSet", "AWSManagedRulesACFPRuleSet"];

/** WAF web ACLs: each by the month, and each rule in it (a managed rule group is one rule). */
export function priceWebAcls(context: PricingContext, add: AddFixed): void {
  const p = context.prices;
  const acls = context.of("aws_wafv2_web_acl");
  for (const acl of acls) {
    if ("rule_json" in acl.body)
      throw new PricingError(`${acl.address}: rules given as rule_json are not counted; declare them as rule blocks`);
    const paid = (acl.body.rule ?? [])
      .map((rule: any) => rule.statement?.managed_rule_group_statement?.name)
      .filter((name: unknown) => typeof name === "string" && PAID_MANAGED_RULE_GROUPS.includes(name));
    if (paid.length > 0) {
      throw new PricingError(
        `${acl.address}: no price for the managed rule group(s) ${paid.join(", ")}, which bill a subscription and requests of their own (${PRICE_SOURCES.waf.page})`,
      );
    }
  }
  add(
    "aws_wafv2_web_acl",
    "WAF web ACLs",
    acls.length,
    "web ACL",
    p.wafWebAclMonth.usd,
    acls.map((r) => r.address),
  );
  add(
    "aws_wafv2_web_acl",
    "WAF rules",
    acls.reduce((sum, acl) => sum + (acl.body.rule?.length ?? 0), 0),
    "rule",
    p.wafRuleMonth.usd,
    acls.map((r) => r.address),
  );
}
