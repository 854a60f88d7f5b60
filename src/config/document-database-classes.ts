/**
 * Instance classes Amazon DocumentDB 5.0 offers for instance-based clusters, with the limits the alarms derive their
 * thresholds from (memory in GiB, and the engine's fixed maximum of open connections; AWS documentation, "Amazon
 * DocumentDB quotas and limits", instance limits).
 */
export const DOCUMENT_DATABASE_INSTANCE_LIMITS = {
  "db.t3.medium": { memoryGiB: 4, maxConnections: 500 },
  "db.t4g.medium": { memoryGiB: 4, maxConnections: 500 },
  "db.r5.large": { memoryGiB: 16, maxConnections: 1700 },
  "db.r5.xlarge": { memoryGiB: 32, maxConnections: 3500 },
  "db.r5.2xlarge": { memoryGiB: 64, maxConnections: 7000 },
  "db.r5.4xlarge": { memoryGiB: 128, maxConnections: 14000 },
  "db.r6g.large": { memoryGiB: 16, maxConnections: 1700 },
  "db.r6g.xlarge": { memoryGiB: 32, maxConnections: 3500 },
  "db.r6g.2xlarge": { memoryGiB: 64, maxConnections: 7000 },
  "db.r6g.4xlarge": { memoryGiB: 128, maxConnections: 14000 },
} as const satisfies Record<string, { memoryGiB: number; maxConnections: number }>;

export type DocumentDatabaseInstanceClass = keyof typeof DOCUMENT_DATABASE_INSTANCE_LIMITS;

export const DOCUMENT_DATABASE_INSTANCE_CLASSES = Object.keys(DOCUMENT_DATABASE_INSTANCE_LIMITS) as [
  DocumentDatabaseInstanceClass,
  ...DocumentDatabaseInstanceClass[],
];
