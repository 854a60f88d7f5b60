import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Finding {
  check: string;
  resource: string;
  title: string;
}
// scan-gate.js is a plain CommonJS script (rung 4 runs it with node), so it is loaded as one, with its shape declared here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gate = require("../scripts/e2e/scan-gate.js") as {
  isAddress(candidate: unknown): boolean;
  addressAtLine(lines: string[], line: number): string;
  checkovFindings(report: unknown, lines: string[]): Finding[];
  trivyFindings(report: unknown, lines: string[]): Finding[];
  loadSuppressions(path: string): unknown[];
};

const STACK = JSON.stringify(
  {
    data: { aws_availability_zones: { network_zones: { state: "available" } } },
    resource: {
      aws_lb: { load_balancers_main: { name: "main", internal: false } },
      aws_cloudwatch_log_group: { network_flow_log_group: { name: "flow", retention_in_days: 30 } },
    },
  },
  null,
  2,
);
const lines = STACK.split("\n");
const lineOf = (text: string) => lines.findIndex((line) => line.includes(text)) + 1;

describe("scan gate", () => {
  const directory = mkdtempSync(join(tmpdir(), "scan-gate-"));
  const write = (name: string, content: string) => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };
  const source = write("cdk.tf.json", STACK);
  const checkovReport = write(
    "checkov.json",
    JSON.stringify({
      summary: { parsing_errors: 0 },
      results: {
        failed_checks: [
          {
            check_id: "CKV_AWS_338",
            check_name: "retention",
            resource: "resource.network_flow_log_group",
            file_line_range: [lineOf("retention_in_days") - 2, 0],
          },
          { check_id: "CKV2_AWS_28", check_name: "waf", resource: "aws_lb.load_balancers_main", file_line_range: [1, 2] },
        ],
      },
    }),
  );
  const run = (suppressions: string) =>
    spawnSync(
      process.execPath,
      [
        "scripts/e2e/scan-gate.js",
        "--suppressions",
        write("suppressions.yaml", suppressions),
        "--report",
        `checkov:app:${checkovReport}:${source}`,
      ],
      {
        encoding: "utf8",
      },
    );

  test("recovers the full address of the block around a line of cdk.tf.json", () => {
    expect(gate.addressAtLine(lines, lineOf('"internal"'))).toBe("aws_lb.load_balancers_main");
    expect(gate.addressAtLine(lines, lineOf('"state"'))).toBe("data.aws_availability_zones.network_zones");
  });

  test("accepts only complete addresses as reported", () => {
    expect(gate.isAddress("aws_lb.load_balancers_main")).toBe(true);
    expect(gate.isAddress("data.aws_availability_zones.network_zones")).toBe(true);
    expect(gate.isAddress("resource.network_flow_log_group")).toBe(false);
    expect(gate.isAddress("data.network_zones")).toBe(false);
  });

  test("names checkov's type-less resource findings by their full address", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON report written by the test
    const findings = gate.checkovFindings(require(checkovReport), lines);
    expect(findings.map((finding) => `${finding.check} ${finding.resource}`)).toEqual([
      "CKV_AWS_338 aws_cloudwatch_log_group.network_flow_log_group",
      "CKV2_AWS_28 aws_lb.load_balancers_main",
    ]);
  });

  test("turns a stack checkov could not parse into a finding instead of a silent pass", () => {
    const findings = gate.checkovFindings({ summary: { parsing_errors: 1 }, results: { failed_checks: [] } }, lines);
    expect(findings).toEqual([expect.objectContaining({ check: "PARSE" })]);
  });

  test("reads trivy's failed misconfigurations only", () => {
    const report = {
      Results: [
        {
          Misconfigurations: [
            {
              ID: "AWS-0053",
              Title: "internal",
              Severity: "HIGH",
              Status: "FAIL",
              CauseMetadata: { Resource: "aws_lb.load_balancers_main" },
            },
            {
              ID: "AWS-0052",
              Title: "drop headers",
              Severity: "HIGH",
              Status: "PASS",
              CauseMetadata: { Resource: "aws_lb.load_balancers_main" },
            },
          ],
        },
      ],
    };
    expect(gate.trivyFindings(report, lines)).toEqual([
      { check: "AWS-0053", resource: "aws_lb.load_balancers_main", title: "HIGH: internal" },
    ]);
  });

  test("fails on findings that are not suppressed and prints the entries to add", () => {
    const result = run(
      "checkov:\n  CKV_AWS_338:\n    aws_cloudwatch_log_group.network_flow_log_group: Flow logs feed detection, kept 30 days by configuration\n",
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("FINDING checkov CKV2_AWS_28 app aws_lb.load_balancers_main");
    expect(result.stdout).toContain("1 open finding(s), 1 suppressed");
    expect(result.stdout).toMatch(/CKV2_AWS_28:\n\s+aws_lb.load_balancers_main:/);
  });

  test("passes when every finding is suppressed, per resource or for all resources, and reports stale entries", () => {
    const result = run(
      [
        "checkov:",
        "  CKV_AWS_338:",
        "    aws_cloudwatch_log_group.network_flow_log_group: Flow logs feed detection, kept 30 days by configuration",
        "  CKV2_AWS_28:",
        '    "*": WAF is attached by the operator outside this deployment',
        "  CKV_AWS_91:",
        "    aws_lb.load_balancers_main: Access logs are enabled through loadBalancers.accessLogs",
      ].join("\n"),
    );
    expect(result.stdout).toContain("0 open finding(s), 2 suppressed");
    expect(result.stdout).toContain("stale suppression (matched nothing; remove it): checkov CKV_AWS_91 aws_lb.load_balancers_main");
    expect(result.status).toBe(0);
  });

  test("refuses a suppression without a real justification", () => {
    const result = run("checkov:\n  CKV2_AWS_28:\n    aws_lb.load_balancers_main: ok\n");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("needs a one-line justification");
  });
});
