import { AddFixed, PricingContext, Resource } from "./context";

/** CloudWatch alarms by their metrics (standard or high resolution) and dashboards. */
export function priceAlarmsAndDashboards(context: PricingContext, add: AddFixed): void {
  const p = context.prices;
  const alarms = context.of("aws_cloudwatch_metric_alarm");
  const alarmMetrics = (r: Resource) =>
    Array.isArray(r.body.metric_query) ? r.body.metric_query.filter((query: any) => query.metric).length : 1;
  const highResolution = (r: Resource) =>
    Array.isArray(r.body.metric_query)
      ? r.body.metric_query.some((query: any) => query.metric && query.metric.period < 60)
      : r.body.period < 60;
  const standard = alarms.filter((r) => !highResolution(r));
  const high = alarms.filter(highResolution);
  add(
    "aws_cloudwatch_metric_alarm",
    "alarm metrics, standard resolution",
    standard.reduce((sum, r) => sum + alarmMetrics(r), 0),
    "alarm metric",
    p.alarmMetricMonth.usd,
    standard.map((r) => r.address),
  );
  add(
    "aws_cloudwatch_metric_alarm",
    "alarm metrics, high resolution",
    high.reduce((sum, r) => sum + alarmMetrics(r), 0),
    "alarm metric",
    p.highResolutionAlarmMetricMonth.usd,
    high.map((r) => r.address),
  );

  const dashboards = context.of("aws_cloudwatch_dashboard");
  add(
    "aws_cloudwatch_dashboard",
    "CloudWatch dashboards",
    dashboards.length,
    "dashboard",
    p.dashboardMonth.usd,
    dashboards.map((r) => r.address),
  );
}
