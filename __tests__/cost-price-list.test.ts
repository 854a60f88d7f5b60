process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetProductsCommand, GetProductsCommandInput, PricingClient } from "@aws-sdk/client-pricing";
import { mockClient } from "aws-sdk-client-mock";
import { parse as parseYaml } from "yaml";
import { estimateMonthlyCost, TerraformJson } from "../src/cost/estimate";
import { PricingError } from "../src/cost/pricing-error";
import { fetchRegionPrices, PRICE_LIST_MAPPING, resolvePrices, sizesIn } from "../src/cost/price-list";
import { PRICE_TABLE, RegionPrices } from "../src/cost/prices";
import { formatMarkdown, formatText } from "../src/cost/report";
import { exampleRawConfig, synthStacks } from "./support";

const HOURS = 730;
const cents = (usd: number) => Math.round(usd * 100) / 100;
const NOW = new Date("2026-05-02T09:00:00Z");

interface Answer {
  ServiceCode: string;
  Filters: { Type: string; Field: string; Value: string }[];
  pages: { PriceList: unknown[]; NextToken?: string }[];
}
const FIXTURE: { answers: Answer[] } = JSON.parse(readFileSync(join(__dirname, "fixtures", "price-list", "eu-west-1.json"), "utf8"));

const filterKey = (filters: readonly { Field?: string; Value?: string; Type?: string }[]) =>
  JSON.stringify(filters.map((filter) => `${filter.Type} ${filter.Field}=${filter.Value}`).sort());

/** A Pricing client answering GetProducts from the fixture (each PriceList entry as the JSON string the API sends). */
function recordedClient(answers: readonly Answer[] = FIXTURE.answers) {
  const client = new PricingClient({ region: "us-east-1" });
  const mock = mockClient(client);
  const requests: GetProductsCommandInput[] = [];
  mock.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
    requests.push(input);
    const answer = answers.find(
      (candidate) => candidate.ServiceCode === input.ServiceCode && filterKey(candidate.Filters) === filterKey(input.Filters ?? []),
    );
    if (!answer) return { FormatVersion: "aws_v1", PriceList: [] };
    const page = input.NextToken ? answer.pages.findIndex((_, index) => answer.pages[index - 1]?.NextToken === input.NextToken) : 0;
    const { PriceList, NextToken } = answer.pages[page];
    return { FormatVersion: "aws_v1", PriceList: PriceList.map((entry) => JSON.stringify(entry)), NextToken };
  });
  return { client, mock, requests };
}

/** A client whose every call fails the way an unreachable Price List does. */
function failingClient(error: Error) {
  const client = new PricingClient({ region: "us-east-1" });
  const mock = mockClient(client);
  mock.on(GetProductsCommand).rejects(error);
  return { client, mock };
}

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

let example: { certs: TerraformJson; app: TerraformJson } | undefined;
function exampleInIreland() {
  if (!example) {
    const raw = exampleRawConfig();
    raw.region = "eu-west-1";
    const { certs, app } = synthStacks(raw);
    example = { certs, app };
  }
  return example;
}

describe("prices from the AWS Price List", () => {
  test("every RegionPrices figure has a rule: listed (with a query), sized, or not listed with the reason", () => {
    const fields = Object.keys(PRICE_TABLE.regions["us-east-1"]).sort();
    expect(Object.keys(PRICE_LIST_MAPPING).sort()).toEqual(fields);
    const notListed = Object.entries(PRICE_LIST_MAPPING).filter(([, rule]) => rule.kind === "not listed");
    expect(notListed.map(([field]) => field).sort()).toEqual([
      "fargateSpotGbHour",
      "fargateSpotVcpuHour",
      "rdsProxyMinimumAcu",
      "rdsProxyMinimumVcpus",
      "wafRequestMillion",
      "wafRuleMonth",
      "wafWebAclMonth",
    ]);
  });

  test("eu-west-1, in no transcribed table, gets every figure from the recorded answers", async () => {
    const { client, requests } = recordedClient();
    const prices = await fetchRegionPrices("eu-west-1", { client });
    const usd = (price: { usd: number }) => price.usd;
    expect({
      nat: [usd(prices.natGatewayHour), usd(prices.natGatewayDataGb)],
      endpoint: [usd(prices.interfaceEndpointAzHour), usd(prices.interfaceEndpointDataGb)],
      ipv4: usd(prices.publicIpv4Hour),
      ec2: Object.fromEntries(Object.entries(prices.ec2InstanceHour).map(([type, price]) => [type, price.usd])),
      gp3: usd(prices.ebsGp3GbMonth),
      alb: [usd(prices.applicationLoadBalancerHour), usd(prices.applicationLoadBalancerLcuHour)],
      fargate: [usd(prices.fargateVcpuHour), usd(prices.fargateGbHour)],
      aurora: [usd(prices.auroraServerlessV2AcuHour), usd(prices.auroraStorageGbMonth), usd(prices.auroraIoMillion)],
      postgres: Object.fromEntries(Object.entries(prices.rdsPostgresInstanceHour).map(([type, price]) => [type, price.usd])),
      postgresMultiAz: Object.fromEntries(Object.entries(prices.rdsPostgresMultiAzInstanceHour).map(([type, price]) => [type, price.usd])),
      gp3Rds: [usd(prices.rdsGp3StorageGbMonth), usd(prices.rdsGp3MultiAzStorageGbMonth)],
      proxy: [usd(prices.rdsProxyAcuHour), prices.rdsProxyMinimumAcu, usd(prices.rdsProxyVcpuHour), prices.rdsProxyMinimumVcpus],
      documentDb: Object.fromEntries(Object.entries(prices.documentDbInstanceHour).map(([type, price]) => [type, price.usd])),
      documentDbData: [usd(prices.documentDbStorageGbMonth), usd(prices.documentDbIoMillion)],
      kms: usd(prices.kmsKeyMonth),
      secret: usd(prices.secretMonth),
      cloudWatch: [
        usd(prices.alarmMetricMonth),
        usd(prices.highResolutionAlarmMetricMonth),
        usd(prices.dashboardMonth),
        usd(prices.customMetricMonth),
        usd(prices.logIngestionGb),
        usd(prices.vendedLogIngestionGb),
      ],
      efs: [usd(prices.efsStandardStorageGbMonth), usd(prices.efsElasticTransferGb)],
      ecr: usd(prices.ecrStorageGbMonth),
    }).toEqual({
      // Not the Regional NAT gateway (its own usage type), not the idle address, not GWLB endpoints, not the trust store.
      nat: [0.048, 0.048],
      // The first tier of the endpoint's data processing.
      endpoint: [0.011, 0.01],
      ipv4: 0.005,
      ec2: { "t4g.nano": 0.0046 },
      gp3: 0.088,
      alb: [0.0252, 0.008],
      // x86, not ARM
      fargate: [0.04048, 0.004445],
      // Aurora Standard, not I/O-Optimized; $0.00000022 per I/O is $0.22 per million
      aurora: [0.13, 0.11, 0.22],
      postgres: { "db.t4g.micro": 0.017, "db.t4g.small": 0.034 },
      postgresMultiAz: { "db.t4g.micro": 0.034, "db.t4g.small": 0.068 },
      // PostgreSQL's Multi-AZ gp3, not SQL Server's
      gp3Rds: [0.127, 0.254],
      // The minimums are billing rules, not prices: the table's
      proxy: [0.0165, 8, 0.0165, 2],
      // Standard storage configuration, not I/O-Optimized
      documentDb: { "db.r5.large": 0.304, "db.t3.medium": 0.08, "db.t4g.medium": 0.075 },
      documentDbData: [0.11, 0.22],
      kms: 1,
      secret: 0.4,
      // The first paid tier of custom metrics and vended logs; the plain vended-log meter, not WAF's
      cloudWatch: [0.1, 0.3, 3, 0.3, 0.57, 0.57],
      efs: [0.33, 0.06],
      ecr: 0.1,
    });
    expect(prices.ebsGp3GbMonth).toEqual({ usd: 0.088, per: "GB-month", source: "ebs" });
    // Every request filters on the region, and each distinct query runs once (two pages for AmazonVPC).
    expect(requests.every((request) => request.Filters?.some((f) => f.Field === "regionCode" && f.Value === "eu-west-1"))).toBe(true);
    expect(requests.every((request) => request.Filters?.every((f) => f.Field !== "usagetype"))).toBe(true);
    expect(requests).toHaveLength(FIXTURE.answers.length + 1);
  });

  test("pagination: the products of the page after NextToken count too", async () => {
    const { client, requests } = recordedClient();
    const prices = await fetchRegionPrices("eu-west-1", { client });
    const vpc = requests.filter((request) => request.ServiceCode === "AmazonVPC");
    expect(vpc.map((request) => request.NextToken)).toEqual([undefined, "page-2"]);
    // The public IPv4 address is on the second page.
    const paged = FIXTURE.answers.find((answer) => answer.ServiceCode === "AmazonVPC")!;
    expect(JSON.stringify(paged.pages[1])).toContain("PublicIPv4:InUseAddress");
    expect(prices.publicIpv4Hour.usd).toBe(0.005);
    // Without the second page, the figure is missing.
    const firstPageOnly = FIXTURE.answers.map((answer) =>
      answer.ServiceCode === "AmazonVPC" ? { ...answer, pages: [{ PriceList: answer.pages[0].PriceList }] } : answer,
    );
    await expect(fetchRegionPrices("eu-west-1", { client: recordedClient(firstPageOnly).client })).rejects.toThrow(
      /no on-demand price for publicIpv4Hour \(AmazonVPC \(regionCode=eu-west-1\), usagetype/,
    );
  });

  test("a product missing from the answers stops the fetch naming the figure, the query and the way out", async () => {
    const withoutProxy = FIXTURE.answers.map((answer) => ({
      ...answer,
      pages: answer.pages.map((page) => ({
        ...page,
        PriceList: page.PriceList.filter((entry) => !JSON.stringify(entry).includes("Proxy-ASv2-Usage")),
      })),
    }));
    const run = fetchRegionPrices("eu-west-1", { client: recordedClient(withoutProxy).client });
    await expect(run).rejects.toThrow(PricingError);
    await expect(fetchRegionPrices("eu-west-1", { client: recordedClient(withoutProxy).client })).rejects.toThrow(
      /no on-demand price for rdsProxyAcuHour \(AmazonRDS \(regionCode=eu-west-1, productFamily=RDSProxy\), usagetype .*Proxy-ASv2-Usage.*none of the 2 products it answered matches.*npm run cost -- --offline/,
    );
    // An instance class the stacks use is fetched too, and missing when AWS does not offer it.
    await expect(
      fetchRegionPrices("eu-west-1", { client: recordedClient().client, sizes: { documentDb: ["db.r6g.large"] } }),
    ).rejects.toThrow(
      /no on-demand price for documentDbInstanceHour\[db.r6g.large\] \(AmazonDocDB \(regionCode=eu-west-1, productFamily=Database Instance, instanceType=db.r6g.large\)/,
    );
  });

  test("two products answering one figure with different prices is refused, not averaged", async () => {
    const twoPrices = FIXTURE.answers.map((answer) =>
      answer.ServiceCode === "awskms"
        ? {
            ...answer,
            pages: [
              {
                PriceList: [
                  ...answer.pages[0].PriceList,
                  JSON.parse(JSON.stringify(answer.pages[0].PriceList[0]).replace(/"1\.0+"/, '"2.0000000000"')),
                ],
              },
            ],
          }
        : answer,
    );
    await expect(fetchRegionPrices("eu-west-1", { client: recordedClient(twoPrices).client })).rejects.toThrow(
      /several prices for kmsKeyMonth .*\$1\/Keys, .*\$2\/Keys/,
    );
  });

  test("config/example.yaml in eu-west-1: a full estimate from the Price List, line by line", async () => {
    const stacks = exampleInIreland();
    const resolved = await resolvePrices("eu-west-1", "auto", { client: recordedClient().client, now: NOW, sizes: sizesIn(stacks) });
    expect(resolved.source).toBe("price list");
    const estimate = estimateMonthlyCost(stacks, undefined, resolved.table);
    const expected: Record<string, [number, number]> = {
      "NAT gateway hours": [2, cents(2 * 0.048 * HOURS)],
      "interface endpoint hours, per AZ": [12, cents(12 * 0.011 * HOURS)],
      "application load balancer hours": [2, cents(2 * 0.0252 * HOURS)],
      "public IPv4 addresses (Elastic IPs)": [2, cents(2 * 0.005 * HOURS)],
      "public IPv4 of internet-facing load balancers (per subnet)": [4, cents(4 * 0.005 * HOURS)],
      "Fargate vCPU at desired count": [6.5, cents(6.5 * 0.04048 * HOURS)],
      "Fargate memory at desired count": [13, cents(13 * 0.004445 * HOURS)],
      "Aurora Serverless v2 capacity at minimum ACU": [0.5, cents(0.5 * 0.13 * HOURS)],
      "RDS Proxy on 0.5 ACU (billed at least 8 ACU)": [8, cents(8 * 0.0165 * HOURS)],
      "DocumentDB db.t3.medium instances": [1, cents(0.08 * HOURS)],
      "customer managed KMS keys": [5, 5],
      "Secrets Manager secrets": [13, cents(13 * 0.4)],
      "alarm metrics, standard resolution": [31, cents(31 * 0.1)],
      "CloudWatch dashboards": [1, 3],
      // AWS WAF's prices are the same in every region: the table's, not the Price List's.
      "WAF web ACLs": [1, 5],
      "WAF rules": [5, 5],
    };
    expect(Object.fromEntries(estimate.fixed.map((cost) => [cost.item, [cost.quantity, cost.monthlyUsd]]))).toEqual(expected);
    expect(estimate.fixedTotal).toBe(cents(Object.values(expected).reduce((sum, [, usd]) => sum + usd, 0)));
    expect(estimate.usage.find((cost) => cost.item === "CloudWatch Logs ingestion")?.monthlyUsd).toBe(cents(8 * 0.57)); // 1 GB in each of 8 log groups, the WAF log group included
    expect(estimate.unpriced).toEqual([]);
    expect(estimate.region).toBe("eu-west-1");
    expect(estimate.assertedOn).toBe("2026-05-02");
    const text = formatText(estimate, "example");
    expect(text).toContain(
      "Prices: fetched from the AWS Price List Query API (GetProducts) for eu-west-1 on 2026-05-02, on-demand list prices; Fargate Spot is not in the Price List and not in the transcribed table for this region.",
    );
    expect(formatMarkdown(estimate, "example")).toContain(
      "_Prices: fetched from the AWS Price List Query API (GetProducts) for eu-west-1 on 2026-05-02",
    );
  });

  test("the lean profile in eu-west-1 runs on Fargate Spot, which the Price List does not publish: a clear error", async () => {
    const lean = parseYaml(readFileSync(join(__dirname, "..", "config", "examples", "lean.yaml"), "utf8"));
    lean.region = "eu-west-1";
    const { certs, app } = synthStacks(lean);
    const stacks = { certs, app };
    const resolved = await resolvePrices("eu-west-1", "online", { client: recordedClient().client, now: NOW, sizes: sizesIn(stacks) });
    expect(() => estimateMonthlyCost(stacks, undefined, resolved.table)).toThrow(
      /no fargateSpotVcpuHour for eu-west-1: Fargate Spot prices are not in the AWS Price List .*add them there from https:\/\/aws.amazon.com\/fargate\/pricing\//,
    );
  });

  test("a region in the table, online: the Price List's figures, Fargate Spot from the table, and the report says both", async () => {
    // The eu-west-1 answers, relabelled: only the mechanics matter here.
    const relabelled: Answer[] = JSON.parse(JSON.stringify(FIXTURE.answers).replaceAll('"eu-west-1"', '"us-east-2"'));
    const resolved = await resolvePrices("us-east-2", "auto", { client: recordedClient(relabelled).client, now: NOW });
    const prices: RegionPrices = resolved.table.regions["us-east-2"];
    expect(prices.natGatewayHour.usd).toBe(0.048);
    expect(prices.fargateSpotVcpuHour).toBe(PRICE_TABLE.regions["us-east-2"].fargateSpotVcpuHour);
    expect(resolved.table.summary).toMatch(
      /for us-east-2 on 2026-05-02.*Fargate Spot \(not in the Price List\) from the transcribed table, asserted 2025-01-01/,
    );
  });
});

describe("the transcribed table as the fallback", () => {
  const unreachable = [
    named("CredentialsProviderError", "Could not load credentials from any providers"),
    named("AccessDeniedException", "User is not authorized to perform: pricing:GetProducts"),
    Object.assign(named("Error", "getaddrinfo ENOTFOUND api.pricing.us-east-1.amazonaws.com"), { code: "ENOTFOUND" }),
    named("TimeoutError", "Connection timed out after 3000 ms"),
  ];

  test.each(unreachable.map((error) => [error.name, error]))(
    "%s: a region in the table is priced from it, and the report says why",
    async (_, error) => {
      const { client, mock } = failingClient(error);
      const resolved = await resolvePrices("us-east-1", "auto", { client });
      expect(resolved.source).toBe("table");
      expect(resolved.table.regions).toBe(PRICE_TABLE.regions);
      // One failed call is enough to fall back: the offline path does not wait on every query.
      expect(mock.commandCalls(GetProductsCommand)).toHaveLength(1);
      const estimate = estimateMonthlyCost(
        { app: { provider: { aws: [{ region: "us-east-1" }] }, resource: { aws_nat_gateway: { a: {} } } } },
        undefined,
        resolved.table,
      );
      expect(estimate.fixedTotal).toBe(32.85); // $0.045 × 730 h, the table's
      expect(formatText(estimate, "t")).toContain(
        `Prices: transcribed by hand from the AWS public price list (pricing pages and Price List offer files), not fetched; on-demand list prices, asserted for 2025-01-01 (src/cost/prices.ts); the AWS Price List did not answer (${error.name}: ${error.message}).`,
      );
    },
  );

  test("a region in neither the table nor an answering Price List: the PricingError names the fix", async () => {
    const { client } = failingClient(named("CredentialsProviderError", "Could not load credentials from any providers"));
    await expect(resolvePrices("eu-west-1", "auto", { client })).rejects.toThrow(
      /no prices for region eu-west-1: the AWS Price List did not answer \(CredentialsProviderError: Could not load credentials from any providers\) and the transcribed table \(src\/cost\/prices.ts, asserted 2025-01-01\) covers us-east-1, us-east-2, us-west-2; give npm run cost AWS credentials allowed pricing:GetProducts/,
    );
  });

  test("--online refuses the fallback; --offline asks nothing", async () => {
    const { client } = failingClient(named("AccessDeniedException", "not authorized"));
    await expect(resolvePrices("us-east-1", "online", { client })).rejects.toThrow(
      /--online: the AWS Price List did not answer \(AccessDeniedException: not authorized\)/,
    );
    const quiet = failingClient(new Error("must not be called"));
    const offline = await resolvePrices("us-east-1", "offline", { client: quiet.client });
    expect(offline).toEqual({ table: PRICE_TABLE, source: "table" });
    expect(quiet.mock.commandCalls(GetProductsCommand)).toHaveLength(0);
    // Offline, a region the table lacks is today's refusal.
    const offlineIreland = await resolvePrices("eu-west-1", "offline", { client: quiet.client });
    expect(() =>
      estimateMonthlyCost({ app: { provider: { aws: [{ region: "eu-west-1" }] }, resource: {} } }, undefined, offlineIreland.table),
    ).toThrow(/no prices for region eu-west-1/);
  });

  test("a default estimate (no table given) still says where its prices come from", () => {
    const estimate = estimateMonthlyCost({ app: { provider: { aws: [{ region: "us-west-2" }] }, resource: {} } });
    expect(estimate.priceSource).toBe(`${PRICE_TABLE.howObtained}, asserted for 2025-01-01 (src/cost/prices.ts).`);
  });
});

test("sizesIn: the instance types and classes the stacks use", () => {
  const stacks = {
    app: {
      resource: {
        aws_instance: { nat: { instance_type: "t4g.micro" } },
        aws_db_instance: { kc: { instance_class: "db.t4g.medium" } },
        aws_docdb_cluster_instance: { a: { instance_class: "db.r6g.large" }, b: { instance_class: "db.r6g.large" } },
      },
    },
  };
  expect(sizesIn(stacks)).toEqual({ ec2: ["t4g.micro"], rdsPostgres: ["db.t4g.medium"], documentDb: ["db.r6g.large"] });
});
