import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ./lifeline.config.json when there is one, else the example config shipped with Lifeline. */
export function defaultConfigPath(): string {
  if (existsSync('lifeline.config.json')) return 'lifeline.config.json';
  return fileURLToPath(new URL('../../lifeline.config.json', import.meta.url));
}
