/**
 * PostgreSQL engine versions AWS offers for Keycloak's database, per engine and major version: `database.engineVersion`
 * must be one of them, or Terraform would fail at apply (InvalidParameterCombination: cannot find version).
 *
 * Sources: Aurora, the upgrade-target table of "Getting a list of available versions in your AWS Region"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_UpgradeDBInstance.PostgreSQL.UpgradeVersion.html)
 * and "Aurora PostgreSQL updates" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Updates.html);
 * Aurora skips some community minors (no 16.5 or 16.7). RDS for PostgreSQL, "Amazon RDS for PostgreSQL updates"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-versions.html). Aurora Serverless v2
 * starts at 13.6, 14.3, 15.2 and 16.1. The authority for a region is
 * `aws rds describe-db-engine-versions --engine aurora-postgresql|postgres --query 'DBEngineVersions[].EngineVersion'`.
 *
 * To add a version AWS has released since: append it to its major's list (ascending); a new major needs its parameter
 * group family (aurora-postgresqlNN / postgresNN) to exist, which src/constructs/data/database.ts derives from it.
 */
export const POSTGRES_ENGINE_VERSIONS = {
  "aurora-serverless": {
    13: ["13.6", "13.7", "13.8", "13.9", "13.10", "13.11", "13.12", "13.13", "13.14", "13.15", "13.16", "13.18", "13.20", "13.21", "13.22"],
    14: ["14.3", "14.4", "14.5", "14.6", "14.7", "14.8", "14.9", "14.10", "14.11", "14.12", "14.13", "14.15", "14.17", "14.18", "14.19"],
    15: ["15.2", "15.3", "15.4", "15.5", "15.6", "15.7", "15.8", "15.10", "15.12", "15.13", "15.14"],
    16: ["16.1", "16.2", "16.3", "16.4", "16.6", "16.8", "16.9", "16.10"],
    17: ["17.4", "17.5", "17.6"],
  },
  "postgres-instance": {
    13: minors(13, 1, 22),
    14: minors(14, 1, 20),
    15: minors(15, 2, 15),
    16: minors(16, 1, 11),
    17: minors(17, 1, 7),
  },
} as const satisfies Record<string, Record<number, readonly string[]>>;

export type PostgresEngine = keyof typeof POSTGRES_ENGINE_VERSIONS;

const ENGINE_NAMES: Record<PostgresEngine, string> = {
  "aurora-serverless": "Aurora PostgreSQL (Serverless v2)",
  "postgres-instance": "RDS for PostgreSQL",
};

function minors(major: number, first: number, last: number): string[] {
  return Array.from({ length: last - first + 1 }, (_, index) => `${major}.${first + index}`);
}

/** Why `version` (major.minor) does not exist for `engine`, with the nearest versions that do; undefined when it does. */
export function engineVersionProblem(engine: PostgresEngine, version: string): string | undefined {
  const byMajor = POSTGRES_ENGINE_VERSIONS[engine] as Record<number, readonly string[]>;
  const [major, minor] = version.split(".").map(Number);
  const known = byMajor[major];
  const engineName = ENGINE_NAMES[engine];
  const extend = "if AWS has released it since, add it to src/config/postgres-versions.ts";
  if (!known) {
    const majors = Object.keys(byMajor).map(Number);
    const newest = byMajor[Math.max(...majors)];
    return (
      `is not an ${engineName} version this deployment knows: major ${major} is not among ${majors.join(", ")}; ` +
      `use e.g. ${newest[newest.length - 1]} (database.engine is ${engine}), or ${extend}`
    );
  }
  if (known.includes(version)) return undefined;
  const minorOf = (candidate: string) => Number(candidate.split(".")[1]);
  const below = [...known].reverse().find((candidate) => minorOf(candidate) < minor);
  const above = known.find((candidate) => minorOf(candidate) > minor);
  const nearest = [below, above].filter((candidate): candidate is string => candidate !== undefined);
  return (
    `is not an ${engineName} version (database.engine is ${engine}); the nearest ${nearest.length > 1 ? "are" : "is"} ${nearest.join(" and ")} ` +
    `(all ${major}.x: ${known.join(", ")}); ${extend}`
  );
}
