/**
 * The same RegionPrices the transcribed table holds, fetched from the AWS Price List Query API (`pricing:GetProducts`,
 * served from us-east-1): every figure of every region the deployment runs in, on-demand list prices as AWS publishes
 * them today. When the Price List cannot be reached (no credentials, no network, access denied) the transcribed table
 * in src/cost/prices.ts is the fallback; a region in neither stops with a PricingError that names the fix.
 *
 * How a figure is found: GetProducts with TERM_MATCH filters on `regionCode` (the region's code, e.g. eu-west-1) and on
 * product attributes (`productFamily`, `instanceType`, `databaseEngine`, `deploymentOption`...), then, among the
 * products returned, the one whose `usagetype` is the wanted one. Usage types carry a region prefix that is not the
 * same across services or regions (`EU-NatGateway-Hours`, `USE1-Aurora:ServerlessV2Usage`, none at all for EC2 in
 * us-east-1), so they are matched here, after the query, as "an optional one-word prefix, then exactly this name",
 * never sent as a filter. The price is the USD `pricePerUnit` of the product's first paid tier of its OnDemand terms
 * (free tiers are not in the estimate). Several products answering with different prices is an error, as is none.
 *
 * Attribute names and values follow the Price List's offer files (AWS Billing User Guide, "Offer file definitions",
 * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-an-offer.html#pps-defs, and "Using the AWS Price
 * List Query API", https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-price-list-query-api.html:
 * `regionCode` as in us-east-1, `productFamily`, `usagetype`, `instanceType`, `databaseEngine`, `deploymentOption`,
 * `volumeApiName`, `locationType`, `alarmType`...). This machine could not reach AWS: the filters were written from
 * that documentation and the usage types AWS bills under, and are tested on hand-made answers of the API's shape
 * (__tests__/fixtures/price-list); a filter AWS answers differently stops the estimate naming the figure, the query
 * and the way out (`npm run cost -- --offline`), never a guessed number.
 */
import { Filter, GetProductsCommand, GetProductsCommandOutput, PricingClient } from "@aws-sdk/client-pricing";
import { TerraformJson } from "./estimate";
import { PricingError } from "./pricing-error";
import { PRICE_SOURCES, PRICE_TABLE, Price, PriceSource, PriceTable, RegionPrices } from "./prices";

/** A GetProducts query: a service code and TERM_MATCH filters (regionCode is added for the region priced). */
interface Query {
  readonly serviceCode: string;
  readonly filters: Readonly<Record<string, string>>;
}

/** A figure the Price List publishes. */
interface ListedRule {
  readonly kind: "listed";
  readonly source: PriceSource;
  /** What one `usd` of the resulting Price buys, as the table says it. */
  readonly per: string;
  readonly query: Query;
  readonly usagetype: RegExp;
  /** Further attribute conditions, checked after the query. */
  readonly where?: (attributes: Readonly<Record<string, string>>) => boolean;
  /** The Price List's unit differs from the table's: e.g. it prices one I/O, the table a million. */
  readonly scale?: { readonly unit: RegExp; readonly factor: number };
}

/** A record of prices by size (instance type or class): one listed rule per size wanted. */
interface SizedRule {
  readonly kind: "sized";
  /** The sizes the transcribed table prices; the fetch adds those the stacks use. */
  readonly sizes: keyof WantedSizes;
  readonly rule: (size: string) => ListedRule;
}

/** A figure the Price List does not publish: taken from the transcribed table. */
interface NotListedRule {
  readonly kind: "not listed";
  /** The same in every region (a billing rule, e.g. a minimum), so any region's table entry serves. */
  readonly sameEverywhere: boolean;
  readonly why: string;
}

type Rule<T> = T extends Price ? ListedRule | NotListedRule : T extends Readonly<Record<string, Price>> ? SizedRule : NotListedRule;

/** How each figure of RegionPrices is found: a field added there and not here fails to compile. */
export type PriceListMapping = { readonly [K in keyof RegionPrices]-?: Rule<RegionPrices[K]> };

/** The sizes to price, by the record they go in. */
export interface WantedSizes {
  readonly ec2: readonly string[];
  readonly rdsPostgres: readonly string[];
  readonly documentDb: readonly string[];
}

/**
 * AWS WAF charges the same in every commercial region (https://aws.amazon.com/waf/pricing/: one price list for web
 * ACLs, rules and requests), and the Price List's WAFv2 usage types could not be confirmed from here: the table's
 * figures serve every region.
 */
const WAF_SAME_EVERYWHERE =
  "AWS WAF's web ACL, rule and request prices are the same in every commercial region; the transcribed figures serve all";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** `NatGateway-Hours` matches `NatGateway-Hours`, `EU-NatGateway-Hours`, `USE1-NatGateway-Hours`; not `USE1-RegionalNatGateway-Hours`. */
const usage = (name: string) => new RegExp(`^(?:[A-Z]{2,4}\\d?-)?${escape(name)}$`);

const q = (serviceCode: string, filters: Record<string, string> = {}): Query => ({ serviceCode, filters });
const listed = (source: PriceSource, per: string, query: Query, usagetype: RegExp, extra: Partial<ListedRule> = {}): ListedRule => ({
  kind: "listed",
  source,
  per,
  query,
  usagetype,
  ...extra,
});
const perIo = { unit: /^IOs?$/i, factor: 1_000_000 };

// Queries shared by several figures (each runs once).
const NAT = q("AmazonEC2", { productFamily: "NAT Gateway" });
// AmazonVPC is small per region; public IPv4 addresses and endpoints are in different product families there.
const VPC = q("AmazonVPC");
const ALB = q("AWSELB", { productFamily: "Load Balancer-Application", locationType: "AWS Region" });
const FARGATE = q("AmazonECS");
const RDS_STORAGE = q("AmazonRDS", { productFamily: "Database Storage" });
const RDS_IO = q("AmazonRDS", { productFamily: "System Operation" });
const RDS_PROXY = q("AmazonRDS", { productFamily: "RDSProxy" });
const LOGS = q("AmazonCloudWatch", { productFamily: "Data Payload" });
const EFS = q("AmazonEFS");
const postgresOrAny = (a: Readonly<Record<string, string>>) => !a.databaseEngine || ["PostgreSQL", "Any"].includes(a.databaseEngine);

export const PRICE_LIST_MAPPING: PriceListMapping = {
  natGatewayHour: listed("natGateway", "hour", NAT, usage("NatGateway-Hours")),
  natGatewayDataGb: listed("natGateway", "GB", NAT, usage("NatGateway-Bytes")),
  interfaceEndpointAzHour: listed("vpc", "hour", VPC, usage("VpcEndpoint-Hours")),
  interfaceEndpointDataGb: listed("vpc", "GB", VPC, usage("VpcEndpoint-Bytes")),
  publicIpv4Hour: listed("vpc", "hour", VPC, usage("PublicIPv4:InUseAddress")),
  ec2InstanceHour: {
    kind: "sized",
    sizes: "ec2",
    rule: (instanceType) =>
      listed(
        "ec2",
        "hour",
        q("AmazonEC2", {
          productFamily: "Compute Instance",
          instanceType,
          operatingSystem: "Linux",
          tenancy: "Shared",
          preInstalledSw: "NA",
          capacitystatus: "Used",
          licenseModel: "No License required",
        }),
        usage(`BoxUsage:${instanceType}`),
      ),
  },
  ebsGp3GbMonth: listed(
    "ebs",
    "GB-month",
    q("AmazonEC2", { productFamily: "Storage", volumeApiName: "gp3" }),
    usage("EBS:VolumeUsage.gp3"),
  ),
  applicationLoadBalancerHour: listed("loadBalancer", "hour", ALB, usage("LoadBalancerUsage")),
  applicationLoadBalancerLcuHour: listed("loadBalancer", "hour", ALB, usage("LCUUsage")),
  // x86 Linux, as the table (the task definitions do not choose ARM).
  fargateVcpuHour: listed("fargate", "hour", FARGATE, usage("Fargate-vCPU-Hours:perCPU")),
  fargateGbHour: listed("fargate", "hour", FARGATE, usage("Fargate-GB-Hours")),
  fargateSpotVcpuHour: {
    kind: "not listed",
    sameEverywhere: false,
    why: "Fargate Spot prices are not in the AWS Price List (AWS publishes them on https://aws.amazon.com/fargate/pricing/ only, and they move with spare capacity)",
  },
  fargateSpotGbHour: {
    kind: "not listed",
    sameEverywhere: false,
    why: "Fargate Spot prices are not in the AWS Price List (AWS publishes them on https://aws.amazon.com/fargate/pricing/ only, and they move with spare capacity)",
  },
  auroraServerlessV2AcuHour: listed(
    "aurora",
    "hour",
    q("AmazonRDS", { productFamily: "ServerlessV2", databaseEngine: "Aurora PostgreSQL" }),
    usage("Aurora:ServerlessV2Usage"),
  ),
  auroraStorageGbMonth: listed("aurora", "GB-month", RDS_STORAGE, usage("Aurora:StorageUsage")),
  auroraIoMillion: listed("aurora", "million requests", RDS_IO, usage("Aurora:StorageIOUsage"), { scale: perIo }),
  rdsPostgresInstanceHour: {
    kind: "sized",
    sizes: "rdsPostgres",
    rule: (instanceType) =>
      listed(
        "rdsPostgres",
        "hour",
        q("AmazonRDS", { productFamily: "Database Instance", databaseEngine: "PostgreSQL", instanceType, deploymentOption: "Single-AZ" }),
        usage(`InstanceUsage:${instanceType}`),
      ),
  },
  rdsPostgresMultiAzInstanceHour: {
    kind: "sized",
    sizes: "rdsPostgres",
    rule: (instanceType) =>
      listed(
        "rdsPostgres",
        "hour",
        q("AmazonRDS", { productFamily: "Database Instance", databaseEngine: "PostgreSQL", instanceType, deploymentOption: "Multi-AZ" }),
        usage(`Multi-AZUsage:${instanceType}`),
      ),
  },
  rdsGp3StorageGbMonth: listed("rdsPostgres", "GB-month", RDS_STORAGE, usage("RDS:GP3-Storage"), { where: postgresOrAny }),
  rdsGp3MultiAzStorageGbMonth: listed("rdsPostgres", "GB-month", RDS_STORAGE, usage("RDS:Multi-AZ-GP3-Storage"), { where: postgresOrAny }),
  rdsProxyAcuHour: listed("rdsProxy", "hour", RDS_PROXY, usage("RDS:Proxy-ASv2-Usage")),
  rdsProxyMinimumAcu: {
    kind: "not listed",
    sameEverywhere: true,
    why: "a billing rule on the RDS Proxy pricing page, not a price",
  },
  rdsProxyVcpuHour: listed("rdsProxy", "hour", RDS_PROXY, usage("RDS:ProxyUsage")),
  rdsProxyMinimumVcpus: {
    kind: "not listed",
    sameEverywhere: true,
    why: "a billing rule on the RDS Proxy pricing page, not a price",
  },
  documentDbInstanceHour: {
    kind: "sized",
    sizes: "documentDb",
    // Standard storage configuration: I/O-Optimized instances bill as InstanceUsageIOOptimized:<class>.
    rule: (instanceType) =>
      listed(
        "documentDb",
        "hour",
        q("AmazonDocDB", { productFamily: "Database Instance", instanceType }),
        usage(`InstanceUsage:${instanceType}`),
      ),
  },
  documentDbStorageGbMonth: listed(
    "documentDb",
    "GB-month",
    q("AmazonDocDB", { productFamily: "Database Storage" }),
    usage("StorageUsage"),
  ),
  documentDbIoMillion: listed(
    "documentDb",
    "million requests",
    q("AmazonDocDB", { productFamily: "System Operation" }),
    usage("StorageIOUsage"),
    {
      scale: perIo,
    },
  ),
  // KMS prefixes its usage types with the region's name: us-east-1-KMS-Keys.
  kmsKeyMonth: listed("kms", "month", q("awskms"), /^(?:[a-z]{2}(?:-[a-z]+)+-\d-)?KMS-Keys$/),
  secretMonth: listed("secretsManager", "month", q("AWSSecretsManager"), usage("AWSSecretsManager-Secrets")),
  alarmMetricMonth: listed(
    "cloudWatch",
    "month",
    q("AmazonCloudWatch", { productFamily: "Alarm", alarmType: "Standard" }),
    usage("CW:AlarmMonitorUsage"),
  ),
  // alarmType selects; the high-resolution usage type's exact name is not relied on.
  highResolutionAlarmMetricMonth: listed(
    "cloudWatch",
    "month",
    q("AmazonCloudWatch", { productFamily: "Alarm", alarmType: "High Resolution" }),
    /AlarmMonitorUsage$/,
  ),
  dashboardMonth: listed("cloudWatch", "month", q("AmazonCloudWatch", { productFamily: "Dashboard" }), usage("DashboardsUsageHour")),
  customMetricMonth: listed("cloudWatch", "month", q("AmazonCloudWatch", { productFamily: "Metric" }), usage("CW:MetricMonitorUsage")),
  logIngestionGb: listed("cloudWatch", "GB", LOGS, usage("DataProcessing-Bytes")),
  // The plain vended-log meter; -CFLogs and -WAFLogs are other services' vended logs.
  vendedLogIngestionGb: listed("cloudWatch", "GB", LOGS, usage("VendedLog-Bytes")),
  efsStandardStorageGbMonth: listed("efs", "GB-month", EFS, usage("TimedStorage-ByteHrs")),
  // Elastic Throughput writes; the usage type's exact spelling is not relied on (any with "Elastic" and "Write").
  efsElasticTransferGb: listed("efs", "GB", EFS, /Elastic.*Write/i),
  ecrStorageGbMonth: listed("ecr", "GB-month", q("AmazonECR"), usage("TimedStorage-ByteHrs")),
  wafWebAclMonth: { kind: "not listed", sameEverywhere: true, why: WAF_SAME_EVERYWHERE },
  wafRuleMonth: { kind: "not listed", sameEverywhere: true, why: WAF_SAME_EVERYWHERE },
  wafRequestMillion: { kind: "not listed", sameEverywhere: true, why: WAF_SAME_EVERYWHERE },
  s3StandardGbMonth: listed(
    "s3",
    "GB-month",
    q("AmazonS3", { productFamily: "Storage", volumeType: "Standard", storageClass: "General Purpose" }),
    usage("TimedStorage-ByteHrs"),
  ),
};

/** One product of a GetProducts answer, reduced to what the rules read. */
interface Product {
  readonly sku: string;
  readonly productFamily?: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** OnDemand price dimensions. */
  readonly dimensions: readonly {
    readonly unit: string;
    readonly usd: number;
    readonly beginRange: number;
    readonly description: string;
  }[];
}

function parseProduct(text: string): Product {
  const item = JSON.parse(text) as {
    product?: { sku?: string; productFamily?: string; attributes?: Record<string, string> };
    terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, any> }> };
  };
  const dimensions = Object.values(item.terms?.OnDemand ?? {}).flatMap((term) =>
    Object.values(term.priceDimensions ?? {}).map((dimension: any) => ({
      unit: String(dimension.unit ?? ""),
      usd: Number(dimension.pricePerUnit?.USD),
      beginRange: Number(dimension.beginRange ?? 0),
      description: String(dimension.description ?? ""),
    })),
  );
  return {
    sku: item.product?.sku ?? "?",
    productFamily: item.product?.productFamily,
    attributes: item.product?.attributes ?? {},
    dimensions,
  };
}

/** The Price List did not answer (credentials, network, access, throttling): the caller may fall back to the table. */
export class PriceListUnavailable extends Error {}

const MAX_PAGES = 50;

async function getProducts(client: PricingClient, region: string, query: Query, signal: AbortSignal): Promise<Product[]> {
  const Filters: Filter[] = Object.entries({ regionCode: region, ...query.filters }).map(([Field, Value]) => ({
    Type: "TERM_MATCH",
    Field,
    Value,
  }));
  const products: Product[] = [];
  let NextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let answer: GetProductsCommandOutput;
    try {
      answer = await client.send(
        new GetProductsCommand({ ServiceCode: query.serviceCode, Filters, FormatVersion: "aws_v1", MaxResults: 100, NextToken }),
        { abortSignal: signal },
      );
    } catch (error) {
      const name = (error as Error).name ?? "Error";
      throw new PriceListUnavailable(`${name}: ${(error as Error).message}`);
    }
    // Each entry is one product's JSON, as a string.
    const entries = (answer.PriceList ?? []) as readonly unknown[];
    products.push(...entries.map((entry) => parseProduct(typeof entry === "string" ? entry : JSON.stringify(entry))));
    NextToken = answer.NextToken || undefined;
    if (!NextToken) return products;
  }
  throw new PricingError(
    `the AWS Price List answered more than ${MAX_PAGES} pages for ${describeQuery(region, query)}; narrow its filters`,
  );
}

function describeQuery(region: string, query: Query): string {
  const filters = Object.entries({ regionCode: region, ...query.filters }).map(([key, value]) => `${key}=${value}`);
  return `${query.serviceCode} (${filters.join(", ")})`;
}

const queryKey = (query: Query) => JSON.stringify([query.serviceCode, Object.entries(query.filters).sort()]);

/** The price one listed rule finds among the products its query answered, or a PricingError naming what is missing. */
function pick(field: string, rule: ListedRule, region: string, products: readonly Product[]): Price {
  const matching = products.filter(
    (product) => rule.usagetype.test(product.attributes.usagetype ?? "") && (rule.where?.(product.attributes) ?? true),
  );
  const found = matching.flatMap((product) => {
    const paid = product.dimensions.filter((dimension) => Number.isFinite(dimension.usd) && dimension.usd > 0);
    const first = paid.sort((a, b) => a.beginRange - b.beginRange)[0];
    return first ? [{ product, dimension: first }] : [];
  });
  const what = `${field} (${describeQuery(region, rule.query)}, usagetype ${rule.usagetype.source})`;
  if (found.length === 0) {
    throw new PricingError(
      `the AWS Price List has no on-demand price for ${what}: ${matching.length > 0 ? "the product has no paid price dimension" : `none of the ${products.length} products it answered matches`}. ` +
        `Fix the filter in src/cost/price-list.ts (${PRICE_SOURCES[rule.source].page}), or price from the transcribed table with npm run cost -- --offline`,
    );
  }
  const prices = [...new Set(found.map(({ dimension }) => dimension.usd))];
  if (prices.length > 1) {
    throw new PricingError(
      `the AWS Price List answers several prices for ${what}: ${found.map(({ product, dimension }) => `${product.sku} ${product.attributes.usagetype} $${dimension.usd}/${dimension.unit}`).join(", ")}; narrow the filter in src/cost/price-list.ts`,
    );
  }
  const unit = found[0].dimension.unit;
  let usd = prices[0];
  if (rule.scale) {
    if (!rule.scale.unit.test(unit))
      throw new PricingError(
        `the AWS Price List prices ${what} per ${unit}, not per ${rule.scale.unit.source}; src/cost/price-list.ts cannot convert it`,
      );
    usd = Math.round(usd * rule.scale.factor * 1e9) / 1e9;
  }
  return { usd, per: rule.per, source: rule.source };
}

/** A figure this region has no source for: reading its price stops the estimate, saying why. */
function unavailable(field: string, region: string, why: string, source: PriceSource): Price {
  return {
    per: "hour",
    source,
    get usd(): number {
      throw new PricingError(
        `no ${field} for ${region}: ${why}, and the transcribed table (src/cost/prices.ts) has no figures for ${region}; add them there from ${PRICE_SOURCES[source].page}, or estimate with Infracost (docs/costs.md, "What it costs")`,
      );
    },
  };
}

export interface FetchOptions {
  readonly client?: PricingClient;
  /** Sizes to price beyond the transcribed table's (what the stacks use). */
  readonly sizes?: Partial<WantedSizes>;
  /** Parallel GetProducts calls after the first. */
  readonly concurrency?: number;
  readonly table?: PriceTable;
}

/** Short timeouts: an unreachable Price List falls back to the table in seconds. */
export function pricingClient(): PricingClient {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return new PricingClient({ region: "us-east-1", maxAttempts: 2, requestHandler: { connectionTimeout: 3000, requestTimeout: 8000 } });
}

/** The region's prices from the Price List. Throws PriceListUnavailable when it does not answer, PricingError when a figure is missing. */
export async function fetchRegionPrices(region: string, options: FetchOptions = {}): Promise<RegionPrices> {
  const table = options.table ?? PRICE_TABLE;
  const client = options.client ?? pricingClient();
  const reference = table.regions[region] ?? Object.values(table.regions)[0];
  const transcribed = table.regions[region];
  const sizes: WantedSizes = {
    ec2: [...new Set([...Object.keys(reference?.ec2InstanceHour ?? {}), ...(options.sizes?.ec2 ?? [])])].sort(),
    rdsPostgres: [...new Set([...Object.keys(reference?.rdsPostgresInstanceHour ?? {}), ...(options.sizes?.rdsPostgres ?? [])])].sort(),
    documentDb: [...new Set([...Object.keys(reference?.documentDbInstanceHour ?? {}), ...(options.sizes?.documentDb ?? [])])].sort(),
  };

  // Every listed rule, by field and size; each distinct query once.
  const wanted: { field: string; size?: string; rule: ListedRule }[] = [];
  for (const [field, rule] of Object.entries(PRICE_LIST_MAPPING) as [keyof RegionPrices, PriceListMapping[keyof RegionPrices]][]) {
    if (rule.kind === "listed") wanted.push({ field, rule });
    if (rule.kind === "sized") for (const size of sizes[rule.sizes]) wanted.push({ field, size, rule: rule.rule(size) });
  }
  const queries = new Map<string, Query>();
  for (const { rule } of wanted) queries.set(queryKey(rule.query), rule.query);
  const answers = new Map<string, Product[]>();
  const controller = new AbortController();
  const run = async (key: string) => answers.set(key, await getProducts(client, region, queries.get(key)!, controller.signal));
  const keys = [...queries.keys()];
  try {
    // The first query alone: when the Price List is unreachable, one failure says so.
    await run(keys[0]);
    const pending = keys.slice(1);
    const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
      for (let key = pending.shift(); key !== undefined; key = pending.shift()) await run(key);
    });
    await Promise.all(workers);
  } catch (error) {
    controller.abort();
    throw error;
  }

  const result: Record<string, unknown> = {};
  for (const { field, size, rule } of wanted) {
    const price = pick(size ? `${field}[${size}]` : field, rule, region, answers.get(queryKey(rule.query)) ?? []);
    if (size) result[field] = { ...(result[field] ?? {}), [size]: price };
    else result[field] = price;
  }
  for (const [field, rule] of Object.entries(PRICE_LIST_MAPPING)) {
    if (rule.kind !== "not listed") continue;
    const key = field as keyof RegionPrices;
    const from = rule.sameEverywhere ? reference : transcribed;
    if (from) result[field] = from[key];
    else {
      const source = (reference?.[key] as Price | undefined)?.source ?? "fargate";
      result[field] = unavailable(field, region, rule.why, source);
    }
  }
  return result as unknown as RegionPrices;
}

export type PriceMode = "auto" | "online" | "offline";

export interface ResolvedPrices {
  readonly table: PriceTable;
  readonly source: "price list" | "table";
  /** Why the table was used in auto mode (the Price List's error). */
  readonly fallbackReason?: string;
}

/**
 * The prices an estimate for `region` uses. auto: the Price List, else the transcribed table; online: the Price List
 * or a PricingError; offline: the table only.
 */
export async function resolvePrices(
  region: string,
  mode: PriceMode = "auto",
  options: FetchOptions & { readonly now?: Date } = {},
): Promise<ResolvedPrices> {
  const table = options.table ?? PRICE_TABLE;
  const covered = Object.keys(table.regions).join(", ");
  if (mode === "offline") {
    // The estimate refuses a region the table lacks, naming it.
    return { table, source: "table" };
  }
  try {
    const prices = await fetchRegionPrices(region, options);
    const fetchedOn = (options.now ?? new Date()).toISOString().slice(0, 10);
    const spot = table.regions[region]
      ? `Fargate Spot (not in the Price List) from the transcribed table, asserted ${table.assertedOn} (src/cost/prices.ts)`
      : "Fargate Spot is not in the Price List and not in the transcribed table for this region";
    return {
      source: "price list",
      table: {
        assertedOn: fetchedOn,
        howObtained: "fetched from the AWS Price List Query API (GetProducts), on-demand list prices",
        hoursPerMonth: table.hoursPerMonth,
        regions: { [region]: prices },
        summary: `fetched from the AWS Price List Query API (GetProducts) for ${region} on ${fetchedOn}, on-demand list prices; ${spot}.`,
      },
    };
  } catch (error) {
    if (!(error instanceof PriceListUnavailable)) throw error;
    const fix =
      'give npm run cost AWS credentials allowed pricing:GetProducts, add the region\'s figures to src/cost/prices.ts, or estimate with Infracost (docs/costs.md, "What it costs")';
    if (mode === "online") throw new PricingError(`--online: the AWS Price List did not answer (${error.message}); ${fix}`);
    if (!table.regions[region]) {
      throw new PricingError(
        `no prices for region ${region}: the AWS Price List did not answer (${error.message}) and the transcribed table (src/cost/prices.ts, asserted ${table.assertedOn}) covers ${covered}; ${fix}`,
      );
    }
    return {
      source: "table",
      fallbackReason: error.message,
      table: {
        ...table,
        summary: `${table.howObtained}, asserted for ${table.assertedOn} (src/cost/prices.ts); the AWS Price List did not answer (${error.message}).`,
      },
    };
  }
}

/** The instance types and classes the stacks use, so the Price List prices them too. */
export function sizesIn(...stackSets: readonly Readonly<Record<string, TerraformJson>>[]): WantedSizes {
  const collect = (type: string, attribute: string) =>
    [
      ...new Set(
        stackSets.flatMap((stacks) =>
          Object.values(stacks).flatMap((stack) => Object.values(stack.resource?.[type] ?? {}).map((body) => body?.[attribute])),
        ),
      ),
    ].filter((value): value is string => typeof value === "string" && !value.includes("${"));
  return {
    ec2: collect("aws_instance", "instance_type"),
    rdsPostgres: collect("aws_db_instance", "instance_class"),
    documentDb: collect("aws_docdb_cluster_instance", "instance_class"),
  };
}
