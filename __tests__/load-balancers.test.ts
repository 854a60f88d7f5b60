import { TLS_POLICY } from "../src/constructs/edge/load-balancers";
import { exampleRawConfig, Json, ref, resourceList, resources, synthStacks } from "./support";

const registryCertificate =
  "${data.terraform_remote_state.cross_stack_reference_input_certs.outputs.cross_stack_output_aws_acm_certificate_validation_registry_validated_certificate_arn}";
const keycloakCertificate =
  "${data.terraform_remote_state.cross_stack_reference_input_certs.outputs.cross_stack_output_aws_acm_certificate_validation_keycloak_validated_certificate_arn}";

function listeners(app: Json) {
  return resources(app, "aws_lb_listener");
}

describe("load balancers", () => {
  const app = synthStacks().app;

  test("HTTP listeners only redirect to HTTPS", () => {
    for (const name of ["load_balancers_main_http", "load_balancers_keycloak_http"]) {
      expect(listeners(app)[name]).toMatchObject({
        port: 80,
        protocol: "HTTP",
        default_action: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } }],
      });
    }
  });

  test("every HTTPS listener uses the TLS 1.3 policy and a validated certificate from the certs stack", () => {
    const https = Object.values(listeners(app)).filter((listener) => listener.protocol === "HTTPS");
    expect(https).toHaveLength(2);
    for (const listener of https) {
      expect(listener.ssl_policy).toBe(TLS_POLICY);
      expect(TLS_POLICY).toMatch(/TLS13/);
    }
    expect(listeners(app).load_balancers_main_https).toMatchObject({
      port: 443,
      certificate_arn: registryCertificate,
      default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.load_balancers_registry_targets", "arn") }],
    });
    expect(listeners(app).load_balancers_keycloak_https).toMatchObject({
      port: 443,
      certificate_arn: keycloakCertificate,
      default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.load_balancers_keycloak_targets", "arn") }],
    });
  });

  test("both load balancers drop invalid headers and are deletion-protected by default", () => {
    expect(resourceList(app, "aws_lb")).toHaveLength(2);
    for (const lb of resourceList(app, "aws_lb")) {
      expect(lb).toMatchObject({ drop_invalid_header_fields: true, enable_deletion_protection: true, load_balancer_type: "application" });
    }
  });

  test("the auth server has no listener of its own: login and token validation reach it through the registry's nginx", () => {
    expect(
      Object.values(listeners(app))
        .map((listener) => listener.port)
        .sort(),
    ).toEqual([443, 443, 80, 80]);
    expect(Object.keys(resources(app, "aws_lb_target_group")).sort()).toEqual([
      "load_balancers_keycloak_targets",
      "load_balancers_registry_targets",
    ]);
    expect(resources(app, "aws_ecs_service").auth_server_service.load_balancer).toBeUndefined();
    expect(Object.keys(app.output)).not.toContain("auth_server_url");
  });

  test("the registry's nginx on 8080 is the main load balancer's only target, health checks included", () => {
    expect(resources(app, "aws_lb_target_group").load_balancers_registry_targets).toMatchObject({
      port: 8080,
      protocol: "HTTP",
      health_check: { path: "/health", port: "8080", matcher: "200" },
    });
    const toRegistry = resourceList(app, "aws_vpc_security_group_ingress_rule").filter(
      (rule) =>
        rule.security_group_id === ref("aws_security_group.registry_security_group", "id") &&
        /main_security_group/.test(rule.referenced_security_group_id ?? ""),
    );
    expect(toRegistry.map((rule) => rule.from_port)).toEqual([8080]);
    expect(resources(app, "aws_ecs_service").registry_service).toMatchObject({
      load_balancer: [
        {
          container_name: "registry",
          container_port: 8080,
          target_group_arn: ref("aws_lb_target_group.load_balancers_registry_targets", "arn"),
        },
      ],
      health_check_grace_period_seconds: 900,
    });
  });

  test("target groups check the services' health endpoints", () => {
    const groups = resources(app, "aws_lb_target_group");
    expect(groups.load_balancers_registry_targets.health_check).toMatchObject({ path: "/health", port: "8080" });
    expect(groups.load_balancers_keycloak_targets.health_check).toMatchObject({ path: "/health/ready", port: "9000" });
    expect(Object.values(groups)).toHaveLength(2);
    for (const group of Object.values(groups)) expect(group.target_type).toBe("ip");
  });

  test("idle MCP streams survive: an hour's idle timeout, and deploys let open streams finish for five minutes", () => {
    // AWS's defaults (60 s idle, 300 s deregistration) were 60 s and 15 s here: quiet SSE streams dropped after a
    // minute and every deploy cut open streams after 15 s.
    const lbs = resourceList(app, "aws_lb");
    expect(lbs).toHaveLength(2);
    for (const lb of lbs) expect(lb.idle_timeout).toBe(3600);
    const groups = resourceList(app, "aws_lb_target_group");
    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group.deregistration_delay).toBe("300");

    const raw = exampleRawConfig();
    raw.loadBalancers = { idleTimeoutSeconds: 900, deregistrationDelaySeconds: 60 };
    const tuned = synthStacks(raw).app;
    expect(resourceList(tuned, "aws_lb").map((lb) => lb.idle_timeout)).toEqual([900, 900]);
    expect(resourceList(tuned, "aws_lb_target_group").map((group) => group.deregistration_delay)).toEqual(["60", "60"]);
  });

  test("clients cannot forge X-Forwarded-For: the main load balancer appends the peer, Keycloak's removes the header", () => {
    // The registry's nginx trusts only the VPC (TRUSTED_REAL_IP_CIDRS) and takes the rightmost untrusted entry, the
    // one the load balancer appends; Keycloak takes the leftmost, which a client writes, so it gets none.
    expect(resources(app, "aws_lb").load_balancers_main.xff_header_processing_mode).toBe("append");
    expect(resources(app, "aws_lb").load_balancers_keycloak.xff_header_processing_mode).toBe("remove");
    for (const lb of resourceList(app, "aws_lb")) expect(lb.enable_xff_client_port ?? false).toBe(false);
  });

  test("client networks reach only the listener ports; nothing is open to 0.0.0.0/0", () => {
    const rules = resourceList(app, "aws_vpc_security_group_ingress_rule");
    const fromClients = rules.filter((rule) => rule.cidr_ipv4 === "203.0.113.0/24");
    expect(fromClients.map((rule) => rule.from_port).sort()).toEqual([443, 443, 80, 80].sort());
    for (const rule of rules) {
      expect(rule.cidr_ipv4).not.toBe("0.0.0.0/0");
      expect(rule.description).toEqual(expect.any(String));
      expect(rule.from_port).toBe(rule.to_port);
    }
    for (const group of resourceList(app, "aws_security_group")) {
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
    }
  });

  test("0.0.0.0/0 is allowed on the listeners only with the opt-in", () => {
    const raw = exampleRawConfig();
    raw.network.ingressCidrs = ["0.0.0.0/0"];
    raw.network.allowPublicIngress = true;
    const open = resourceList(synthStacks(raw).app, "aws_vpc_security_group_ingress_rule").filter((rule) => rule.cidr_ipv4 === "0.0.0.0/0");
    expect(open.map((rule) => rule.from_port).sort()).toEqual([443, 443, 80, 80].sort());
  });

  test("no load balancer admits the tasks' NAT addresses (they reach Keycloak inside the VPC); an internal one sits in private subnets", () => {
    const natRules = resourceList(app, "aws_vpc_security_group_ingress_rule").filter((rule) => /nat_gateway/.test(rule.cidr_ipv4 ?? ""));
    expect(natRules).toEqual([]);
    expect(resources(app, "aws_lb").load_balancers_keycloak).toMatchObject({ internal: false });

    const raw = exampleRawConfig();
    raw.loadBalancers = { keycloakScheme: "internal" };
    const internal = synthStacks(raw).app;
    const keycloakLb = resources(internal, "aws_lb").load_balancers_keycloak;
    expect(keycloakLb.internal).toBe(true);
    expect(keycloakLb.subnets).toEqual([
      ref("aws_subnet.network_private_subnet_1", "id"),
      ref("aws_subnet.network_private_subnet_2", "id"),
    ]);
    const vpcRule = resourceList(internal, "aws_vpc_security_group_ingress_rule").find(
      (rule) => rule.cidr_ipv4 === "10.0.0.0/16" && rule.from_port === 443 && /keycloak/.test(rule.security_group_id),
    );
    expect(vpcRule).toBeDefined();
  });

  test("the main load balancer sits in the public subnets", () => {
    expect(resources(app, "aws_lb").load_balancers_main).toMatchObject({
      internal: false,
      subnets: [ref("aws_subnet.network_public_subnet_1", "id"), ref("aws_subnet.network_public_subnet_2", "id")],
    });
  });

  test("alias records point the registry and Keycloak names at their load balancers", () => {
    const records = resources(app, "aws_route53_record");
    expect(records.dns_registry).toMatchObject({
      name: "registry.us-east-1.mycorp.click",
      type: "A",
      alias: {
        name: ref("aws_lb.load_balancers_main", "dns_name"),
        zone_id: ref("aws_lb.load_balancers_main", "zone_id"),
        evaluate_target_health: true,
      },
    });
    expect(records.dns_keycloak).toMatchObject({
      name: "kc.us-east-1.mycorp.click",
      alias: { name: ref("aws_lb.load_balancers_keycloak", "dns_name") },
    });
  });
});

/** ALB path-pattern matching: `*` matches any run of characters, `?` exactly one; case-sensitive; the whole path. */
function pathMatches(pattern: string, path: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return regex.test(path);
}

describe("Keycloak's administration surface", () => {
  const adminRules = (app: Json) =>
    Object.entries(resources(app, "aws_lb_listener_rule"))
      .filter(([, rule]) => rule.listener_arn === ref("aws_lb_listener.load_balancers_keycloak_https", "arn"))
      .sort(([, a], [, b]) => a.priority - b.priority);
  const pathsOf = (rule: Json): string[] => rule.condition.flatMap((condition: Json) => condition.path_pattern?.values ?? []);
  const sourcesOf = (rule: Json): string[] => rule.condition.flatMap((condition: Json) => condition.source_ip?.values ?? []);
  const isForward = (rule: Json) => rule.action[0].type === "forward";

  describe("with the example's one admin network", () => {
    const app = synthStacks().app;
    const rules = adminRules(app);
    const allow = rules.filter(([, rule]) => isForward(rule));
    const deny = rules.filter(([, rule]) => !isForward(rule));

    test("is forwarded only for the admin networks, never the tasks' NAT addresses", () => {
      expect(allow.length).toBeGreaterThan(0);
      expect(allow.flatMap(([, rule]) => sourcesOf(rule))).toEqual(["203.0.113.10/32"]);
      for (const [, rule] of allow) {
        expect(pathsOf(rule)).toEqual(["/admin*", "/realms/master*"]);
        expect(rule.action).toEqual([
          { type: "forward", target_group_arn: ref("aws_lb_target_group.load_balancers_keycloak_targets", "arn") },
        ]);
      }
    });

    test("answers a fixed 404 to everyone else, after every allow rule", () => {
      expect(deny.map(([name]) => name)).toEqual(["load_balancers_keycloak_admin_deny"]);
      const [, rule] = deny[0];
      expect(rule.condition).toEqual([{ path_pattern: { values: ["/admin*", "/realms/master*"] } }]);
      expect(rule.action).toEqual([
        { type: "fixed-response", fixed_response: { content_type: "text/plain", message_body: "Not Found", status_code: "404" } },
      ]);
      for (const [, allowRule] of allow) expect(allowRule.priority).toBeLessThan(rule.priority);
    });

    test("covers the console, the admin API and the master realm, and leaves the application realm's login pages alone", () => {
      const patterns = pathsOf(deny[0][1]);
      const covered = (path: string) => patterns.some((pattern) => pathMatches(pattern, path));
      for (const path of [
        "/admin",
        "/admin/",
        "/admin/master/console/",
        "/admin/realms/mcp-gateway/users",
        "/realms/master",
        "/realms/master/protocol/openid-connect/token",
      ]) {
        expect({ path, covered: covered(path) }).toEqual({ path, covered: true });
      }
      for (const path of [
        "/realms/mcp-gateway/protocol/openid-connect/auth",
        "/realms/mcp-gateway/login-actions/authenticate",
        "/realms/mcp-gateway/.well-known/openid-configuration",
        "/resources/abc12/login/keycloak.v2/css/styles.css",
      ]) {
        expect({ path, covered: covered(path) }).toEqual({ path, covered: false });
      }
      expect(listeners(app).load_balancers_keycloak_https.default_action).toEqual([
        { type: "forward", target_group_arn: ref("aws_lb_target_group.load_balancers_keycloak_targets", "arn") },
      ]);
    });

    test("the main load balancer has no admin rules", () => {
      const mainRules = resourceList(app, "aws_lb_listener_rule").filter(
        (rule) => rule.listener_arn !== ref("aws_lb_listener.load_balancers_keycloak_https", "arn"),
      );
      expect(mainRules).toEqual([]);
    });
  });

  describe("with a long list of admin networks", () => {
    const raw = exampleRawConfig();
    raw.keycloak.adminCidrs = [
      "203.0.113.10/32",
      "203.0.113.11/32",
      "198.51.100.0/28",
      "192.0.2.0/29",
      "192.0.2.64/29",
      "100.64.0.0/24",
      "100.64.1.0/24",
    ];
    const app = synthStacks(raw).app;
    const allow = adminRules(app).filter(([, rule]) => isForward(rule));

    test("splits the sources over rules within the ALB limits (3 per condition, 5 per rule), in a fixed order", () => {
      expect(allow.map(([name, rule]) => [name, rule.priority])).toEqual([
        ["load_balancers_keycloak_admin_allow_1", 10],
        ["load_balancers_keycloak_admin_allow_2", 11],
        ["load_balancers_keycloak_admin_allow_3", 12],
      ]);
      for (const [, rule] of allow) {
        expect(sourcesOf(rule).length).toBeLessThanOrEqual(3);
        expect(sourcesOf(rule).length + pathsOf(rule).length).toBeLessThanOrEqual(5);
      }
      expect(allow.flatMap(([, rule]) => sourcesOf(rule))).toEqual(raw.keycloak.adminCidrs);
    });

    test("admits admin networks outside ingressCidrs on 443 of the Keycloak load balancer, and only there", () => {
      const admitted = resourceList(app, "aws_vpc_security_group_ingress_rule").filter((rule) =>
        /from admin network/.test(rule.description),
      );
      expect(admitted.map((rule) => rule.cidr_ipv4)).toEqual(
        raw.keycloak.adminCidrs.filter((cidr: string) => !cidr.startsWith("203.0.113.")),
      );
      for (const rule of admitted) {
        expect(rule).toMatchObject({
          from_port: 443,
          to_port: 443,
          security_group_id: ref("aws_security_group.load_balancers_keycloak_security_group", "id"),
        });
      }
    });
  });

  test("an internal Keycloak lets the VPC (tasks, in-VPC runners) use the admin surface instead of NAT addresses", () => {
    const raw = exampleRawConfig();
    raw.loadBalancers.keycloakScheme = "internal";
    const sources = adminRules(synthStacks(raw).app)
      .filter(([, rule]) => isForward(rule))
      .flatMap(([, rule]) => sourcesOf(rule));
    expect(sources).toEqual(["203.0.113.10/32", "10.0.0.0/16"]);
  });
});
