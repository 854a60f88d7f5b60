import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

/** The label of the TXT record that names the deployment owning a host name: `_mcp-gateway-owner.<name>`. */
export const OWNER_RECORD_LABEL = "_mcp-gateway-owner";

export interface NameOwnershipProps {
  readonly hostedZoneId: string;
  /** The host name this deployment serves (and validates a certificate for). */
  readonly name: string;
  /** Who this deployment is: the same for every plan of it, different for any other deployment. */
  readonly owner: string;
}

/**
 * Claims a host name for one deployment: a TXT record `_mcp-gateway-owner.<name>` holding the owner, created before the
 * name's certificate and validation record and without allow_overwrite. Two deployments with the same names (same
 * account, region, base domain and default host names) would share the certificate's validation record, so destroying
 * one would break the other's certificate renewal: the second one's apply fails at this record (Route53: "Tried to
 * create resource record set ... but it already exists") before it changes anything. A plan-time check would need the
 * `aws_route53_records` data source, which the provider stand-in the end-to-end rungs use (6.13 content) lacks.
 */
export class NameOwnership extends Construct {
  readonly record: Route53Record;

  constructor(scope: Construct, id: string, props: NameOwnershipProps) {
    super(scope, id);
    this.record = new Route53Record(this, "record", {
      zoneId: props.hostedZoneId,
      name: `${OWNER_RECORD_LABEL}.${props.name}`,
      type: "TXT",
      ttl: 300,
      records: [props.owner],
    });
  }
}
