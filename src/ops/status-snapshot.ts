// What `npm run ops -- status` reads of a deployment (status-collect.ts), judges (status-diagnose.ts) and shows
// (status-format.ts).

export interface DeploymentSnapshot {
  readonly id: string;
  readonly status: string;
  readonly rolloutState?: string;
  readonly rolloutStateReason?: string;
  readonly running: number;
  readonly desired: number;
  readonly pending: number;
  readonly failedTasks: number;
  readonly taskDefinition: string;
  readonly createdAt?: Date;
}

export interface StoppedTask {
  readonly stoppedAt?: Date;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  readonly containers: readonly { readonly name: string; readonly exitCode?: number; readonly reason?: string }[];
}

export interface TargetHealth {
  readonly target: string;
  readonly state: string;
  readonly reason?: string;
  readonly description?: string;
}

export interface ServiceSnapshot {
  readonly name: string;
  readonly ecsName: string;
  /** false when the cluster has no active service of that name. */
  readonly found: boolean;
  readonly running: number;
  readonly desired: number;
  readonly pending: number;
  readonly taskDefinition?: string;
  readonly execEnabled: boolean;
  readonly deployments: readonly DeploymentSnapshot[];
  /** Newest first. */
  readonly events: readonly { readonly at?: Date; readonly message: string }[];
  /** Newest first; only read for services that lack tasks or whose rollout failed. */
  readonly stoppedTasks: readonly StoppedTask[];
  readonly targets: readonly TargetHealth[];
}

export interface DatabaseSnapshot {
  /** Keycloak's database is an Aurora cluster or, with `database.engine: postgres-instance`, one RDS instance. */
  readonly label: "Aurora PostgreSQL" | "RDS for PostgreSQL" | "DocumentDB";
  /** The cluster (or instance) identifier, or undefined when this deployment has no such database. */
  readonly identifier?: string;
  readonly found: boolean;
  readonly status?: string;
  readonly engineVersion?: string;
  readonly members: readonly { readonly id: string; readonly writer: boolean }[];
}

export interface CertificateSnapshot {
  readonly name: string;
  readonly arn?: string;
  readonly domain?: string;
  readonly status?: string;
  readonly notAfter?: Date;
  readonly renewalStatus?: string;
  readonly failureReason?: string;
}

export interface AlarmSnapshot {
  readonly name: string;
  readonly description?: string;
  readonly reason?: string;
  readonly since?: Date;
}

export interface StatusSnapshot {
  readonly clusterName: string;
  readonly region: string;
  readonly outputsSource: string;
  readonly services: readonly ServiceSnapshot[];
  readonly databases: readonly DatabaseSnapshot[];
  readonly certificates: readonly CertificateSnapshot[];
  /** The deployment's CloudWatch alarms currently in ALARM. */
  readonly alarms: readonly AlarmSnapshot[];
}
