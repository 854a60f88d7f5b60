import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export interface AliasTarget {
  readonly name: string;
  readonly dnsName: string;
  readonly zoneId: string;
}

export interface DnsRecordsProps {
  readonly hostedZoneId: string;
  readonly aliases: Record<string, AliasTarget>;
}

/** Route53 alias records pointing the public names at their load balancers. */
export class DnsRecords extends Construct {
  /** Each alias record by its key, for resources that need the name to resolve. */
  readonly records: Readonly<Record<string, ITerraformDependable>>;

  constructor(scope: Construct, id: string, props: DnsRecordsProps) {
    super(scope, id);
    const records: Record<string, ITerraformDependable> = {};
    for (const [key, target] of Object.entries(props.aliases)) {
      records[key] = new Route53Record(this, key, {
        zoneId: props.hostedZoneId,
        name: target.name,
        type: "A",
        alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true },
      });
    }
    this.records = records;
  }
}
