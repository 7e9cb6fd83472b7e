export * from './admin.ts';
export * from './earn.ts';
export * from './rng.ts';
export * from './rules.ts';
export * from './scope.ts';
export * from './sources.ts';
export * from './streak.ts';
