#!/usr/bin/env node
// Emulator-side steps of scripts/e2e/ops-check.sh that the ops CLI must not do itself (AWS does them on its own):
//   settle <cluster> <service>...        moto counts tasks as running only after UpdateService sets a desired count
//   log <cluster> <service> <message>    write one event to the service's log group, named in its task definition
//                                        (moto runs no containers, so nothing else writes there)
//   bad-revision <cluster> <service>     register a copy of the service's task definition with another image tag,
//                                        deploy it and deregister the one it replaces, as `cdktf deploy` of a broken
//                                        release would; prints the new revision
//   image <cluster> <service>            print the image of the service's first container
//   revision <cluster> <service>         print the service's task definition as family:revision
// Talks to AWS_ENDPOINT_URL with the SDK clients the CLI uses.
const ecs = require("@aws-sdk/client-ecs");
const logs = require("@aws-sdk/client-cloudwatch-logs");

// Rung 3 exports AWS_DEFAULT_REGION, which the JavaScript SDK does not read by itself.
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;

async function main([command, ...args]) {
  const client = new ecs.ECSClient({ region });
  const describe = async (cluster, service) =>
    (await client.send(new ecs.DescribeServicesCommand({ cluster, services: [service] }))).services[0];
  switch (command) {
    case "settle": {
      const [cluster, ...services] = args;
      for (const service of services) {
        const current = await describe(cluster, service);
        await client.send(new ecs.UpdateServiceCommand({ cluster, service, desiredCount: current.desiredCount }));
      }
      return;
    }
    case "log": {
      const [cluster, service, message] = args;
      const current = await describe(cluster, service);
      const { taskDefinition } = await client.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: current.taskDefinition }));
      const group = taskDefinition.containerDefinitions[0].logConfiguration.options["awslogs-group"];
      const logsClient = new logs.CloudWatchLogsClient({ region });
      const stream = "ops-check/main/0123456789abcdef";
      await logsClient.send(new logs.CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })).catch((error) => {
        if (error.name !== "ResourceAlreadyExistsException") throw error;
      });
      await logsClient.send(
        new logs.PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: Date.now(), message }] }),
      );
      return;
    }
    case "bad-revision": {
      const [cluster, service] = args;
      const current = await describe(cluster, service);
      const { taskDefinition } = await client.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: current.taskDefinition }));
      const containerDefinitions = taskDefinition.containerDefinitions.map((container, index) =>
        index === 0 ? { ...container, image: `${container.image.replace(/:[^:/]*$/, "")}:broken-release` } : container,
      );
      const registered = await client.send(
        new ecs.RegisterTaskDefinitionCommand({
          family: taskDefinition.family,
          taskRoleArn: taskDefinition.taskRoleArn,
          executionRoleArn: taskDefinition.executionRoleArn,
          networkMode: taskDefinition.networkMode,
          requiresCompatibilities: taskDefinition.requiresCompatibilities,
          cpu: taskDefinition.cpu,
          memory: taskDefinition.memory,
          volumes: taskDefinition.volumes,
          containerDefinitions,
        }),
      );
      await client.send(new ecs.UpdateServiceCommand({ cluster, service, taskDefinition: registered.taskDefinition.taskDefinitionArn }));
      await client.send(new ecs.DeregisterTaskDefinitionCommand({ taskDefinition: current.taskDefinition }));
      console.log(`${registered.taskDefinition.family}:${registered.taskDefinition.revision}`);
      return;
    }
    case "revision": {
      const [cluster, service] = args;
      const current = await describe(cluster, service);
      console.log(current.taskDefinition.split("/").pop());
      return;
    }
    case "image": {
      const [cluster, service] = args;
      const current = await describe(cluster, service);
      const { taskDefinition } = await client.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: current.taskDefinition }));
      console.log(taskDefinition.containerDefinitions[0].image);
      return;
    }
    default:
      throw new Error(`unknown command ${command}: settle, log, bad-revision, revision, image`);
  }
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
main(process.argv.slice(2)).catch((error) => {
  console.error(`ops-emulator: ${error.name}: ${error.message}`);
  process.exit(1);
});
