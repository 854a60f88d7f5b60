const { rmSync } = require("node:fs");

module.exports = async () => {
  const directory = process.env.MCP_GATEWAY_TEST_SYNTH_CACHE;
  if (directory) rmSync(directory, { recursive: true, force: true });
};
