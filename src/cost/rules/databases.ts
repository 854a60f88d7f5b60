import { POSTGRES_INSTANCE_CLASS_LIMITS } from "../../config/postgres-instance-classes";
import { PRICE_SOURCES } from "../prices";
import { PricingError } from "../pricing-error";
import { AddFixed, PricingContext, referencedAddress, Resource } from "./context";

/**
 * Aurora Serverless v2 at minimum capacity, RDS for PostgreSQL instances with their storage, RDS Proxy on the capacity
 * behind it, DocumentDB instances by class.
 */
export function priceDatabases(context: PricingContext, add: AddFixed): void {
  const p = context.prices;
  const clusters = context.of("aws_rds_cluster");
  const clusterOf = (reference: unknown): Resource | undefined => {
    const address = referencedAddress(reference, "aws_rds_cluster");
    return clusters.find((cluster) => cluster.address === address || cluster.body.cluster_identifier === reference);
  };
  const minimumAcu = new Map<string, number>();
  const instances = context.of("aws_rds_cluster_instance");
  for (const instance of instances) {
    if (instance.body.instance_class !== "db.serverless") {
      throw new PricingError(
        `${instance.address}: no price for Aurora instance class ${instance.body.instance_class}; only db.serverless (Serverless v2) is in src/cost/prices.ts`,
      );
    }
    const cluster = clusterOf(instance.body.cluster_identifier);
    const acu = cluster?.body.serverlessv2_scaling_configuration?.min_capacity;
    if (!cluster || typeof acu !== "number")
      throw new PricingError(`${instance.address}: cannot find its cluster's Serverless v2 minimum capacity`);
    minimumAcu.set(cluster.address, (minimumAcu.get(cluster.address) ?? 0) + acu);
  }
  const totalAcu = [...minimumAcu.values()].reduce((sum, acu) => sum + acu, 0);
  add(
    "aws_rds_cluster_instance",
    "Aurora Serverless v2 capacity at minimum ACU",
    totalAcu,
    "ACU",
    context.hourly(p.auroraServerlessV2AcuHour),
    instances.map((r) => r.address),
  );

  const postgresInstances = pricePostgresInstances(context, add);
  const instanceOf = (reference: unknown): Resource | undefined => {
    const address = referencedAddress(reference, "aws_db_instance");
    return postgresInstances.find((instance) => instance.address === address || instance.body.identifier === reference);
  };

  for (const proxy of context.of("aws_db_proxy")) {
    const target = context
      .of("aws_db_proxy_target")
      .find((r) => referencedAddress(r.body.db_proxy_name, "aws_db_proxy") === proxy.address || r.body.db_proxy_name === proxy.body.name);
    const instance = target && instanceOf(target.body.db_instance_identifier);
    if (instance) {
      // RDS Proxy bills the vCPUs of a provisioned instance behind it, with a floor of rdsProxyMinimumVcpus.
      const vcpus = POSTGRES_INSTANCE_CLASS_LIMITS[instance.body.instance_class as keyof typeof POSTGRES_INSTANCE_CLASS_LIMITS].vcpus;
      add(
        "aws_db_proxy",
        `RDS Proxy on a ${vcpus}-vCPU ${instance.body.instance_class} (billed at least ${p.rdsProxyMinimumVcpus} vCPUs)`,
        Math.max(vcpus, p.rdsProxyMinimumVcpus),
        "vCPU",
        context.hourly(p.rdsProxyVcpuHour),
        [proxy.address],
      );
      continue;
    }
    const cluster = target && clusterOf(target.body.db_cluster_identifier);
    const capacity = cluster && minimumAcu.get(cluster.address);
    if (capacity === undefined)
      throw new PricingError(
        `${proxy.address}: no Aurora Serverless v2 or RDS for PostgreSQL target found; only proxies in front of those are priced`,
      );
    // RDS Proxy bills the serverless capacity behind it, with a floor of rdsProxyMinimumAcu ACUs.
    add(
      "aws_db_proxy",
      `RDS Proxy on ${capacity} ACU (billed at least ${p.rdsProxyMinimumAcu} ACU)`,
      Math.max(capacity, p.rdsProxyMinimumAcu),
      "ACU",
      context.hourly(p.rdsProxyAcuHour),
      [proxy.address],
    );
  }

  const byClass = new Map<string, Resource[]>();
  for (const instance of context.of("aws_docdb_cluster_instance")) {
    const instanceClass = String(instance.body.instance_class);
    byClass.set(instanceClass, [...(byClass.get(instanceClass) ?? []), instance]);
  }
  for (const [instanceClass, list] of [...byClass].sort(([a], [b]) => a.localeCompare(b))) {
    const price = p.documentDbInstanceHour[instanceClass];
    if (!price) {
      throw new PricingError(
        `${list.map((r) => r.address).join(", ")}: no price for DocumentDB instance class ${instanceClass}; src/cost/prices.ts has ${Object.keys(p.documentDbInstanceHour).join(", ")} (add it from ${PRICE_SOURCES.documentDb.page})`,
      );
    }
    add(
      "aws_docdb_cluster_instance",
      `DocumentDB ${instanceClass} instances`,
      list.length,
      "instance",
      context.hourly(price),
      list.map((r) => r.address),
    );
  }
}

/** RDS for PostgreSQL instances: hours by class and deployment (single-AZ or Multi-AZ), and their allocated gp3 storage. */
function pricePostgresInstances(context: PricingContext, add: AddFixed): readonly Resource[] {
  const p = context.prices;
  const instances = context.of("aws_db_instance");
  for (const instance of instances) {
    const { engine, instance_class: instanceClass, storage_type: storageType } = instance.body;
    if (engine !== "postgres" || storageType !== "gp3" || !(instanceClass in POSTGRES_INSTANCE_CLASS_LIMITS)) {
      throw new PricingError(
        `${instance.address}: no price rule for engine ${engine}, class ${instanceClass} on ${storageType} storage; only RDS for PostgreSQL on gp3 is priced`,
      );
    }
  }
  const groups = new Map<string, { multiAz: boolean; instanceClass: string; list: Resource[] }>();
  for (const instance of instances) {
    const multiAz = instance.body.multi_az === true;
    const key = `${instance.body.instance_class} ${multiAz ? "Multi-AZ" : "single-AZ"}`;
    const group = groups.get(key) ?? { multiAz, instanceClass: String(instance.body.instance_class), list: [] };
    group.list.push(instance);
    groups.set(key, group);
  }
  for (const [label, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const price = (group.multiAz ? p.rdsPostgresMultiAzInstanceHour : p.rdsPostgresInstanceHour)[group.instanceClass];
    if (!price) {
      throw new PricingError(
        `${group.list.map((r) => r.address).join(", ")}: no price for RDS for PostgreSQL instance class ${group.instanceClass}; src/cost/prices.ts has ${Object.keys(p.rdsPostgresInstanceHour).join(", ")} (add it from ${PRICE_SOURCES.rdsPostgres.page})`,
      );
    }
    add(
      "aws_db_instance",
      `RDS for PostgreSQL ${label} instances`,
      group.list.length,
      "instance",
      context.hourly(price),
      group.list.map((r) => r.address),
    );
  }
  for (const multiAz of [false, true]) {
    const list = instances.filter((instance) => (instance.body.multi_az === true) === multiAz);
    add(
      "aws_db_instance",
      `RDS gp3 storage as allocated, ${multiAz ? "Multi-AZ" : "single-AZ"}`,
      list.reduce((sum, instance) => sum + Number(instance.body.allocated_storage), 0),
      "GB",
      (multiAz ? p.rdsGp3MultiAzStorageGbMonth : p.rdsGp3StorageGbMonth).usd,
      list.map((r) => r.address),
    );
  }
  return instances;
}
