#!/usr/bin/env node
// Hearth runs its TypeScript sources directly with Node 24's type stripping: no build step, so
// what an admin runs is exactly what is in src/.
import '../src/main.ts';
