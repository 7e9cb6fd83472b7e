export * from './assign.ts';
export * from './catalog.ts';
export * from './period.ts';
export * from './progress.ts';
export * from './state.ts';
export * from './stats.ts';
