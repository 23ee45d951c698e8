#!/usr/bin/env node
/** The developer CLI: `npm run index | ask | eval | sources -- [options]`. Every command has --help. */
import { createProgram } from './program.js';

await createProgram().parseAsync();
