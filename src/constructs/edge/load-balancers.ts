import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerCertificate } from "@cdktf/provider-aws/lib/lb-listener-certificate";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { APPLICATION_CONTRACT } from "../../contract/app-contract";
import { cidrContains } from "../../config/cidr";
import { Connections } from "../network/connections";

/**
 * Keycloak's administration surface: the admin console and REST API (`/admin/...`) and the master realm's login and
 * token endpoints (`/realms/master/...`). Realm names may not start with `master`, so no other realm matches.
 */
export const KEYCLOAK_ADMIN_PATHS = ["/admin*", "/realms/master*"] as const;
/** ALB limits: at most 3 values per condition and 5 per rule; the admin paths take 2 of those 5. */
export const SOURCE_CIDRS_PER_RULE = 3;
const CONDITION_VALUES_PER_RULE = 5;
/**
 * Listener rule priorities Keycloak's rules take on its HTTPS listener, which on a shared load balancer is the
 * registry's: the admin rules first, then the host-name forward that sends the rest of Keycloak's name to Keycloak.
 * The registry's own traffic is the listener's default action and has no rules.
 */
export const KEYCLOAK_RULE_PRIORITIES = { adminAllowFirst: 10, adminDeny: 1000, host: 1001 } as const;

/** TLS 1.3 with TLS 1.2 fallback for older clients; no TLS 1.0/1.1, no CBC ciphers. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export type LoadBalancedTargetName = "registry" | "keycloak";

/** Where a load balancer sends a service's traffic and health checks. */
export interface LoadBalancedTarget {
  readonly targetGroupArn: string;
  readonly targetGroupArnSuffix: string;
  readonly loadBalancerArnSuffix: string;
  readonly containerPort: number;
  readonly healthCheckPort: number;
}

export interface LoadBalancersProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly ingressCidrs: readonly string[];
  readonly registryCertificateArn: string;
  readonly keycloakCertificateArn: string;
  readonly keycloakScheme: "internal" | "internet-facing";
  /**
   * Set to serve Keycloak from the main load balancer at this host name (a host-header rule, and Keycloak's certificate
   * by SNI) instead of from a load balancer of its own; keycloakScheme then does not apply.
   */
  readonly sharedKeycloakHostName?: string;
  /**
   * Networks that may use Keycloak's administration surface (KEYCLOAK_ADMIN_PATHS) through the load balancer: Terraform
   * and administrators. Everyone else gets 404 there. The tasks are not among them: the registry and the auth server
   * reach Keycloak inside the VPC (http://keycloak:8080), never through a load balancer.
   */
  readonly keycloakAdminCidrs: readonly string[];
  readonly deletionProtection: boolean;
  /**
   * Where each load balancer writes its access logs (under `<prefix>/<main|keycloak>`); `ready` is what must exist first
   * (the bucket policy: AWS checks the delivery permission when logging is turned on).
   */
  readonly accessLogs?: { readonly bucket: string; readonly prefix: string; readonly ready?: readonly ITerraformDependable[] };
  /** Seconds a silent connection stays open (MCP streams wait quietly between events). */
  readonly idleTimeoutSeconds: number;
  /** Seconds a deregistering target keeps serving its open connections. */
  readonly deregistrationDelaySeconds: number;
}

/**
 * What each load balancer does with a client's X-Forwarded-For. ALBs cannot overwrite it with the peer address, so:
 * the main one appends the peer, and the registry's nginx (real_ip from TRUSTED_REAL_IP_CIDRS, the VPC) takes the
 * rightmost untrusted entry, which only the load balancer writes. Keycloak reads the leftmost entry, which a client
 * controls, and its documentation requires the proxy to override the header: the Keycloak load balancer removes it, so
 * Keycloak logs the load balancer's address (the client's is in the access logs) and never a spoofed one. A shared load
 * balancer must append for the registry, so Keycloak behind it may log a client-supplied address (docs/architecture.md, "Client addresses (X-Forwarded-For)").
 */
export const XFF_HEADER_PROCESSING = { main: "append", keycloak: "remove" } as const;

interface TargetSpec {
  readonly name: LoadBalancedTargetName;
  readonly shortName: string;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly healthCheckPort: number;
  readonly stickiness?: boolean;
}

/**
 * The main ALB (the registry's nginx on 443; login and token validation reach the auth server through it) and the
 * Keycloak ALB, with their security groups, HTTPS listeners using the validated certificates, HTTP-to-HTTPS redirects
 * and target groups; or, shared, the main ALB alone serving Keycloak's name by a host-header rule.
 */
export class LoadBalancers extends Construct {
  readonly main: { readonly dnsName: string; readonly zoneId: string; readonly arnSuffix: string };
  /** The load balancer serving Keycloak: its own, or the main one when shared. */
  readonly keycloak: { readonly dnsName: string; readonly zoneId: string; readonly arnSuffix: string };
  /** What routes Keycloak's name to Keycloak, admin paths included: its admin API answers Terraform only once these exist. */
  readonly keycloakRouting: readonly ITerraformDependable[];
  /** Each load balancer once (a shared one is one): what a web ACL is associated with. */
  readonly loadBalancerArns: readonly { readonly kind: "main" | "keycloak"; readonly arn: string }[];
  private readonly targets = new Map<LoadBalancedTargetName, LoadBalancedTarget & { readonly loadBalancer: Connections }>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: LoadBalancersProps,
  ) {
    super(scope, id);

    const sharedHostName = props.sharedKeycloakHostName;
    const keycloakScheme = sharedHostName ? "internet-facing" : props.keycloakScheme;
    const mainSecurityGroup = this.securityGroup("main", "Main load balancer: HTTPS from the configured client networks");
    const keycloakSecurityGroup = sharedHostName
      ? mainSecurityGroup
      : this.securityGroup("keycloak", "Keycloak load balancer: HTTPS to the identity provider");
    const mainConnections = new Connections(this, mainSecurityGroup.id, "main-load-balancer");
    const keycloakConnections = sharedHostName
      ? mainConnections
      : new Connections(this, keycloakSecurityGroup.id, "keycloak-load-balancer");
    // Rules admitting Keycloak's own callers are named after the load balancer they open.
    const keycloakKind = sharedHostName ? "main" : "keycloak";
    props.ingressCidrs.forEach((cidr, index) => {
      for (const [port, purpose] of [
        [443, "HTTPS"],
        [80, "HTTP (redirected to HTTPS)"],
      ] as const) {
        this.ingress(`main-${port}-from-client-${index + 1}`, mainSecurityGroup.id, port, `${purpose} from client network ${cidr}`, {
          cidrIpv4: cidr,
        });
      }
      if (sharedHostName) return;
      this.ingress(`keycloak-443-from-client-${index + 1}`, keycloakSecurityGroup.id, 443, `HTTPS from client network ${cidr}`, {
        cidrIpv4: cidr,
      });
      this.ingress(`keycloak-80-from-client-${index + 1}`, keycloakSecurityGroup.id, 80, `HTTP (redirected) from client network ${cidr}`, {
        cidrIpv4: cidr,
      });
    });
    // Administrators and Terraform outside the client networks need Keycloak's admin surface; on a shared load balancer
    // that admits them to the registry's name too, where they meet its login like any client.
    props.keycloakAdminCidrs
      .filter((cidr) => !props.ingressCidrs.some((client) => cidrContains(client, cidr)))
      .forEach((cidr, index) => {
        this.ingress(`${keycloakKind}-443-from-admin-${index + 1}`, keycloakSecurityGroup.id, 443, `HTTPS from admin network ${cidr}`, {
          cidrIpv4: cidr,
        });
      });
    if (keycloakScheme === "internal") {
      this.ingress("keycloak-443-from-vpc", keycloakSecurityGroup.id, 443, "HTTPS from inside the VPC", { cidrIpv4: props.vpcCidr });
    }

    const mainLb = this.loadBalancer("main", "internet-facing", mainSecurityGroup.id);
    const keycloakLb = sharedHostName ? mainLb : this.loadBalancer("keycloak", keycloakScheme, keycloakSecurityGroup.id);
    this.main = { dnsName: mainLb.dnsName, zoneId: mainLb.zoneId, arnSuffix: mainLb.arnSuffix };
    this.keycloak = { dnsName: keycloakLb.dnsName, zoneId: keycloakLb.zoneId, arnSuffix: keycloakLb.arnSuffix };
    this.loadBalancerArns = [
      { kind: "main", arn: mainLb.arn },
      ...(sharedHostName ? [] : [{ kind: "keycloak" as const, arn: keycloakLb.arn }]),
    ];

    // The registry's unprivileged nginx serves the UI, the MCP gateway and the auth server's public paths; it is the
    // only target, health checks included (the application port is bound to loopback).
    const registryContract = APPLICATION_CONTRACT.registry.loadBalancer;
    if (!registryContract) throw new Error("the application contract gives the registry no load balancer port");
    const registry = this.targetGroup(
      {
        name: "registry",
        shortName: "reg",
        port: registryContract.containerPort,
        healthCheckPath: registryContract.healthCheckPath,
        healthCheckPort: registryContract.containerPort,
      },
      mainLb,
      mainConnections,
    );
    // Keycloak serves /health/ready on its management port, not on the traffic port.
    const keycloak = this.targetGroup(
      { name: "keycloak", shortName: "kc", port: 8080, healthCheckPath: "/health/ready", healthCheckPort: 9000, stickiness: true },
      keycloakLb,
      keycloakConnections,
    );

    const mainListener = this.httpsListener("main-https", mainLb, 443, props.registryCertificateArn, registry.arn);
    this.redirectListener("main-http", mainLb);
    // The realm is configured through the admin paths: until their allow rules exist, the deny rule answers 404 there.
    if (sharedHostName) {
      const routing = this.routeKeycloakName(mainListener, sharedHostName, keycloak.arn);
      const adminAllowed = this.restrictKeycloakAdministration(mainListener, keycloak.arn, keycloakScheme, sharedHostName);
      this.keycloakRouting = [...routing, ...adminAllowed];
    } else {
      const keycloakListener = this.httpsListener("keycloak-https", keycloakLb, 443, props.keycloakCertificateArn, keycloak.arn);
      this.redirectListener("keycloak-http", keycloakLb);
      const adminAllowed = this.restrictKeycloakAdministration(keycloakListener, keycloak.arn, keycloakScheme);
      this.keycloakRouting = [keycloakListener, ...adminAllowed];
    }
  }

  /**
   * Serves Keycloak's name on the main HTTPS listener: its certificate by SNI (the certs stack issues one certificate
   * per name, without alternative names, so the registry's never covers Keycloak's) and a rule forwarding that host
   * to Keycloak, after the admin rules. The main listener's HTTP redirect keeps the host, so it serves both names.
   */
  private routeKeycloakName(listener: LbListener, hostName: string, targetGroupArn: string): ITerraformDependable[] {
    const certificate = new LbListenerCertificate(this, "keycloak-certificate", {
      listenerArn: listener.arn,
      certificateArn: this.props.keycloakCertificateArn,
      // A replaced certificate (a new ARN) is attached before the old one is detached: no moment without one for the name.
      lifecycle: { createBeforeDestroy: true },
    });
    const forward = new LbListenerRule(this, "keycloak-host", {
      listenerArn: listener.arn,
      priority: KEYCLOAK_RULE_PRIORITIES.host,
      condition: [{ hostHeader: { values: [hostName] } }],
      action: [{ type: "forward", targetGroupArn }],
      tags: { Name: `${this.props.namePrefix}-keycloak-host` },
    });
    return [forward, certificate];
  }

  /**
   * Forwards the admin paths only for the admin networks (and the VPC, for an internal Keycloak), in rules of at most
   * SOURCE_CIDRS_PER_RULE sources each, and answers 404 there to everyone else. All
   * other paths (the application realm's login pages, static resources) keep Keycloak's forward. On a shared listener
   * every rule also matches Keycloak's host name, so none touches the registry's paths; that value leaves room for one
   * source fewer per rule.
   */
  private restrictKeycloakAdministration(
    listener: LbListener,
    targetGroupArn: string,
    scheme: "internal" | "internet-facing",
    sharedHostName?: string,
  ): LbListenerRule[] {
    const { props } = this;
    const sources = [...new Set([...props.keycloakAdminCidrs, ...(scheme === "internal" ? [props.vpcCidr] : [])])];
    const hostCondition = sharedHostName ? [{ hostHeader: { values: [sharedHostName] } }] : [];
    const perRule = Math.min(SOURCE_CIDRS_PER_RULE, CONDITION_VALUES_PER_RULE - KEYCLOAK_ADMIN_PATHS.length - hostCondition.length);
    const allowRules: LbListenerRule[] = [];
    for (let index = 0; index * perRule < sources.length; index++) {
      const allow = new LbListenerRule(this, `keycloak-admin-allow-${index + 1}`, {
        listenerArn: listener.arn,
        priority: KEYCLOAK_RULE_PRIORITIES.adminAllowFirst + index,
        condition: [
          ...hostCondition,
          { pathPattern: { values: [...KEYCLOAK_ADMIN_PATHS] } },
          { sourceIp: { values: sources.slice(index * perRule, (index + 1) * perRule) } },
        ],
        action: [{ type: "forward", targetGroupArn }],
        tags: { Name: `${props.namePrefix}-keycloak-admin-allow-${index + 1}` },
      });
      allowRules.push(allow);
    }
    new LbListenerRule(this, "keycloak-admin-deny", {
      listenerArn: listener.arn,
      priority: KEYCLOAK_RULE_PRIORITIES.adminDeny,
      condition: [...hostCondition, { pathPattern: { values: [...KEYCLOAK_ADMIN_PATHS] } }],
      action: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" } }],
      tags: { Name: `${props.namePrefix}-keycloak-admin-deny` },
    });
    return allowRules;
  }

  /** The target group, ports and load balancer for a service behind a load balancer. */
  target(name: LoadBalancedTargetName): LoadBalancedTarget {
    const target = this.targets.get(name);
    if (!target) throw new Error(`no load balancer target named ${name}`);
    return target;
  }

  /** The security group of the load balancer serving a target, which connects to the target's service. */
  connectionsFor(name: LoadBalancedTargetName): Connections {
    const target = this.targets.get(name);
    if (!target) throw new Error(`no load balancer target named ${name}`);
    return target.loadBalancer;
  }

  private securityGroup(kind: "main" | "keycloak", description: string): SecurityGroup {
    return new SecurityGroup(this, `${kind}-security-group`, {
      name: `${this.props.namePrefix}-${kind}-alb`,
      description,
      vpcId: this.props.vpcId,
      tags: { Name: `${this.props.namePrefix}-${kind}-alb` },
    });
  }

  private ingress(id: string, securityGroupId: string, port: number, description: string, peer: { cidrIpv4: string }): void {
    new VpcSecurityGroupIngressRule(this, id, { securityGroupId, description, ipProtocol: "tcp", fromPort: port, toPort: port, ...peer });
  }

  private loadBalancer(kind: "main" | "keycloak", scheme: "internal" | "internet-facing", securityGroupId: string): Lb {
    const { props } = this;
    return new Lb(this, kind, {
      name: `${props.namePrefix}-${kind === "main" ? "main" : "kc"}`,
      loadBalancerType: "application",
      internal: scheme === "internal",
      subnets: scheme === "internal" ? props.privateSubnetIds : props.publicSubnetIds,
      securityGroups: [securityGroupId],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection,
      desyncMitigationMode: "strictest",
      idleTimeout: props.idleTimeoutSeconds,
      xffHeaderProcessingMode: XFF_HEADER_PROCESSING[kind],
      accessLogs: props.accessLogs
        ? { bucket: props.accessLogs.bucket, prefix: `${props.accessLogs.prefix}/${kind}`, enabled: true }
        : undefined,
      tags: { Name: `${props.namePrefix}-${kind}` },
      dependsOn: props.accessLogs?.ready ? [...props.accessLogs.ready] : undefined,
    });
  }

  private targetGroup(spec: TargetSpec, loadBalancer: Lb, loadBalancerConnections: Connections): LbTargetGroup {
    const group = new LbTargetGroup(this, `${spec.name}-targets`, {
      // A prefix rather than a name lets Terraform create the replacement before destroying the old group.
      namePrefix: `${spec.shortName}-`,
      port: spec.port,
      protocol: "HTTP",
      targetType: "ip",
      vpcId: this.props.vpcId,
      deregistrationDelay: String(this.props.deregistrationDelaySeconds),
      healthCheck: {
        enabled: true,
        path: spec.healthCheckPath,
        port: String(spec.healthCheckPort),
        protocol: "HTTP",
        matcher: "200",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      stickiness: spec.stickiness ? { type: "lb_cookie", enabled: true, cookieDuration: 3600 } : undefined,
      tags: { Name: `${this.props.namePrefix}-${spec.name}` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.targets.set(spec.name, {
      targetGroupArn: group.arn,
      targetGroupArnSuffix: group.arnSuffix,
      loadBalancerArnSuffix: loadBalancer.arnSuffix,
      containerPort: spec.port,
      healthCheckPort: spec.healthCheckPort,
      loadBalancer: loadBalancerConnections,
    });
    return group;
  }

  private httpsListener(id: string, loadBalancer: Lb, port: number, certificateArn: string, targetGroupArn: string): LbListener {
    return new LbListener(this, id, {
      loadBalancerArn: loadBalancer.arn,
      port,
      protocol: "HTTPS",
      sslPolicy: TLS_POLICY,
      certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn }],
    });
  }

  private redirectListener(id: string, loadBalancer: Lb): void {
    new LbListener(this, id, {
      loadBalancerArn: loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
    });
  }
}
