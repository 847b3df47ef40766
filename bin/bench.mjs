#!/usr/bin/env node
// npm run bench -- <name> [options]: runs bench/<name>.ts from source through tsx.
import { existsSync, readdirSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(new URL('../bench/', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.includes('.test.')).map((f) => f.slice(0, -3));
if (!name || !existsSync(new URL(`../bench/${name}.ts`, import.meta.url))) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(2);
}
register();
process.argv = [process.argv[0], `bench/${name}.ts`, ...rest];
await import(`../bench/${name}.ts`);
