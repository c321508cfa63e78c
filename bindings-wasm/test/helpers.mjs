// Shared by the node:test suites: paths into the repository and the inverse of camelize.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** camelCase field names back to the JSON API's snake_case (`utf16Start` -> `utf16_start`). */
export function snakeize(value, idKeyed = false) {
  if (Array.isArray(value)) return value.map((v) => snakeize(v));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    out[idKeyed ? k : k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = snakeize(v, !idKeyed && k === 'sources');
  }
  return out;
}
