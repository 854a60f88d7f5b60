#!/usr/bin/env node
// Rung 3, destroy protection: reads the output of `terraform apply -destroy` on a stack synthesized with
// `deletionProtection: true` and says whether Terraform refused it for exactly the right reason.
//
//   node destroy-refusal.js --log DESTROY.log --synth PROTECTED/cdk.tf.json --state STACK.tfstate
//
// Passes (exit 0) only when every error is "Instance cannot be destroyed" for an instance in the state whose synthesized
// block sets lifecycle.prevent_destroy (at least one), every other protected instance in the state was not reached
// because something depending on it was refused first (Terraform destroys dependents first and skips what waits on a
// failed node; the state's `dependencies` show the order), and the log shows no destroy having started. Prints one
// line saying what was refused; otherwise each problem, exit 1.
const fs = require("fs");

// Terraform colours its errors; the escape sequences are what this removes.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Addresses (type.name) of the synthesized resources that set lifecycle.prevent_destroy. */
function protectedAddresses(synth) {
  const result = [];
  for (const [type, blocks] of Object.entries(synth.resource ?? {})) {
    for (const [name, block] of Object.entries(blocks)) {
      if (block.lifecycle?.prevent_destroy === true) result.push(`${type}.${name}`);
    }
  }
  return result.sort();
}

/**
 * The managed resource instances of a state file: address as Terraform prints it (aws_x.y["k"], aws_x.y[0]) and the
 * resource addresses it depends on.
 */
function stateInstances(state) {
  const result = [];
  for (const resource of state.resources ?? []) {
    if (resource.mode !== "managed") continue;
    for (const instance of resource.instances ?? []) {
      const key = instance.index_key;
      result.push({
        address: `${resource.type}.${resource.name}${key === undefined ? "" : `[${JSON.stringify(key)}]`}`,
        resource: `${resource.type}.${resource.name}`,
        dependencies: instance.dependencies ?? [],
      });
    }
  }
  return result.sort((a, b) => a.address.localeCompare(b.address));
}

/** The errors of a Terraform run: each one's summary line and, for a prevent_destroy refusal, the resource it names. */
function terraformErrors(log) {
  const text = log.replace(ANSI, "");
  return text
    .split(/^(?:│ )?Error: /m)
    .slice(1)
    .map((chunk) => {
      const summary = chunk.split("\n")[0].trim();
      // Terraform wraps the detail at 78 columns, so whitespace between the words may be a line break.
      const named = chunk.match(/Resource\s+(\S+)\s+has\s+lifecycle\.prevent_destroy\s+set/);
      return { summary, resource: named ? named[1] : undefined };
    });
}

function judge({ log, synth, state }) {
  const protectedBlocks = new Set(protectedAddresses(synth));
  const instances = stateInstances(state);
  const expected = instances.filter((instance) => protectedBlocks.has(instance.resource)).map((instance) => instance.address);
  const errors = terraformErrors(log);
  const refused = new Set(
    errors.filter((error) => error.summary === "Instance cannot be destroyed" && error.resource).map((error) => error.resource),
  );
  const problems = [];
  if (protectedBlocks.size === 0) problems.push("the synthesized stack protects no resource with lifecycle.prevent_destroy");
  if (expected.length === 0) problems.push("no protected resource is in the state, so there was nothing to refuse");
  for (const error of errors) {
    if (error.summary !== "Instance cannot be destroyed" || !error.resource)
      problems.push(`an error other than a prevent_destroy refusal: ${error.summary}`);
  }
  for (const address of refused)
    if (!expected.includes(address)) problems.push(`${address} was refused but is not a protected instance in the state`);
  // Who must be destroyed before a resource: the instances that depend on it.
  const dependents = new Map();
  for (const instance of instances) {
    for (const dependency of instance.dependencies) dependents.set(dependency, [...(dependents.get(dependency) ?? []), instance]);
  }
  const blockedBy = (address) => {
    const seen = new Set();
    const queue = [...(dependents.get(address.replace(/\[.*\]$/, "")) ?? [])];
    while (queue.length) {
      const instance = queue.shift();
      if (seen.has(instance.address)) continue;
      seen.add(instance.address);
      if (refused.has(instance.address)) return instance.address;
      queue.push(...(dependents.get(instance.resource) ?? []));
    }
    return undefined;
  };
  const unreached = [];
  for (const address of expected) {
    if (refused.has(address)) continue;
    const blocker = blockedBy(address);
    if (blocker) unreached.push(address);
    else
      problems.push(
        `${address} is protected and in the state, but Terraform did not refuse to destroy it (and nothing depending on it was refused)`,
      );
  }
  if (/: Destroying\.\.\.|Destruction complete|Destroy complete!/.test(log)) problems.push("the log shows resources being destroyed");
  const types = [...new Set(expected.map((address) => address.split(".")[0]))].sort();
  return { ok: problems.length === 0, problems, refused: [...refused].sort(), unreached, expected, types };
}

function main(argv) {
  const options = {};
  for (let index = 0; index < argv.length; index += 2) options[argv[index].replace(/^--/, "")] = argv[index + 1];
  if (!options.log || !options.synth || !options.state) {
    console.error("usage: destroy-refusal.js --log DESTROY.log --synth PROTECTED/cdk.tf.json --state STACK.tfstate");
    return 2;
  }
  const result = judge({
    log: fs.readFileSync(options.log, "utf8"),
    synth: JSON.parse(fs.readFileSync(options.synth, "utf8")),
    state: JSON.parse(fs.readFileSync(options.state, "utf8")),
  });
  if (!result.ok) {
    for (const problem of result.problems) console.error(`  FAIL ${problem}`);
    return 1;
  }
  const waiting = result.unreached.length
    ? `; ${result.unreached.length} more wait on a refused dependent (${result.unreached.join(", ")})`
    : "";
  console.log(
    `  destroy refused before deleting anything: prevent_destroy on ${
      result.refused.length
    } protected instances${waiting}; kinds: ${result.types.join(", ")}`,
  );
  return 0;
}

module.exports = { judge, protectedAddresses, stateInstances, terraformErrors };

if (require.main === module) process.exit(main(process.argv.slice(2)));
