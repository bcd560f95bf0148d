// `tat` entry point (run through bin/tat.js): dispatches to src/cli/commands/*.
import { runTat } from './run.js';

process.exitCode = await runTat(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
