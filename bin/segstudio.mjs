#!/usr/bin/env node
// Runs the CLI from its TypeScript source through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/main.ts');
