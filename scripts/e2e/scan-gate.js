#!/usr/bin/env node
// Rung 4 gate: reads trivy and checkov JSON reports, matches each finding against security/suppressions.yaml, and
// fails on any finding that is not suppressed there with a justification.
//
//   node scripts/e2e/scan-gate.js --suppressions security/suppressions.yaml \
//     --report trivy:app:trivy-app.json:cdktf.out/stacks/app/cdk.tf.json \
//     --report checkov:app:checkov-app.json:cdktf.out/stacks/app/cdk.tf.json ...
"use strict";
const { readFileSync } = require("node:fs");
const { parse: parseYaml, stringify: stringifyYaml } = require("yaml");

const TOOLS = ["trivy", "checkov"];

function parseArguments(argv) {
  const options = { suppressions: undefined, reports: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const value = argv[index + 1];
    if (argv[index] === "--suppressions") options.suppressions = value;
    else if (argv[index] === "--report") {
      const [tool, stack, report, source] = value.split(":");
      if (!TOOLS.includes(tool) || !stack || !report || !source)
        throw new Error(`bad --report ${value}; use tool:stack:report.json:cdk.tf.json`);
      options.reports.push({ tool, stack, report, source });
    } else throw new Error(`unknown argument ${argv[index]}`);
    index += 1;
  }
  if (!options.suppressions || options.reports.length === 0) throw new Error("need --suppressions and at least one --report");
  return options;
}

/**
 * The Terraform address (`type.name`, data sources `data.type.name`) of the block that contains a line of a
 * pretty-printed cdk.tf.json, found by walking up the indentation (cdktf writes two spaces per level).
 */
function addressAtLine(sourceLines, lineNumber) {
  const keys = [];
  let indent = Infinity;
  for (let index = lineNumber - 1; index >= 0 && indent > 0; index -= 1) {
    const match = /^( *)"([^"]+)": [{[]/.exec(sourceLines[index]);
    if (!match || match[1].length >= indent) continue;
    indent = match[1].length;
    keys.unshift(match[2]);
  }
  const [section, type, name] = keys;
  if (section === "resource" && type && name) return `${type}.${name}`;
  if (section === "data" && type && name) return `data.${type}.${name}`;
  return keys.slice(0, 2).join(".") || "(stack)";
}

/** A complete Terraform address: `type.name` or `data.type.name`. */
function isAddress(candidate) {
  return typeof candidate === "string" && /^(data\.[a-z0-9_]+|(?!data\.|resource\.)[a-z0-9_]+)\.[A-Za-z0-9_-]+$/.test(candidate);
}

function trivyFindings(report, sourceLines) {
  const findings = [];
  for (const result of report.Results ?? []) {
    for (const item of result.Misconfigurations ?? []) {
      if (item.Status !== "FAIL") continue;
      const line = item.CauseMetadata?.StartLine;
      const resource = item.CauseMetadata?.Resource;
      findings.push({
        check: item.ID,
        resource: isAddress(resource) ? resource : line ? addressAtLine(sourceLines, line) : "(stack)",
        title: `${item.Severity}: ${item.Title}`,
      });
    }
  }
  return findings;
}

function checkovFindings(report, sourceLines) {
  // checkov writes one object per framework, or a list of them when several ran.
  const runs = Array.isArray(report) ? report : [report];
  const findings = [];
  for (const run of runs) {
    for (const item of run.results?.failed_checks ?? []) {
      // The terraform_json framework names resource checks `resource.<name>`, without the type: recover it from the line.
      findings.push({
        check: item.check_id,
        resource: isAddress(item.resource) ? item.resource : addressAtLine(sourceLines, item.file_line_range[0]),
        title: item.check_name,
      });
    }
    if ((run.summary?.parsing_errors ?? 0) > 0) {
      findings.push({ check: "PARSE", resource: "(stack)", title: "checkov could not parse the stack; nothing was checked" });
    }
  }
  return findings;
}

/** suppressions.yaml: tool -> check ID -> resource address (or "*") -> one-line justification. */
function loadSuppressions(path) {
  const data = parseYaml(readFileSync(path, "utf8")) ?? {};
  const entries = [];
  for (const [tool, checks] of Object.entries(data)) {
    if (!TOOLS.includes(tool)) throw new Error(`${path}: unknown tool "${tool}"; use ${TOOLS.join(" or ")}`);
    for (const [check, resources] of Object.entries(checks ?? {})) {
      for (const [resource, reason] of Object.entries(resources ?? {})) {
        if (typeof reason !== "string" || reason.trim().length < 20) {
          throw new Error(`${path}: ${tool}.${check}.${resource} needs a one-line justification (at least 20 characters)`);
        }
        entries.push({ tool, check, resource, reason, used: false });
      }
    }
  }
  return entries;
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const suppressions = loadSuppressions(options.suppressions);
  const open = [];
  let suppressedCount = 0;
  for (const { tool, stack, report, source } of options.reports) {
    const parsed = JSON.parse(readFileSync(report, "utf8"));
    const sourceLines = readFileSync(source, "utf8").split("\n");
    const findings = tool === "trivy" ? trivyFindings(parsed, sourceLines) : checkovFindings(parsed, sourceLines);
    for (const finding of findings) {
      const match = suppressions.find(
        (entry) => entry.tool === tool && entry.check === finding.check && (entry.resource === finding.resource || entry.resource === "*"),
      );
      const line = `${tool} ${finding.check} ${stack} ${finding.resource}: ${finding.title}`;
      if (match) {
        match.used = true;
        suppressedCount += 1;
        console.log(`  suppressed ${line}\n             because ${match.reason}`);
      } else {
        open.push({ tool, line, finding });
      }
    }
  }
  for (const entry of suppressions.filter((candidate) => !candidate.used)) {
    console.log(`  stale suppression (matched nothing; remove it): ${entry.tool} ${entry.check} ${entry.resource}`);
  }
  for (const { line } of open) console.log(`  FINDING ${line}`);
  console.log(`scanners: ${open.length} open finding(s), ${suppressedCount} suppressed`);
  if (open.length > 0) {
    console.log(`Fix them in the constructs, or, if the risk is accepted, add to ${options.suppressions}:`);
    const snippet = {};
    for (const { tool, finding } of open) {
      ((snippet[tool] ??= {})[finding.check] ??= {})[finding.resource] = "<one line: why this is acceptable>";
    }
    console.log(stringifyYaml(snippet).trimEnd());
    process.exit(1);
  }
}

module.exports = { isAddress, addressAtLine, trivyFindings, checkovFindings, loadSuppressions };
if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(`scan-gate: ${error.message}`);
    process.exit(2);
  }
}
