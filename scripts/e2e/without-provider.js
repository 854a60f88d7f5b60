#!/usr/bin/env node
// Rung 1a: removes one provider from a synthesized stack (cdk.tf.json, rewritten in place) so that everything else can
// be validated where that provider cannot be installed. Removed: the provider's configuration, its required_providers
// entry, its resources, data sources and ephemeral resources, and the `depends_on` and `replace_triggered_by` entries
// pointing at them (orderings and triggers, not values), and the `terraform_data` steps whose values name a removed
// block (steps that act on the provider's objects through its API, such as setting a Keycloak user's password). Any
// other reference to a removed block stays, so `terraform validate` fails on it rather than the rung quietly covering
// less (a unit test proves none is left today).
// Prints one JSON line: what was removed and what remains, per block kind.
//
//   node scripts/e2e/without-provider.js STACK_DIR/cdk.tf.json keycloak
"use strict";
const fs = require("fs");

const [file, provider] = process.argv.slice(2);
if (!file || !provider) {
  console.error("usage: without-provider.js CDK_TF_JSON PROVIDER_NAME");
  process.exit(2);
}
const stack = JSON.parse(fs.readFileSync(file, "utf8"));
const prefix = `${provider}_`;
const KINDS = { resource: "", data: "data.", ephemeral: "ephemeral." };

const removed = new Set();
const summary = { removed: {}, kept: {}, dependentStepsRemoved: 0, dependsOnEdgesRemoved: 0, replaceTriggersRemoved: 0 };
for (const [kind, addressPrefix] of Object.entries(KINDS)) {
  for (const type of Object.keys(stack[kind] ?? {})) {
    const names = Object.keys(stack[kind][type]);
    const bucket = type.startsWith(prefix) ? summary.removed : summary.kept;
    bucket[kind] = (bucket[kind] ?? 0) + names.length;
    if (!type.startsWith(prefix)) continue;
    for (const name of names) removed.add(`${addressPrefix}${type}.${name}`);
    delete stack[kind][type];
  }
  if (stack[kind] && Object.keys(stack[kind]).length === 0) delete stack[kind];
}
delete stack.provider?.[provider];
delete stack.terraform?.required_providers?.[provider];

// "type.name", "type.name.attribute" or "${type.name...}" names a removed block when its first two parts do.
const namesRemoved = (reference) => {
  const parts = reference.replace(/^\$\{(.*)\}$/, "$1").split(".");
  const length = parts[0] === "data" || parts[0] === "ephemeral" ? 3 : 2;
  return removed.has(parts.slice(0, length).join("."));
};
// Drops the entries of list `key` of `holder` that name removed blocks; returns how many it dropped.
const dropReferences = (holder, key) => {
  if (!holder || !Array.isArray(holder[key])) return 0;
  const kept = holder[key].filter((reference) => !namesRemoved(reference));
  const dropped = holder[key].length - kept.length;
  if (kept.length > 0) holder[key] = kept;
  else delete holder[key];
  return dropped;
};
// terraform_data steps whose configuration names a removed block, until none is left (a step may follow another).
const namesAnyRemoved = (body) =>
  (JSON.stringify(body).match(/\$\{[^}]*\}/g) ?? []).some((expression) =>
    (expression.match(/(?:data\.|ephemeral\.)?[a-z0-9_]+\.[a-z0-9_]+/g) ?? []).some((reference) => removed.has(reference)),
  );
for (let changed = true; changed;) {
  changed = false;
  for (const [name, body] of Object.entries(stack.resource?.terraform_data ?? {})) {
    if (!namesAnyRemoved({ ...body, depends_on: undefined, lifecycle: undefined })) continue;
    removed.add(`terraform_data.${name}`);
    delete stack.resource.terraform_data[name];
    summary.dependentStepsRemoved += 1;
    summary.kept.resource -= 1;
    changed = true;
  }
}
if (stack.resource?.terraform_data && Object.keys(stack.resource.terraform_data).length === 0) delete stack.resource.terraform_data;

for (const kind of [...Object.keys(KINDS), "module", "output"]) {
  for (const blocks of Object.values(stack[kind] ?? {})) {
    for (const body of kind === "output" || kind === "module" ? [blocks] : Object.values(blocks)) {
      summary.dependsOnEdgesRemoved += dropReferences(body, "depends_on");
      summary.replaceTriggersRemoved += dropReferences(body.lifecycle, "replace_triggered_by");
      if (body.lifecycle && Object.keys(body.lifecycle).length === 0) delete body.lifecycle;
    }
  }
}
fs.writeFileSync(file, JSON.stringify(stack, null, 2));
console.log(JSON.stringify(summary));
