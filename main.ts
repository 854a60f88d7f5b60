import { runApp } from "./src/cli/app-command";
import { dropCdktfIsArrayDeprecation } from "./src/stacks/cdktf-warnings";

// The app as cdktf, `npm run synth` and the checks before deploy start it: src/cli/app-command.ts tells the three
// apart; src/stacks/deployment.ts composes the stacks.
dropCdktfIsArrayDeprecation();
process.exitCode = runApp(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
