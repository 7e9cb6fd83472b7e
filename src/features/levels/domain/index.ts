export * from './cursor.ts';
export * from './curve.ts';
export * from './progress.ts';
export * from './roles.ts';
export * from './settings.ts';
export * from './table.ts';
export * from './titles.ts';
