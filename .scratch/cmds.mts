import { bashCommands } from '../test/helpers/doc-blocks.ts';
for (const p of ['README.md', 'docs/usage.md', 'docs/operating.md']) for (const c of bashCommands(p)) console.log(`${p}:${c.line}: ${c.command}`);
