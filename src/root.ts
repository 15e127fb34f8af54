// Where the project's non-code assets (views, public, migrations, seeds) live, for src/ and dist/ alike.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fromRoot = (...parts: string[]): string => path.join(projectRoot, ...parts);
