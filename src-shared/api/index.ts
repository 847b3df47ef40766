export * from './types';
export * from './methods';
export type { ApiClient, PreloadBridge } from './client';
