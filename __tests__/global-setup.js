// One directory per jest run for the configurations __tests__/support.ts has synthesized (SYNTH_CACHE_ENV_VAR there),
// so test files and workers share them; global-teardown.js removes it.
// And the output of the `terraform version` cdktf runs to check the version, once for the run (see __tests__/setup.ts);
// when the command fails nothing is recorded, and cdktf runs it itself and reports the failure.
const { execSync } = require("node:child_process");
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async () => {
  process.env.MCP_GATEWAY_TEST_SYNTH_CACHE = mkdtempSync(join(tmpdir(), "mcp-gateway-test-synth-"));
  const command = `${process.env.TERRAFORM_BINARY_NAME || "terraform"} version`;
  try {
    const output = execSync(command, { stdio: "pipe" }).toString();
    process.env.MCP_GATEWAY_TEST_TERRAFORM_VERSION = JSON.stringify({ command, path: process.env.PATH, output });
  } catch {
    delete process.env.MCP_GATEWAY_TEST_TERRAFORM_VERSION;
  }
};
