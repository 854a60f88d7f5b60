// One directory per jest run for the configurations __tests__/support.ts has synthesized (SYNTH_CACHE_ENV_VAR there),
// so test files and workers share them; global-teardown.js removes it.
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async () => {
  process.env.MCP_GATEWAY_TEST_SYNTH_CACHE = mkdtempSync(join(tmpdir(), "mcp-gateway-test-synth-"));
};
