// Child process of test/main.test.ts: installs the process guards, then lets a rejection and an
// exception go unhandled; it must still be running afterwards to print "still serving".
import { createLogger } from '../src/logger.js';
import { installProcessGuards } from '../src/process-guards.js';

installProcessGuards(createLogger('info'));
void Promise.reject(new Error('a stray rejection'));
setTimeout(() => {
  throw new TypeError("Cannot read properties of null (reading 'ssl_check')");
}, 10);
setTimeout(() => {
  process.stdout.write('still serving\n');
  process.exit(0);
}, 200);
