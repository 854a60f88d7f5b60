import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { estimateMonthlyCost, Estimate } from "../src/cost/estimate";
import { formatText } from "../src/cost/report";
import { exampleRawConfig, Json, synthStacks } from "./support";

const HOURS = 730;
/** Rounded to cents per line, as the estimate rounds each line. */
const cents = (usd: number) => Math.round(usd * 100) / 100;

function line(estimate: Estimate, item: string) {
  const found = estimate.fixed.find((cost) => cost.item === item);
  if (!found) throw new Error(`no line "${item}" in ${estimate.fixed.map((cost) => cost.item).join(" | ")}`);
  return { quantity: found.quantity, monthlyUsd: found.monthlyUsd };
}

function estimateOf(raw: Json): Estimate {
  const { certs, app } = synthStacks(raw);
  return estimateMonthlyCost({ certs, app });
}

// Hand-computed from the configurations and the us-east-1 list prices in src/cost/prices.ts, line by line.
describe("monthly estimates against hand-computed totals", () => {
  test("config/example.yaml (the default, production-shaped deployment): $656.95 fixed, $707.47 with usage", () => {
    const estimate = estimateOf(exampleRawConfig());
    const expected: Record<string, [number, number]> = {
      // two AZs, a NAT gateway in each
      "NAT gateway hours": [2, cents(2 * 0.045 * HOURS)], // 65.70
      // ecr.api, ecr.dkr, logs, secretsmanager, sts, ssmmessages in 2 AZs (the S3 gateway endpoint is free)
      "interface endpoint hours, per AZ": [12, cents(12 * 0.01 * HOURS)], // 87.60
      "application load balancer hours": [2, cents(2 * 0.0225 * HOURS)], // 32.85
      "public IPv4 addresses (Elastic IPs)": [2, cents(2 * 0.005 * HOURS)], // 7.30
      "public IPv4 of internet-facing load balancers (per subnet)": [4, cents(4 * 0.005 * HOURS)], // 14.60
      // registry 2 × 1 vCPU, auth-server 2 × 1, keycloak 2 × 1, mcpgw 1 × 0.5
      "Fargate vCPU at desired count": [6.5, cents(6.5 * 0.04048 * HOURS)], // 192.08
      // registry 2 × 2 GB, auth-server 2 × 2, keycloak 2 × 2, mcpgw 1 × 1
      "Fargate memory at desired count": [13, cents(13 * 0.004445 * HOURS)], // 42.18
      "Aurora Serverless v2 capacity at minimum ACU": [0.5, cents(0.5 * 0.12 * HOURS)], // 43.80
      "RDS Proxy on 0.5 ACU (billed at least 8 ACU)": [8, cents(8 * 0.015 * HOURS)], // 87.60
      // the registry's DocumentDB: one instance of the default class
      "DocumentDB db.t3.medium instances": [1, cents(0.078 * HOURS)], // 56.94
      // logs, secrets, Aurora, DocumentDB, alarms
      "customer managed KMS keys": [5, 5],
      // secret key, nginx marker, DocumentDB credentials, Keycloak's database credential, master administrator,
      // master registry account, Terraform client, realm admin user, 5 client secrets (no RDS-managed master secret:
      // both databases take their passwords write-only from these)
      "Secrets Manager secrets": [13, cents(13 * 0.4)], // 5.20
      // 23 single-metric alarms (3 of them DocumentDB's) + 4 running-task alarms on two metrics each
      "alarm metrics, standard resolution": [31, cents(31 * 0.1)], // 3.10
      "CloudWatch dashboards": [1, 3],
      // one web ACL on both load balancers: IP reputation, two rate limits, Common and Known Bad Inputs rule sets
      "WAF web ACLs": [1, 5],
      "WAF rules": [5, 5],
    };
    for (const [item, [quantity, monthlyUsd]] of Object.entries(expected)) {
      expect({ item, ...line(estimate, item) }).toEqual({ item, quantity: expect.closeTo(quantity, 6), monthlyUsd });
    }
    expect(estimate.fixed).toHaveLength(Object.keys(expected).length);
    expect(estimate.fixedTotal).toBe(656.95);
    expect(estimate.unpriced).toEqual([]);
    expect(estimate.region).toBe("us-east-1");
    const expectedUsage: Record<string, number> = {
      // 9 log groups (services, Aurora, DocumentDB audit and profiler, WAF...) less the flow log's own
      "CloudWatch Logs ingestion": cents(8 * 0.5), // 4.00
      "VPC flow log delivery": cents(5 * 0.5), // 2.50
      "NAT data processing": cents(2 * 10 * 0.045), // 0.90
      "interface endpoint data processing": cents(6 * 2 * 0.01), // 0.12
      "load balancer capacity units (LCU)": cents(2 * HOURS * 0.008), // 11.68
      "Aurora storage and I/O": cents(1 * 0.1 + 10 * 0.2), // 2.10
      "DocumentDB storage and I/O": cents(1 * 0.1 + 10 * 0.2), // 2.10
      "WAF requests inspected": cents(10 * 0.6), // 6.00
      "S3 storage (access logs)": cents(5 * 0.023), // 0.12
      // one cluster × 10 + four services × 15
      "Container Insights metrics": cents(70 * 0.3), // 21.00
    };
    expect(Object.fromEntries(estimate.usage.map((cost) => [cost.item, cost.monthlyUsd]))).toEqual(expectedUsage);
    expect(estimate.usageTotal).toBe(50.52);
    expect(estimate.total).toBe(707.47);
    // Usage items name what they assume.
    expect(estimate.usage.find((cost) => cost.item === "NAT data processing")?.assumption).toMatch(
      /^20 GB \(10 GB per gateway\) at \$0.045\/GB$/,
    );
  });

  test("config/examples/lean.yaml: $147.42 fixed, a NAT instance, one load balancer, all tasks on Spot, a PostgreSQL instance", () => {
    const lean = parseYaml(readFileSync(join(__dirname, "..", "config", "examples", "lean.yaml"), "utf8"));
    const estimate = estimateOf(lean);
    const expected: Record<string, [number, number]> = {
      // the NAT instance: a t4g.nano, its 8 GB gp3 root volume, its Elastic IP
      "EC2 t4g.nano instance hours": [1, cents(0.0042 * HOURS)], // 3.07
      "EBS gp3 root volumes": [8, cents(8 * 0.08)], // 0.64
      "public IPv4 addresses (Elastic IPs)": [1, 3.65],
      // one load balancer serves both names (loadBalancers.shared), in two public subnets
      "application load balancer hours": [1, cents(0.0225 * HOURS)], // 16.43
      "public IPv4 of internet-facing load balancers (per subnet)": [2, cents(2 * 0.005 * HOURS)], // 7.30
      // keycloak 1 × (1 vCPU, 2 GB), registry 1 × (1, 2 GB), auth-server 1 × (0.5, 1 GB), mcpgw 1 × (0.25, 0.5 GB), all on Spot
      "Fargate Spot vCPU at desired count": [2.75, cents(2.75 * 0.01334053 * HOURS)], // 26.78
      "Fargate Spot memory at desired count": [5.5, cents(5.5 * 0.00146489 * HOURS)], // 5.88
      // Keycloak's database: one single-AZ db.t4g.micro ($0.016/h) with 20 GB of gp3 ($0.115/GB-month)
      "RDS for PostgreSQL db.t4g.micro single-AZ instances": [1, cents(0.016 * HOURS)], // 11.68
      "RDS gp3 storage as allocated, single-AZ": [20, cents(20 * 0.115)], // 2.30
      // the Graviton class the profile picks
      "DocumentDB db.t4g.medium instances": [1, cents(0.073 * HOURS)], // 53.29
      "customer managed KMS keys": [5, 5],
      "Secrets Manager secrets": [13, 5.2],
      // the default's 31, less the proxy's connection alarm, the Keycloak load balancer's own 5xx alarm and Aurora's
      // ACU alarm; plus the NAT instance's two status-check alarms and the instance's free memory and storage alarms
      "alarm metrics, standard resolution": [32, 3.2],
      "CloudWatch dashboards": [1, 3],
    };
    for (const [item, [quantity, monthlyUsd]] of Object.entries(expected)) {
      expect({ item, ...line(estimate, item) }).toEqual({ item, quantity: expect.closeTo(quantity, 6), monthlyUsd });
    }
    expect(estimate.fixed).toHaveLength(Object.keys(expected).length);
    expect(estimate.fixedTotal).toBe(147.42);
    expect(estimate.fixedTotal).toBeLessThanOrEqual(150);
    expect(estimate.unpriced).toEqual([]);
    // 3.50 logs + 5.84 LCU (one load balancer) + 2.10 DocumentDB + 0.12 access logs + 21.00 Container Insights; a NAT
    // instance charges no data processing, the PostgreSQL instance's storage is a fixed charge, and the profile runs
    // no web ACL (loadBalancers.waf.enabled: false)
    expect(estimate.usage.map((cost) => cost.item)).not.toContain("NAT data processing");
    expect(estimate.fixed.map((cost) => cost.resourceType)).not.toContain("aws_wafv2_web_acl");
    expect(estimate.usageTotal).toBe(32.56);
    expect(estimate.total).toBe(179.98);
    expect(formatText(estimate, "lean")).toMatch(/^Estimated monthly cost of lean in us-east-1: \$\d+\.\d\d\n/);
  });

  test("the lean profile in an existing VPC (docs/costs.md): $139.86 fixed", () => {
    const lean = parseYaml(readFileSync(join(__dirname, "..", "config", "examples", "lean.yaml"), "utf8"));
    const existing = parseYaml(readFileSync(join(__dirname, "..", "config", "examples", "existing-vpc.yaml"), "utf8"));
    lean.network = { existing: existing.network.existing, ingressCidrs: lean.network.ingressCidrs };
    const estimate = estimateOf(lean);
    // The lean's $147.42 without the NAT instance: its hours, root volume, Elastic IP and two alarms (3.07 + 0.64 +
    // 3.65 + 0.20).
    expect(estimate.fixed.filter((cost) => /NAT|EC2|EBS|Elastic IPs/.test(cost.item))).toEqual([]);
    expect(line(estimate, "alarm metrics, standard resolution")).toEqual({ quantity: 30, monthlyUsd: 3 });
    expect(line(estimate, "Fargate Spot vCPU at desired count")).toEqual({ quantity: 2.75, monthlyUsd: cents(2.75 * 0.01334053 * HOURS) });
    expect(estimate.fixedTotal).toBe(139.86);
    expect(estimate.unpriced).toEqual([]);
  });

  test("loadBalancers.shared: one load balancer's hours, its two public IPv4 addresses and its own 5xx alarm fewer", () => {
    const separate = estimateOf(exampleRawConfig());
    const raw = exampleRawConfig();
    raw.loadBalancers = { ...raw.loadBalancers, shared: true };
    const shared = estimateOf(raw);
    expect(line(separate, "application load balancer hours")).toEqual({ quantity: 2, monthlyUsd: 32.85 });
    expect(line(shared, "application load balancer hours")).toEqual({ quantity: 1, monthlyUsd: 16.43 }); // 0.0225 × 730
    expect(line(shared, "public IPv4 of internet-facing load balancers (per subnet)")).toEqual({ quantity: 2, monthlyUsd: 7.3 });
    expect(line(shared, "alarm metrics, standard resolution")).toEqual({ quantity: 30, monthlyUsd: 3 });
    // 32.85 - 16.43 (each line rounds to cents) + 14.60 - 7.30 + 0.10
    expect(cents(separate.fixedTotal - shared.fixedTotal)).toBe(23.82);
    const lcu = (estimate: Estimate) => estimate.usage.find((cost) => cost.item === "load balancer capacity units (LCU)")?.monthlyUsd;
    expect([lcu(separate), lcu(shared)]).toEqual([11.68, 5.84]); // 1 LCU × 730 h × $0.008 per load balancer
  });

  test("a configured region without prices stops the estimate with the region named", () => {
    const raw = exampleRawConfig();
    raw.region = "ap-southeast-4";
    expect(() => estimateOf(raw)).toThrow(/no prices for region ap-southeast-4/);
  });
});
