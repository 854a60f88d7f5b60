import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { exampleRawConfig, synthToDirectory } from "./support";

const SCRIPT = join(__dirname, "..", "scripts", "review-diff.js");

function review(base: string, head: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [SCRIPT, "--base", base, "--head", head, "--title", "config/example.yaml"], { encoding: "utf8" });
}

describe("pull-request review of synthesized changes", () => {
  const base = synthToDirectory();
  const changed = exampleRawConfig();
  changed.network.flowLogs = false;
  changed.loadBalancers.deletionProtection = false;
  const head = synthToDirectory(changed);

  test("summarizes added, changed and removed addresses per stack and shows a YAML diff without metadata", () => {
    const { status, stdout } = review(base, head);
    expect(status).toBe(0);
    expect(stdout).toContain("### `config/example.yaml`");
    expect(stdout).toContain("**Stack `certs`**: no changes.");
    expect(stdout).toMatch(/\*\*Stack `app`\*\*: 0 added, \d+ changed, 4 removed/);
    expect(stdout).toContain(
      "- **Removed** (4): `aws_cloudwatch_log_group.network_flow_log_group`, `aws_flow_log.network_flow_log`, `aws_iam_role.network_flow_log_role`, `aws_iam_role_policy.network_flow_log_policy`",
    );
    expect(stdout).toMatch(/- \*\*Changed\*\* \(\d+\): .*`aws_lb\.load_balancers_main`/);
    expect(stdout).toMatch(/^-\s+enable_deletion_protection: true$/m);
    expect(stdout).toMatch(/^\+\s+enable_deletion_protection: false$/m);
    expect(stdout).not.toContain("uniqueId");
  });

  test("identical output reads as no changes", () => {
    expect(review(base, base).stdout).toContain("**Stack `app`**: no changes.");
  });

  test("a base without output counts every head resource as added", () => {
    const { stdout } = review(join(base, "missing"), head);
    expect(stdout).toContain("The base branch produced no synthesized output");
    expect(stdout).toMatch(/\*\*Stack `certs`\*\*: 9 added, 0 changed, 0 removed/);
  });

  test("a head directory without synthesized output is an error", () => {
    const { status, stderr } = review(base, join(head, "missing"));
    expect(status).toBe(1);
    expect(stderr).toContain("has no manifest.json");
  });
});
