import { Estimate, FixedCost } from "./estimate";
import { PRICE_TABLE } from "./prices";

const usd = (value: number) => `$${value.toFixed(2)}`;
const signed = (value: number) => `${value >= 0 ? "+" : "-"}$${Math.abs(value).toFixed(2)}`;
const quantity = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** Fixed costs summed per resource type, largest first. */
export function totalsByResourceType(estimate: Estimate): { resourceType: string; monthlyUsd: number }[] {
  const totals = new Map<string, number>();
  for (const cost of estimate.fixed) totals.set(cost.resourceType, (totals.get(cost.resourceType) ?? 0) + cost.monthlyUsd);
  return [...totals]
    .map(([resourceType, monthlyUsd]) => ({ resourceType, monthlyUsd: Math.round(monthlyUsd * 100) / 100 }))
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.resourceType.localeCompare(b.resourceType));
}

function caveats(estimate: Estimate): string[] {
  const lines = [
    `Prices: ${estimate.priceSource} ${PRICE_TABLE.hoursPerMonth} hours a month.`,
    "Fixed costs run at the configured desired counts and minimum database capacity; autoscaling, data transfer out, free tiers and taxes are not included.",
  ];
  if (estimate.unpriced.length > 0) {
    lines.push(
      `Not priced (no rule in src/cost/estimate.ts): ${estimate.unpriced.map((entry) => `${entry.resourceType} × ${entry.count}`).join(", ")}.`,
    );
  }
  return lines;
}

/** The estimate as plain text for a terminal. */
export function formatText(estimate: Estimate, title: string): string {
  const lines: string[] = [`Estimated monthly cost of ${title} in ${estimate.region}: ${usd(estimate.total)}`, ""];
  const width = Math.max(...estimate.fixed.map((cost) => cost.item.length), 20);
  lines.push(`Fixed (hourly charges): ${usd(estimate.fixedTotal)}`);
  for (const group of groupByType(estimate.fixed)) {
    lines.push(`  ${group.resourceType}  ${usd(group.monthlyUsd)}`);
    for (const cost of group.costs) {
      lines.push(
        `    ${cost.item.padEnd(width)}  ${quantity(cost.quantity).padStart(6)} × ${usd(cost.unitMonthlyUsd).padStart(8)}/${cost.unit} = ${usd(cost.monthlyUsd).padStart(9)}`,
      );
    }
  }
  lines.push("", `Usage-dependent (at the stated assumptions): ${usd(estimate.usageTotal)}`);
  for (const cost of estimate.usage) lines.push(`  ${cost.item}: ${usd(cost.monthlyUsd)}  (${cost.assumption})`);
  lines.push("", ...caveats(estimate));
  return `${lines.join("\n")}\n`;
}

/** The estimate as Markdown, with the change against a base estimate when one is given. */
export function formatMarkdown(estimate: Estimate, title: string, base?: Estimate): string {
  const lines: string[] = [`### Estimated monthly cost: ${title} (${estimate.region})`, ""];
  if (base) {
    lines.push(
      `**${usd(estimate.total)}** a month (${signed(estimate.total - base.total)} against the base branch's ${usd(base.total)})`,
      "",
    );
  } else {
    lines.push(`**${usd(estimate.total)}** a month`, "");
  }
  const baseTotals = new Map((base ? totalsByResourceType(base) : []).map((entry) => [entry.resourceType, entry.monthlyUsd]));
  const headTotals = totalsByResourceType(estimate);
  const types = [...new Set([...headTotals.map((entry) => entry.resourceType), ...baseTotals.keys()])];
  lines.push(
    base ? "| Resource type | Fixed $/month | Change |" : "| Resource type | Fixed $/month |",
    base ? "|---|---:|---:|" : "|---|---:|",
  );
  for (const type of types) {
    const head = headTotals.find((entry) => entry.resourceType === type)?.monthlyUsd ?? 0;
    const change = head - (baseTotals.get(type) ?? 0);
    lines.push(
      base ? `| \`${type}\` | ${usd(head)} | ${Math.abs(change) < 0.005 ? "" : signed(change)} |` : `| \`${type}\` | ${usd(head)} |`,
    );
  }
  const fixedChange = base ? ` | ${signed(estimate.fixedTotal - base.fixedTotal)} |` : " |";
  const usageChange = base ? ` | ${signed(estimate.usageTotal - base.usageTotal)} |` : " |";
  lines.push(`| **Fixed total** | **${usd(estimate.fixedTotal)}**${fixedChange}`);
  lines.push(`| Usage-dependent (assumptions below) | ${usd(estimate.usageTotal)}${usageChange}`);
  lines.push("", "<details><summary>Line items and usage assumptions</summary>", "");
  for (const cost of estimate.fixed) {
    lines.push(`- ${cost.item}: ${quantity(cost.quantity)} ${cost.unit} × ${usd(cost.unitMonthlyUsd)} = ${usd(cost.monthlyUsd)}`);
  }
  for (const cost of estimate.usage) lines.push(`- ${cost.item}: ${usd(cost.monthlyUsd)} (${cost.assumption})`);
  lines.push("", ...caveats(estimate).map((line) => `_${line}_`), "", "</details>", "");
  return lines.join("\n");
}

function groupByType(costs: readonly FixedCost[]): { resourceType: string; monthlyUsd: number; costs: FixedCost[] }[] {
  const groups = new Map<string, FixedCost[]>();
  for (const cost of costs) groups.set(cost.resourceType, [...(groups.get(cost.resourceType) ?? []), cost]);
  return [...groups]
    .map(([resourceType, list]) => ({
      resourceType,
      costs: list,
      monthlyUsd: Math.round(list.reduce((sum, cost) => sum + cost.monthlyUsd, 0) * 100) / 100,
    }))
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.resourceType.localeCompare(b.resourceType));
}
