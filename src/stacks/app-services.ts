import { Construct } from "constructs";
import { DeploymentConfig } from "../config/deployment-config";
import { ServiceName } from "../config/service-names";
import { FargateCluster } from "../constructs/compute/ecs-cluster";
import { ContainerImages } from "../constructs/compute/container-images";
import { FargateService, FargateServiceProps } from "../constructs/compute/fargate-service";
import { KeycloakDatabase } from "../constructs/data/database";
import { DocumentDatabase } from "../constructs/data/document-database";
import { SharedFileSystem } from "../constructs/data/file-system";
import { LoadBalancers } from "../constructs/edge/load-balancers";
import { VpcNetwork } from "../constructs/network/network";
import { allowTcp, TcpPathRules } from "../constructs/network/security-group-rules";
import { ServiceDefinition } from "../services/catalog";
import { containerImage } from "../services/images";
import { OwnMcpServerDefinition, ownMcpServerDefinition } from "../services/own-mcp-servers";
import { logicalIdOf } from "./deployment-stack";

/** The services that use the registry's DocumentDB cluster; it admits exactly these. */
const DOCUMENT_DATABASE_CLIENTS: readonly ServiceName[] = ["registry", "auth-server"];

/** What the services are wired to: the stack's cluster, network, load balancers, data stores, logs key and alarms. */
export interface ServiceWiring {
  readonly config: DeploymentConfig;
  readonly iamNamePrefix: string;
  readonly accountId: string;
  readonly partition: string;
  readonly network: VpcNetwork;
  readonly loadBalancers: LoadBalancers;
  readonly cluster: FargateCluster;
  readonly database: KeycloakDatabase;
  readonly documentDatabase: DocumentDatabase;
  readonly fileSystem?: SharedFileSystem;
  readonly logsKmsKeyArn: string;
  readonly alarmTopicArn: string;
  /** The services added so far, by name: the catalog's and the configuration's own MCP servers. */
  readonly services: Map<string, FargateService>;
}

/** The FargateService settings every service of the stack shares, the catalog's and the own MCP servers alike. */
function serviceBasics(wiring: ServiceWiring) {
  const { config, iamNamePrefix, accountId, partition, network, cluster } = wiring;
  return {
    namePrefix: config.namePrefix,
    iamNamePrefix,
    region: config.region,
    accountId,
    partition,
    cluster: { arn: cluster.clusterArn, name: cluster.clusterName },
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    autoscaling: !config.emulator,
    logRetentionDays: config.observability.logRetentionDays,
    logsKmsKeyArn: wiring.logsKmsKeyArn,
    alarmTopicArn: wiring.alarmTopicArn,
  } satisfies Partial<FargateServiceProps>;
}

/**
 * One Fargate service per definition, with the network paths it needs: from its load balancer target, to Keycloak's
 * database, the DocumentDB cluster and the file system. Each is added to `wiring.services`.
 */
export function addServices(stack: Construct, definitions: readonly ServiceDefinition[], wiring: ServiceWiring): void {
  const { config, loadBalancers, cluster, database, documentDatabase, fileSystem, services } = wiring;
  for (const definition of definitions) {
    const settings = config.services.find((service) => service.name === definition.name);
    if (!settings) throw new Error(`service ${definition.name} has no settings`);
    const target = definition.loadBalancer && loadBalancers.target(definition.loadBalancer.target);
    const service = new FargateService(stack, definition.name, {
      ...serviceBasics(wiring),
      service: definition.name,
      exec: settings.exec ? cluster.exec : undefined,
      cpu: settings.cpu,
      memory: settings.memory,
      desiredCount: settings.desiredCount,
      minCapacity: settings.minCapacity,
      maxCapacity: settings.maxCapacity,
      spot: settings.spot,
      deployment: definition.deployment,
      container: definition.container,
      additionalContainers: definition.additionalContainers,
      serviceConnectNamespaceArn: definition.serviceConnect ? cluster.serviceConnectNamespaceArn : undefined,
      loadBalancer:
        target && definition.loadBalancer
          ? {
              targetGroupArn: target.targetGroupArn,
              containerPort: target.containerPort,
              healthCheckGracePeriodSeconds: definition.loadBalancer.healthCheckGracePeriodSeconds,
            }
          : undefined,
      // The realm is configured through Keycloak's API in the same apply, so apply waits until Keycloak is healthy.
      waitForSteadyState: definition.name === "keycloak" ? config.keycloak.waitForHealthyService : undefined,
    });
    if (target && definition.loadBalancer) {
      const targetName = definition.loadBalancer.target;
      // Health checks may use a port of their own (Keycloak's management port): both are opened, nothing else.
      for (const port of new Set([target.containerPort, target.healthCheckPort])) {
        const purpose = port === target.containerPort ? "traffic" : "health checks";
        const rules = loadBalancers
          .connectionsFor(targetName)
          .allowTo(service, port, `${targetName} ${purpose} from the load balancer on port ${port}`);
        moveRules(rules, `load-balancers/${targetName}-${port}-egress`, `load-balancers/${targetName}-${port}-from-load-balancer`);
      }
    }
    if (definition.usesDatabase) {
      const rules = database.connections.allowFrom(
        service,
        database.port,
        `PostgreSQL from ${definition.name} to ${database.endpointDescription}`,
      );
      const formerId = `database/${definition.name}-to-${database.connections.name}`;
      moveRules(rules, `${formerId}-egress`, `${formerId}-ingress`);
    }
    if ((DOCUMENT_DATABASE_CLIENTS as readonly string[]).includes(definition.name)) {
      documentDatabase.connections.allowFrom(service, documentDatabase.port, `DocumentDB from ${definition.name}`);
    }
    if (fileSystem && usesFileSystem(definition)) {
      const rules = fileSystem.connections.allowFrom(service, fileSystem.port, `NFS from ${definition.name} to the EFS mount targets`);
      const formerId = `file-system/${definition.name}-to-${fileSystem.connections.name}`;
      moveRules(rules, `${formerId}-egress`, `${formerId}-ingress`);
    }
    services.set(definition.name, service);
  }
}

/**
 * The configuration's own MCP servers (`mcpServers`): each an ECS service like the catalog's example servers, in
 * Service Connect as `<name>`, with the registry → server path on its port opened and a registration for
 * `npm run ops -- register`. Their addresses start with `mcp_server_<name>`, so no name can take a catalog address.
 */
export function addOwnMcpServers(stack: Construct, wiring: ServiceWiring, images: ContainerImages): OwnMcpServerDefinition[] {
  const registry = wiring.services.get("registry") as FargateService;
  return wiring.config.mcpServers.map((server) => {
    const definition = ownMcpServerDefinition(server, containerImage(server.name, images));
    const service = new FargateService(stack, `mcp-server-${server.name}`, {
      ...serviceBasics(wiring),
      service: server.name,
      addressName: `mcp_server_${server.name.replace(/-/g, "_")}`,
      cpu: server.cpu,
      memory: server.memory,
      desiredCount: server.desiredCount,
      minCapacity: server.minCapacity,
      maxCapacity: server.maxCapacity,
      spot: server.spot,
      container: definition.container,
      serviceConnectNamespaceArn: wiring.cluster.serviceConnectNamespaceArn,
    });
    registry.connections.allowTo(service, server.port, `registry calls ${server.name}:${server.port} (Service Connect)`);
    wiring.services.set(server.name, service);
    return definition;
  });
}

/** Opens exactly the Service Connect paths the definitions declare, plus the ports a service's tasks share. */
export function connectServices(
  stack: Construct,
  definitions: readonly ServiceDefinition[],
  services: ReadonlyMap<string, FargateService>,
): void {
  const paths = new Construct(stack, "service-paths");
  for (const definition of definitions) {
    const caller = services.get(definition.name) as FargateService;
    for (const call of definition.calls) {
      const calleeName = typeof call === "string" ? call : call.service;
      const callee = services.get(calleeName);
      const calleeDefinition = definitions.find((candidate) => candidate.name === calleeName);
      if (!callee || !calleeDefinition) continue;
      const published = (calleeDefinition.container.ports ?? []).filter((candidate) => candidate.serviceConnectName);
      const called = typeof call === "string" ? published : published.filter((port) => port.containerPort === call.containerPort);
      if (called.length === 0)
        throw new Error(`${definition.name} calls ${calleeName} on a port it does not publish through Service Connect`);
      for (const port of called) {
        allowTcp(paths, `${definition.name}-to-${calleeName}-${port.containerPort}`, {
          fromSecurityGroupId: caller.connections.securityGroupId,
          toSecurityGroupId: callee.connections.securityGroupId,
          port: port.containerPort,
          description: `${definition.name} calls ${port.serviceConnectName}:${port.serviceConnectPort ?? port.containerPort}`,
        });
      }
    }
    for (const port of definition.peerPorts ?? []) {
      allowTcp(paths, `${definition.name}-peers-${port}`, {
        fromSecurityGroupId: caller.connections.securityGroupId,
        toSecurityGroupId: caller.connections.securityGroupId,
        port,
        description: `${definition.name} tasks among themselves on ${port}`,
      });
    }
  }
}

/**
 * Carries a path's rules over from the construct paths they had before the constructs exposed Connections. AWS refuses
 * a duplicate rule, so destroying a rule and creating it again under its new address could fail an apply.
 */
function moveRules(rules: TcpPathRules, formerEgressPath: string, formerIngressPath: string): void {
  rules.egress.moveFromId(`aws_vpc_security_group_egress_rule.${logicalIdOf(formerEgressPath.split("/"))}`);
  rules.ingress.moveFromId(`aws_vpc_security_group_ingress_rule.${logicalIdOf(formerIngressPath.split("/"))}`);
}

function usesFileSystem(definition: ServiceDefinition): boolean {
  const containers = [definition.container, ...(definition.additionalContainers ?? [])];
  return containers.some((container) => (container.mounts ?? []).some((mount) => mount.source.kind === "efs"));
}
