export * from './types';
export * from './methods';
export type { ApiClient, PreloadBridge } from './client';
export * from './runs';
export * from './training';
export * from './events';
export * from './inference';
export * from './jobs';
