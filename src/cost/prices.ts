/**
 * On-demand list prices (USD) the cost estimate multiplies resource counts with.
 *
 * TRANSCRIBED, NOT FETCHED: these figures were copied by hand from the AWS public price list (the pricing pages and
 * the Price List offer files named in PRICE_SOURCES); the machine that wrote them could not reach AWS. They are
 * asserted for the date in PRICE_TABLE.assertedOn. AWS changes prices rarely, but it does: re-check them against the
 * offer files (or run Infracost, see docs/costs.md, "What it costs") before relying on a figure, and update assertedOn with
 * every change. Fargate Spot prices move with spare capacity; the figure here is the one published on that date.
 *
 * A region is priced only when every figure below was checked for it: an estimate for any other region fails with a
 * message instead of printing a number that would be wrong.
 */

/** The AWS Price List offer file of a service code, per region (the machine-readable source of every figure). */
const offerFile = (serviceCode: string) =>
  `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${serviceCode}/current/<region>/index.json`;

/** Where each group of prices comes from: the public pricing page and the Price List offer file. */
export const PRICE_SOURCES = {
  natGateway: { page: "https://aws.amazon.com/vpc/pricing/", offer: offerFile("AmazonEC2") },
  vpc: { page: "https://aws.amazon.com/vpc/pricing/", offer: offerFile("AmazonVPC") },
  ec2: { page: "https://aws.amazon.com/ec2/pricing/on-demand/", offer: offerFile("AmazonEC2") },
  ebs: { page: "https://aws.amazon.com/ebs/pricing/", offer: offerFile("AmazonEC2") },
  loadBalancer: { page: "https://aws.amazon.com/elasticloadbalancing/pricing/", offer: offerFile("AWSELB") },
  fargate: { page: "https://aws.amazon.com/fargate/pricing/", offer: offerFile("AmazonECS") },
  aurora: { page: "https://aws.amazon.com/rds/aurora/pricing/", offer: offerFile("AmazonRDS") },
  rdsPostgres: { page: "https://aws.amazon.com/rds/postgresql/pricing/", offer: offerFile("AmazonRDS") },
  rdsProxy: { page: "https://aws.amazon.com/rds/proxy/pricing/", offer: offerFile("AmazonRDS") },
  documentDb: { page: "https://aws.amazon.com/documentdb/pricing/", offer: offerFile("AmazonDocDB") },
  kms: { page: "https://aws.amazon.com/kms/pricing/", offer: offerFile("awskms") },
  secretsManager: { page: "https://aws.amazon.com/secrets-manager/pricing/", offer: offerFile("AWSSecretsManager") },
  cloudWatch: { page: "https://aws.amazon.com/cloudwatch/pricing/", offer: offerFile("AmazonCloudWatch") },
  efs: { page: "https://aws.amazon.com/efs/pricing/", offer: offerFile("AmazonEFS") },
  ecr: { page: "https://aws.amazon.com/ecr/pricing/", offer: offerFile("AmazonECR") },
  waf: { page: "https://aws.amazon.com/waf/pricing/", offer: offerFile("awswaf") },
  s3: { page: "https://aws.amazon.com/s3/pricing/", offer: offerFile("AmazonS3") },
} as const;

export type PriceSource = keyof typeof PRICE_SOURCES;

export interface Price {
  readonly usd: number;
  /** What one `usd` buys, e.g. "hour", "GB", "month". */
  readonly per: string;
  readonly source: PriceSource;
}

export interface RegionPrices {
  readonly natGatewayHour: Price;
  readonly natGatewayDataGb: Price;
  /** One interface endpoint in one AZ. */
  readonly interfaceEndpointAzHour: Price;
  readonly interfaceEndpointDataGb: Price;
  readonly publicIpv4Hour: Price;
  /** EC2 on-demand, Linux, shared tenancy, per instance type (the NAT instance). */
  readonly ec2InstanceHour: Readonly<Record<string, Price>>;
  /** EBS General Purpose SSD (gp3) storage, at its included 3,000 IOPS and 125 MB/s. */
  readonly ebsGp3GbMonth: Price;
  readonly applicationLoadBalancerHour: Price;
  readonly applicationLoadBalancerLcuHour: Price;
  readonly fargateVcpuHour: Price;
  readonly fargateGbHour: Price;
  readonly fargateSpotVcpuHour: Price;
  readonly fargateSpotGbHour: Price;
  /** Aurora Standard (not I/O-Optimized) Serverless v2 capacity. */
  readonly auroraServerlessV2AcuHour: Price;
  readonly auroraStorageGbMonth: Price;
  readonly auroraIoMillion: Price;
  /** RDS for PostgreSQL on-demand instances, per instance class: single-AZ, and Multi-AZ (one standby). */
  readonly rdsPostgresInstanceHour: Readonly<Record<string, Price>>;
  readonly rdsPostgresMultiAzInstanceHour: Readonly<Record<string, Price>>;
  /** RDS General Purpose (gp3) storage as allocated, single-AZ and Multi-AZ. */
  readonly rdsGp3StorageGbMonth: Price;
  readonly rdsGp3MultiAzStorageGbMonth: Price;
  /** RDS Proxy in front of Aurora Serverless v2: per ACU-hour of the targets' capacity, at least rdsProxyMinimumAcu. */
  readonly rdsProxyAcuHour: Price;
  readonly rdsProxyMinimumAcu: number;
  /** RDS Proxy in front of a provisioned instance: per vCPU-hour of the instance, at least rdsProxyMinimumVcpus. */
  readonly rdsProxyVcpuHour: Price;
  readonly rdsProxyMinimumVcpus: number;
  /** DocumentDB instance-based clusters (standard storage configuration), per instance class. */
  readonly documentDbInstanceHour: Readonly<Record<string, Price>>;
  readonly documentDbStorageGbMonth: Price;
  readonly documentDbIoMillion: Price;
  readonly kmsKeyMonth: Price;
  readonly secretMonth: Price;
  /** Standard-resolution alarm, per metric it evaluates. */
  readonly alarmMetricMonth: Price;
  readonly highResolutionAlarmMetricMonth: Price;
  readonly dashboardMonth: Price;
  /** Custom metrics (Container Insights publishes its metrics as these), first 10,000 metrics tier. */
  readonly customMetricMonth: Price;
  readonly logIngestionGb: Price;
  /** Vended logs (VPC flow logs) delivered to CloudWatch Logs, first 10 TB tier. */
  readonly vendedLogIngestionGb: Price;
  readonly efsStandardStorageGbMonth: Price;
  /** EFS Elastic Throughput: writes (reads cost half; the estimate prices all transfer as writes, the upper bound). */
  readonly efsElasticTransferGb: Price;
  readonly ecrStorageGbMonth: Price;
  /** AWS WAF: per web ACL, per rule in it (a managed rule group counts as one rule), per million requests inspected. */
  readonly wafWebAclMonth: Price;
  readonly wafRuleMonth: Price;
  readonly wafRequestMillion: Price;
  /** S3 Standard storage, first 50 TB tier (the access log bucket). */
  readonly s3StandardGbMonth: Price;
}

const hour = (usd: number, source: PriceSource): Price => ({ usd, per: "hour", source });
const gb = (usd: number, source: PriceSource): Price => ({ usd, per: "GB", source });
const month = (usd: number, source: PriceSource): Price => ({ usd, per: "month", source });

/**
 * us-east-1 (N. Virginia). us-east-2 (Ohio) and us-west-2 (Oregon) publish the same figures for every item here.
 */
const US_EAST_1: RegionPrices = {
  natGatewayHour: hour(0.045, "natGateway"),
  natGatewayDataGb: gb(0.045, "natGateway"),
  interfaceEndpointAzHour: hour(0.01, "vpc"),
  interfaceEndpointDataGb: gb(0.01, "vpc"),
  publicIpv4Hour: hour(0.005, "vpc"),
  ec2InstanceHour: { "t4g.nano": hour(0.0042, "ec2") },
  ebsGp3GbMonth: { usd: 0.08, per: "GB-month", source: "ebs" },
  applicationLoadBalancerHour: hour(0.0225, "loadBalancer"),
  applicationLoadBalancerLcuHour: hour(0.008, "loadBalancer"),
  fargateVcpuHour: hour(0.04048, "fargate"),
  fargateGbHour: hour(0.004445, "fargate"),
  fargateSpotVcpuHour: hour(0.01334053, "fargate"),
  fargateSpotGbHour: hour(0.00146489, "fargate"),
  auroraServerlessV2AcuHour: hour(0.12, "aurora"),
  auroraStorageGbMonth: { usd: 0.1, per: "GB-month", source: "aurora" },
  auroraIoMillion: { usd: 0.2, per: "million requests", source: "aurora" },
  rdsPostgresInstanceHour: {
    "db.t4g.micro": hour(0.016, "rdsPostgres"),
    "db.t4g.small": hour(0.032, "rdsPostgres"),
  },
  rdsPostgresMultiAzInstanceHour: {
    "db.t4g.micro": hour(0.032, "rdsPostgres"),
    "db.t4g.small": hour(0.064, "rdsPostgres"),
  },
  rdsGp3StorageGbMonth: { usd: 0.115, per: "GB-month", source: "rdsPostgres" },
  rdsGp3MultiAzStorageGbMonth: { usd: 0.23, per: "GB-month", source: "rdsPostgres" },
  rdsProxyAcuHour: hour(0.015, "rdsProxy"),
  rdsProxyMinimumAcu: 8,
  rdsProxyVcpuHour: hour(0.015, "rdsProxy"),
  rdsProxyMinimumVcpus: 2,
  documentDbInstanceHour: {
    "db.t3.medium": hour(0.078, "documentDb"),
    "db.t4g.medium": hour(0.073, "documentDb"),
    "db.r5.large": hour(0.277, "documentDb"),
  },
  documentDbStorageGbMonth: { usd: 0.1, per: "GB-month", source: "documentDb" },
  documentDbIoMillion: { usd: 0.2, per: "million requests", source: "documentDb" },
  kmsKeyMonth: month(1, "kms"),
  secretMonth: month(0.4, "secretsManager"),
  alarmMetricMonth: month(0.1, "cloudWatch"),
  highResolutionAlarmMetricMonth: month(0.3, "cloudWatch"),
  dashboardMonth: month(3, "cloudWatch"),
  customMetricMonth: month(0.3, "cloudWatch"),
  logIngestionGb: gb(0.5, "cloudWatch"),
  vendedLogIngestionGb: gb(0.5, "cloudWatch"),
  efsStandardStorageGbMonth: { usd: 0.3, per: "GB-month", source: "efs" },
  efsElasticTransferGb: gb(0.06, "efs"),
  ecrStorageGbMonth: { usd: 0.1, per: "GB-month", source: "ecr" },
  wafWebAclMonth: month(5, "waf"),
  wafRuleMonth: month(1, "waf"),
  wafRequestMillion: { usd: 0.6, per: "million requests", source: "waf" },
  s3StandardGbMonth: { usd: 0.023, per: "GB-month", source: "s3" },
};

export interface PriceTable {
  /** The date the figures are asserted for (ISO 8601). */
  readonly assertedOn: string;
  readonly howObtained: string;
  /** Hours in a month, as AWS's own calculator counts them. */
  readonly hoursPerMonth: number;
  readonly regions: Readonly<Record<string, RegionPrices>>;
  /** Where the figures come from, as the report states it (default: howObtained, assertedOn and this file). */
  readonly summary?: string;
}

export const PRICE_TABLE: PriceTable = {
  assertedOn: "2025-01-01",
  howObtained:
    "transcribed by hand from the AWS public price list (pricing pages and Price List offer files), not fetched; on-demand list prices",
  hoursPerMonth: 730,
  regions: {
    "us-east-1": US_EAST_1,
    "us-east-2": US_EAST_1,
    "us-west-2": US_EAST_1,
  },
};
