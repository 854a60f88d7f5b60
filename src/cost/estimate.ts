import { PRICE_TABLE, PriceTable } from "./prices";
import { PricingError } from "./pricing-error";
import { priceInstances, priceFargate } from "./rules/compute";
import { AddFixed, cents, PricingContext, Resource } from "./rules/context";
import { priceDatabases } from "./rules/databases";
import { priceNetwork, pricePublicAddresses } from "./rules/network";
import { priceAlarmsAndDashboards } from "./rules/observability";
import { priceKeysAndSecrets, priceWebAcls } from "./rules/security";
import { AddUsage, priceUsage, UsageAssumptions } from "./rules/usage";

/** A synthesized Terraform JSON stack (cdktf.out/stacks/<name>/cdk.tf.json). */
export type TerraformJson = { readonly resource?: Record<string, Record<string, any>>; readonly provider?: Record<string, any> };

/** A charge that accrues whether or not anyone uses the deployment. */
export interface FixedCost {
  readonly resourceType: string;
  readonly item: string;
  readonly quantity: number;
  /** What one quantity is, e.g. "NAT gateway", "vCPU", "GB", "ACU". */
  readonly unit: string;
  /** USD per unit per month. */
  readonly unitMonthlyUsd: number;
  readonly monthlyUsd: number;
  readonly addresses: readonly string[];
}

/** A charge that depends on traffic or data, priced at a stated assumption. */
export interface UsageCost {
  readonly resourceType: string;
  readonly item: string;
  readonly assumption: string;
  readonly monthlyUsd: number;
}

export interface Estimate {
  readonly region: string;
  readonly assertedOn: string;
  /** Where the prices come from: the transcribed table or the AWS Price List, with its date. */
  readonly priceSource: string;
  readonly fixed: readonly FixedCost[];
  readonly usage: readonly UsageCost[];
  readonly fixedTotal: number;
  readonly usageTotal: number;
  readonly total: number;
  /** Resource types the estimate has no rule for: their cost, if any, is missing from the total. */
  readonly unpriced: readonly { readonly resourceType: string; readonly count: number }[];
}

export const DEFAULT_USAGE: UsageAssumptions = {
  logIngestionGbPerLogGroup: 1,
  flowLogGbPerFlowLog: 5,
  natDataGbPerGateway: 10,
  endpointDataGbPerEndpoint: 2,
  lcuPerLoadBalancer: 1,
  databaseStorageGb: 1,
  databaseIoMillions: 10,
  efsStorageGb: 1,
  efsTransferGb: 5,
  ecrGbPerRepository: 2,
  containerInsightsMetricsPerService: 15,
  containerInsightsMetricsPerCluster: 10,
  wafRequestMillionsPerWebAcl: 10,
  s3GbPerBucket: 5,
};

/**
 * Resource types that cost nothing by themselves: configuration objects, IAM, routing, and resources billed through
 * another resource (a task definition costs when its service runs tasks; a subnet group when its database runs).
 */
const NO_CHARGE = new Set([
  "aws_acm_certificate",
  "aws_acm_certificate_validation",
  "aws_appautoscaling_policy",
  "aws_appautoscaling_target",
  "aws_db_parameter_group",
  "aws_db_proxy_default_target_group",
  "aws_db_proxy_target",
  "aws_db_subnet_group",
  "aws_default_security_group",
  "aws_docdb_cluster_parameter_group",
  "aws_docdb_subnet_group",
  "aws_ecr_lifecycle_policy",
  "aws_ecr_repository_policy",
  "aws_ecs_cluster_capacity_providers",
  "aws_ecs_task_definition",
  "aws_efs_access_point",
  "aws_efs_backup_policy",
  "aws_efs_file_system_policy",
  "aws_efs_mount_target",
  "aws_iam_instance_profile",
  "aws_iam_policy",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_internet_gateway",
  "aws_kms_alias",
  "aws_kms_key_policy",
  "aws_lb_listener",
  "aws_lb_listener_certificate",
  "aws_lb_listener_rule",
  "aws_lb_target_group",
  "aws_rds_cluster_parameter_group",
  "aws_route",
  "aws_route53_record",
  "aws_route_table",
  "aws_route_table_association",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_versioning",
  // The RDS CA bundle, about 170 KB in the asset bucket: a fraction of a cent a month.
  "aws_s3_object",
  "aws_secretsmanager_secret_policy",
  "aws_secretsmanager_secret_rotation",
  "aws_secretsmanager_secret_version",
  "aws_security_group",
  "aws_security_group_rule",
  "aws_service_discovery_http_namespace",
  "aws_sns_topic",
  "aws_sns_topic_policy",
  "aws_sns_topic_subscription",
  "aws_ssm_parameter",
  "aws_subnet",
  "aws_vpc",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule",
  "docker_image",
  "docker_registry_image",
  "terraform_data",
  "aws_wafv2_web_acl_association",
  "aws_wafv2_web_acl_logging_configuration",
]);

/** Resource types whose cost is usage only (priced in the usage section) or paid through another resource. */
const PRICED_ELSEWHERE = new Set([
  "aws_cloudwatch_log_group",
  "aws_flow_log",
  "aws_ecr_repository",
  "aws_efs_file_system",
  "aws_rds_cluster",
  "aws_docdb_cluster",
  "aws_ecs_cluster",
  "aws_s3_bucket",
]);

/** Providers whose resources live outside AWS billing (the Keycloak realm is data inside Keycloak). */
const NON_AWS_PROVIDER_PREFIXES = ["keycloak_", "random_", "time_", "null_"];

/** Estimates the monthly cost of synthesized stacks. Throws PricingError when the region or a size has no price. */
export function estimateMonthlyCost(
  stacks: Readonly<Record<string, TerraformJson>>,
  usage: UsageAssumptions = DEFAULT_USAGE,
  table: PriceTable = PRICE_TABLE,
): Estimate {
  const region = stackRegion(stacks);
  const prices = table.regions[region];
  if (!prices) {
    throw new PricingError(
      `no prices for region ${region}: the price table (src/cost/prices.ts, asserted ${table.assertedOn}) covers ${Object.keys(table.regions).join(", ")}. ` +
        'Add the region\'s figures from the AWS price list there, or estimate with Infracost (docs/costs.md, "What it costs").',
    );
  }
  const all = Object.values(stacks).flatMap((stack) =>
    Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => ({ type, name, address: `${type}.${name}`, body })),
    ),
  );
  refuseWhatRulesCannotCount(all);
  const context = new PricingContext(all, prices, table.hoursPerMonth);
  const fixed = fixedCharges(context);
  const usageCosts = usageCharges(context, usage);
  const handled = new Set([...NO_CHARGE, ...PRICED_ELSEWHERE, ...PRICED_BY_RULE]);
  const unpriced = new Map<string, number>();
  for (const resource of all) {
    if (handled.has(resource.type) || NON_AWS_PROVIDER_PREFIXES.some((prefix) => resource.type.startsWith(prefix))) continue;
    unpriced.set(resource.type, (unpriced.get(resource.type) ?? 0) + 1);
  }
  const fixedTotal = cents(fixed.reduce((sum, cost) => sum + cost.monthlyUsd, 0));
  const usageTotal = cents(usageCosts.reduce((sum, cost) => sum + cost.monthlyUsd, 0));
  return {
    region,
    assertedOn: table.assertedOn,
    priceSource: table.summary ?? `${table.howObtained}, asserted for ${table.assertedOn} (src/cost/prices.ts).`,
    fixed,
    usage: usageCosts,
    fixedTotal,
    usageTotal,
    total: cents(fixedTotal + usageTotal),
    unpriced: [...unpriced].sort(([a], [b]) => a.localeCompare(b)).map(([resourceType, count]) => ({ resourceType, count })),
  };
}

/** Resource types a fixed-cost rule reads even when that rule produced no line (e.g. a gateway endpoint). */
const PRICED_BY_RULE = new Set([
  "aws_nat_gateway",
  "aws_vpc_endpoint",
  "aws_eip",
  "aws_instance",
  "aws_lb",
  "aws_ecs_service",
  "aws_rds_cluster_instance",
  "aws_db_instance",
  "aws_db_proxy",
  "aws_docdb_cluster_instance",
  "aws_kms_key",
  "aws_secretsmanager_secret",
  "aws_cloudwatch_metric_alarm",
  "aws_cloudwatch_dashboard",
  "aws_wafv2_web_acl",
]);

/** Storage configurations whose prices differ from the table's standard ones (I/O-Optimized bills no I/O, more storage). */
const UNPRICED_STORAGE_TYPES: Readonly<Record<string, readonly string[]>> = {
  aws_rds_cluster: ["aurora-iopt1"],
  aws_docdb_cluster: ["iopt1"],
};

/**
 * Stops the estimate where a rule would count wrong: a priced resource multiplied by `count` or `for_each` (each rule
 * counts one resource per block), or a database on a storage configuration the table has no prices for.
 */
function refuseWhatRulesCannotCount(resources: readonly Resource[]): void {
  const priced = new Set([...PRICED_ELSEWHERE, ...PRICED_BY_RULE]);
  const problems: string[] = [];
  for (const resource of resources) {
    if (priced.has(resource.type) && ("count" in resource.body || "for_each" in resource.body)) {
      problems.push(`${resource.address} is multiplied by count/for_each, which the price rules do not expand`);
    }
    const storageType = resource.body.storage_type;
    if (UNPRICED_STORAGE_TYPES[resource.type]?.includes(storageType)) {
      problems.push(
        `${resource.address} uses storage_type ${storageType}, whose instance, storage and I/O prices are not in src/cost/prices.ts`,
      );
    }
  }
  if (problems.length > 0)
    throw new PricingError(
      `${problems.join("; ")}; add a rule in src/cost/rules/ or estimate with Infracost (docs/costs.md, "What it costs")`,
    );
}

export function stackRegion(stacks: Readonly<Record<string, TerraformJson>>): string {
  const regions = new Set<string>();
  for (const [name, stack] of Object.entries(stacks)) {
    const providers = stack.provider?.aws as { region?: string; alias?: string }[] | undefined;
    const region = providers?.find((provider) => !provider.alias)?.region;
    if (typeof region !== "string") throw new PricingError(`stack ${name} has no AWS provider region to price`);
    regions.add(region);
  }
  if (regions.size !== 1)
    throw new PricingError(`the stacks deploy to several regions (${[...regions].join(", ")}); price them one at a time`);
  return [...regions][0];
}

/** Every fixed-cost rule, in the order their lines are listed. */
function fixedCharges(context: PricingContext): FixedCost[] {
  const costs: FixedCost[] = [];
  const add: AddFixed = (resourceType, item, quantity, unit, unitMonthlyUsd, addresses) => {
    if (quantity <= 0) return;
    costs.push({ resourceType, item, quantity, unit, unitMonthlyUsd, monthlyUsd: cents(quantity * unitMonthlyUsd), addresses });
  };
  priceNetwork(context, add);
  pricePublicAddresses(context, add);
  priceInstances(context, add);
  priceFargate(context, add);
  priceDatabases(context, add);
  priceKeysAndSecrets(context, add);
  priceAlarmsAndDashboards(context, add);
  priceWebAcls(context, add);
  return costs;
}

/** Every usage-dependent rule at the given assumptions. */
function usageCharges(context: PricingContext, assumptions: UsageAssumptions): UsageCost[] {
  const costs: UsageCost[] = [];
  const add: AddUsage = (resourceType, item, assumption, monthlyUsd) => {
    if (monthlyUsd > 0) costs.push({ resourceType, item, assumption, monthlyUsd: cents(monthlyUsd) });
  };
  priceUsage(context, assumptions, add);
  return costs;
}
