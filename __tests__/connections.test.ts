import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Connectable, Connections } from "../src/constructs/network/connections";

class Tier extends Construct implements Connectable {
  readonly connections: Connections;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const group = new SecurityGroup(this, "group", { name: id });
    this.connections = new Connections(this, group.id, id);
  }
}

function synth(build: (stack: TerraformStack) => void): Record<string, any> {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

describe("Connections", () => {
  const rules = (json: Record<string, any>, type: string) => Object.entries<Record<string, any>>(json.resource[type] ?? {});

  test("allowTo opens one port from this end to the other: egress here, ingress there, both described", () => {
    const json = synth((stack) => {
      const web = new Tier(stack, "web");
      const db = new Tier(stack, "db");
      web.connections.allowTo(db, 27017, "DocumentDB from web");
    });
    const [[egressName, egress]] = rules(json, "aws_vpc_security_group_egress_rule");
    const [[ingressName, ingress]] = rules(json, "aws_vpc_security_group_ingress_rule");
    expect(egressName).toMatch(/^db_web-to-db-27017-egress/);
    expect(ingressName).toMatch(/^db_web-to-db-27017-ingress/);
    for (const rule of [egress, ingress]) {
      expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 27017, to_port: 27017, description: "DocumentDB from web" });
    }
    expect(egress.security_group_id).toMatch(/aws_security_group\.web_group/);
    expect(egress.referenced_security_group_id).toMatch(/aws_security_group\.db_group/);
    expect(ingress.security_group_id).toMatch(/aws_security_group\.db_group/);
    expect(ingress.referenced_security_group_id).toMatch(/aws_security_group\.web_group/);
  });

  test("allowFrom is the same path seen from the other end, and accepts a bare Connections", () => {
    const json = synth((stack) => {
      const db = new Tier(stack, "db");
      const group = new SecurityGroup(stack, "client-group", { name: "client" });
      db.connections.allowFrom(new Connections(stack, group.id, "client"), 5432, "PostgreSQL from client");
    });
    const ingress = rules(json, "aws_vpc_security_group_ingress_rule");
    expect(ingress).toHaveLength(1);
    const [[name, rule]] = ingress;
    expect(name).toMatch(/^db_client-to-db-5432-ingress/);
    expect(rule.security_group_id).toMatch(/aws_security_group\.db_group/);
    expect(rule.referenced_security_group_id).toMatch(/aws_security_group\.client-group/);
    expect(rules(json, "aws_vpc_security_group_egress_rule")).toHaveLength(1);
  });

  test("returns the path's two rules, so a path that had other addresses can move its rules from them", () => {
    const json = synth((stack) => {
      const web = new Tier(stack, "web");
      const db = new Tier(stack, "db");
      const rules = web.connections.allowTo(db, 5432, "PostgreSQL from web");
      rules.egress.moveFromId("aws_vpc_security_group_egress_rule.old_egress");
      rules.ingress.moveFromId("aws_vpc_security_group_ingress_rule.old_ingress");
    });
    const [[egressName]] = rules(json, "aws_vpc_security_group_egress_rule");
    const [[ingressName]] = rules(json, "aws_vpc_security_group_ingress_rule");
    expect(json.moved).toEqual([
      { from: "aws_vpc_security_group_egress_rule.old_egress", to: `aws_vpc_security_group_egress_rule.${egressName}` },
      { from: "aws_vpc_security_group_ingress_rule.old_ingress", to: `aws_vpc_security_group_ingress_rule.${ingressName}` },
    ]);
    expect(egressName).toMatch(/^db_web-to-db-5432-egress/);
  });

  test.each([
    ["from the same end", (web: Tier, db: Tier) => web.connections.allowTo(db, 443, "twice")],
    ["from the other end", (web: Tier, db: Tier) => db.connections.allowFrom(web, 443, "twice")],
  ])("the same path opened twice, %s, is refused instead of duplicated", (_, again) => {
    expect(() =>
      synth((stack) => {
        const web = new Tier(stack, "web");
        const db = new Tier(stack, "db");
        web.connections.allowTo(db, 443, "once");
        again(web, db);
      }),
    ).toThrow(/web-to-db-443/);
  });
});
