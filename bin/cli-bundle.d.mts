export function cliBundleState(root: string): 'fresh' | 'missing' | 'stale';
