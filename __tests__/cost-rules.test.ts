import { estimateMonthlyCost, TerraformJson } from "../src/cost/estimate";
import { PricingError } from "../src/cost/pricing-error";
import { tasksPerCapacityProvider } from "../src/cost/rules/compute";
import { formatMarkdown } from "../src/cost/report";

/** A hand-written stack: only the attributes the estimate reads. */
function stack(region: string, resource: Record<string, Record<string, any>>): TerraformJson {
  return { provider: { aws: [{ region }] }, resource };
}

const NO_USAGE = {
  logIngestionGbPerLogGroup: 0,
  flowLogGbPerFlowLog: 0,
  natDataGbPerGateway: 0,
  endpointDataGbPerEndpoint: 0,
  lcuPerLoadBalancer: 0,
  databaseStorageGb: 0,
  databaseIoMillions: 0,
  efsStorageGb: 0,
  efsTransferGb: 0,
  ecrGbPerRepository: 0,
  containerInsightsMetricsPerService: 0,
  containerInsightsMetricsPerCluster: 0,
  wafRequestMillionsPerWebAcl: 0,
  s3GbPerBucket: 0,
};

describe("cost rules on hand-written stacks", () => {
  test("a region missing from the price table is refused with a message, not priced", () => {
    const run = () => estimateMonthlyCost({ app: stack("eu-central-2", { aws_nat_gateway: { a: {} } }) });
    expect(run).toThrow(PricingError);
    expect(run).toThrow(/no prices for region eu-central-2: .*covers us-east-1, us-east-2, us-west-2/);
  });

  test("stacks in different regions are refused", () => {
    expect(() => estimateMonthlyCost({ certs: stack("us-east-1", {}), app: stack("us-west-2", {}) })).toThrow(/several regions/);
  });

  test("DocumentDB instances are priced by class; an unknown class names the instance and the table", () => {
    const docdb = (instanceClass: string) => ({ instance_class: instanceClass, cluster_identifier: "${aws_docdb_cluster.registry.id}" });
    const priced = estimateMonthlyCost(
      {
        app: stack("us-east-1", {
          aws_docdb_cluster_instance: { one: docdb("db.t3.medium"), two: docdb("db.t3.medium") },
          aws_docdb_cluster: { registry: {} },
        }),
      },
      NO_USAGE,
    );
    // 2 × $0.078 × 730 h = $113.88
    expect(priced.fixed).toEqual([
      expect.objectContaining({ resourceType: "aws_docdb_cluster_instance", quantity: 2, monthlyUsd: 113.88 }),
    ]);
    expect(priced.unpriced).toEqual([]);
    const graviton = estimateMonthlyCost(
      { app: stack("us-east-1", { aws_docdb_cluster_instance: { one: docdb("db.t4g.medium") } }) },
      NO_USAGE,
    );
    // $0.073 × 730 h
    expect(graviton.fixedTotal).toBe(53.29);
    expect(() =>
      estimateMonthlyCost({ app: stack("us-east-1", { aws_docdb_cluster_instance: { big: docdb("db.r6g.16xlarge") } }) }),
    ).toThrow(/aws_docdb_cluster_instance.big: no price for DocumentDB instance class db.r6g.16xlarge/);
  });

  test("an EC2 instance is priced by type with its gp3 root volume; an unknown type or volume names the instance", () => {
    const nat = (instanceType: string, root: Record<string, unknown> = { volume_type: "gp3", volume_size: 8 }) => ({
      instance_type: instanceType,
      root_block_device: root,
    });
    const priced = estimateMonthlyCost({ app: stack("us-east-1", { aws_instance: { nat: nat("t4g.nano") } }) }, NO_USAGE);
    // $0.0042 × 730 h = $3.066; 8 GB × $0.08
    expect(priced.fixed).toEqual([
      expect.objectContaining({ item: "EC2 t4g.nano instance hours", quantity: 1, monthlyUsd: 3.07, addresses: ["aws_instance.nat"] }),
      expect.objectContaining({ item: "EBS gp3 root volumes", quantity: 8, monthlyUsd: 0.64, addresses: ["aws_instance.nat"] }),
    ]);
    expect(priced.fixedTotal).toBe(3.71);
    expect(priced.unpriced).toEqual([]);
    expect(() => estimateMonthlyCost({ app: stack("us-east-1", { aws_instance: { big: nat("m7g.16xlarge") } }) })).toThrow(
      /aws_instance.big: no price for EC2 instance type m7g.16xlarge; src\/cost\/prices.ts has t4g.nano/,
    );
    expect(() =>
      estimateMonthlyCost({ app: stack("us-east-1", { aws_instance: { old: nat("t4g.nano", { volume_type: "gp2", volume_size: 8 }) } }) }),
    ).toThrow(/aws_instance.old: its root volume must state volume_type gp3 and a volume_size/);
  });

  test("a master secret a database keeps itself is billed under that database's own resource type", () => {
    const estimate = estimateMonthlyCost(
      {
        app: stack("us-east-1", {
          aws_docdb_cluster: { registry: { manage_master_user_password: true }, other: {} },
          aws_rds_cluster: { kc: { manage_master_user_password: true, serverlessv2_scaling_configuration: { min_capacity: 0.5 } } },
        }),
      },
      NO_USAGE,
    );
    expect(estimate.fixed).toEqual([
      expect.objectContaining({ resourceType: "aws_rds_cluster", quantity: 1, monthlyUsd: 0.4, addresses: ["aws_rds_cluster.kc"] }),
      expect.objectContaining({
        resourceType: "aws_docdb_cluster",
        quantity: 1,
        monthlyUsd: 0.4,
        addresses: ["aws_docdb_cluster.registry"],
      }),
    ]);
  });

  test("what the rules cannot count stops the estimate, every problem named: count/for_each and I/O-Optimized storage", () => {
    const run = () =>
      estimateMonthlyCost({
        app: stack("us-east-1", {
          aws_nat_gateway: { per_az: { count: 3 } },
          aws_docdb_cluster: { registry: { storage_type: "iopt1" } },
          aws_rds_cluster: { kc: { storage_type: "aurora-iopt1" } },
          aws_route53_record: { validation: { for_each: '${toset(["a"])}' } },
        }),
      });
    expect(run).toThrow(PricingError);
    expect(run).toThrow(/aws_nat_gateway.per_az is multiplied by count\/for_each/);
    expect(run).toThrow(/aws_docdb_cluster.registry uses storage_type iopt1/);
    expect(run).toThrow(/aws_rds_cluster.kc uses storage_type aurora-iopt1/);
    // A free resource may use for_each: nothing to count.
    expect(run).not.toThrow(/aws_route53_record/);
    expect(
      estimateMonthlyCost({ app: stack("us-east-1", { aws_docdb_cluster: { registry: { storage_type: "standard" } } }) }, NO_USAGE).fixed,
    ).toEqual([]);
  });

  test("RDS Proxy bills at least 8 ACU of the Serverless v2 capacity behind it, more when the minimum is higher", () => {
    const database = (minAcu: number, readers: number) =>
      stack("us-east-1", {
        aws_rds_cluster: { kc: { cluster_identifier: "kc", serverlessv2_scaling_configuration: { min_capacity: minAcu } } },
        aws_rds_cluster_instance: Object.fromEntries(
          Array.from({ length: 1 + readers }, (_, index) => [
            `i${index}`,
            { instance_class: "db.serverless", cluster_identifier: "${aws_rds_cluster.kc.id}" },
          ]),
        ),
        aws_db_proxy: { kc: { name: "kc" } },
        aws_db_proxy_target: {
          t: { db_proxy_name: "${aws_db_proxy.kc.name}", db_cluster_identifier: "${aws_rds_cluster.kc.cluster_identifier}" },
        },
      });
    const proxy = (minAcu: number, readers: number) =>
      estimateMonthlyCost({ app: database(minAcu, readers) }, NO_USAGE).fixed.find((cost) => cost.resourceType === "aws_db_proxy");
    // 8 ACU × $0.015 × 730 h = $87.60
    expect(proxy(0.5, 0)).toMatchObject({ quantity: 8, monthlyUsd: 87.6 });
    // Two instances at 6 ACU each: 12 ACU × $0.015 × 730 h = $131.40
    expect(proxy(6, 1)).toMatchObject({ quantity: 12, monthlyUsd: 131.4 });
  });

  test("an RDS for PostgreSQL instance: hours by class, single-AZ or Multi-AZ, its allocated gp3 storage, and a proxy on its vCPUs", () => {
    const instance = (multiAz: boolean, instanceClass = "db.t4g.small") =>
      stack("us-east-1", {
        aws_db_instance: {
          kc: {
            identifier: "kc",
            engine: "postgres",
            instance_class: instanceClass,
            storage_type: "gp3",
            allocated_storage: 30,
            multi_az: multiAz,
          },
        },
        aws_db_proxy: { kc: { name: "kc" } },
        aws_db_proxy_target: {
          t: { db_proxy_name: "${aws_db_proxy.kc.name}", db_instance_identifier: "${aws_db_instance.kc.identifier}" },
        },
      });
    const fixed = (multiAz: boolean) =>
      Object.fromEntries(
        estimateMonthlyCost({ app: instance(multiAz) }, NO_USAGE).fixed.map((cost) => [cost.item, [cost.quantity, cost.monthlyUsd]]),
      );
    expect(fixed(false)).toEqual({
      "RDS for PostgreSQL db.t4g.small single-AZ instances": [1, 23.36], // $0.032 × 730 h
      "RDS gp3 storage as allocated, single-AZ": [30, 3.45], // 30 GB × $0.115
      "RDS Proxy on a 2-vCPU db.t4g.small (billed at least 2 vCPUs)": [2, 21.9], // 2 vCPUs × $0.015 × 730 h
    });
    expect(fixed(true)).toEqual({
      "RDS for PostgreSQL db.t4g.small Multi-AZ instances": [1, 46.72], // $0.064 × 730 h
      "RDS gp3 storage as allocated, Multi-AZ": [30, 6.9], // 30 GB × $0.23
      "RDS Proxy on a 2-vCPU db.t4g.small (billed at least 2 vCPUs)": [2, 21.9],
    });
    expect(() => estimateMonthlyCost({ app: instance(false, "db.r6g.large") }, NO_USAGE)).toThrow(
      /aws_db_instance.kc: no price for RDS for PostgreSQL instance class db.r6g.large; src\/cost\/prices.ts has db.t4g.micro, db.t4g.small/,
    );
  });

  test("Fargate tasks split over capacity providers: base first, the rest by weight", () => {
    const strategy = [
      { capacity_provider: "FARGATE", base: 1, weight: 1 },
      { capacity_provider: "FARGATE_SPOT", weight: 3 },
    ];
    expect(tasksPerCapacityProvider({ body: { desired_count: 5, capacity_provider_strategy: strategy } })).toEqual({
      FARGATE: 2,
      FARGATE_SPOT: 3,
    });
    expect(tasksPerCapacityProvider({ body: { desired_count: 2, launch_type: "FARGATE" } })).toEqual({ FARGATE: 2 });
  });

  test("resource types without a rule are listed as unpriced, not silently free", () => {
    const estimate = estimateMonthlyCost(
      { app: stack("us-east-1", { aws_elasticache_cluster: { cache: {} }, aws_vpc: { v: {} }, keycloak_realm: { r: {} } }) },
      NO_USAGE,
    );
    expect(estimate.unpriced).toEqual([{ resourceType: "aws_elasticache_cluster", count: 1 }]);
    expect(formatMarkdown(estimate, "t")).toContain("Not priced (no rule in src/cost/estimate.ts): aws_elasticache_cluster × 1");
  });

  test("the Markdown report shows the change against a base estimate per resource type", () => {
    const nat = (count: number) =>
      stack("us-east-1", { aws_nat_gateway: Object.fromEntries(Array.from({ length: count }, (_, i) => [`n${i}`, {}])) });
    const markdown = formatMarkdown(estimateMonthlyCost({ app: nat(1) }, NO_USAGE), "lean", estimateMonthlyCost({ app: nat(3) }, NO_USAGE));
    // 1 × $32.85 against 3 × $32.85
    expect(markdown).toContain("**$32.85** a month (-$65.70 against the base branch's $98.55)");
    expect(markdown).toContain("| `aws_nat_gateway` | $32.85 | -$65.70 |");
  });
});
