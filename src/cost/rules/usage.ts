import { Price } from "../prices";
import { PricingContext } from "./context";

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

/** Adds one usage-dependent charge at its stated assumption; a charge of zero adds none. */
export type AddUsage = (resourceType: string, item: string, assumption: string, monthlyUsd: number) => void;

/** Charges that depend on traffic or data: logs, data processing, load balancer capacity, storage, requests, metrics. */
export function priceUsage(context: PricingContext, assumptions: UsageAssumptions, add: AddUsage): void {
  const p = context.prices;
  const count = (type: string) => context.of(type).length;
  const money = (price: Price) => `$${price.usd}/${price.per}`;

  const logGroups = count("aws_cloudwatch_log_group");
  const flowLogs = context.of("aws_flow_log").filter((r) => r.body.log_destination_type !== "s3").length;
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
  const interfaceEndpoints = context.of("aws_vpc_endpoint").filter((r) => r.body.vpc_endpoint_type === "Interface").length;
  const endpointGb = interfaceEndpoints * assumptions.endpointDataGbPerEndpoint;
  add(
    "aws_vpc_endpoint",
    "interface endpoint data processing",
    `${endpointGb} GB (${assumptions.endpointDataGbPerEndpoint} GB per endpoint) at ${money(p.interfaceEndpointDataGb)}`,
    endpointGb * p.interfaceEndpointDataGb.usd,
  );
  const loadBalancers = count("aws_lb");
  const lcuHours = loadBalancers * assumptions.lcuPerLoadBalancer * context.hours;
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
    auroraClusters * (assumptions.databaseStorageGb * p.auroraStorageGbMonth.usd + assumptions.databaseIoMillions * p.auroraIoMillion.usd),
  );
  const docdbClusters = count("aws_docdb_cluster");
  add(
    "aws_docdb_cluster",
    "DocumentDB storage and I/O",
    `${assumptions.databaseStorageGb} GB and ${assumptions.databaseIoMillions} million I/O requests per cluster, ${docdbClusters} cluster(s)`,
    docdbClusters *
      (assumptions.databaseStorageGb * p.documentDbStorageGbMonth.usd + assumptions.databaseIoMillions * p.documentDbIoMillion.usd),
  );

  const fileSystems = context.of("aws_efs_file_system");
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
  // Buckets that hold objects of the deployment's own hold only those (the asset bucket: the RDS CA bundle, about
  // 170 KB, priced as nothing); the others receive logs.
  const objectBuckets = context.of("aws_s3_object").map((object) => JSON.stringify(object.body.bucket ?? ""));
  const buckets = context
    .of("aws_s3_bucket")
    .filter((bucket) => !objectBuckets.some((target) => target.includes(`\${aws_s3_bucket.${bucket.name}.`))).length;
  add(
    "aws_s3_bucket",
    "S3 storage (access logs)",
    `${assumptions.s3GbPerBucket} GB Standard per bucket, ${buckets} bucket(s), at ${money(p.s3StandardGbMonth)}`,
    buckets * assumptions.s3GbPerBucket * p.s3StandardGbMonth.usd,
  );

  const insightClusters = context
    .of("aws_ecs_cluster")
    .filter((r) =>
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
}
