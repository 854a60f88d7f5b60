import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { ServiceDiscoveryHttpNamespace } from "@cdktf/provider-aws/lib/service-discovery-http-namespace";
import { Construct } from "constructs";
import { EcsExecSettings } from "./fargate-service";

export interface EcsClusterProps {
  readonly namePrefix: string;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /**
   * The key ECS Exec sessions are encrypted with, when any service allows ECS Exec; without it the cluster has no
   * execute-command configuration and no session log group.
   */
  readonly execKmsKeyArn?: string;
}

/**
 * The Fargate cluster: Container Insights, FARGATE and FARGATE_SPOT capacity, and the Service Connect namespace
 * `<namePrefix>.local` the services find each other in. When ECS Exec is allowed for some service, its sessions are
 * encrypted with their own KMS key and recorded in a KMS-encrypted log group.
 */
export class FargateCluster extends Construct {
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly serviceConnectNamespaceArn: string;
  readonly serviceConnectNamespaceName: string;
  /** How ECS Exec sessions are encrypted and recorded; undefined when no service allows ECS Exec. */
  readonly exec?: EcsExecSettings;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    // Service Connect resolves names through its own proxy, so an HTTP namespace suffices: no private hosted zone.
    const namespace = new ServiceDiscoveryHttpNamespace(this, "namespace", {
      name: `${props.namePrefix}.local`,
      description: `${props.namePrefix}: Service Connect names of the ECS services`,
    });
    const execLogs = props.execKmsKeyArn
      ? new CloudwatchLogGroup(this, "exec-log-group", {
          name: `/ecs/${props.namePrefix}/exec`,
          retentionInDays: props.logRetentionDays,
          kmsKeyId: props.logsKmsKeyArn,
        })
      : undefined;
    execLogs?.overrideLogicalId("ecs_exec_log_group");
    const cluster = new EcsCluster(this, "cluster", {
      name: props.namePrefix,
      setting: [{ name: "containerInsights", value: "enabled" }],
      configuration:
        execLogs && props.execKmsKeyArn
          ? {
              executeCommandConfiguration: {
                kmsKeyId: props.execKmsKeyArn,
                logging: "OVERRIDE",
                logConfiguration: { cloudWatchLogGroupName: execLogs.name, cloudWatchEncryptionEnabled: true },
              },
            }
          : undefined,
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
    this.exec = execLogs && props.execKmsKeyArn ? { kmsKeyArn: props.execKmsKeyArn, logGroupArn: execLogs.arn } : undefined;
  }
}
