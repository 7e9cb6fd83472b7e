export * from './catalog.ts';
export * from './evaluate.ts';
export * from './stats.ts';
