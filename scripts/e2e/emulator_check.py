"""Rung 3 assertions against the AWS emulator's own APIs (boto3), driven by what Terraform recorded in the state.

  python emulator_check.py cloudwatch-json-model HOME
  python emulator_check.py create-zone NAME
  python emulator_check.py deployed --state certs=PATH --state app=PATH --synth app=PATH ...
  python emulator_check.py second-plan PLAN.json
  python emulator_check.py destroyed --zone NAME
  python emulator_check.py retries RECORDING REPLAY_LOG

The endpoint, region and dummy credentials come from the usual AWS_* environment variables (the rung sets them).
Every check prints one line; the last line is 'N passed, N failed'.
"""

import argparse
import base64
import functools
import json
import re
import sys
from urllib.parse import parse_qs

import boto3
from botocore.exceptions import ClientError


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"  ok   {name}")
        else:
            self.failed += 1
            print(f"  FAIL {name}{': ' + detail if detail else ''}")

    def attempt(self, name, probe):
        """Runs probe() -> (condition, detail); an API error counts as a failure."""
        try:
            condition, detail = probe()
        except ClientError as error:
            condition, detail = False, f"{error.response['Error'].get('Code')}: {error.response['Error'].get('Message')}"
        except (KeyError, IndexError, StopIteration) as error:
            condition, detail = False, f"the emulator's answer lacks {error!r}"
        self.check(name, condition, detail)

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1


@functools.lru_cache(maxsize=None)
def client(service):
    # One client per service: creating one costs more than most of the calls the checks make with it.
    return boto3.client(service)


def state_instances(state):
    """(address, attributes) of every managed resource instance in a state file."""
    for resource in state.get("resources", []):
        if resource.get("mode") != "managed":
            continue
        for instance in resource.get("instances", []):
            key = instance.get("index_key")
            suffix = "" if key is None else f"[{json.dumps(key)}]"
            yield f"{resource['type']}.{resource['name']}{suffix}", resource["type"], instance["attributes"]


def synthesized_addresses(synth):
    return {f"{kind}.{name}" for kind, by_name in synth.get("resource", {}).items() for name in by_name}


def check_certificate(checks, address, attributes, context):
    def probe():
        certificate = client("acm").describe_certificate(CertificateArn=attributes["arn"])["Certificate"]
        return certificate["Status"] == "ISSUED" and certificate["DomainName"] == attributes["domain_name"], (
            f"{certificate['DomainName']} is {certificate['Status']}"
        )

    checks.attempt(f"{address}: certificate for {attributes['domain_name']} is issued", probe)


def check_listener(checks, address, attributes, context):
    def probe():
        listener = client("elbv2").describe_listeners(ListenerArns=[attributes["arn"]])["Listeners"][0]
        if listener["Protocol"] != "HTTPS":
            return listener["Port"] == attributes["port"], f"port {listener['Port']}"
        arns = {certificate["CertificateArn"] for certificate in listener.get("Certificates", [])}
        validated = context["validated_certificates"]
        return bool(arns) and arns <= validated, f"uses {sorted(arns)}, validated ARNs are {sorted(validated)}"

    checks.attempt(f"{address}: listener exists; HTTPS uses the validated certificate from the certs stack", probe)


def check_load_balancer(checks, address, attributes, context):
    def probe():
        balancer = client("elbv2").describe_load_balancers(LoadBalancerArns=[attributes["arn"]])["LoadBalancers"][0]
        expected = "internal" if attributes["internal"] else "internet-facing"
        # moto stores the Scheme parameter as sent; the provider omits it for AWS's default, internet-facing.
        actual = balancer.get("Scheme", "internet-facing")
        return actual == expected, f"scheme {actual}, expected {expected}"

    checks.attempt(f"{address}: load balancer exists with its scheme", probe)


def check_vpc(checks, address, attributes, context):
    def probe():
        vpc = client("ec2").describe_vpcs(VpcIds=[attributes["id"]])["Vpcs"][0]
        return vpc["CidrBlock"] == attributes["cidr_block"], vpc["CidrBlock"]

    checks.attempt(f"{address}: VPC {attributes['cidr_block']} exists", probe)


def check_subnet(checks, address, attributes, context):
    def probe():
        subnet = client("ec2").describe_subnets(SubnetIds=[attributes["id"]])["Subnets"][0]
        return subnet["CidrBlock"] == attributes["cidr_block"] and subnet["VpcId"] == attributes["vpc_id"], subnet["CidrBlock"]

    checks.attempt(f"{address}: subnet {attributes['cidr_block']} exists in its VPC", probe)


def check_nat_gateway(checks, address, attributes, context):
    def probe():
        gateway = client("ec2").describe_nat_gateways(NatGatewayIds=[attributes["id"]])["NatGateways"][0]
        return gateway["State"] == "available", gateway["State"]

    checks.attempt(f"{address}: NAT gateway is available", probe)


def check_security_group(checks, address, attributes, context):
    def probe():
        group = client("ec2").describe_security_groups(GroupIds=[attributes["id"]])["SecurityGroups"][0]
        return group["VpcId"] == attributes["vpc_id"], group["VpcId"]

    checks.attempt(f"{address}: security group exists", probe)


def check_target_group(checks, address, attributes, context):
    def probe():
        group = client("elbv2").describe_target_groups(TargetGroupArns=[attributes["arn"]])["TargetGroups"][0]
        return group["Port"] == attributes["port"], f"port {group['Port']}"

    checks.attempt(f"{address}: target group exists", probe)


def check_kms_key(checks, address, attributes, context):
    def probe():
        key = client("kms").describe_key(KeyId=attributes["key_id"])["KeyMetadata"]
        return key["Enabled"] and key["KeyState"] == "Enabled", key["KeyState"]

    checks.attempt(f"{address}: KMS key is enabled", probe)


def check_log_group(checks, address, attributes, context):
    def probe():
        groups = client("logs").describe_log_groups(logGroupNamePrefix=attributes["name"])["logGroups"]
        group = next((candidate for candidate in groups if candidate["logGroupName"] == attributes["name"]), None)
        if group is None:
            return False, "missing"
        return group.get("kmsKeyId") == (attributes.get("kms_key_id") or None), f"kms key {group.get('kmsKeyId')}"

    checks.attempt(f"{address}: log group {attributes['name']} exists with its KMS key", probe)


def check_record(checks, address, attributes, context):
    def probe():
        name = attributes["fqdn"].rstrip(".") + "."
        records = client("route53").list_resource_record_sets(
            HostedZoneId=attributes["zone_id"], StartRecordName=name, StartRecordType=attributes["type"], MaxItems="1"
        )["ResourceRecordSets"]
        return bool(records) and records[0]["Name"] == name and records[0]["Type"] == attributes["type"], str(records[:1])

    checks.attempt(f"{address}: {attributes['type']} record {attributes['fqdn']} exists", probe)


def check_ecs_cluster(checks, address, attributes, context):
    def probe():
        clusters = client("ecs").describe_clusters(clusters=[attributes["arn"]])["clusters"]
        return bool(clusters) and clusters[0]["status"] == "ACTIVE", str(clusters[:1])

    checks.attempt(f"{address}: ECS cluster is active", probe)


def check_ecs_service(checks, address, attributes, context):
    # `address` is labelled with its stack ("app aws_ecs_service.x"); the synthesized JSON knows it as "aws_ecs_service.x".
    configured = context["configured_desired_counts"].get(address.split(" ")[-1].split("[")[0])

    def probe():
        services = client("ecs").describe_services(cluster=attributes["cluster"], services=[attributes["name"]])["services"]
        if not services:
            return False, "missing"
        desired = services[0]["desiredCount"]
        return desired == configured, f"desiredCount {desired}, configured {configured}"

    checks.attempt(f"{address}: ECS service {attributes['name']} runs with the configured desired count", probe)


def check_secret(checks, address, attributes, context):
    def probe():
        secret = client("secretsmanager").describe_secret(SecretId=attributes["arn"])
        return secret["Name"] == attributes["name"], secret["Name"]

    checks.attempt(f"{address}: secret {attributes['name']} exists", probe)


def check_secret_version(checks, address, attributes, context):
    def probe():
        value = client("secretsmanager").get_secret_value(SecretId=attributes["secret_id"]).get("SecretString", "")
        leaked = [name for name, text in context["texts"].items() if value and value in text]
        return bool(value) and not leaked, f"empty value" if not value else f"value appears in {leaked}"

    checks.attempt(f"{address}: secret has a value that no state file or synthesized stack contains", probe)


def check_db_proxy_target(checks, address, attributes, context):
    # The Aurora cluster, or with database.engine postgres-instance the instance.
    database = attributes.get("db_cluster_identifier") or attributes.get("db_instance_identifier")

    def probe():
        targets = client("rds").describe_db_proxy_targets(DBProxyName=attributes["db_proxy_name"])["Targets"]
        resources = {target.get("RdsResourceId") for target in targets}
        return bool(database) and database in resources, f"targets {sorted(filter(None, resources))}"

    checks.attempt(f"{address}: the proxy targets the database ({database})", probe)


def check_docdb_subnet_group(checks, address, attributes, context):
    def probe():
        group = client("docdb").describe_db_subnet_groups(DBSubnetGroupName=attributes["name"])["DBSubnetGroups"][0]
        subnets = sorted(subnet["SubnetIdentifier"] for subnet in group["Subnets"])
        return subnets == sorted(attributes["subnet_ids"]), f"subnets {subnets}"

    checks.attempt(f"{address}: DocumentDB subnet group spans the private subnets", probe)


def check_docdb_parameter_group(checks, address, attributes, context):
    def probe():
        group = client("docdb").describe_db_cluster_parameter_groups(DBClusterParameterGroupName=attributes["name"])["DBClusterParameterGroups"][0]
        parameters = client("docdb").describe_db_cluster_parameters(DBClusterParameterGroupName=attributes["name"])["Parameters"]
        values = {parameter["ParameterName"]: parameter.get("ParameterValue") for parameter in parameters}
        wanted = {"tls": "enabled", "audit_logs": "enabled", "ttl_monitor": "enabled"}
        ok = group["DBParameterGroupFamily"] == "docdb5.0" and all(values.get(name) == value for name, value in wanted.items())
        return ok, f"family {group['DBParameterGroupFamily']}, parameters {values}"

    checks.attempt(f"{address}: docdb5.0 parameter group with TLS, audit logs and the TTL monitor enabled", probe)


def check_docdb_cluster(checks, address, attributes, context):
    def probe():
        cluster = client("docdb").describe_db_clusters(DBClusterIdentifier=attributes["cluster_identifier"])["DBClusters"][0]
        ok = (
            cluster["Engine"] == "docdb"
            and cluster["StorageEncrypted"]
            and cluster.get("KmsKeyId") == attributes["kms_key_id"]
            and sorted(cluster.get("EnabledCloudwatchLogsExports", [])) == ["audit", "profiler"]
        )
        return ok, f"engine {cluster['Engine']}, encrypted {cluster['StorageEncrypted']}, logs {cluster.get('EnabledCloudwatchLogsExports')}"

    checks.attempt(f"{address}: DocumentDB cluster, encrypted with its key, exporting audit and profiler logs", probe)


CHECKERS = {
    "aws_acm_certificate": check_certificate,
    "aws_lb_listener": check_listener,
    "aws_lb": check_load_balancer,
    "aws_lb_target_group": check_target_group,
    "aws_vpc": check_vpc,
    "aws_subnet": check_subnet,
    "aws_nat_gateway": check_nat_gateway,
    "aws_security_group": check_security_group,
    "aws_kms_key": check_kms_key,
    "aws_cloudwatch_log_group": check_log_group,
    "aws_route53_record": check_record,
    "aws_ecs_cluster": check_ecs_cluster,
    "aws_ecs_service": check_ecs_service,
    "aws_secretsmanager_secret": check_secret,
    "aws_secretsmanager_secret_version": check_secret_version,
    "aws_db_proxy_target": check_db_proxy_target,
    "aws_docdb_subnet_group": check_docdb_subnet_group,
    "aws_docdb_cluster_parameter_group": check_docdb_parameter_group,
    "aws_docdb_cluster": check_docdb_cluster,
}


def state_attributes(states, stack, address):
    return next((attributes for candidate, _, attributes in state_instances(states[stack]) if candidate == address), None)


def check_document_database(checks, states):
    """The DocumentDB credentials are JSON {username, password}; its security group admits 27017 from exactly the
    registry and the auth server."""
    credentials = state_attributes(states, "app", "aws_secretsmanager_secret.document_database_credentials")
    group = state_attributes(states, "app", "aws_security_group.document_database_security_group")
    clients = [state_attributes(states, "app", f"aws_security_group.{name}_security_group") for name in ("registry", "auth_server")]

    def secret_probe():
        value = json.loads(client("secretsmanager").get_secret_value(SecretId=credentials["arn"])["SecretString"])
        password = value.get("password", "")
        ok = sorted(value) == ["password", "username"] and value["username"] == "mcpgateway" and len(password) == 40 and password.isalnum()
        return ok, f"keys {sorted(value)}, password length {len(password)}"

    def rules_probe():
        rules = client("ec2").describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group["id"]]}])["SecurityGroupRules"]
        ingress = sorted(
            (rule["FromPort"], rule["ToPort"], rule.get("ReferencedGroupInfo", {}).get("GroupId", ""), rule.get("CidrIpv4", ""))
            for rule in rules
            if not rule["IsEgress"]
        )
        wanted = sorted((27017, 27017, client_group["id"], "") for client_group in clients)
        return ingress == wanted, f"ingress {ingress}"

    if credentials is None or group is None or None in clients:
        checks.check("app: the DocumentDB secret and security groups are in the state", False, "missing from the app state")
        return
    checks.attempt("app: the DocumentDB secret holds JSON {username, password} with a generated 40-character password", secret_probe)
    checks.attempt("app: the DocumentDB security group admits 27017 from exactly the registry and the auth server", rules_probe)


def read_pairs(pairs):
    result = {}
    for pair in pairs:
        name, _, path = pair.partition("=")
        with open(path, encoding="utf-8") as handle:
            result[name] = handle.read()
    return result


def deployed(arguments):
    checks = Checks()
    states = {name: json.loads(text) for name, text in read_pairs(arguments.state).items()}
    synths = {name: json.loads(text) for name, text in read_pairs(arguments.synth).items()}
    texts = {**{f"state {name}": text for name, text in read_pairs(arguments.state).items()},
             **{f"synth {name}": text for name, text in read_pairs(arguments.synth).items()}}
    certificate_outputs = states["certs"].get("outputs", {})
    context = {
        "validated_certificates": {output["value"] for name, output in certificate_outputs.items() if name.endswith("certificate_arn")},
        "configured_desired_counts": {
            f"aws_ecs_service.{name}": service.get("desired_count")
            for synth in synths.values()
            for name, service in synth.get("resource", {}).get("aws_ecs_service", {}).items()
        },
        "texts": texts,
    }
    checks.check("the certs stack outputs validated certificate ARNs", bool(context["validated_certificates"]))
    unchecked = {}
    for stack, state in states.items():
        recorded = {address.split("[")[0] for address, _, _ in state_instances(state)}
        missing = sorted(synthesized_addresses(synths[stack]) - recorded)
        checks.check(f"{stack}: every synthesized resource was created", not missing, f"not in state: {missing}")
        for address, kind, attributes in state_instances(state):
            checker = CHECKERS.get(kind)
            if checker:
                checker(checks, f"{stack} {address}", attributes, context)
            else:
                unchecked[kind] = unchecked.get(kind, 0) + 1
    check_document_database(checks, states)
    if unchecked:
        print("  (created, not inspected further: " + ", ".join(f"{kind} x{count}" for kind, count in sorted(unchecked.items())) + ")")
    return checks.summary()


def destroyed(arguments):
    checks = Checks()
    checks.attempt("no load balancer is left", lambda: (not client("elbv2").describe_load_balancers()["LoadBalancers"], "load balancers remain"))
    checks.attempt("no certificate is left", lambda: (not client("acm").list_certificates()["CertificateSummaryList"], "certificates remain"))
    checks.attempt(
        "no VPC but the default one is left",
        lambda: (all(vpc.get("IsDefault") for vpc in client("ec2").describe_vpcs()["Vpcs"]), "VPCs remain"),
    )
    def active_clusters():
        # As in AWS, a deleted cluster stays listed for a while, as INACTIVE.
        arns = client("ecs").list_clusters()["clusterArns"]
        clusters = client("ecs").describe_clusters(clusters=arns)["clusters"] if arns else []
        active = [cluster["clusterName"] for cluster in clusters if cluster["status"] != "INACTIVE"]
        return not active, f"active clusters remain: {active}"

    checks.attempt("no ECS cluster is left active", active_clusters)
    checks.attempt("no EFS file system is left", lambda: (not client("efs").describe_file_systems()["FileSystems"], "file systems remain"))
    checks.attempt("no database cluster is left", lambda: (not client("rds").describe_db_clusters()["DBClusters"], "clusters remain"))
    checks.attempt(
        "no secret is left (other than scheduled for deletion)",
        lambda: (not [s for s in client("secretsmanager").list_secrets()["SecretList"] if "DeletedDate" not in s], "secrets remain"),
    )
    checks.attempt("no database instance is left", lambda: (not client("rds").describe_db_instances()["DBInstances"], "instances remain"))
    checks.attempt(
        "no EC2 instance is left running",
        lambda: (
            not [
                instance["InstanceId"]
                for reservation in client("ec2").describe_instances()["Reservations"]
                for instance in reservation["Instances"]
                if instance["State"]["Name"] not in ("terminated", "shutting-down")
            ],
            "instances remain",
        ),
    )

    def enabled_keys_of_ours():
        kms = client("kms")
        # AWS-managed keys (alias/aws/...) belong to the account, not to the stacks: moto creates alias/aws/ebs when an
        # encrypted volume (the NAT instance's) names no key, as AWS does, but lists it as customer-managed.
        aws_managed = {alias["TargetKeyId"] for alias in kms.list_aliases()["Aliases"]
                       if alias["AliasName"].startswith("alias/aws/") and "TargetKeyId" in alias}
        return [key["KeyId"] for key in kms.list_keys()["Keys"]
                if key["KeyId"] not in aws_managed and kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"]

    checks.attempt("no KMS key of ours is left enabled", lambda: (not enabled_keys_of_ours(), "enabled keys remain"))

    def records_left():
        zone = next(z for z in client("route53").list_hosted_zones()["HostedZones"] if z["Name"] == arguments.zone.rstrip(".") + ".")
        records = client("route53").list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
        extra = [record["Name"] for record in records if record["Type"] not in ("SOA", "NS")]
        return not extra, f"records remain: {extra}"

    checks.attempt(f"the zone {arguments.zone} holds only its SOA and NS records again", records_left)
    return checks.summary()


# Where moto's answer differs from AWS's for a setting we make, and Terraform therefore plans a change that AWS would
# not: (resource type, attribute, what moto reports). Only these differences may appear in the second plan. Each was
# seen in a second plan against moto 5.2.5.
EMULATOR_DEVIATIONS = [
    # RequestCertificate ignores KeyAlgorithm and always issues an RSA-2048 certificate.
    ("aws_acm_certificate", "key_algorithm", "RSA_2048"),
    # CreateService drops capacityProviderStrategy and serviceConnectConfiguration.
    ("aws_ecs_service", "capacity_provider_strategy", []),
    ("aws_ecs_service", "service_connect_configuration", []),
    # DescribeDBClusters returns an empty ScalingConfigurationInfo (Serverless v1) for a Serverless v2 cluster.
    (
        "aws_rds_cluster",
        "scaling_configuration",
        [{key: None for key in ("auto_pause", "max_capacity", "min_capacity", "seconds_before_timeout", "seconds_until_auto_pause", "timeout_action")}],
    ),
    # CreateDBInstance ignores Performance Insights, for cluster members and standalone instances alike.
    ("aws_rds_cluster_instance", "performance_insights_enabled", False),
    ("aws_rds_cluster_instance", "performance_insights_kms_key_id", ""),
    ("aws_rds_cluster_instance", "performance_insights_retention_period", 0),
    ("aws_db_instance", "performance_insights_enabled", False),
    ("aws_db_instance", "performance_insights_kms_key_id", ""),
    ("aws_db_instance", "performance_insights_retention_period", 0),
    # DescribeDBParameters answers without each parameter's Source, and the provider keeps only parameters whose
    # Source is "user": it reads none of those ModifyDBParameterGroup set (moto holds them: rds.force_ssl=1 is there).
    ("aws_db_parameter_group", "parameter", []),
    # Security group rules that reference another security group lose their description.
    ("aws_vpc_security_group_ingress_rule", "description", None),
    ("aws_vpc_security_group_egress_rule", "description", None),
]


def recorded_entries(path):
    """The JSON objects in moto's recording. moto appends one per request from concurrent threads without a lock, so
    two records can share a line or be cut into each other; whole objects are taken wherever they parse, and the
    rest is skipped (the count of skipped fragments is printed)."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    decoder, position, skipped = json.JSONDecoder(), 0, 0
    while True:
        start = text.find('{"headers"', position)
        if start < 0:
            break
        try:
            entry, position = decoder.raw_decode(text, start)
        except ValueError:
            skipped, position = skipped + 1, start + 1
            continue
        if isinstance(entry, dict):
            yield entry
    if skipped:
        print(f"  ({skipped} fragment(s) of the request recording were interleaved and skipped)")


def recorded_requests(path):
    """(action, form parameters, SDK attempt number) of every request in moto's recording (MOTO_ENABLE_RECORDING)."""
    for entry in recorded_entries(path):
        body = entry.get("body") or ""
        if entry.get("body_encoded"):
            try:
                body = base64.b64decode(body).decode("utf-8", errors="replace")
            except ValueError:
                body = ""
        form = {key: values[0] for key, values in parse_qs(body).items()} if "=" in body else {}
        headers = {key.lower(): value for key, value in (entry.get("headers") or {}).items()}
        action = (form.get("Action") or headers.get("x-amz-target", "").rpartition(".")[2]
                  or f"{entry.get('method')} {str(entry.get('url')).split('?')[0]}")
        attempt = re.search(r"attempt=(\d+)", headers.get("amz-sdk-request", ""))
        yield action, form, int(attempt.group(1)) if attempt else 1


def retries(arguments):
    """Reports the requests the AWS SDK re-sent (attempt > 1): those the emulator answered again after an error answer
    (in moto's recording), and those whose earlier answer was lost and replayed (emulator_server.py's log)."""
    def summary(counts):
        detail = ", ".join(f"{action} x{count}" for action, count in sorted(counts.items()))
        return f"{sum(counts.values())}{' (' + detail + ')' if detail else ''}"

    carried_out, replayed = {}, {}
    for action, _, attempt in recorded_requests(arguments.recording):
        if attempt > 1:
            carried_out[action] = carried_out.get(action, 0) + 1
    with open(arguments.replays, encoding="utf-8") as log:
        for line in log:
            action = line.split("\t", 1)[0]
            replayed[action] = replayed.get(action, 0) + 1
    print(f"  re-sent requests after an error answer, carried out again: {summary(carried_out)}")
    print(f"  re-sent requests after a lost answer, answered with the earlier attempt's answer: {summary(replayed)}")
    return 0


def differs(before, after, unknown):
    """Whether a planned value differs from the recorded one, ignoring values computed only after apply."""
    if unknown is True:
        return False
    if isinstance(before, dict) or isinstance(after, dict):
        before, after = before or {}, after or {}
        unknown = unknown if isinstance(unknown, dict) else {}
        return any(differs(before.get(key), after.get(key), unknown.get(key)) for key in set(before) | set(after))
    if isinstance(before, list) or isinstance(after, list):
        before, after = before or [], after or []
        unknown = unknown if isinstance(unknown, list) else []
        if len(before) != len(after):
            return True
        return any(differs(old, new, unknown[index] if index < len(unknown) else None) for index, (old, new) in enumerate(zip(before, after)))
    # The provider writes unset strings, numbers and flags as null in plans and as ""/0/false in state.
    return (before or None) != (after or None)


def explained_by_deviation(kind, key, before):
    return any(kind == deviation_kind and key == attribute and before.get(key) == value for deviation_kind, attribute, value in EMULATOR_DEVIATIONS)


def second_plan(arguments):
    """A non-empty second plan passes only if every change follows from a listed emulator deviation."""
    checks = Checks()
    with open(arguments.plan, encoding="utf-8") as handle:
        plan = json.load(handle)
    changes = [change for change in plan.get("resource_changes", []) if change["change"]["actions"] not in (["no-op"], ["read"])]
    for change in changes:
        detail = change["change"]
        before, after, unknown = detail.get("before") or {}, detail.get("after") or {}, detail.get("after_unknown") or {}
        if "delete" in detail["actions"] and "create" in detail["actions"]:
            # A replacement: what matters is what forces it, not the attributes a new instance leaves unset.
            changed = sorted({path[0] for path in detail.get("replace_paths", []) if unknown.get(path[0]) is not True})
        else:
            changed = sorted(key for key in set(before) | set(after) if differs(before.get(key), after.get(key), unknown.get(key)))
        deviations = [key for key in changed if explained_by_deviation(change["type"], key, before)]
        unexplained = [key for key in changed if key not in deviations]
        reason = f"{'/'.join(detail['actions'])} because of {', '.join(deviations)} (emulator deviation)" if deviations else (
            f"{'/'.join(detail['actions'])}: only values computed after an upstream replacement")
        checks.check(
            f"{change['address']}: {reason}" if not unexplained else f"{change['address']} would change",
            not unexplained,
            "; ".join(f"{key}: {json.dumps(before.get(key))} -> {json.dumps(after.get(key))}" for key in unexplained),
        )
    if not changes:
        checks.check("the plan has no resource changes", True)
        return checks.summary()
    checks.check("at least one change comes from an emulator deviation", any(
        explained_by_deviation(change["type"], key, change["change"].get("before") or {})
        for change in changes
        for key in (change["change"].get("before") or {})
    ))
    return checks.summary()


def cloudwatch_json_model(arguments):
    """Writes HOME/.aws/models/cloudwatch/<version>/service-2.json: the installed botocore's CloudWatch model, declaring
    the AWS JSON 1.0 protocol next to Query. The JavaScript SDK (npm run ops) speaks JSON 1.0 to CloudWatch; moto 5.2.5
    parses a request with the protocols its model declares, and the botocore pinned with checkov (1.35) declares only
    Query, so moto answers `Unsupported protocol [json]` with an HTML error page. moto_server started with this HOME
    reads the model first (botocore's per-user model directory); its CloudWatch responses serialize either protocol."""
    import gzip
    import os

    import botocore

    root = os.path.join(os.path.dirname(botocore.__file__), "data", "cloudwatch")
    version = sorted(os.listdir(root))[-1]
    with gzip.open(os.path.join(root, version, "service-2.json.gz"), "rt", encoding="utf-8") as handle:
        model = json.load(handle)
    metadata = model["metadata"]
    metadata["protocols"] = sorted(set(metadata.get("protocols", [metadata["protocol"]])) | {"json"})
    metadata.setdefault("jsonVersion", "1.0")
    metadata.setdefault("targetPrefix", "GraniteServiceVersion20100801")
    target = os.path.join(arguments.home, ".aws", "models", "cloudwatch", version)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "service-2.json"), "w", encoding="utf-8") as handle:
        json.dump(model, handle)
    return 0


def create_zone(arguments):
    client("route53").create_hosted_zone(Name=arguments.name, CallerReference=f"mcp-gateway-e2e-{arguments.name}")
    print(f"created the public hosted zone {arguments.name} in the emulator")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    model = commands.add_parser("cloudwatch-json-model")
    model.add_argument("home", help="the HOME moto_server is started with")
    model.set_defaults(run=cloudwatch_json_model)
    zone = commands.add_parser("create-zone")
    zone.add_argument("name")
    zone.set_defaults(run=create_zone)
    deploy = commands.add_parser("deployed")
    deploy.add_argument("--state", action="append", required=True, help="STACK=PATH of its state file")
    deploy.add_argument("--synth", action="append", required=True, help="STACK=PATH of its cdk.tf.json")
    deploy.set_defaults(run=deployed)
    replan = commands.add_parser("second-plan")
    replan.add_argument("plan", help="terraform show -json of the second plan")
    replan.set_defaults(run=second_plan)
    destroy = commands.add_parser("destroyed")
    destroy.add_argument("--zone", required=True)
    destroy.set_defaults(run=destroyed)
    resent = commands.add_parser("retries")
    resent.add_argument("recording", help="moto's request recording (MOTO_ENABLE_RECORDING)")
    resent.add_argument("replays", help="emulator_server.py's log of replayed answers")
    resent.set_defaults(run=retries)
    arguments = parser.parse_args()
    sys.exit(arguments.run(arguments))


if __name__ == "__main__":
    main()
