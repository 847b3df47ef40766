import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { Run } from '../../../src-shared/api';

vi.mock('../../api', () => ({ api: { call: vi.fn(), subscribe: () => () => {} } }));
const { RunsTable } = await import('./RunsTable');

const failed = {
  id: 4, name: 'deeplab on empty', arch: 'deeplabv3plus', preset: 'cpu-demo', engine: 'cpu', device: 'cpu', status: 'failed',
  error: 'out of memory while allocating the ASPP features', epochsDone: 0, bestMiou: null, tags: [], note: '',
  createdAt: '2026-12-05T03:00:00Z', startedAt: '2026-12-05T03:00:01Z', finishedAt: '2026-12-05T03:00:05Z', config: { epochs: 2 },
} as unknown as Run;

describe('RunsTable', () => {
  it('shows a failed run\'s error in its row, not only as a tooltip', () => {
    const html = renderToStaticMarkup(<RunsTable runs={[failed]} now={Date.parse('2026-12-05T04:00:00Z')} />);
    expect(html).toMatch(/data-testid="run-error"[^>]*>out of memory while allocating the ASPP features</);
  });

  it('offers each run\'s page from its name', () => {
    const html = renderToStaticMarkup(<RunsTable runs={[failed]} now={0} />);
    expect(html).toMatch(/<button class="run-name link-text" title="Open run 4">deeplab on empty<\/button>/);
  });
});
