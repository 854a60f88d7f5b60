/**
 * Instance classes RDS for PostgreSQL 16 offers that this deployment accepts for `database.engine: postgres-instance`,
 * with what the alarms and the cost estimate derive from them: vCPUs (RDS Proxy bills per vCPU of its target) and
 * memory in GiB (PostgreSQL's max_connections and the free-memory alarm). AWS documentation, "DB instance classes",
 * hardware specifications. Burstable classes (t) earn CPU credits below their baseline and spend them above it.
 */
export const POSTGRES_INSTANCE_CLASS_LIMITS = {
  "db.t3.micro": { vcpus: 2, memoryGiB: 1 },
  "db.t3.small": { vcpus: 2, memoryGiB: 2 },
  "db.t3.medium": { vcpus: 2, memoryGiB: 4 },
  "db.t3.large": { vcpus: 2, memoryGiB: 8 },
  "db.t4g.micro": { vcpus: 2, memoryGiB: 1 },
  "db.t4g.small": { vcpus: 2, memoryGiB: 2 },
  "db.t4g.medium": { vcpus: 2, memoryGiB: 4 },
  "db.t4g.large": { vcpus: 2, memoryGiB: 8 },
  "db.m6g.large": { vcpus: 2, memoryGiB: 8 },
  "db.m6g.xlarge": { vcpus: 4, memoryGiB: 16 },
  "db.m7g.large": { vcpus: 2, memoryGiB: 8 },
  "db.m7g.xlarge": { vcpus: 4, memoryGiB: 16 },
  "db.r6g.large": { vcpus: 2, memoryGiB: 16 },
  "db.r6g.xlarge": { vcpus: 4, memoryGiB: 32 },
  "db.r7g.large": { vcpus: 2, memoryGiB: 16 },
  "db.r7g.xlarge": { vcpus: 4, memoryGiB: 32 },
} as const satisfies Record<string, { vcpus: number; memoryGiB: number }>;

export type PostgresInstanceClass = keyof typeof POSTGRES_INSTANCE_CLASS_LIMITS;

export const POSTGRES_INSTANCE_CLASSES = Object.keys(POSTGRES_INSTANCE_CLASS_LIMITS) as [PostgresInstanceClass, ...PostgresInstanceClass[]];

/**
 * PostgreSQL's max_connections on RDS and Aurora: LEAST(DBInstanceClassMemory / 9531392, 5000). RDS subtracts what the
 * operating system and its own processes reserve from the class's memory first, so on the smallest classes the real
 * limit is somewhat below this figure.
 */
export function postgresMaxConnections(memoryGiB: number): number {
  return Math.min(5000, Math.floor((memoryGiB * 1024 ** 3) / 9531392));
}
