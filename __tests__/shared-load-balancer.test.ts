import { KEYCLOAK_ADMIN_PATHS, KEYCLOAK_RULE_PRIORITIES } from "../src/constructs/edge/load-balancers";
import { addresses, configProblems, exampleRawConfig, Json, ref, resourceList, resources, synthStacks } from "./support";

const KEYCLOAK_NAME = "kc.us-east-1.mycorp.click";
const keycloakCertificate =
  "${data.terraform_remote_state.cross_stack_reference_input_certs.outputs.cross_stack_output_aws_acm_certificate_validation_keycloak_validated_certificate_arn}";
const mainListener = ref("aws_lb_listener.load_balancers_main_https", "arn");
const keycloakTargets = ref("aws_lb_target_group.load_balancers_keycloak_targets", "arn");
const mainSecurityGroup = ref("aws_security_group.load_balancers_main_security_group", "id");
const keycloakServiceGroup = ref("aws_security_group.keycloak_security_group", "id");

function sharedRaw(): Json {
  const raw = exampleRawConfig();
  raw.loadBalancers = { ...raw.loadBalancers, shared: true };
  return raw;
}

const valuesOf = (rule: Json, field: "host_header" | "path_pattern" | "source_ip"): string[] =>
  rule.condition.flatMap((condition: Json) => condition[field]?.values ?? []);

/** The rules on the main HTTPS listener, by address, in priority order. */
function mainRules(app: Json): [string, Json][] {
  return Object.entries(resources(app, "aws_lb_listener_rule"))
    .filter(([, rule]) => rule.listener_arn === mainListener)
    .sort(([, a], [, b]) => a.priority - b.priority);
}

/**
 * Every `type.name` a stack refers to (in `${...}` expressions, dashboard bodies and depends_on) that it does not
 * declare. Providers' types all contain an underscore, which keeps var.x, local.x, each.value and count.index out.
 */
function danglingReferences(stack: Json): { found: number; dangling: string[] } {
  const declared = new Set(addresses(stack));
  // `moved` blocks name former addresses on purpose.
  const text = JSON.stringify({ ...stack, moved: undefined });
  const referenced = new Set<string>();
  for (const match of text.matchAll(/(?<![\w.-])((?:data\.|ephemeral\.)?[a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][\w-]*)/g)) {
    if (match[1].startsWith("ephemeral.")) continue;
    referenced.add(`${match[1]}.${match[2]}`);
  }
  const candidates = [...referenced].filter((address) => /^(data\.)?(aws|keycloak|random|terraform|time)_/.test(address));
  return { found: candidates.length, dangling: candidates.filter((address) => !declared.has(address)).sort() };
}

describe("loadBalancers.shared: Keycloak on the main load balancer by host name", () => {
  const { app, certs } = synthStacks(sharedRaw());

  test("the deployment has exactly one load balancer, and nothing of a Keycloak load balancer remains", () => {
    expect(Object.keys(resources(app, "aws_lb"))).toEqual(["load_balancers_main"]);
    expect(resources(app, "aws_lb").load_balancers_main).toMatchObject({ internal: false, xff_header_processing_mode: "append" });
    expect(Object.keys(resources(app, "aws_lb_listener")).sort()).toEqual(["load_balancers_main_http", "load_balancers_main_https"]);
    expect(Object.keys(resources(app, "aws_security_group")).filter((name) => name.startsWith("load_balancers_"))).toEqual([
      "load_balancers_main_security_group",
    ]);
    expect(addresses(app).filter((address) => /^aws_lb|load_balancers_.*security_group$/.test(address))).toEqual([
      "aws_lb.load_balancers_main",
      "aws_lb_listener.load_balancers_main_http",
      "aws_lb_listener.load_balancers_main_https",
      "aws_lb_listener_certificate.load_balancers_keycloak_certificate",
      "aws_lb_listener_rule.load_balancers_keycloak_admin_allow_1",
      "aws_lb_listener_rule.load_balancers_keycloak_admin_deny",
      "aws_lb_listener_rule.load_balancers_keycloak_host",
      "aws_lb_target_group.load_balancers_keycloak_targets",
      "aws_lb_target_group.load_balancers_registry_targets",
      "aws_security_group.load_balancers_main_security_group",
    ]);
  });

  test("no reference points at a resource that is not declared (alarms, dashboard, outputs, realm dependencies)", () => {
    const { found, dangling } = danglingReferences(app);
    expect(found).toBeGreaterThan(50);
    expect(dangling).toEqual([]);
    // The check itself finds a missing Keycloak load balancer: the default stack, with one removed, has it dangling.
    const broken = synthStacks().app;
    delete broken.resource.aws_lb.load_balancers_keycloak;
    expect(danglingReferences(broken).dangling).toContain("aws_lb.load_balancers_keycloak");
  });

  test("the main HTTPS listener forwards Keycloak's host name to Keycloak, after the admin rules", () => {
    const host = resources(app, "aws_lb_listener_rule").load_balancers_keycloak_host;
    expect(host).toMatchObject({
      listener_arn: mainListener,
      priority: KEYCLOAK_RULE_PRIORITIES.host,
      condition: [{ host_header: { values: [KEYCLOAK_NAME] } }],
      action: [{ type: "forward", target_group_arn: keycloakTargets }],
    });
    const rules = mainRules(app);
    expect(rules.length).toBeGreaterThan(1);
    expect(rules[rules.length - 1][0]).toBe("load_balancers_keycloak_host");
    // The registry keeps the listener's default action and its own certificate.
    expect(resources(app, "aws_lb_listener").load_balancers_main_https).toMatchObject({
      certificate_arn: expect.stringContaining("registry_validated_certificate_arn"),
      default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.load_balancers_registry_targets", "arn") }],
    });
  });

  test("Keycloak's certificate is added to the main listener (SNI): the registry's certificate never covers Keycloak's name", () => {
    const attached = resourceList(app, "aws_lb_listener_certificate");
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({
      listener_arn: mainListener,
      certificate_arn: keycloakCertificate,
      lifecycle: { create_before_destroy: true },
    });
    // The certs stack issues one certificate per name with no alternative names, so the SNI certificate is always needed.
    const certificates = resources(certs, "aws_acm_certificate");
    expect(Object.keys(certificates).sort()).toEqual(["keycloak_certificate", "registry_certificate"]);
    expect(certificates.registry_certificate.domain_name).toBe("registry.us-east-1.mycorp.click");
    expect(certificates.keycloak_certificate.domain_name).toBe(KEYCLOAK_NAME);
    for (const certificate of Object.values(certificates)) expect(certificate.subject_alternative_names).toBeUndefined();
  });

  test("the admin restriction works as on Keycloak's own listener, limited to Keycloak's host name", () => {
    const rules = mainRules(app);
    const allow = rules.filter(([name]) => /admin_allow/.test(name));
    const [deny] = rules.filter(([name]) => /admin_deny/.test(name));
    expect(allow.length).toBeGreaterThan(0);
    expect(deny).toBeDefined();
    // Every rule on the shared listener matches Keycloak's name only: none touches the registry's paths.
    for (const [, rule] of rules) expect(valuesOf(rule, "host_header")).toEqual([KEYCLOAK_NAME]);
    // The example's admin network alone (no NAT addresses: the tasks reach Keycloak inside the VPC).
    expect(allow.map(([, rule]) => valuesOf(rule, "source_ip"))).toEqual([["203.0.113.10/32"]]);
    for (const [, rule] of allow) {
      expect(valuesOf(rule, "path_pattern")).toEqual([...KEYCLOAK_ADMIN_PATHS]);
      expect(rule.action).toEqual([{ type: "forward", target_group_arn: keycloakTargets }]);
    }
    expect(deny[1]).toMatchObject({
      priority: KEYCLOAK_RULE_PRIORITIES.adminDeny,
      condition: [{ host_header: { values: [KEYCLOAK_NAME] } }, { path_pattern: { values: [...KEYCLOAK_ADMIN_PATHS] } }],
      action: [{ type: "fixed-response", fixed_response: { status_code: "404" } }],
    });
  });

  test("with many admin networks, rule priorities stay unique, ordered and within the ALB's per-rule limits", () => {
    const raw = sharedRaw();
    raw.keycloak.adminCidrs = ["203.0.113.10/32", "203.0.113.11/32", "198.51.100.0/28", "192.0.2.0/29", "192.0.2.64/29", "100.64.0.0/24"];
    const rules = mainRules(synthStacks(raw).app);
    const allow = rules.filter(([name]) => /admin_allow/.test(name));
    expect(allow).toHaveLength(3);
    expect(allow.flatMap(([, rule]) => valuesOf(rule, "source_ip"))).toEqual(raw.keycloak.adminCidrs);
    const priorities = rules.map(([, rule]) => rule.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
    expect(rules.map(([name]) => name)).toEqual([
      "load_balancers_keycloak_admin_allow_1",
      "load_balancers_keycloak_admin_allow_2",
      "load_balancers_keycloak_admin_allow_3",
      "load_balancers_keycloak_admin_deny",
      "load_balancers_keycloak_host",
    ]);
    for (const [, rule] of rules) {
      const values = ["host_header", "path_pattern", "source_ip"] as const;
      expect(values.reduce((sum, field) => sum + valuesOf(rule, field).length, 0)).toBeLessThanOrEqual(5);
      expect(valuesOf(rule, "source_ip").length).toBeLessThanOrEqual(3);
    }
  });

  test("with Terraform Cloud, the listener certificate is the Keycloak certificate looked up in ACM", () => {
    const raw = sharedRaw();
    raw.backend = { type: "cloud", organization: "mycorp", executionMode: "agent" };
    const attached = resourceList(synthStacks(raw).app, "aws_lb_listener_certificate");
    expect(attached).toHaveLength(1);
    expect(attached[0].certificate_arn).toBe(ref("data.aws_acm_certificate.keycloak_certificate", "arn"));
  });

  test("Route53 aliases Keycloak's name to the main load balancer", () => {
    const records = resources(app, "aws_route53_record");
    for (const name of ["dns_registry", "dns_keycloak"]) {
      expect(records[name].alias).toEqual({
        name: ref("aws_lb.load_balancers_main", "dns_name"),
        zone_id: ref("aws_lb.load_balancers_main", "zone_id"),
        evaluate_target_health: true,
      });
    }
    expect(records.dns_keycloak.name).toBe(KEYCLOAK_NAME);
  });

  test("Keycloak's tasks admit their traffic and health-check ports from the main load balancer's group only", () => {
    const intoKeycloak = resourceList(app, "aws_vpc_security_group_ingress_rule").filter(
      (rule) => rule.security_group_id === keycloakServiceGroup && rule.referenced_security_group_id === mainSecurityGroup,
    );
    expect(intoKeycloak.map((rule) => rule.from_port).sort()).toEqual([8080, 9000]);
    const outOfMain = resourceList(app, "aws_vpc_security_group_egress_rule").filter(
      (rule) => rule.security_group_id === mainSecurityGroup && rule.referenced_security_group_id === keycloakServiceGroup,
    );
    expect(outOfMain.map((rule) => rule.from_port).sort()).toEqual([8080, 9000]);
    const intoKeycloakFromAnyGroup = resourceList(app, "aws_vpc_security_group_ingress_rule").filter(
      (rule) => rule.security_group_id === keycloakServiceGroup && /load_balancers/.test(rule.referenced_security_group_id ?? ""),
    );
    expect(intoKeycloakFromAnyGroup).toHaveLength(2);
  });

  test("the main load balancer admits the client networks, and on 443 the admin networks (never the tasks' NAT addresses)", () => {
    const raw = sharedRaw();
    raw.keycloak.adminCidrs = ["203.0.113.10/32", "198.51.100.0/28"];
    const rules = resourceList(synthStacks(raw).app, "aws_vpc_security_group_ingress_rule").filter(
      (rule) => rule.security_group_id === mainSecurityGroup,
    );
    // 203.0.113.10/32 lies inside the client network and needs no rule of its own.
    expect(rules.map((rule) => `${rule.cidr_ipv4} ${rule.from_port}`).sort()).toEqual(
      ["203.0.113.0/24 443", "203.0.113.0/24 80", "198.51.100.0/28 443"].sort(),
    );
  });

  test("alarms and the dashboard watch Keycloak's target group on the main load balancer; none names a missing one", () => {
    const alarms = Object.fromEntries(resourceList(app, "aws_cloudwatch_metric_alarm").map((alarm) => [alarm.alarm_name, alarm]));
    const onKeycloak = {
      LoadBalancer: ref("aws_lb.load_balancers_main", "arn_suffix"),
      TargetGroup: ref("aws_lb_target_group.load_balancers_keycloak_targets", "arn_suffix"),
    };
    for (const name of ["keycloak-target-5xx", "keycloak-latency", "keycloak-unhealthy-targets"]) {
      expect({ name, dimensions: alarms[`mcp-gateway-${name}`]?.dimensions }).toEqual({ name, dimensions: onKeycloak });
    }
    // The load balancer's own 5xx carry no target group: the main load balancer's alarm covers both names.
    expect(alarms["mcp-gateway-keycloak-elb-5xx"]).toBeUndefined();
    expect(alarms["mcp-gateway-main-elb-5xx"].dimensions).toEqual({ LoadBalancer: ref("aws_lb.load_balancers_main", "arn_suffix") });
    const body = JSON.parse(resourceList(app, "aws_cloudwatch_dashboard")[0].dashboard_body);
    const requests = body.widgets.find((widget: Json) => widget.properties.title === "Requests").properties.metrics;
    expect(requests).toEqual([
      ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", onKeycloak.LoadBalancer, { label: "main" }],
      [
        "AWS/ApplicationELB",
        "RequestCount",
        "LoadBalancer",
        onKeycloak.LoadBalancer,
        "TargetGroup",
        onKeycloak.TargetGroup,
        { label: "keycloak" },
      ],
    ]);
  });

  test("outputs and the realm's dependencies name what serves Keycloak now", () => {
    expect(app.output.keycloak_alb_dns_name.value).toBe(ref("aws_lb.load_balancers_main", "dns_name"));
    const hardening = resources(app, "terraform_data").keycloak_master_realm_hardening;
    const adminAllowRules = Object.keys(resources(app, "aws_lb_listener_rule"))
      .filter((name) => name.startsWith("load_balancers_keycloak_admin_allow_"))
      .map((name) => `aws_lb_listener_rule.${name}`);
    expect(adminAllowRules.length).toBeGreaterThan(0);
    expect(hardening.depends_on).toEqual([
      "aws_ecs_service.keycloak_service",
      "aws_lb_listener_rule.load_balancers_keycloak_host",
      "aws_lb_listener_certificate.load_balancers_keycloak_certificate",
      ...adminAllowRules,
      "aws_route53_record.dns_keycloak",
    ]);
  });
});

describe("settings of a Keycloak load balancer with loadBalancers.shared", () => {
  test("an internal Keycloak is refused with the field, the value and the fix, among the other problems", () => {
    const raw = sharedRaw();
    raw.loadBalancers.keycloakScheme = "internal";
    raw.namePrefix = "X";
    expect(configProblems(raw)).toEqual([
      expect.stringMatching(/^namePrefix: /),
      "loadBalancers.keycloakScheme: (internal) cannot apply with loadBalancers.shared: true: Keycloak is then served by the main, internet-facing load balancer; remove keycloakScheme, or set shared: false to keep an internal Keycloak load balancer",
    ]);
  });

  test("an internet-facing Keycloak scheme is what shared means, and is accepted", () => {
    const raw = sharedRaw();
    raw.loadBalancers.keycloakScheme = "internet-facing";
    expect(configProblems(raw)).toEqual([]);
  });

  test("in an existing VPC no NAT addresses are needed: the services reach Keycloak inside the VPC", () => {
    const raw = sharedRaw();
    raw.network = {
      ingressCidrs: raw.network.ingressCidrs,
      existing: {
        vpcId: "vpc-0123456789abcdef0",
        privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        publicSubnetIds: ["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"],
      },
    };
    expect(configProblems(raw)).toEqual([]);
  });

  test("HCP Terraform remote runs get the reason that applies to a shared load balancer, not the internal one's", () => {
    const raw = sharedRaw();
    raw.backend = { type: "cloud", organization: "mycorp", executionMode: "remote" };
    raw.loadBalancers.keycloakScheme = "internal";
    const problems = configProblems(raw);
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^loadBalancers\.keycloakScheme: \(internal\) cannot apply with loadBalancers\.shared: true/),
        expect.stringMatching(
          /^backend\.executionMode: \(remote\) cannot configure the realm: HCP Terraform does not publish the addresses/,
        ),
      ]),
    );
  });

  test("the admin networks stay required: Terraform reaches the admin API through the shared load balancer", () => {
    const raw = sharedRaw();
    raw.keycloak.adminCidrs = [];
    expect(configProblems(raw)).toEqual([expect.stringMatching(/^keycloak\.adminCidrs: is empty, but Terraform configures the realm/)]);
  });
});
