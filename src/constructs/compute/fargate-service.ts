import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition, EcsTaskDefinitionVolume } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { Connectable, Connections } from "../network/connections";
import { PolicyStatement, policyDocument, serviceTrustPolicy } from "../security/policy-document";

/** A container image and, for private ECR images, the repository the execution role may pull from. */
export interface ContainerImage {
  readonly reference: string;
  readonly ecrRepositoryArn?: string;
}

/** A Secrets Manager secret (or one key of a JSON secret) handed to a container as an environment variable. */
export interface SecretReference {
  readonly secretArn: string;
  /** A key of a JSON secret; the whole secret string when omitted. */
  readonly jsonKey?: string;
  /**
   * The secret's generation (a number, or a reference that changes after a new value is stored): when it changes, the
   * task definition changes and the service rolls to read the new value.
   */
  readonly version?: number | string;
  /**
   * The KMS key the secret is encrypted with; the execution role may decrypt with it, through Secrets Manager only.
   * Omitted for a secret under the AWS managed key aws/secretsmanager, which needs no grant.
   */
  readonly kmsKeyArn?: string;
}

/** A plain (not SecureString) SSM parameter handed to a container as an environment variable. */
export interface ParameterReference {
  readonly parameterArn: string;
}

/** An EFS access point a task mounts with IAM authorization and TLS. */
export interface AccessPointReference {
  /** Volume name in the task definition. */
  readonly name: string;
  readonly accessPointId: string;
  readonly accessPointArn: string;
  readonly fileSystemId: string;
  readonly fileSystemArn: string;
}

export type VolumeSource =
  | { readonly kind: "efs"; readonly accessPoint: AccessPointReference }
  /** Task-local storage shared between the task's containers, e.g. an init container preparing files. */
  | { readonly kind: "scratch"; readonly name: string };

export interface MountSpec {
  readonly source: VolumeSource;
  readonly containerPath: string;
  readonly readOnly?: boolean;
}

export interface PortSpec {
  readonly name: string;
  readonly containerPort: number;
  /** The name other services reach this port by through Service Connect (`http://<name>:<port>`). */
  readonly serviceConnectName?: string;
  /** The port in that address, when it differs from the container port (a Service Connect alias). */
  readonly serviceConnectPort?: number;
  /** The port's Cloud Map name, when several ports share one serviceConnectName; defaults to serviceConnectName. */
  readonly discoveryName?: string;
}

export interface HealthCheckSpec {
  /** `["CMD", ...]` or `["CMD-SHELL", "..."]`, as in an ECS container definition. */
  readonly command: readonly string[];
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  /** Grace time after start before failures count; slow starters need more. */
  readonly startPeriodSeconds: number;
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: ContainerImage;
  /** Defaults to true. A non-essential container (an init step) may exit without stopping the task. */
  readonly essential?: boolean;
  /** Replaces the image's ENTRYPOINT: for an init step that must not run the image's own start-up script. */
  readonly entryPoint?: readonly string[];
  readonly command?: readonly string[];
  /** The user the container runs as (`"0"` for root); the image's USER when omitted. */
  readonly user?: string;
  readonly ports?: readonly PortSpec[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, SecretReference>>;
  readonly parameters?: Readonly<Record<string, ParameterReference>>;
  readonly mounts?: readonly MountSpec[];
  readonly healthCheck?: HealthCheckSpec;
  /** Run with a read-only root file system (the container writes only to its mounts). */
  readonly readonlyRootFilesystem?: boolean;
  readonly dependsOn?: readonly { readonly containerName: string; readonly condition: "START" | "COMPLETE" | "SUCCESS" | "HEALTHY" }[];
  /** S3 objects the container reads (GetObject, also of a given version); the task role may read exactly these. */
  readonly readsObjects?: readonly S3ObjectReference[];
}

/** One S3 object, by its ARN (`arn:<partition>:s3:::<bucket>/<key>`). */
export interface S3ObjectReference {
  readonly objectArn: string;
}

export interface FargateServiceProps {
  readonly namePrefix: string;
  /** The service's own name; `<namePrefix>-<service>` names the service, task family and security group. */
  readonly service: string;
  /** Names the log group's pinned address, `<addressName>_log_group`; the service's name (with `_` for `-`) when omitted. */
  readonly addressName?: string;
  /** Prefix of the IAM role names, which are account-wide: `<iamNamePrefix>-<service>-execution` and `-task`. */
  readonly iamNamePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly cluster: { readonly arn: string; readonly name: string };
  /**
   * ECS Exec into the service's tasks, off when omitted: sessions are encrypted with `kmsKeyArn` and recorded in
   * `logGroupArn`, and only then does the task role get the SSM channel permissions.
   */
  readonly exec?: EcsExecSettings;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly cpu: number;
  readonly memory: number;
  readonly desiredCount: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Target-tracking scaling between min and max capacity; off only on an AWS emulator that lacks the API. */
  readonly autoscaling: boolean;
  readonly spot: boolean;
  /** The essential main container; its health decides the task's. */
  readonly container: ContainerSpec;
  /** Init steps or sidecars that share the task with the main container. */
  readonly additionalContainers?: readonly ContainerSpec[];
  /** Joins Service Connect: publishes the ports that carry a serviceConnectName and resolves the others' names. */
  readonly serviceConnectNamespaceArn?: string;
  readonly loadBalancer?: {
    readonly targetGroupArn: string;
    readonly containerPort: number;
    readonly healthCheckGracePeriodSeconds: number;
  };
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** Where the service's alarms notify. */
  readonly alarmTopicArn: string;
  /** Make apply wait until the service's tasks run and pass their health checks (for resources that need it up). */
  readonly waitForSteadyState?: boolean;
  /**
   * How a deployment replaces tasks: `rolling` (the default) starts new tasks beside the old ones and stops the old
   * once the new are healthy (100 % minimum healthy, 200 % maximum); `recreate` stops the old tasks first (0 %, 100 %).
   */
  readonly deployment?: ServiceDeployment;
}

export type ServiceDeployment = "rolling" | "recreate";

/** ECS's deployment bounds per strategy, as percentages of the desired count. */
export const DEPLOYMENT_BOUNDS: Record<ServiceDeployment, { readonly minimumHealthyPercent: number; readonly maximumPercent: number }> = {
  rolling: { minimumHealthyPercent: 100, maximumPercent: 200 },
  recreate: { minimumHealthyPercent: 0, maximumPercent: 100 },
};

/** Where ECS Exec sessions of a service are encrypted and recorded (the cluster's execute_command_configuration). */
export interface EcsExecSettings {
  readonly kmsKeyArn: string;
  readonly logGroupArn: string;
}

/** Target utilisations the service scales out above and in below. */
export const SCALING_TARGETS = { cpuPercent: 70, memoryPercent: 80 } as const;
/** Utilisation above which a service alarms: sustained load autoscaling could not absorb. */
export const UTILISATION_ALARM_PERCENT = 85;

/**
 * One ECS service on Fargate: task definition, execution and task roles scoped to what the task uses, an encrypted
 * log group, its own security group, rolling deployments with circuit breaker and rollback, target-tracking
 * autoscaling between the configured bounds, and alarms on CPU, memory and running tasks.
 */
export class FargateService extends Construct implements Connectable {
  readonly serviceName: string;
  /** The tasks' security group, named after the service in rule addresses. */
  readonly connections: Connections;
  /** The ECS service, for resources that may only be created once it runs. */
  readonly ecsService: ITerraformDependable;

  private readonly name: string;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    this.name = `${props.namePrefix}-${props.service}`;
    const containers = [props.container, ...(props.additionalContainers ?? [])];

    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/ecs/${props.namePrefix}/${props.service}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKmsKeyArn,
    });
    // Pinned: the log group keeps its address (and its logs) whatever the construct is called.
    logGroup.overrideLogicalId(`${props.addressName ?? props.service.replace(/-/g, "_")}_log_group`);

    const executionRole = new IamRole(this, "execution-role", {
      name: `${props.iamNamePrefix}-${props.service}-execution`,
      description: `ECS agent for ${this.name}: pulls images, writes logs, reads the task's secrets`,
      assumeRolePolicy: this.ecsTasksTrustPolicy(props),
    });
    new IamRolePolicy(this, "execution-policy", {
      name: "start-tasks",
      role: executionRole.id,
      policy: policyDocument(this.executionStatements(containers, logGroup.arn, props.region)),
    });
    const taskRole = new IamRole(this, "task-role", {
      name: `${props.iamNamePrefix}-${props.service}-task`,
      description: `Containers of ${this.name}${props.exec ? ", with ECS Exec allowed" : ""}`,
      assumeRolePolicy: this.ecsTasksTrustPolicy(props),
    });
    const taskStatements = this.taskStatements(containers, props.exec);
    // A task that mounts nothing and has no ECS Exec needs no permissions at all (and IAM rejects an empty policy).
    if (taskStatements.length > 0) {
      new IamRolePolicy(this, "task-policy", {
        name: "run-tasks",
        role: taskRole.id,
        policy: policyDocument(taskStatements),
      });
    }

    const taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: this.name,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      containerDefinitions: JSON.stringify(containers.map((container) => this.containerDefinition(container, props, logGroup.name))),
      volume: volumesOf(containers),
    });

    const securityGroup = new SecurityGroup(this, "security-group", {
      name: this.name,
      description: `Tasks of ${this.name}`,
      vpcId: props.vpcId,
      tags: { Name: this.name },
    });
    this.connections = new Connections(this, securityGroup.id, props.service);
    // Fargate pulls images, reads secrets and ships logs through the task's own network interface.
    new VpcSecurityGroupEgressRule(this, "https-egress", {
      securityGroupId: securityGroup.id,
      description: "HTTPS to AWS APIs, image registries and Keycloak's public name",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });

    const servicePorts = (props.container.ports ?? []).flatMap((port) =>
      port.serviceConnectName
        ? [
            {
              name: port.name,
              aliasPort: port.serviceConnectPort ?? port.containerPort,
              serviceConnectName: port.serviceConnectName,
              discoveryName: port.discoveryName ?? port.serviceConnectName,
            },
          ]
        : [],
    );
    const service = new EcsService(this, "service", {
      name: this.name,
      cluster: props.cluster.arn,
      taskDefinition: taskDefinition.arn,
      desiredCount: props.desiredCount,
      capacityProviderStrategy: [{ capacityProvider: props.spot ? "FARGATE_SPOT" : "FARGATE", weight: 1 }],
      networkConfiguration: { subnets: props.subnetIds, securityGroups: [securityGroup.id], assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: DEPLOYMENT_BOUNDS[props.deployment ?? "rolling"].minimumHealthyPercent,
      deploymentMaximumPercent: DEPLOYMENT_BOUNDS[props.deployment ?? "rolling"].maximumPercent,
      enableExecuteCommand: props.exec !== undefined,
      waitForSteadyState: props.waitForSteadyState,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      loadBalancer: props.loadBalancer
        ? [
            {
              targetGroupArn: props.loadBalancer.targetGroupArn,
              containerName: props.container.name,
              containerPort: props.loadBalancer.containerPort,
            },
          ]
        : undefined,
      healthCheckGracePeriodSeconds: props.loadBalancer?.healthCheckGracePeriodSeconds,
      serviceConnectConfiguration: props.serviceConnectNamespaceArn
        ? {
            enabled: true,
            namespace: props.serviceConnectNamespaceArn,
            logConfiguration: {
              logDriver: "awslogs",
              options: { "awslogs-group": logGroup.name, "awslogs-region": props.region, "awslogs-stream-prefix": "service-connect" },
            },
            service: servicePorts.map((port) => ({
              portName: port.name,
              discoveryName: port.discoveryName,
              clientAlias: { port: port.aliasPort, dnsName: port.serviceConnectName },
            })),
          }
        : undefined,
      // Autoscaling owns the task count after creation.
      lifecycle: { ignoreChanges: ["desired_count"] },
      tags: { Name: this.name },
    });
    this.serviceName = service.name;
    this.ecsService = service;

    if (props.autoscaling) this.addAutoscaling(props, service);
    this.addAlarms(props);
  }

  private ecsTasksTrustPolicy(props: FargateServiceProps): string {
    // Only ECS acting for tasks of this account and region may assume the role (confused-deputy protection).
    return serviceTrustPolicy("ecs-tasks.amazonaws.com", {
      StringEquals: { "aws:SourceAccount": props.accountId },
      ArnLike: { "aws:SourceArn": `arn:${props.partition}:ecs:${props.region}:${props.accountId}:*` },
    });
  }

  private executionStatements(containers: readonly ContainerSpec[], logGroupArn: string, region: string): PolicyStatement[] {
    const secrets = containers.flatMap((container) => Object.values(container.secrets ?? {}));
    const secretArns = unique(secrets.map((secret) => secret.secretArn));
    const keyArns = unique(secrets.flatMap((secret) => (secret.kmsKeyArn ? [secret.kmsKeyArn] : [])));
    const parameterArns = unique(
      containers.flatMap((container) => Object.values(container.parameters ?? {}).map((parameter) => parameter.parameterArn)),
    );
    const repositories = unique(
      containers.flatMap((container) => (container.image.ecrRepositoryArn ? [container.image.ecrRepositoryArn] : [])),
    );
    const statements: PolicyStatement[] = [
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` },
    ];
    if (secretArns.length > 0) {
      statements.push({ Sid: "ReadOwnSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArns });
    }
    if (keyArns.length > 0) {
      statements.push({
        Sid: "DecryptOwnSecrets",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: keyArns,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
      });
    }
    if (parameterArns.length > 0) {
      statements.push({ Sid: "ReadOwnParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: parameterArns });
    }
    if (repositories.length > 0) {
      statements.push(
        // GetAuthorizationToken has no resource-level permission: it returns a registry login, not repository data.
        { Sid: "LogInToEcr", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Sid: "PullOwnImages",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Resource: repositories,
        },
      );
    }
    return statements;
  }

  private taskStatements(containers: readonly ContainerSpec[], exec: EcsExecSettings | undefined): PolicyStatement[] {
    const statements: PolicyStatement[] = exec ? ecsExecStatements(exec) : [];
    const objectArns = unique(containers.flatMap((container) => (container.readsObjects ?? []).map((object) => object.objectArn)));
    if (objectArns.length > 0) {
      // GetObjectVersion: a task reads the version its task definition names, so a task of an older revision still
      // finds the content it was registered with.
      statements.push({ Sid: "ReadOwnObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: objectArns });
    }
    const accessPoints = uniqueBy(
      containers.flatMap((container) =>
        (container.mounts ?? []).flatMap((mount) => (mount.source.kind === "efs" ? [mount.source.accessPoint] : [])),
      ),
      (accessPoint) => accessPoint.name,
    );
    const writable = new Set(
      containers.flatMap((container) =>
        (container.mounts ?? []).filter((mount) => mount.source.kind === "efs" && !mount.readOnly).map((mount) => volumeName(mount.source)),
      ),
    );
    for (const [index, fileSystemArn] of unique(accessPoints.map((accessPoint) => accessPoint.fileSystemArn)).entries()) {
      const suffix = index === 0 ? "" : String(index + 1);
      const onThisFileSystem = accessPoints.filter((accessPoint) => accessPoint.fileSystemArn === fileSystemArn);
      const mountable = onThisFileSystem.map((accessPoint) => accessPoint.accessPointArn);
      const writableArns = onThisFileSystem
        .filter((accessPoint) => writable.has(accessPoint.name))
        .map((accessPoint) => accessPoint.accessPointArn);
      statements.push({
        Sid: `MountOwnAccessPoints${suffix}`,
        Effect: "Allow",
        Action: "elasticfilesystem:ClientMount",
        Resource: fileSystemArn,
        Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": mountable } },
      });
      if (writableArns.length > 0) {
        statements.push({
          Sid: `WriteOwnAccessPoints${suffix}`,
          Effect: "Allow",
          Action: "elasticfilesystem:ClientWrite",
          Resource: fileSystemArn,
          Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": writableArns } },
        });
      }
    }
    return statements;
  }

  private containerDefinition(container: ContainerSpec, props: FargateServiceProps, logGroupName: string): Record<string, unknown> {
    const secrets = Object.entries(container.secrets ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const versions = secrets.filter(([, secret]) => secret.version !== undefined).map(([name, secret]) => `${name}=${secret.version}`);
    return {
      name: container.name,
      image: container.image.reference,
      essential: container.essential ?? true,
      entryPoint: container.entryPoint,
      command: container.command,
      user: container.user,
      portMappings: (container.ports ?? []).map((port) => ({
        name: port.name,
        containerPort: port.containerPort,
        protocol: "tcp",
        appProtocol: "http",
      })),
      environment: Object.entries(container.environment ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
      secrets: [
        ...secrets.map(([name, secret]) => ({
          name,
          valueFrom: secret.jsonKey ? `${secret.secretArn}:${secret.jsonKey}::` : secret.secretArn,
        })),
        ...Object.entries(container.parameters ?? {})
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, parameter]) => ({ name, valueFrom: parameter.parameterArn })),
      ],
      mountPoints: (container.mounts ?? []).map((mount) => ({
        sourceVolume: volumeName(mount.source),
        containerPath: mount.containerPath,
        readOnly: mount.readOnly ?? false,
      })),
      healthCheck: container.healthCheck && {
        command: container.healthCheck.command,
        interval: container.healthCheck.intervalSeconds ?? 30,
        timeout: container.healthCheck.timeoutSeconds ?? 5,
        retries: container.healthCheck.retries ?? 3,
        startPeriod: container.healthCheck.startPeriodSeconds,
      },
      dependsOn: container.dependsOn,
      readonlyRootFilesystem: container.readonlyRootFilesystem,
      // ECS Exec needs an init process to reap the sessions' child processes.
      linuxParameters: props.exec ? { initProcessEnabled: true } : undefined,
      // A changed generation re-registers the task definition, so the service rolls and reads the new secret value.
      dockerLabels: versions.length > 0 ? { "mcp-gateway.secret-versions": versions.join(",") } : undefined,
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": logGroupName, "awslogs-region": props.region, "awslogs-stream-prefix": container.name },
      },
    };
  }

  private addAutoscaling(props: FargateServiceProps, service: EcsService): void {
    const target = new AppautoscalingTarget(this, "scaling-target", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${props.cluster.name}/${service.name}`,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    const policies = [
      ["cpu", "ECSServiceAverageCPUUtilization", SCALING_TARGETS.cpuPercent],
      ["memory", "ECSServiceAverageMemoryUtilization", SCALING_TARGETS.memoryPercent],
    ] as const;
    for (const [key, metric, targetValue] of policies) {
      new AppautoscalingPolicy(this, `${key}-scaling`, {
        name: `${this.name}-${key}`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: metric },
          targetValue,
          scaleOutCooldown: 60,
          scaleInCooldown: 300,
        },
      });
    }
  }

  private addAlarms(props: FargateServiceProps): void {
    const dimensions = { ClusterName: props.cluster.name, ServiceName: this.name };
    const actions = { alarmActions: [props.alarmTopicArn], okActions: [props.alarmTopicArn] };
    for (const [key, metric] of [
      ["cpu", "CPUUtilization"],
      ["memory", "MemoryUtilization"],
    ] as const) {
      new CloudwatchMetricAlarm(this, `${key}-alarm`, {
        alarmName: `${this.name}-${key}-high`,
        alarmDescription: `${this.name}: average ${key} above ${UTILISATION_ALARM_PERCENT} % for 10 minutes, even after autoscaling`,
        namespace: "AWS/ECS",
        metricName: metric,
        dimensions,
        statistic: "Average",
        period: 300,
        evaluationPeriods: 2,
        threshold: UTILISATION_ALARM_PERCENT,
        comparisonOperator: "GreaterThanThreshold",
        ...actions,
      });
    }
    const containerInsights = (id: string, metricName: string) => ({
      id,
      metric: { namespace: "ECS/ContainerInsights", metricName, dimensions, period: 60, stat: "Average" },
    });
    new CloudwatchMetricAlarm(this, "running-tasks-alarm", {
      alarmName: `${this.name}-tasks-below-desired`,
      alarmDescription: `${this.name}: fewer tasks running than desired for 5 minutes (crash loop, capacity or image problems)`,
      metricQuery: [
        containerInsights("running", "RunningTaskCount"),
        containerInsights("desired", "DesiredTaskCount"),
        { id: "missing", expression: "desired - running", label: "Tasks missing", returnData: true },
      ],
      evaluationPeriods: 5,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      ...actions,
    });
  }
}

/** What the ECS Exec agent in a task needs: the SSM channels, the session log group and the session key. */
function ecsExecStatements(exec: EcsExecSettings): PolicyStatement[] {
  return [
    {
      // ECS Exec's SSM channels have no resource-level permissions; the session itself is authorised by ecs:ExecuteCommand.
      Sid: "EcsExecChannels",
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    },
    {
      // The exec agent checks the session log group's encryption; DescribeLogGroups is a list call without resource scoping.
      Sid: "EcsExecFindsLogGroup",
      Effect: "Allow",
      Action: "logs:DescribeLogGroups",
      Resource: "*",
    },
    {
      Sid: "EcsExecWritesSessionLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      Resource: `${exec.logGroupArn}:*`,
    },
    {
      // The session's data channel is encrypted with the cluster's exec key; the agent decrypts its side with it.
      Sid: "EcsExecDecryptsSessions",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: exec.kmsKeyArn,
    },
  ];
}

function volumeName(source: VolumeSource): string {
  return source.kind === "efs" ? source.accessPoint.name : source.name;
}

function volumesOf(containers: readonly ContainerSpec[]): EcsTaskDefinitionVolume[] {
  const sources = uniqueBy(
    containers.flatMap((container) => (container.mounts ?? []).map((mount) => mount.source)),
    volumeName,
  );
  return sources.map((source) =>
    source.kind === "efs"
      ? {
          name: source.accessPoint.name,
          efsVolumeConfiguration: {
            fileSystemId: source.accessPoint.fileSystemId,
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: source.accessPoint.accessPointId, iam: "ENABLED" },
          },
        }
      : { name: source.name },
  );
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}
