import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { ServiceDiscoveryHttpNamespace } from "@cdktf/provider-aws/lib/service-discovery-http-namespace";
import { Construct } from "constructs";

export interface EcsClusterProps {
  readonly namePrefix: string;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
}

/**
 * The Fargate cluster: Container Insights, FARGATE and FARGATE_SPOT capacity, ECS Exec sessions logged to a
 * KMS-encrypted log group, and the Service Connect namespace `<namePrefix>.local` the services find each other in.
 */
export class FargateCluster extends Construct {
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly serviceConnectNamespaceArn: string;
  readonly serviceConnectNamespaceName: string;
  /** Where ECS Exec sessions are recorded; task roles need write access to it. */
  readonly execLogGroupArn: string;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    // Service Connect resolves names through its own proxy, so an HTTP namespace suffices: no private hosted zone.
    const namespace = new ServiceDiscoveryHttpNamespace(this, "namespace", {
      name: `${props.namePrefix}.local`,
      description: `${props.namePrefix}: Service Connect names of the ECS services`,
    });
    const execLogs = new CloudwatchLogGroup(this, "exec-log-group", {
      name: `/ecs/${props.namePrefix}/exec`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKmsKeyArn,
    });
    execLogs.overrideLogicalId("ecs_exec_log_group");
    const cluster = new EcsCluster(this, "cluster", {
      name: props.namePrefix,
      setting: [{ name: "containerInsights", value: "enabled" }],
      configuration: {
        executeCommandConfiguration: {
          logging: "OVERRIDE",
          logConfiguration: { cloudWatchLogGroupName: execLogs.name, cloudWatchEncryptionEnabled: true },
        },
      },
      serviceConnectDefaults: { namespace: namespace.arn },
    });
    new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
    });
    this.clusterArn = cluster.arn;
    this.clusterName = cluster.name;
    this.serviceConnectNamespaceArn = namespace.arn;
    this.serviceConnectNamespaceName = namespace.name;
    this.execLogGroupArn = execLogs.arn;
  }
}
