export * from './stage.ts';
export * from './voice.ts';
export * from './voice-spans.ts';
