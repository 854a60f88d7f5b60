import { z } from "zod";
import { DOCUMENT_DATABASE_INSTANCE_CLASSES } from "../document-database-classes";
import { POSTGRES_INSTANCE_CLASSES } from "../postgres-instance-classes";
import { engineVersionProblem } from "../postgres-versions";

/** Keycloak's database: Aurora Serverless v2 (the default) or a single RDS for PostgreSQL instance. */
export const DATABASE_ENGINES = ["aurora-serverless", "postgres-instance"] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];
export const AURORA_SERVERLESS_DEFAULTS = { minAcu: 0.5, maxAcu: 2, reader: false } as const;
export const POSTGRES_INSTANCE_DEFAULTS = {
  instanceClass: "db.t4g.micro",
  allocatedStorageGb: 20,
  maxAllocatedStorageGb: 100,
  multiAz: false,
} as const;
const ENGINE_SETTINGS: Readonly<Record<DatabaseEngine, readonly string[]>> = {
  "aurora-serverless": Object.keys(AURORA_SERVERLESS_DEFAULTS),
  "postgres-instance": Object.keys(POSTGRES_INSTANCE_DEFAULTS),
};

/** `database`: Keycloak's PostgreSQL (Aurora Serverless v2 or one RDS instance), behind an RDS Proxy by default. */
export const databaseSchema = z
  .strictObject({
    /**
     * `aurora-serverless`: Aurora PostgreSQL Serverless v2 (scales between minAcu and maxAcu, optional reader);
     * `postgres-instance`: one RDS for PostgreSQL instance of a fixed class, a fraction of the price. Changing it on a
     * running deployment replaces Keycloak's database (docs/architecture.md, "Keycloak's database engine").
     */
    engine: z.enum(DATABASE_ENGINES).default("aurora-serverless"),
    // The settings of one engine have no default here: they conflict with the other engine, so the schema must see
    // whether they were given. resolveConfig applies AURORA_SERVERLESS_DEFAULTS and POSTGRES_INSTANCE_DEFAULTS.
    minAcu: z.number().min(0).max(256).multipleOf(0.5).optional(),
    maxAcu: z.number().min(1).max(256).multipleOf(0.5).optional(),
    reader: z.boolean().optional(),
    instanceClass: z.enum(POSTGRES_INSTANCE_CLASSES).optional(),
    /** gp3 storage allocated at creation, GB (20 is gp3's minimum). */
    allocatedStorageGb: z.number().int().min(20).max(65536).optional(),
    /** Storage autoscaling grows the volume up to this many GB when free space runs low. */
    maxAllocatedStorageGb: z.number().int().min(21).max(65536).optional(),
    /** A synchronous standby in a second AZ that takes over in one to two minutes; doubles the instance's price. */
    multiAz: z.boolean().optional(),
    backupRetentionDays: z.number().int().min(1).max(35).default(7),
    engineVersion: z
      .string()
      .regex(/^\d+\.\d+$/, { message: "must be a PostgreSQL major.minor version (Aurora or RDS), e.g. 16.6" })
      .default("16.6"),
    /** Keycloak connects through an RDS Proxy; false connects it to the database's writer endpoint directly. */
    proxy: z.boolean().default(true),
  })
  .default({ engine: "aurora-serverless", backupRetentionDays: 7, engineVersion: "16.6", proxy: true })
  .superRefine(validateDatabase);

/** Amazon DocumentDB, the registry's and the auth server's database (servers, agents, scopes, audit events). */
export const documentDatabaseSchema = z
  .strictObject({
    instanceClass: z.enum(DOCUMENT_DATABASE_INSTANCE_CLASSES).default("db.t3.medium"),
    /** One writer plus replicas; 2 or more for production, so a failover has somewhere to go. */
    instances: z.number().int().min(1).max(16).default(1),
    backupRetentionDays: z.number().int().min(1).max(35).default(7),
    /** Bump to generate new credentials; the cluster takes the new password and the registry and auth server roll. */
    credentialsVersion: z.number().int().min(1).default(1),
  })
  .default({ instanceClass: "db.t3.medium", instances: 1, backupRetentionDays: 7, credentialsVersion: 1 });

/** `fileSystem`: the EFS file system: its throughput mode, and whether it caches the registry's embeddings model. */
export const fileSystemSchema = z
  .strictObject({
    /** Keep the registry's embeddings model on EFS, so new tasks skip the download from Hugging Face. */
    modelsCache: z.boolean().default(false),
    throughputMode: z.enum(["bursting", "elastic"]).default("elastic"),
  })
  .default({ modelsCache: false, throughputMode: "elastic" });

type ParsedConfigDatabase = {
  engine: DatabaseEngine;
  minAcu?: number;
  maxAcu?: number;
  reader?: boolean;
  allocatedStorageGb?: number;
  maxAllocatedStorageGb?: number;
  engineVersion: string;
};

/** Settings of the other engine are refused rather than ignored: a reader or an ACU range that silently does nothing misleads. */
function validateDatabase(database: ParsedConfigDatabase, ctx: z.RefinementCtx): void {
  for (const [engine, keys] of Object.entries(ENGINE_SETTINGS)) {
    if (engine === database.engine) continue;
    for (const key of keys) {
      const value = (database as Record<string, string | number | boolean | undefined>)[key];
      if (value === undefined) continue;
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `(${String(value)}) applies to engine ${engine} only, but engine is ${database.engine}; remove database.${key}, or set database.engine: ${engine}`,
      });
    }
  }
  // A malformed version has its own problem (the field's pattern); which versions exist is asked of well-formed ones.
  const versionProblem = /^\d+\.\d+$/.test(database.engineVersion)
    ? engineVersionProblem(database.engine, database.engineVersion)
    : undefined;
  if (versionProblem) ctx.addIssue({ code: "custom", path: ["engineVersion"], message: `(${database.engineVersion}) ${versionProblem}` });
  if (database.engine === "aurora-serverless") {
    const minAcu = database.minAcu ?? AURORA_SERVERLESS_DEFAULTS.minAcu;
    const maxAcu = database.maxAcu ?? AURORA_SERVERLESS_DEFAULTS.maxAcu;
    if (minAcu > maxAcu) {
      ctx.addIssue({
        code: "custom",
        path: ["minAcu"],
        message: `(${minAcu}) is greater than maxAcu (${maxAcu}); minAcu must be <= maxAcu`,
      });
    }
  } else {
    const allocated = database.allocatedStorageGb ?? POSTGRES_INSTANCE_DEFAULTS.allocatedStorageGb;
    const cap = database.maxAllocatedStorageGb ?? POSTGRES_INSTANCE_DEFAULTS.maxAllocatedStorageGb;
    if (cap <= allocated) {
      ctx.addIssue({
        code: "custom",
        path: ["maxAllocatedStorageGb"],
        message: `(${cap}) is not above allocatedStorageGb (${allocated}); storage autoscaling needs room to grow: raise maxAllocatedStorageGb or lower allocatedStorageGb`,
      });
    }
  }
}
