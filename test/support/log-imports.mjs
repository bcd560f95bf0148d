// `node --import ./test/support/log-imports.mjs …`: appends the URL of every module the process loads
// to the file named by IMPORT_LOG, so a test can check what a command did not load.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';

const log = process.env.IMPORT_LOG;
if (log) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
      return resolved;
    }`;
  appendFileSync(log, '');
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}
