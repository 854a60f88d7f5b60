import { PRICE_SOURCES } from "../prices";
import { PricingError } from "../pricing-error";
import { AddFixed, PricingContext, referencedAddress, Resource } from "./context";

/** EC2 instances (the NAT instance) by type, and their gp3 root volumes. */
export function priceInstances(context: PricingContext, add: AddFixed): void {
  const p = context.prices;
  const instances = context.of("aws_instance");
  const byType = new Map<string, Resource[]>();
  for (const instance of instances) {
    const instanceType = String(instance.body.instance_type);
    byType.set(instanceType, [...(byType.get(instanceType) ?? []), instance]);
  }
  for (const [instanceType, list] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    const price = p.ec2InstanceHour[instanceType];
    if (!price) {
      throw new PricingError(
        `${list.map((r) => r.address).join(", ")}: no price for EC2 instance type ${instanceType}; src/cost/prices.ts has ${Object.keys(p.ec2InstanceHour).join(", ")} (add it from ${PRICE_SOURCES.ec2.page})`,
      );
    }
    add(
      "aws_instance",
      `EC2 ${instanceType} instance hours`,
      list.length,
      "instance",
      context.hourly(price),
      list.map((r) => r.address),
    );
  }
  const volumes = instances.map((instance) => {
    const root = instance.body.root_block_device ?? {};
    if (root.volume_type !== "gp3" || typeof root.volume_size !== "number") {
      throw new PricingError(
        `${instance.address}: its root volume must state volume_type gp3 and a volume_size to be priced (found ${root.volume_type ?? "no type"}, ${root.volume_size ?? "no size"})`,
      );
    }
    return root.volume_size as number;
  });
  add(
    "aws_instance",
    "EBS gp3 root volumes",
    volumes.reduce((sum, size) => sum + size, 0),
    "GB",
    p.ebsGp3GbMonth.usd,
    instances.map((r) => r.address),
  );
}

/** Fargate tasks at each service's desired count, split over FARGATE and FARGATE_SPOT as its strategy says. */
export function priceFargate(context: PricingContext, add: AddFixed): void {
  const p = context.prices;
  const totals = { FARGATE: { vcpu: 0, gb: 0, addresses: [] as string[] }, FARGATE_SPOT: { vcpu: 0, gb: 0, addresses: [] as string[] } };
  for (const service of context.of("aws_ecs_service")) {
    const taskDefinitionAddress = referencedAddress(service.body.task_definition, "aws_ecs_task_definition");
    const taskDefinition = context.of("aws_ecs_task_definition").find((r) => r.address === taskDefinitionAddress);
    if (!taskDefinition)
      throw new PricingError(`${service.address}: its task definition (${service.body.task_definition}) is not in the stacks`);
    const vcpu = Number(taskDefinition.body.cpu) / 1024;
    const gb = Number(taskDefinition.body.memory) / 1024;
    for (const [provider, tasks] of Object.entries(tasksPerCapacityProvider(service))) {
      const bucket = totals[provider as keyof typeof totals];
      if (!bucket) throw new PricingError(`${service.address}: capacity provider ${provider} is not Fargate; only Fargate is priced`);
      if (tasks <= 0) continue;
      bucket.vcpu += tasks * vcpu;
      bucket.gb += tasks * gb;
      bucket.addresses.push(service.address);
    }
  }
  add(
    "aws_ecs_service",
    "Fargate vCPU at desired count",
    totals.FARGATE.vcpu,
    "vCPU",
    context.hourly(p.fargateVcpuHour),
    totals.FARGATE.addresses,
  );
  add(
    "aws_ecs_service",
    "Fargate memory at desired count",
    totals.FARGATE.gb,
    "GB",
    context.hourly(p.fargateGbHour),
    totals.FARGATE.addresses,
  );
  // Read only when tasks run on Spot: a region priced from the Price List has no Spot figures (not listed there).
  if (totals.FARGATE_SPOT.addresses.length > 0) {
    add(
      "aws_ecs_service",
      "Fargate Spot vCPU at desired count",
      totals.FARGATE_SPOT.vcpu,
      "vCPU",
      context.hourly(p.fargateSpotVcpuHour),
      totals.FARGATE_SPOT.addresses,
    );
    add(
      "aws_ecs_service",
      "Fargate Spot memory at desired count",
      totals.FARGATE_SPOT.gb,
      "GB",
      context.hourly(p.fargateSpotGbHour),
      totals.FARGATE_SPOT.addresses,
    );
  }
}

/** Tasks on each capacity provider at the desired count: `base` tasks first, the rest split by weight. */
export function tasksPerCapacityProvider(service: { body: Record<string, any> }): Record<string, number> {
  const desired: number = service.body.desired_count ?? 0;
  const strategy: { capacity_provider: string; weight?: number; base?: number }[] = service.body.capacity_provider_strategy ?? [];
  if (strategy.length === 0) return { [service.body.launch_type ?? "FARGATE"]: desired };
  const tasks: Record<string, number> = {};
  let remaining = desired;
  for (const entry of strategy) {
    const base = Math.min(entry.base ?? 0, remaining);
    tasks[entry.capacity_provider] = base;
    remaining -= base;
  }
  const totalWeight = strategy.reduce((sum, entry) => sum + (entry.weight ?? 0), 0);
  for (const entry of strategy) {
    if (totalWeight > 0) tasks[entry.capacity_provider] += (remaining * (entry.weight ?? 0)) / totalWeight;
  }
  return tasks;
}
