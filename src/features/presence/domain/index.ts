export * from './client.ts';
export * from './stage.ts';
export * from './stats.ts';
export * from './voice.ts';
export * from './voice-spans.ts';
