import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { APPLICATION_CONTRACT } from "../services/app-contract";
import { cidrContains } from "../config/cidr";

/**
 * Keycloak's administration surface: the admin console and REST API (`/admin/...`) and the master realm's login and
 * token endpoints (`/realms/master/...`). Realm names may not start with `master`, so no other realm matches.
 */
export const KEYCLOAK_ADMIN_PATHS = ["/admin*", "/realms/master*"] as const;
/** ALB limits: at most 3 values per condition and 5 per rule; the admin paths take 2 of those 5. */
export const SOURCE_CIDRS_PER_RULE = 3;
const ADMIN_ALLOW_FIRST_PRIORITY = 10;
const ADMIN_DENY_PRIORITY = 1000;

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
  /** Outbound addresses of the tasks, which reach an internet-facing Keycloak through its public name. */
  readonly natPublicIps: string[];
  /**
   * Networks that may use Keycloak's administration surface (KEYCLOAK_ADMIN_PATHS), besides the tasks themselves (the
   * registry manages users and groups through the admin API): everyone else gets 404 there.
   */
  readonly keycloakAdminCidrs: readonly string[];
  readonly deletionProtection: boolean;
  readonly accessLogs?: { readonly bucket: string; readonly prefix: string };
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
 * Keycloak logs the load balancer's address (the client's is in the access logs) and never a spoofed one.
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
 * and target groups.
 */
export class LoadBalancers extends Construct {
  readonly main: { readonly dnsName: string; readonly zoneId: string; readonly arnSuffix: string; readonly securityGroupId: string };
  readonly keycloak: { readonly dnsName: string; readonly zoneId: string; readonly arnSuffix: string; readonly securityGroupId: string };
  /** Keycloak's HTTPS listener: Keycloak is reachable at its public name only once it exists. */
  readonly keycloakListener: ITerraformDependable;
  private readonly targets = new Map<LoadBalancedTargetName, LoadBalancedTarget & { readonly albSecurityGroupId: string }>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: LoadBalancersProps,
  ) {
    super(scope, id);

    const mainSecurityGroup = this.securityGroup("main", "Main load balancer: HTTPS from the configured client networks");
    const keycloakSecurityGroup = this.securityGroup("keycloak", "Keycloak load balancer: HTTPS to the identity provider");
    props.ingressCidrs.forEach((cidr, index) => {
      for (const [port, purpose] of [
        [443, "HTTPS"],
        [80, "HTTP (redirected to HTTPS)"],
      ] as const) {
        this.ingress(`main-${port}-from-client-${index + 1}`, mainSecurityGroup.id, port, `${purpose} from client network ${cidr}`, {
          cidrIpv4: cidr,
        });
      }
      this.ingress(`keycloak-443-from-client-${index + 1}`, keycloakSecurityGroup.id, 443, `HTTPS from client network ${cidr}`, {
        cidrIpv4: cidr,
      });
      this.ingress(`keycloak-80-from-client-${index + 1}`, keycloakSecurityGroup.id, 80, `HTTP (redirected) from client network ${cidr}`, {
        cidrIpv4: cidr,
      });
    });
    props.keycloakAdminCidrs
      .filter((cidr) => !props.ingressCidrs.some((client) => cidrContains(client, cidr)))
      .forEach((cidr, index) => {
        this.ingress(`keycloak-443-from-admin-${index + 1}`, keycloakSecurityGroup.id, 443, `HTTPS from admin network ${cidr}`, {
          cidrIpv4: cidr,
        });
      });
    if (props.keycloakScheme === "internal") {
      this.ingress("keycloak-443-from-vpc", keycloakSecurityGroup.id, 443, "HTTPS from tasks inside the VPC", { cidrIpv4: props.vpcCidr });
    } else {
      props.natPublicIps.forEach((address, index) => {
        this.ingress(
          `keycloak-443-from-nat-${index + 1}`,
          keycloakSecurityGroup.id,
          443,
          `HTTPS from tasks leaving through NAT gateway ${index + 1}`,
          {
            cidrIpv4: `${address}/32`,
          },
        );
      });
    }

    const mainLb = this.loadBalancer("main", "internet-facing", mainSecurityGroup.id);
    const keycloakLb = this.loadBalancer("keycloak", props.keycloakScheme, keycloakSecurityGroup.id);
    this.main = { dnsName: mainLb.dnsName, zoneId: mainLb.zoneId, arnSuffix: mainLb.arnSuffix, securityGroupId: mainSecurityGroup.id };
    this.keycloak = {
      dnsName: keycloakLb.dnsName,
      zoneId: keycloakLb.zoneId,
      arnSuffix: keycloakLb.arnSuffix,
      securityGroupId: keycloakSecurityGroup.id,
    };

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
      mainSecurityGroup.id,
    );
    // Keycloak serves /health/ready on its management port, not on the traffic port.
    const keycloak = this.targetGroup(
      { name: "keycloak", shortName: "kc", port: 8080, healthCheckPath: "/health/ready", healthCheckPort: 9000, stickiness: true },
      keycloakLb,
      keycloakSecurityGroup.id,
    );

    this.httpsListener("main-https", mainLb, 443, props.registryCertificateArn, registry.arn);
    this.redirectListener("main-http", mainLb);
    const keycloakListener = this.httpsListener("keycloak-https", keycloakLb, 443, props.keycloakCertificateArn, keycloak.arn);
    this.keycloakListener = keycloakListener;
    this.redirectListener("keycloak-http", keycloakLb);
    this.restrictKeycloakAdministration(keycloakListener, keycloak.arn);
  }

  /**
   * Forwards the admin paths only for the admin networks and the tasks (NAT addresses, or the VPC for an internal
   * Keycloak), in rules of at most SOURCE_CIDRS_PER_RULE sources each, and answers 404 there to everyone else. All
   * other paths (the application realm's login pages, static resources) keep the listener's default forward.
   */
  private restrictKeycloakAdministration(listener: LbListener, targetGroupArn: string): void {
    const { props } = this;
    const taskSources = props.keycloakScheme === "internal" ? [props.vpcCidr] : props.natPublicIps.map((address) => `${address}/32`);
    const sources = [...new Set(props.keycloakAdminCidrs), ...taskSources];
    for (let index = 0; index * SOURCE_CIDRS_PER_RULE < sources.length; index++) {
      new LbListenerRule(this, `keycloak-admin-allow-${index + 1}`, {
        listenerArn: listener.arn,
        priority: ADMIN_ALLOW_FIRST_PRIORITY + index,
        condition: [
          { pathPattern: { values: [...KEYCLOAK_ADMIN_PATHS] } },
          { sourceIp: { values: sources.slice(index * SOURCE_CIDRS_PER_RULE, (index + 1) * SOURCE_CIDRS_PER_RULE) } },
        ],
        action: [{ type: "forward", targetGroupArn }],
        tags: { Name: `${props.namePrefix}-keycloak-admin-allow-${index + 1}` },
      });
    }
    new LbListenerRule(this, "keycloak-admin-deny", {
      listenerArn: listener.arn,
      priority: ADMIN_DENY_PRIORITY,
      condition: [{ pathPattern: { values: [...KEYCLOAK_ADMIN_PATHS] } }],
      action: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" } }],
      tags: { Name: `${props.namePrefix}-keycloak-admin-deny` },
    });
  }

  /** The target group, ports and load balancer for a service behind a load balancer. */
  target(name: LoadBalancedTargetName): LoadBalancedTarget {
    const target = this.targets.get(name);
    if (!target) throw new Error(`no load balancer target named ${name}`);
    return target;
  }

  /** Lets the load balancer reach a service's traffic and health-check ports, and nothing else. */
  admit(name: LoadBalancedTargetName, serviceSecurityGroupId: string): void {
    const target = this.targets.get(name);
    if (!target) throw new Error(`no load balancer target named ${name}`);
    const ports = [...new Set([target.containerPort, target.healthCheckPort])];
    for (const port of ports) {
      const purpose = port === target.containerPort ? "traffic" : "health checks";
      new VpcSecurityGroupEgressRule(this, `${name}-${port}-egress`, {
        securityGroupId: target.albSecurityGroupId,
        description: `${name} ${purpose} on port ${port}`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: serviceSecurityGroupId,
      });
      this.ingress(`${name}-${port}-from-load-balancer`, serviceSecurityGroupId, port, `${purpose} from the load balancer`, {
        referencedSecurityGroupId: target.albSecurityGroupId,
      });
    }
  }

  private securityGroup(kind: "main" | "keycloak", description: string): SecurityGroup {
    return new SecurityGroup(this, `${kind}-security-group`, {
      name: `${this.props.namePrefix}-${kind}-alb`,
      description,
      vpcId: this.props.vpcId,
      tags: { Name: `${this.props.namePrefix}-${kind}-alb` },
    });
  }

  private ingress(
    id: string,
    securityGroupId: string,
    port: number,
    description: string,
    peer: { cidrIpv4: string } | { referencedSecurityGroupId: string },
  ): void {
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
    });
  }

  private targetGroup(spec: TargetSpec, loadBalancer: Lb, albSecurityGroupId: string): LbTargetGroup {
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
      albSecurityGroupId,
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
