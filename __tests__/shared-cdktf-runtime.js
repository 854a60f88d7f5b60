// jest gives every test file a module registry of its own, so each of the 64 files loaded cdktf, constructs and the
// provider bindings again (11 MB of provider code for the app) and ran cdktf's synthesis with cold, unoptimised code:
// most of the suite's CPU. This runtime loads those packages with Node's own require, once per jest process, and
// every other module (the project's, yaml, zod, the test files) per file as before.
//
// What makes that safe: those packages hold no state between calls but cdktf's token map, which a process keeps for
// its whole life in production too (one map, cached by cdktf's modules, so it cannot be reset per file). A token's
// key numbers only grow, so the guard below makes any test file that resolves a token an earlier file created fail,
// naming both: no test can see another file's constructs through the shared packages.
const Runtime = require("jest-runtime").default;

const SHARED_PACKAGE = /[\\/]node_modules[\\/](cdktf|constructs|@cdktf[\\/]provider-[a-z]+)[\\/]/;

// cdktf's index first: its private modules require each other in that order.
require("cdktf");
const tokenMap = require("cdktf/lib/tokens/private/token-map").TokenMap.instance();

let currentTestFile;
let firstTokenOfFile = 0;
const testFileOfFirstToken = new Map();

function earlierFile(counter) {
  let owner;
  for (const [first, file] of testFileOfFirstToken) if (first <= counter) owner = file;
  return owner;
}

// Every lookup of a token, in a string, a list, a number or a map, reads one of the token map's two maps; string keys
// end in the token's number.
function refuseEarlierTokens(map, counterOf) {
  map.get = (key) => {
    const counter = counterOf(key);
    if (counter < firstTokenOfFile) {
      throw new Error(
        `token ${key} was created by ${earlierFile(counter) ?? "an earlier test file"} and resolved in ${currentTestFile}: ` +
          "test files share cdktf (__tests__/shared-cdktf-runtime.js), so a construct or token kept across files (a module " +
          "cache, a global) leaks into other files; keep it inside the test file",
      );
    }
    return Map.prototype.get.call(map, key);
  };
}
refuseEarlierTokens(tokenMap.stringTokenMap, (key) => Number(key.slice(key.lastIndexOf(".") + 1)));
refuseEarlierTokens(tokenMap.numberTokenMap, (counter) => counter);

class SharedCdktfRuntime extends Runtime {
  constructor(config, environment, resolver, transformer, cacheFS, coverageOptions, testPath, ...rest) {
    super(config, environment, resolver, transformer, cacheFS, coverageOptions, testPath, ...rest);
    currentTestFile = testPath;
    firstTokenOfFile = tokenMap.tokenCounter;
    testFileOfFirstToken.set(firstTokenOfFile, testPath);
  }

  requireModuleOrMock(from, moduleName) {
    if (!this._resolver.isCoreModule(moduleName)) {
      let path;
      try {
        path = this._resolveCjsModule(from, moduleName);
      } catch {
        // jest's own resolution below reports the module that is missing.
      }
      if (path && SHARED_PACKAGE.test(path)) return require(path);
    }
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedCdktfRuntime;
