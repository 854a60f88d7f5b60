import { PricingError } from "../pricing-error";
import { AddFixed, PricingContext } from "./context";

/** NAT gateway hours, interface endpoint hours per AZ, and application load balancer hours. */
export function priceNetwork(context: PricingContext, add: AddFixed): void {
  const p = context.prices;
  const nat = context.of("aws_nat_gateway");
  add(
    "aws_nat_gateway",
    "NAT gateway hours",
    nat.length,
    "NAT gateway",
    context.hourly(p.natGatewayHour),
    nat.map((r) => r.address),
  );

  const interfaceEndpoints = context.of("aws_vpc_endpoint").filter((r) => r.body.vpc_endpoint_type === "Interface");
  const endpointAzs = interfaceEndpoints.reduce((sum, r) => sum + (r.body.subnet_ids?.length ?? 0), 0);
  add(
    "aws_vpc_endpoint",
    "interface endpoint hours, per AZ",
    endpointAzs,
    "endpoint-AZ",
    context.hourly(p.interfaceEndpointAzHour),
    interfaceEndpoints.map((r) => r.address),
  );

  const loadBalancers = context.of("aws_lb");
  const unsupported = loadBalancers.filter((r) => (r.body.load_balancer_type ?? "application") !== "application");
  if (unsupported.length > 0) {
    throw new PricingError(
      `no price rule for ${unsupported.map((r) => `${r.address} (${r.body.load_balancer_type})`).join(", ")}: only application load balancers are priced`,
    );
  }
  add(
    "aws_lb",
    "application load balancer hours",
    loadBalancers.length,
    "load balancer",
    context.hourly(p.applicationLoadBalancerHour),
    loadBalancers.map((r) => r.address),
  );
}

/** Elastic IPs, internet-facing load balancers (one address per subnet) and tasks with a public address. */
export function pricePublicAddresses(context: PricingContext, add: AddFixed): void {
  const hourly = context.hourly(context.prices.publicIpv4Hour);
  const eips = context.of("aws_eip");
  add(
    "aws_eip",
    "public IPv4 addresses (Elastic IPs)",
    eips.length,
    "address",
    hourly,
    eips.map((r) => r.address),
  );
  const internetFacing = context.of("aws_lb").filter((r) => r.body.internal !== true);
  const lbAddresses = internetFacing.reduce((sum, r) => sum + (r.body.subnets?.length ?? r.body.subnet_mapping?.length ?? 0), 0);
  add(
    "aws_lb",
    "public IPv4 of internet-facing load balancers (per subnet)",
    lbAddresses,
    "address",
    hourly,
    internetFacing.map((r) => r.address),
  );
  const publicTasks = context.of("aws_ecs_service").filter((r) => r.body.network_configuration?.assign_public_ip === true);
  const taskAddresses = publicTasks.reduce((sum, r) => sum + (r.body.desired_count ?? 0), 0);
  add(
    "aws_ecs_service",
    "public IPv4 addresses of tasks",
    taskAddresses,
    "address",
    hourly,
    publicTasks.map((r) => r.address),
  );
}
