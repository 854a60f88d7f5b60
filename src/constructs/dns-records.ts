import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
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
  constructor(scope: Construct, id: string, props: DnsRecordsProps) {
    super(scope, id);
    for (const [key, target] of Object.entries(props.aliases)) {
      new Route53Record(this, key, {
        zoneId: props.hostedZoneId,
        name: target.name,
        type: "A",
        alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true },
      });
    }
  }
}
