"""Rung 3 with network.existing: a VPC made in the emulator first, then a profile that deploys into it.

  python existing_vpc.py create PROFILE OUT_PROFILE RECORD.json
      Creates a VPC, an internet gateway, one public and one private subnet in each of two AZs, a NAT gateway with an
      Elastic IP and the route tables, the way a platform team's VPC looks. Writes OUT_PROFILE: PROFILE with the
      settings of a created VPC (vpcCidr, azCount, natGateways, subnet CIDRs, flowLogs, interfaceEndpoints) replaced
      by network.existing naming those IDs and the NAT gateway's address. RECORD.json lists what was created.
  python existing_vpc.py check RECORD.json
      After the deploy: the VPC still has exactly the subnets, gateways and route tables it was given (the stacks
      created none), and the deployment's security groups are in it.
  python existing_vpc.py delete RECORD.json
      After `cdktf destroy`: deletes what `create` made, so the emulator ends empty again.

The endpoint, region and dummy credentials come from the usual AWS_* environment variables (the rung sets them).
"""

import json
import sys

import boto3
import yaml

VPC_CIDR = "10.43.0.0/16"
NEW_VPC_SETTINGS = ["vpcCidr", "azCount", "natGateways", "publicSubnetCidrs", "privateSubnetCidrs", "flowLogs", "interfaceEndpoints"]


def tag(name):
    return [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": name}]}]


def create(profile_path, out_path, record_path):
    ec2 = boto3.client("ec2")
    zones = [zone["ZoneName"] for zone in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    vpc_id = ec2.create_vpc(CidrBlock=VPC_CIDR, TagSpecifications=tag("existing-vpc"))["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    gateway_id = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway_id, VpcId=vpc_id)

    public_routes = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_routes, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway_id)
    public, private = [], []
    for index, zone in enumerate(zones):
        subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.43.{64 + index}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
        ec2.associate_route_table(RouteTableId=public_routes, SubnetId=subnet)
        public.append(subnet)
    allocation = ec2.allocate_address(Domain="vpc")
    nat_id = ec2.create_nat_gateway(SubnetId=public[0], AllocationId=allocation["AllocationId"])["NatGateway"]["NatGatewayId"]
    private_routes = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=private_routes, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat_id)
    for index, zone in enumerate(zones):
        subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.43.{index * 16}.0/20", AvailabilityZone=zone)["Subnet"]["SubnetId"]
        ec2.associate_route_table(RouteTableId=private_routes, SubnetId=subnet)
        private.append(subnet)

    record = {
        "vpcId": vpc_id,
        "internetGatewayId": gateway_id,
        "natGatewayId": nat_id,
        "allocationId": allocation["AllocationId"],
        "publicIp": allocation["PublicIp"],
        "routeTableIds": [public_routes, private_routes],
        "publicSubnetIds": public,
        "privateSubnetIds": private,
    }
    with open(record_path, "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2)

    with open(profile_path, encoding="utf-8") as handle:
        profile = yaml.safe_load(handle)
    network = {key: value for key, value in profile.get("network", {}).items() if key not in NEW_VPC_SETTINGS}
    network["existing"] = {
        "vpcId": vpc_id,
        "privateSubnetIds": private,
        "publicSubnetIds": public,
        "egressPublicIps": [allocation["PublicIp"]],
    }
    profile["network"] = network
    # Its own names: the first deployment's secrets are only scheduled for deletion, and their names stay taken.
    profile["namePrefix"] = f"{profile.get('namePrefix', 'mcp-gateway')}-vpc"
    with open(out_path, "w", encoding="utf-8") as handle:
        handle.write("# Written by scripts/e2e/existing_vpc.py: the emulator profile, deployed into a VPC created first.\n")
        yaml.safe_dump(profile, handle, sort_keys=False)
    print(out_path)
    return 0


def check(record_path):
    with open(record_path, encoding="utf-8") as handle:
        record = json.load(handle)
    ec2 = boto3.client("ec2")
    in_vpc = [{"Name": "vpc-id", "Values": [record["vpcId"]]}]
    failures = []
    subnets = sorted(subnet["SubnetId"] for subnet in ec2.describe_subnets(Filters=in_vpc)["Subnets"])
    if subnets != sorted(record["publicSubnetIds"] + record["privateSubnetIds"]):
        failures.append(f"the VPC's subnets are {subnets}, not only the four it was given")
    nats = [nat["NatGatewayId"] for nat in ec2.describe_nat_gateways(Filters=in_vpc)["NatGateways"] if nat["State"] != "deleted"]
    if nats != [record["natGatewayId"]]:
        failures.append(f"the VPC's NAT gateways are {nats}, not only its own")
    tables = sorted(table["RouteTableId"] for table in ec2.describe_route_tables(Filters=in_vpc)["RouteTables"] if not any(a.get("Main") for a in table.get("Associations", [])))
    if tables != sorted(record["routeTableIds"]):
        failures.append(f"the VPC's route tables are {tables}, not only its own")
    groups = [group["GroupName"] for group in ec2.describe_security_groups(Filters=in_vpc)["SecurityGroups"] if group["GroupName"] != "default"]
    if not groups:
        failures.append("the deployment created no security groups in the VPC")
    for failure in failures:
        print(f"  FAIL {failure}")
    print(f"  existing VPC {record['vpcId']}: {'unchanged, ' + str(len(groups)) + ' security groups of the deployment in it' if not failures else 'changed'}")
    return 1 if failures else 0


def delete(record_path):
    with open(record_path, encoding="utf-8") as handle:
        record = json.load(handle)
    ec2 = boto3.client("ec2")
    ec2.delete_nat_gateway(NatGatewayId=record["natGatewayId"])
    ec2.release_address(AllocationId=record["allocationId"])
    for table_id in record["routeTableIds"]:
        table = ec2.describe_route_tables(RouteTableIds=[table_id])["RouteTables"][0]
        for association in table.get("Associations", []):
            ec2.disassociate_route_table(AssociationId=association["RouteTableAssociationId"])
        ec2.delete_route_table(RouteTableId=table_id)
    for subnet_id in record["publicSubnetIds"] + record["privateSubnetIds"]:
        ec2.delete_subnet(SubnetId=subnet_id)
    ec2.detach_internet_gateway(InternetGatewayId=record["internetGatewayId"], VpcId=record["vpcId"])
    ec2.delete_internet_gateway(InternetGatewayId=record["internetGatewayId"])
    ec2.delete_vpc(VpcId=record["vpcId"])
    print(f"  existing VPC {record['vpcId']} and its parts deleted")
    return 0


def main(argv):
    commands = {"create": (create, 3), "check": (check, 1), "delete": (delete, 1)}
    if not argv or argv[0] not in commands or len(argv) - 1 != commands[argv[0]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    function, _ = commands[argv[0]]
    return function(*argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
