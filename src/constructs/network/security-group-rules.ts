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

/** The two rules that open one TCP path, for a caller that must move a rule's former address to it. */
export interface TcpPathRules {
  readonly egress: VpcSecurityGroupEgressRule;
  readonly ingress: VpcSecurityGroupIngressRule;
}

/** Opens one TCP port from one security group to another: an egress rule on the source and an ingress rule on the target. */
export function allowTcp(scope: Construct, id: string, props: TcpPathProps): TcpPathRules {
  const common = { description: props.description, ipProtocol: "tcp", fromPort: props.port, toPort: props.port };
  const egress = new VpcSecurityGroupEgressRule(scope, `${id}-egress`, {
    ...common,
    securityGroupId: props.fromSecurityGroupId,
    referencedSecurityGroupId: props.toSecurityGroupId,
  });
  const ingress = new VpcSecurityGroupIngressRule(scope, `${id}-ingress`, {
    ...common,
    securityGroupId: props.toSecurityGroupId,
    referencedSecurityGroupId: props.fromSecurityGroupId,
  });
  return { egress, ingress };
}
