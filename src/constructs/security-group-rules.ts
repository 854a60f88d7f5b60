import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

export interface TcpPathProps {
  readonly fromSecurityGroupId: string;
  readonly toSecurityGroupId: string;
  readonly port: number;
  /** Says who talks to whom and why; shown on both rules. */
  readonly description: string;
}

/** Opens one TCP port from one security group to another: an egress rule on the source and an ingress rule on the target. */
export function allowTcp(scope: Construct, id: string, props: TcpPathProps): void {
  const common = { description: props.description, ipProtocol: "tcp", fromPort: props.port, toPort: props.port };
  new VpcSecurityGroupEgressRule(scope, `${id}-egress`, {
    ...common,
    securityGroupId: props.fromSecurityGroupId,
    referencedSecurityGroupId: props.toSecurityGroupId,
  });
  new VpcSecurityGroupIngressRule(scope, `${id}-ingress`, {
    ...common,
    securityGroupId: props.toSecurityGroupId,
    referencedSecurityGroupId: props.fromSecurityGroupId,
  });
}
