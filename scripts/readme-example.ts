/**
 * Puts the Markdown that berth renders for the bundled example into README.md,
 * between the example-comment markers, so the README always shows what the
 * example really prints. `npm run readme` runs it; a test checks it is current.
 */

import { readFile, writeFile } from 'node:fs/promises';
import { exampleComment, README, withExample } from '../tools/readme-example.ts';

const readme = await readFile(README, 'utf8');
await writeFile(README, withExample(readme, await exampleComment()));
console.log('README.md: example comment updated');
