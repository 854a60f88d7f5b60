import { POSTGRES_INSTANCE_CLASS_LIMITS } from "../config/postgres-instance-classes";
import { PRICE_SOURCES, PRICE_TABLE, Price, PriceTable, RegionPrices } from "./prices";

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

/** How much traffic and data the usage-dependent items are priced at; every figure is per month. */
export interface UsageAssumptions {
  readonly logIngestionGbPerLogGroup: number;
  readonly flowLogGbPerFlowLog: number;
  readonly natDataGbPerGateway: number;
  readonly endpointDataGbPerEndpoint: number;
  /** Average Load Balancer Capacity Units used per load balancer, around the clock. */
  readonly lcuPerLoadBalancer: number;
  readonly databaseStorageGb: number;
  readonly databaseIoMillions: number;
  readonly efsStorageGb: number;
  readonly efsTransferGb: number;
  readonly ecrGbPerRepository: number;
  /** Custom metrics Container Insights publishes per ECS service, and per cluster. */
  readonly containerInsightsMetricsPerService: number;
  readonly containerInsightsMetricsPerCluster: number;
  /** Requests each web ACL inspects (every request to the load balancers it is associated with), in millions. */
  readonly wafRequestMillionsPerWebAcl: number;
  /** Access logs each S3 bucket holds (the load balancers' logs, kept for the bucket's retention). */
  readonly s3GbPerBucket: number;
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

/** The estimate cannot be computed without inventing a number (a region or instance class missing from the table). */
export class PricingError extends Error {}

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

interface Resource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly body: Record<string, any>;
}

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
  const fixed = context.fixedCosts();
  const usageCosts = context.usageCosts(usage);
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

/**
 * AWS managed rule groups that bill a subscription and per-request fees on top of the rule price (Bot Control, account
 * takeover and account creation fraud prevention): the table has no prices for them.
 */
const PAID_MANAGED_RULE_GROUPS = ["AWSManagedRulesBotControlRuleSet", "AWSManagedRulesATPRuleSet", "AWSManagedRulesACFPRuleSet"];

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
      `${problems.join("; ")}; add a rule in src/cost/estimate.ts or estimate with Infracost (docs/costs.md, "What it costs")`,
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

/** Rounds to cents, so totals add up the way a reader checks them. */
function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** `${aws_rds_cluster.keycloak.id}` → "aws_rds_cluster.keycloak". */
function referencedAddress(value: unknown, type: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)\\.`).exec(value);
  return match ? `${type}.${match[1]}` : undefined;
}

class PricingContext {
  private readonly byType = new Map<string, Resource[]>();

  constructor(
    resources: readonly Resource[],
    private readonly prices: RegionPrices,
    private readonly hours: number,
  ) {
    for (const resource of resources) {
      const list = this.byType.get(resource.type) ?? [];
      list.push(resource);
      this.byType.set(resource.type, list);
    }
  }

  private of(type: string): readonly Resource[] {
    return this.byType.get(type) ?? [];
  }

  private hourly(price: Price): number {
    return price.usd * this.hours;
  }

  fixedCosts(): FixedCost[] {
    const costs: FixedCost[] = [];
    const add = (resourceType: string, item: string, quantity: number, unit: string, unitMonthlyUsd: number, addresses: string[]) => {
      if (quantity <= 0) return;
      costs.push({ resourceType, item, quantity, unit, unitMonthlyUsd, monthlyUsd: cents(quantity * unitMonthlyUsd), addresses });
    };
    const p = this.prices;

    const nat = this.of("aws_nat_gateway");
    add(
      "aws_nat_gateway",
      "NAT gateway hours",
      nat.length,
      "NAT gateway",
      this.hourly(p.natGatewayHour),
      nat.map((r) => r.address),
    );

    const interfaceEndpoints = this.of("aws_vpc_endpoint").filter((r) => r.body.vpc_endpoint_type === "Interface");
    const endpointAzs = interfaceEndpoints.reduce((sum, r) => sum + (r.body.subnet_ids?.length ?? 0), 0);
    add(
      "aws_vpc_endpoint",
      "interface endpoint hours, per AZ",
      endpointAzs,
      "endpoint-AZ",
      this.hourly(p.interfaceEndpointAzHour),
      interfaceEndpoints.map((r) => r.address),
    );

    const loadBalancers = this.of("aws_lb");
    const unsupported = loadBalancers.filter((r) => (r.body.load_balancer_type ?? "application") !== "application");
    if (unsupported.length > 0) {
      throw new PricingError(
        `no price rule for ${unsupported.map((r) => `${r.address} (${r.body.load_balancer_type})`).join(", ")}: only application load balancers are priced`,
      );
    }
    add(
      "aws_lb",
      "application load balancer hours",
      loadBalancers.length,
      "load balancer",
      this.hourly(p.applicationLoadBalancerHour),
      loadBalancers.map((r) => r.address),
    );

    this.publicAddresses(add);
    this.instances(add);
    this.fargate(add);
    this.databases(add);

    const keys = this.of("aws_kms_key");
    add(
      "aws_kms_key",
      "customer managed KMS keys",
      keys.length,
      "key",
      p.kmsKeyMonth.usd,
      keys.map((r) => r.address),
    );

    const secrets = this.of("aws_secretsmanager_secret");
    add(
      "aws_secretsmanager_secret",
      "Secrets Manager secrets",
      secrets.length,
      "secret",
      p.secretMonth.usd,
      secrets.map((r) => r.address),
    );
    // A cluster that manages its own master password keeps it in a Secrets Manager secret outside these stacks.
    const managedSecrets = (type: string) => this.of(type).filter((r) => r.body.manage_master_user_password === true);
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

    const alarms = this.of("aws_cloudwatch_metric_alarm");
    const alarmMetrics = (r: Resource) =>
      Array.isArray(r.body.metric_query) ? r.body.metric_query.filter((query: any) => query.metric).length : 1;
    const highResolution = (r: Resource) =>
      Array.isArray(r.body.metric_query)
        ? r.body.metric_query.some((query: any) => query.metric && query.metric.period < 60)
        : r.body.period < 60;
    const standard = alarms.filter((r) => !highResolution(r));
    const high = alarms.filter(highResolution);
    add(
      "aws_cloudwatch_metric_alarm",
      "alarm metrics, standard resolution",
      standard.reduce((sum, r) => sum + alarmMetrics(r), 0),
      "alarm metric",
      p.alarmMetricMonth.usd,
      standard.map((r) => r.address),
    );
    add(
      "aws_cloudwatch_metric_alarm",
      "alarm metrics, high resolution",
      high.reduce((sum, r) => sum + alarmMetrics(r), 0),
      "alarm metric",
      p.highResolutionAlarmMetricMonth.usd,
      high.map((r) => r.address),
    );

    const dashboards = this.of("aws_cloudwatch_dashboard");
    add(
      "aws_cloudwatch_dashboard",
      "CloudWatch dashboards",
      dashboards.length,
      "dashboard",
      p.dashboardMonth.usd,
      dashboards.map((r) => r.address),
    );

    this.webAcls(add);
    return costs;
  }

  /** WAF web ACLs: each by the month, and each rule in it (a managed rule group is one rule). */
  private webAcls(add: AddFixed): void {
    const p = this.prices;
    const acls = this.of("aws_wafv2_web_acl");
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

  /** Elastic IPs, internet-facing load balancers (one address per subnet) and tasks with a public address. */
  private publicAddresses(add: AddFixed): void {
    const hourly = this.hourly(this.prices.publicIpv4Hour);
    const eips = this.of("aws_eip");
    add(
      "aws_eip",
      "public IPv4 addresses (Elastic IPs)",
      eips.length,
      "address",
      hourly,
      eips.map((r) => r.address),
    );
    const internetFacing = this.of("aws_lb").filter((r) => r.body.internal !== true);
    const lbAddresses = internetFacing.reduce((sum, r) => sum + (r.body.subnets?.length ?? r.body.subnet_mapping?.length ?? 0), 0);
    add(
      "aws_lb",
      "public IPv4 of internet-facing load balancers (per subnet)",
      lbAddresses,
      "address",
      hourly,
      internetFacing.map((r) => r.address),
    );
    const publicTasks = this.of("aws_ecs_service").filter((r) => r.body.network_configuration?.assign_public_ip === true);
    const taskAddresses = publicTasks.reduce((sum, r) => sum + (r.body.desired_count ?? 0), 0);
    add(
      "aws_ecs_service",
      "public IPv4 addresses of tasks",
      taskAddresses,
      "address",
      hourly,
      publicTasks.map((r) => r.address),
    );
  }

  /** EC2 instances (the NAT instance) by type, and their gp3 root volumes. */
  private instances(add: AddFixed): void {
    const p = this.prices;
    const instances = this.of("aws_instance");
    const byType = new Map<string, Resource[]>();
    for (const instance of instances) {
      const instanceType = String(instance.body.instance_type);
      byType.set(instanceType, [...(byType.get(instanceType) ?? []), instance]);
    }
    for (const [instanceType, list] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
      const price = p.ec2InstanceHour[instanceType];
      if (!price) {
        throw new PricingError(
          `${list.map((r) => r.address).join(", ")}: no price for EC2 instance type ${instanceType}; src/cost/prices.ts has ${Object.keys(p.ec2InstanceHour).join(", ")} (add it from ${PRICE_SOURCES.ec2.page})`,
        );
      }
      add(
        "aws_instance",
        `EC2 ${instanceType} instance hours`,
        list.length,
        "instance",
        this.hourly(price),
        list.map((r) => r.address),
      );
    }
    const volumes = instances.map((instance) => {
      const root = instance.body.root_block_device ?? {};
      if (root.volume_type !== "gp3" || typeof root.volume_size !== "number") {
        throw new PricingError(
          `${instance.address}: its root volume must state volume_type gp3 and a volume_size to be priced (found ${root.volume_type ?? "no type"}, ${root.volume_size ?? "no size"})`,
        );
      }
      return root.volume_size as number;
    });
    add(
      "aws_instance",
      "EBS gp3 root volumes",
      volumes.reduce((sum, size) => sum + size, 0),
      "GB",
      p.ebsGp3GbMonth.usd,
      instances.map((r) => r.address),
    );
  }

  /** Fargate tasks at each service's desired count, split over FARGATE and FARGATE_SPOT as its strategy says. */
  private fargate(add: AddFixed): void {
    const p = this.prices;
    const totals = { FARGATE: { vcpu: 0, gb: 0, addresses: [] as string[] }, FARGATE_SPOT: { vcpu: 0, gb: 0, addresses: [] as string[] } };
    for (const service of this.of("aws_ecs_service")) {
      const taskDefinitionAddress = referencedAddress(service.body.task_definition, "aws_ecs_task_definition");
      const taskDefinition = this.of("aws_ecs_task_definition").find((r) => r.address === taskDefinitionAddress);
      if (!taskDefinition)
        throw new PricingError(`${service.address}: its task definition (${service.body.task_definition}) is not in the stacks`);
      const vcpu = Number(taskDefinition.body.cpu) / 1024;
      const gb = Number(taskDefinition.body.memory) / 1024;
      for (const [provider, tasks] of Object.entries(tasksPerCapacityProvider(service))) {
        const bucket = totals[provider as keyof typeof totals];
        if (!bucket) throw new PricingError(`${service.address}: capacity provider ${provider} is not Fargate; only Fargate is priced`);
        if (tasks <= 0) continue;
        bucket.vcpu += tasks * vcpu;
        bucket.gb += tasks * gb;
        bucket.addresses.push(service.address);
      }
    }
    add(
      "aws_ecs_service",
      "Fargate vCPU at desired count",
      totals.FARGATE.vcpu,
      "vCPU",
      this.hourly(p.fargateVcpuHour),
      totals.FARGATE.addresses,
    );
    add(
      "aws_ecs_service",
      "Fargate memory at desired count",
      totals.FARGATE.gb,
      "GB",
      this.hourly(p.fargateGbHour),
      totals.FARGATE.addresses,
    );
    // Read only when tasks run on Spot: a region priced from the Price List has no Spot figures (not listed there).
    if (totals.FARGATE_SPOT.addresses.length > 0) {
      add(
        "aws_ecs_service",
        "Fargate Spot vCPU at desired count",
        totals.FARGATE_SPOT.vcpu,
        "vCPU",
        this.hourly(p.fargateSpotVcpuHour),
        totals.FARGATE_SPOT.addresses,
      );
      add(
        "aws_ecs_service",
        "Fargate Spot memory at desired count",
        totals.FARGATE_SPOT.gb,
        "GB",
        this.hourly(p.fargateSpotGbHour),
        totals.FARGATE_SPOT.addresses,
      );
    }
  }

  /**
   * Aurora Serverless v2 at minimum capacity, RDS for PostgreSQL instances with their storage, RDS Proxy on the capacity
   * behind it, DocumentDB instances by class.
   */
  private databases(add: AddFixed): void {
    const p = this.prices;
    const clusters = this.of("aws_rds_cluster");
    const clusterOf = (reference: unknown): Resource | undefined => {
      const address = referencedAddress(reference, "aws_rds_cluster");
      return clusters.find((cluster) => cluster.address === address || cluster.body.cluster_identifier === reference);
    };
    const minimumAcu = new Map<string, number>();
    const instances = this.of("aws_rds_cluster_instance");
    for (const instance of instances) {
      if (instance.body.instance_class !== "db.serverless") {
        throw new PricingError(
          `${instance.address}: no price for Aurora instance class ${instance.body.instance_class}; only db.serverless (Serverless v2) is in src/cost/prices.ts`,
        );
      }
      const cluster = clusterOf(instance.body.cluster_identifier);
      const acu = cluster?.body.serverlessv2_scaling_configuration?.min_capacity;
      if (!cluster || typeof acu !== "number")
        throw new PricingError(`${instance.address}: cannot find its cluster's Serverless v2 minimum capacity`);
      minimumAcu.set(cluster.address, (minimumAcu.get(cluster.address) ?? 0) + acu);
    }
    const totalAcu = [...minimumAcu.values()].reduce((sum, acu) => sum + acu, 0);
    add(
      "aws_rds_cluster_instance",
      "Aurora Serverless v2 capacity at minimum ACU",
      totalAcu,
      "ACU",
      this.hourly(p.auroraServerlessV2AcuHour),
      instances.map((r) => r.address),
    );

    const postgresInstances = this.postgresInstances(add);
    const instanceOf = (reference: unknown): Resource | undefined => {
      const address = referencedAddress(reference, "aws_db_instance");
      return postgresInstances.find((instance) => instance.address === address || instance.body.identifier === reference);
    };

    for (const proxy of this.of("aws_db_proxy")) {
      const target = this.of("aws_db_proxy_target").find(
        (r) => referencedAddress(r.body.db_proxy_name, "aws_db_proxy") === proxy.address || r.body.db_proxy_name === proxy.body.name,
      );
      const instance = target && instanceOf(target.body.db_instance_identifier);
      if (instance) {
        // RDS Proxy bills the vCPUs of a provisioned instance behind it, with a floor of rdsProxyMinimumVcpus.
        const vcpus = POSTGRES_INSTANCE_CLASS_LIMITS[instance.body.instance_class as keyof typeof POSTGRES_INSTANCE_CLASS_LIMITS].vcpus;
        add(
          "aws_db_proxy",
          `RDS Proxy on a ${vcpus}-vCPU ${instance.body.instance_class} (billed at least ${p.rdsProxyMinimumVcpus} vCPUs)`,
          Math.max(vcpus, p.rdsProxyMinimumVcpus),
          "vCPU",
          this.hourly(p.rdsProxyVcpuHour),
          [proxy.address],
        );
        continue;
      }
      const cluster = target && clusterOf(target.body.db_cluster_identifier);
      const capacity = cluster && minimumAcu.get(cluster.address);
      if (capacity === undefined)
        throw new PricingError(
          `${proxy.address}: no Aurora Serverless v2 or RDS for PostgreSQL target found; only proxies in front of those are priced`,
        );
      // RDS Proxy bills the serverless capacity behind it, with a floor of rdsProxyMinimumAcu ACUs.
      add(
        "aws_db_proxy",
        `RDS Proxy on ${capacity} ACU (billed at least ${p.rdsProxyMinimumAcu} ACU)`,
        Math.max(capacity, p.rdsProxyMinimumAcu),
        "ACU",
        this.hourly(p.rdsProxyAcuHour),
        [proxy.address],
      );
    }

    const byClass = new Map<string, Resource[]>();
    for (const instance of this.of("aws_docdb_cluster_instance")) {
      const instanceClass = String(instance.body.instance_class);
      byClass.set(instanceClass, [...(byClass.get(instanceClass) ?? []), instance]);
    }
    for (const [instanceClass, list] of [...byClass].sort(([a], [b]) => a.localeCompare(b))) {
      const price = p.documentDbInstanceHour[instanceClass];
      if (!price) {
        throw new PricingError(
          `${list.map((r) => r.address).join(", ")}: no price for DocumentDB instance class ${instanceClass}; src/cost/prices.ts has ${Object.keys(p.documentDbInstanceHour).join(", ")} (add it from ${PRICE_SOURCES.documentDb.page})`,
        );
      }
      add(
        "aws_docdb_cluster_instance",
        `DocumentDB ${instanceClass} instances`,
        list.length,
        "instance",
        this.hourly(price),
        list.map((r) => r.address),
      );
    }
  }

  /** RDS for PostgreSQL instances: hours by class and deployment (single-AZ or Multi-AZ), and their allocated gp3 storage. */
  private postgresInstances(add: AddFixed): readonly Resource[] {
    const p = this.prices;
    const instances = this.of("aws_db_instance");
    for (const instance of instances) {
      const { engine, instance_class: instanceClass, storage_type: storageType } = instance.body;
      if (engine !== "postgres" || storageType !== "gp3" || !(instanceClass in POSTGRES_INSTANCE_CLASS_LIMITS)) {
        throw new PricingError(
          `${instance.address}: no price rule for engine ${engine}, class ${instanceClass} on ${storageType} storage; only RDS for PostgreSQL on gp3 is priced`,
        );
      }
    }
    const groups = new Map<string, { multiAz: boolean; instanceClass: string; list: Resource[] }>();
    for (const instance of instances) {
      const multiAz = instance.body.multi_az === true;
      const key = `${instance.body.instance_class} ${multiAz ? "Multi-AZ" : "single-AZ"}`;
      const group = groups.get(key) ?? { multiAz, instanceClass: String(instance.body.instance_class), list: [] };
      group.list.push(instance);
      groups.set(key, group);
    }
    for (const [label, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const price = (group.multiAz ? p.rdsPostgresMultiAzInstanceHour : p.rdsPostgresInstanceHour)[group.instanceClass];
      if (!price) {
        throw new PricingError(
          `${group.list.map((r) => r.address).join(", ")}: no price for RDS for PostgreSQL instance class ${group.instanceClass}; src/cost/prices.ts has ${Object.keys(p.rdsPostgresInstanceHour).join(", ")} (add it from ${PRICE_SOURCES.rdsPostgres.page})`,
        );
      }
      add(
        "aws_db_instance",
        `RDS for PostgreSQL ${label} instances`,
        group.list.length,
        "instance",
        this.hourly(price),
        group.list.map((r) => r.address),
      );
    }
    for (const multiAz of [false, true]) {
      const list = instances.filter((instance) => (instance.body.multi_az === true) === multiAz);
      add(
        "aws_db_instance",
        `RDS gp3 storage as allocated, ${multiAz ? "Multi-AZ" : "single-AZ"}`,
        list.reduce((sum, instance) => sum + Number(instance.body.allocated_storage), 0),
        "GB",
        (multiAz ? p.rdsGp3MultiAzStorageGbMonth : p.rdsGp3StorageGbMonth).usd,
        list.map((r) => r.address),
      );
    }
    return instances;
  }

  usageCosts(assumptions: UsageAssumptions): UsageCost[] {
    const p = this.prices;
    const costs: UsageCost[] = [];
    const add = (resourceType: string, item: string, assumption: string, monthlyUsd: number) => {
      if (monthlyUsd > 0) costs.push({ resourceType, item, assumption, monthlyUsd: cents(monthlyUsd) });
    };
    const count = (type: string) => this.of(type).length;
    const money = (price: Price) => `$${price.usd}/${price.per}`;

    const logGroups = count("aws_cloudwatch_log_group");
    const flowLogs = this.of("aws_flow_log").filter((r) => r.body.log_destination_type !== "s3").length;
    // Flow logs land in a log group of their own, priced as vended logs below.
    const applicationLogGroups = Math.max(logGroups - flowLogs, 0);
    const logGb = applicationLogGroups * assumptions.logIngestionGbPerLogGroup;
    add(
      "aws_cloudwatch_log_group",
      "CloudWatch Logs ingestion",
      `${logGb} GB (${assumptions.logIngestionGbPerLogGroup} GB in each of ${applicationLogGroups} log groups) at ${money(p.logIngestionGb)}`,
      logGb * p.logIngestionGb.usd,
    );
    const flowGb = flowLogs * assumptions.flowLogGbPerFlowLog;
    add("aws_flow_log", "VPC flow log delivery", `${flowGb} GB at ${money(p.vendedLogIngestionGb)}`, flowGb * p.vendedLogIngestionGb.usd);

    const natGb = count("aws_nat_gateway") * assumptions.natDataGbPerGateway;
    add(
      "aws_nat_gateway",
      "NAT data processing",
      `${natGb} GB (${assumptions.natDataGbPerGateway} GB per gateway) at ${money(p.natGatewayDataGb)}`,
      natGb * p.natGatewayDataGb.usd,
    );
    const interfaceEndpoints = this.of("aws_vpc_endpoint").filter((r) => r.body.vpc_endpoint_type === "Interface").length;
    const endpointGb = interfaceEndpoints * assumptions.endpointDataGbPerEndpoint;
    add(
      "aws_vpc_endpoint",
      "interface endpoint data processing",
      `${endpointGb} GB (${assumptions.endpointDataGbPerEndpoint} GB per endpoint) at ${money(p.interfaceEndpointDataGb)}`,
      endpointGb * p.interfaceEndpointDataGb.usd,
    );
    const loadBalancers = count("aws_lb");
    const lcuHours = loadBalancers * assumptions.lcuPerLoadBalancer * this.hours;
    add(
      "aws_lb",
      "load balancer capacity units (LCU)",
      `${assumptions.lcuPerLoadBalancer} LCU around the clock on each of ${loadBalancers} load balancers at ${money(p.applicationLoadBalancerLcuHour)}`,
      lcuHours * p.applicationLoadBalancerLcuHour.usd,
    );

    const auroraClusters = count("aws_rds_cluster");
    add(
      "aws_rds_cluster",
      "Aurora storage and I/O",
      `${assumptions.databaseStorageGb} GB and ${assumptions.databaseIoMillions} million I/O requests per cluster, ${auroraClusters} cluster(s)`,
      auroraClusters *
        (assumptions.databaseStorageGb * p.auroraStorageGbMonth.usd + assumptions.databaseIoMillions * p.auroraIoMillion.usd),
    );
    const docdbClusters = count("aws_docdb_cluster");
    add(
      "aws_docdb_cluster",
      "DocumentDB storage and I/O",
      `${assumptions.databaseStorageGb} GB and ${assumptions.databaseIoMillions} million I/O requests per cluster, ${docdbClusters} cluster(s)`,
      docdbClusters *
        (assumptions.databaseStorageGb * p.documentDbStorageGbMonth.usd + assumptions.databaseIoMillions * p.documentDbIoMillion.usd),
    );

    const fileSystems = this.of("aws_efs_file_system");
    const elastic = fileSystems.filter((r) => r.body.throughput_mode === "elastic").length;
    add(
      "aws_efs_file_system",
      "EFS storage",
      `${assumptions.efsStorageGb} GB Standard per file system, ${fileSystems.length} file system(s), at ${money(p.efsStandardStorageGbMonth)}`,
      fileSystems.length * assumptions.efsStorageGb * p.efsStandardStorageGbMonth.usd,
    );
    add(
      "aws_efs_file_system",
      "EFS Elastic Throughput transfer",
      `${assumptions.efsTransferGb} GB per elastic file system, ${elastic} file system(s), at ${money(p.efsElasticTransferGb)}`,
      elastic * assumptions.efsTransferGb * p.efsElasticTransferGb.usd,
    );

    const repositories = count("aws_ecr_repository");
    add(
      "aws_ecr_repository",
      "ECR image storage",
      `${assumptions.ecrGbPerRepository} GB per repository, ${repositories} repositories, at ${money(p.ecrStorageGbMonth)}`,
      repositories * assumptions.ecrGbPerRepository * p.ecrStorageGbMonth.usd,
    );

    const webAcls = count("aws_wafv2_web_acl");
    const wafRequests = webAcls * assumptions.wafRequestMillionsPerWebAcl;
    add(
      "aws_wafv2_web_acl",
      "WAF requests inspected",
      `${wafRequests} million requests (${assumptions.wafRequestMillionsPerWebAcl} million per web ACL) at ${money(p.wafRequestMillion)}`,
      wafRequests * p.wafRequestMillion.usd,
    );
    const buckets = count("aws_s3_bucket");
    add(
      "aws_s3_bucket",
      "S3 storage (access logs)",
      `${assumptions.s3GbPerBucket} GB Standard per bucket, ${buckets} bucket(s), at ${money(p.s3StandardGbMonth)}`,
      buckets * assumptions.s3GbPerBucket * p.s3StandardGbMonth.usd,
    );

    const insightClusters = this.of("aws_ecs_cluster").filter((r) =>
      (r.body.setting ?? []).some((setting: any) => setting.name === "containerInsights" && setting.value !== "disabled"),
    ).length;
    const services = count("aws_ecs_service");
    const metrics =
      insightClusters > 0
        ? insightClusters * assumptions.containerInsightsMetricsPerCluster + services * assumptions.containerInsightsMetricsPerService
        : 0;
    add(
      "aws_ecs_cluster",
      "Container Insights metrics",
      `${metrics} custom metrics (${assumptions.containerInsightsMetricsPerCluster} per cluster, ${assumptions.containerInsightsMetricsPerService} per service) at ${money(p.customMetricMonth)}`,
      metrics * p.customMetricMonth.usd,
    );
    return costs;
  }
}

type AddFixed = (resourceType: string, item: string, quantity: number, unit: string, unitMonthlyUsd: number, addresses: string[]) => void;

/** Tasks on each capacity provider at the desired count: `base` tasks first, the rest split by weight. */
export function tasksPerCapacityProvider(service: { body: Record<string, any> }): Record<string, number> {
  const desired: number = service.body.desired_count ?? 0;
  const strategy: { capacity_provider: string; weight?: number; base?: number }[] = service.body.capacity_provider_strategy ?? [];
  if (strategy.length === 0) return { [service.body.launch_type ?? "FARGATE"]: desired };
  const tasks: Record<string, number> = {};
  let remaining = desired;
  for (const entry of strategy) {
    const base = Math.min(entry.base ?? 0, remaining);
    tasks[entry.capacity_provider] = base;
    remaining -= base;
  }
  const totalWeight = strategy.reduce((sum, entry) => sum + (entry.weight ?? 0), 0);
  for (const entry of strategy) {
    if (totalWeight > 0) tasks[entry.capacity_provider] += (remaining * (entry.weight ?? 0)) / totalWeight;
  }
  return tasks;
}
