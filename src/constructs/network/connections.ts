import { Construct } from "constructs";
import { allowTcp, TcpPathRules } from "./security-group-rules";

/** Something with a security group that network paths can be opened to or from. */
export interface Connectable {
  readonly connections: Connections;
}

/**
 * The network side of a construct, as aws-cdk's `connections`: `a.connections.allowTo(b, port, why)` opens one TCP
 * port from a's security group to b's (an egress rule on a, an ingress rule on b, both described). The rules live in
 * the receiving end's construct, named `<from>-to-<to>-<port>`, so their addresses read as the path they open and the
 * same path opened twice, from either end, is refused at synth instead of becoming a duplicate rule AWS rejects. Both
 * methods return the two rules, so a path that had another address before can carry its rules over (`moveFromId`).
 */
export class Connections {
  constructor(
    private readonly scope: Construct,
    /** The security group the rules attach to. */
    readonly securityGroupId: string,
    /** Names this end in rule addresses: short, unique in the scope, stable. */
    readonly name: string,
  ) {}

  /** Lets this end connect to `other` on `port`. */
  allowTo(other: Connectable | Connections, port: number, description: string): TcpPathRules {
    const to = connectionsOf(other);
    return allowTcp(to.scope, `${this.name}-to-${to.name}-${port}`, {
      fromSecurityGroupId: this.securityGroupId,
      toSecurityGroupId: to.securityGroupId,
      port,
      description,
    });
  }

  /** Lets `other` connect to this end on `port`. */
  allowFrom(other: Connectable | Connections, port: number, description: string): TcpPathRules {
    const from = connectionsOf(other);
    return allowTcp(this.scope, `${from.name}-to-${this.name}-${port}`, {
      fromSecurityGroupId: from.securityGroupId,
      toSecurityGroupId: this.securityGroupId,
      port,
      description,
    });
  }
}

function connectionsOf(peer: Connectable | Connections): Connections {
  return peer instanceof Connections ? peer : peer.connections;
}
