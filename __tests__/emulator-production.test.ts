import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { estimateMonthlyCost } from "../src/cost/estimate";
import { docSection } from "./doc-sections";
import { configFrom, Json, resourceList, resources, synthStacks } from "./support";

const EXAMPLES = join(__dirname, "..", "config", "examples");
const read = (file: string): Json => parseYaml(readFileSync(join(EXAMPLES, file), "utf8"));

/** What the emulator profile must differ in; everything else is the production profile's. */
const EMULATOR_ONLY = [
  "namePrefix",
  "domains",
  "network.vpcCidr",
  "network.ingressCidrs",
  "keycloak",
  "deletionProtection",
  "backend",
  "emulator",
  "tags",
];

function flatten(value: Json, prefix = ""): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { [prefix]: value };
  return Object.assign({}, ...Object.entries(value).map(([key, inner]) => flatten(inner as Json, prefix ? `${prefix}.${key}` : key)));
}

describe("the production profile (config/examples/production.yaml)", () => {
  const production = read("production.yaml");
  const config = configFrom(production);
  const { certs, app } = synthStacks(production);

  test("survives an instance or zone loss in every tier, and guards and logs its edge", () => {
    expect(config.network.azCount).toBe(3);
    expect(config.network.natGateways).toBe("one-per-az");
    expect(resourceList(app, "aws_nat_gateway")).toHaveLength(3);
    expect(config.documentDatabase.instances).toBeGreaterThanOrEqual(2);
    expect(resourceList(app, "aws_docdb_cluster_instance")).toHaveLength(config.documentDatabase.instances);
    // Keycloak's database: an Aurora writer and a reader
    expect(resourceList(app, "aws_rds_cluster_instance")).toHaveLength(2);
    for (const service of config.services) expect(service.desiredCount).toBeGreaterThanOrEqual(2);
    expect(config.deletionProtection).toBe(true);
    expect(config.loadBalancers.deletionProtection).toBe(true);
    expect(resourceList(app, "aws_wafv2_web_acl_association")).toHaveLength(2);
    expect(resources(app, "aws_s3_bucket_lifecycle_configuration").access_logs_lifecycle.rule[0].expiration).toEqual([{ days: 365 }]);
    expect(config.observability.alarmEmail).toBe("oncall@mycorp.example");
    expect(resourceList(app, "aws_sns_topic_subscription").map((subscription) => subscription.protocol)).toEqual(["email"]);
    expect(app.terraform.backend).toHaveProperty("s3");
  });

  test("costs what its header and docs/costs.md say: $943.91 a month fixed, $994.88 with the usage assumptions", () => {
    const estimate = estimateMonthlyCost({ certs, app });
    expect(estimate.unpriced).toEqual([]);
    expect([estimate.fixedTotal, estimate.total]).toEqual([943.91, 994.88]);
    expect(readFileSync(join(EXAMPLES, "production.yaml"), "utf8")).toContain("$943.91 a month fixed, $994.88");
    expect(docSection("docs/costs.md", "Production profile (`config/examples/production.yaml`)")).toContain(
      "$943.91 a month fixed, $994.88",
    );
  });
});

describe("the production profile on the emulator (config/examples/emulator-production.yaml)", () => {
  const production = read("production.yaml");
  const emulator = read("emulator-production.yaml");

  test("makes the production profile's choices, differing only where the emulator must", () => {
    const differs = (key: string) => EMULATOR_ONLY.some((prefix) => key === prefix || key.startsWith(`${prefix}.`));
    const ours = flatten(production);
    const theirs = flatten(emulator);
    const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].filter((key) => !differs(key)).sort();
    expect(Object.fromEntries(keys.map((key) => [key, theirs[key]]))).toEqual(Object.fromEntries(keys.map((key) => [key, ours[key]])));
  });

  test("points at the emulator, with its own names and network, and can be destroyed", () => {
    const config = configFrom(emulator);
    expect(config.emulator).toEqual({ endpoint: "http://127.0.0.1:45660" });
    expect(config.deletionProtection).toBe(false);
    expect(config.namePrefix).not.toBe(configFrom(read("emulator.yaml")).namePrefix);
    expect(config.namePrefix).not.toBe(configFrom(read("emulator-lean.yaml")).namePrefix);
    const cidrs = ["emulator.yaml", "emulator-lean.yaml", "emulator-production.yaml"].map((file) => read(file).network.vpcCidr);
    expect(new Set(cidrs).size).toBe(3);
    const { app } = synthStacks(emulator);
    expect(app.terraform.backend).toHaveProperty("local");
    expect(resourceList(app, "aws_nat_gateway")).toHaveLength(3);
    expect(resourceList(app, "aws_wafv2_web_acl")).toHaveLength(1);
    // the emulator profile leaves the DocumentDB cluster out (emulator-gaps.test.ts)
    expect(resourceList(app, "aws_docdb_cluster_instance")).toEqual([]);
  });
});
