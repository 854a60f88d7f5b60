import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { ConfigError } from "../src/config/load";
import { configFrom, exampleRawConfig, runAppHere, synthStacks } from "./support";

describe("adopting existing resources", () => {
  test("each adopted address becomes an import block; the resource itself stays declared", () => {
    const raw = exampleRawConfig();
    raw.adopt = {
      "aws_route53_record.dns_registry": "Z0123456789ABCDEFGHIJ_registry.us-east-1.mycorp.click_A",
      "aws_vpc.network_vpc": "vpc-0123456789abcdef0",
    };
    const { app, certs } = synthStacks(raw);
    expect(app.import).toEqual(
      expect.arrayContaining([
        { to: "aws_route53_record.dns_registry", id: "Z0123456789ABCDEFGHIJ_registry.us-east-1.mycorp.click_A" },
        { to: "aws_vpc.network_vpc", id: "vpc-0123456789abcdef0" },
      ]),
    );
    expect(app.import).toHaveLength(2);
    expect(app.resource.aws_route53_record.dns_registry.name).toBe("registry.us-east-1.mycorp.click");
    expect(certs.import).toBeUndefined();
  });

  test("adopted resources refuse replacement, so a mismatch fails the plan instead of deleting the original", () => {
    const raw = exampleRawConfig();
    raw.adopt = { "aws_route53_record.dns_registry": "Z1_registry.us-east-1.mycorp.click_A" };
    const { app } = synthStacks(raw);
    expect(app.resource.aws_route53_record.dns_registry.lifecycle).toEqual({ prevent_destroy: true });
    expect(app.resource.aws_route53_record.dns_keycloak.lifecycle).toBeUndefined();
  });

  test("without adopt there are no import blocks", () => {
    expect(synthStacks().app.import).toBeUndefined();
  });

  test("an address that is not in the app stack is a configuration error naming the closest addresses", () => {
    const raw = exampleRawConfig();
    raw.adopt = { "aws_route53_record.dns_regsitry": "Z1_x_A", "aws_vpc.network_vpc": "vpc-1" };
    let error: unknown;
    try {
      synthStacks(raw);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(
        /^adopt\.aws_route53_record\.dns_regsitry: no resource has this address in the app stack; closest: aws_route53_record\.dns_registry, aws_route53_record\.dns_keycloak, /,
      ),
    ]);
  });

  test("an entry that is not a <type>.<name> address is rejected by the schema", () => {
    const raw = exampleRawConfig();
    raw.adopt = { "module.vpc.aws_vpc.this[0]": "vpc-1" };
    expect(() => configFrom(raw)).toThrow(/adopt\.module\.vpc\.aws_vpc\.this\[0\]: .*is not a resource address/);
  });

  test("`cdktf synth` stops on an unknown address before writing any stack file", () => {
    const directory = mkdtempSync(join(tmpdir(), "adopt-"));
    const raw = exampleRawConfig();
    raw.adopt = { "aws_efs_file_system.nonexistent": "fs-0123456789abcdef0" };
    writeFileSync(join(directory, "config.yaml"), stringify(raw));
    const result = runAppHere([], { MCP_GATEWAY_CONFIG: join(directory, "config.yaml") });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Invalid configuration in ${join(directory, "config.yaml")}: 1 problem\n`);
    expect(result.stderr).toContain("adopt.aws_efs_file_system.nonexistent: no resource has this address in the app stack");
    // Not even an empty output directory is left behind.
    expect(existsSync(result.outdir)).toBe(false);
  });
});
