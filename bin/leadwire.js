#!/usr/bin/env node
// `leadwire`. Which code it runs has one rule: in a checkout (src/ sits next to this folder) the
// TypeScript sources through tsx, a devDependency, so an edit is live without a build; an
// installed package ships no src/ and runs the compiled dist/cli/main.js with plain Node.
// To run the compiled CLI in a checkout: npm run build && node dist/cli/main.js ...
import { existsSync } from 'node:fs';

if (existsSync(new URL('../src/cli/main.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  await import('../dist/cli/main.js');
}
