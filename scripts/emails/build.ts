import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileEmailTemplates, GENERATED_FILE } from './compile-templates';

/** `npm run emails:build`: compile the MJML templates into the module the Lambdas import. */
const root = join(import.meta.dirname, '..', '..');
const target = join(root, GENERATED_FILE);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, await compileEmailTemplates(root));
console.log(`wrote ${GENERATED_FILE}`);
