import { Price, RegionPrices } from "../prices";

/** One resource of the synthesized stacks: `<type>.<name>` and its Terraform JSON body. */
export interface Resource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly body: Record<string, any>;
}

/** Adds one line of fixed monthly cost; a quantity of zero adds none. */
export type AddFixed = (
  resourceType: string,
  item: string,
  quantity: number,
  unit: string,
  unitMonthlyUsd: number,
  addresses: string[],
) => void;

/** Rounds to cents, so totals add up the way a reader checks them. */
export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** `${aws_rds_cluster.keycloak.id}` → "aws_rds_cluster.keycloak". */
export function referencedAddress(value: unknown, type: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)\\.`).exec(value);
  return match ? `${type}.${match[1]}` : undefined;
}

/** The stacks' resources by type and the region's prices: what every price rule reads. */
export class PricingContext {
  private readonly byType = new Map<string, Resource[]>();

  constructor(
    resources: readonly Resource[],
    readonly prices: RegionPrices,
    readonly hours: number,
  ) {
    for (const resource of resources) {
      const list = this.byType.get(resource.type) ?? [];
      list.push(resource);
      this.byType.set(resource.type, list);
    }
  }

  of(type: string): readonly Resource[] {
    return this.byType.get(type) ?? [];
  }

  /** An hourly price over the month. */
  hourly(price: Price): number {
    return price.usd * this.hours;
  }
}
