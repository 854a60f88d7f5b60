import { OWNER_RECORD_LABEL } from "../src/constructs/edge/name-ownership";
import { exampleRawConfig, resources, synthStacks } from "./support";

describe("two deployments never share a host name (and so a certificate validation record)", () => {
  const { certs } = synthStacks();
  const owners = resources(certs, "aws_route53_record");

  test("each name gets a TXT ownership record naming this deployment", () => {
    expect(owners.registry_owner_record).toMatchObject({
      name: `${OWNER_RECORD_LABEL}.registry.us-east-1.mycorp.click`,
      type: "TXT",
      records: ["mcp-gateway-cdktf deployment mcp-gateway in us-east-1"],
    });
    // Route53 refuses to create a record that exists: the second deployment's apply stops here.
    expect(owners.registry_owner_record.allow_overwrite).toBeUndefined();
    expect(owners.keycloak_owner_record.name).toBe(`${OWNER_RECORD_LABEL}.kc.us-east-1.mycorp.click`);
  });

  test("the certificate (and so its validation record) is created only after the claim", () => {
    expect(resources(certs, "aws_acm_certificate").registry_certificate.depends_on).toEqual(["aws_route53_record.registry_owner_record"]);
    expect(resources(certs, "aws_acm_certificate").keycloak_certificate.depends_on).toEqual(["aws_route53_record.keycloak_owner_record"]);
  });

  test("another name prefix is another owner", () => {
    const other = synthStacks({ ...exampleRawConfig(), namePrefix: "mcp-gateway-dev" }).certs;
    expect(resources(other, "aws_route53_record").registry_owner_record.records).toEqual([
      "mcp-gateway-cdktf deployment mcp-gateway-dev in us-east-1",
    ]);
  });
});
