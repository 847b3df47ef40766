import { QA_STATUSES, type QaStatus } from '../../src-shared/api';
import type { FrameFilters } from './dataset';
import { VIEWS, type ViewName } from './nav';

/**
 * Where the studio is, as the URL's hash carries it: `#/qa?dataset=…&frame=…&split=…`, `#/runs?run=4&compare=2,3`.
 * The hash holds no token: the token arrives once as `?token=` and the host keeps it as a cookie.
 */
export interface UrlPlace {
  readonly view: ViewName;
  /** The dataset's root folder. */
  readonly dataset: string | null;
  readonly frame: string | null;
  readonly filters: FrameFilters;
  /** The run the Train view watches, or whose page the Runs view shows. */
  readonly run: number | null;
  /** The runs compared, baseline first. */
  readonly compare: readonly number[];
}

const STATUSES: ReadonlyArray<QaStatus | 'unmarked'> = [...QA_STATUSES, 'unmarked'];

export const HOME_PLACE: UrlPlace = { view: 'qa', dataset: null, frame: null, filters: { search: '' }, run: null, compare: [] };

/** The hash (with its `#`) for `place`; parameters with default values are left out. */
export function formatPlace(place: UrlPlace): string {
  const query = new URLSearchParams();
  if (place.dataset) query.set('dataset', place.dataset);
  if (place.frame) query.set('frame', place.frame);
  if (place.filters.split) query.set('split', place.filters.split);
  if (place.filters.city) query.set('city', place.filters.city);
  if (place.filters.search) query.set('q', place.filters.search);
  if (place.filters.status) query.set('status', place.filters.status);
  if (place.run !== null) query.set('run', String(place.run));
  if (place.compare.length > 0) query.set('compare', place.compare.join(','));
  const text = query.toString();
  return `#/${place.view}${text ? `?${text}` : ''}`;
}

/** The place a hash names; anything unknown or malformed falls back to its default, so a mangled link still opens. */
export function parsePlace(hash: string): UrlPlace {
  const body = hash.replace(/^#\/?/, '');
  const mark = body.indexOf('?');
  const viewName = mark < 0 ? body : body.slice(0, mark);
  const query = new URLSearchParams(mark < 0 ? '' : body.slice(mark + 1));
  const view = (VIEWS as readonly string[]).includes(viewName) ? (viewName as ViewName) : 'qa';
  const status = query.get('status');
  const filters: FrameFilters = {
    search: query.get('q') ?? '',
    ...(query.get('split') ? { split: query.get('split')! } : {}),
    ...(query.get('city') ? { city: query.get('city')! } : {}),
    ...(status && (STATUSES as readonly string[]).includes(status) ? { status: status as QaStatus | 'unmarked' } : {}),
  };
  return {
    view,
    dataset: query.get('dataset') || null,
    frame: query.get('frame') || null,
    filters,
    run: runId(query.get('run')),
    compare: [...new Set((query.get('compare') ?? '').split(',').map(runId).filter((id): id is number => id !== null))],
  };
}

/** Whether moving from `from` to `to` deserves its own history entry: a frame step or a typed filter replaces the current one. */
export function isNewHistoryEntry(from: UrlPlace, to: UrlPlace): boolean {
  const isOtherDataset = from.dataset !== null && from.dataset !== to.dataset;
  return from.view !== to.view || isOtherDataset || from.run !== to.run || from.compare.join(',') !== to.compare.join(',');
}

/** The address bar's URL without the one-time `?token=`, keeping the path and hash. */
export function withoutToken(href: string): string {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return href;
  url.searchParams.delete('token');
  return url.toString();
}

function runId(text: string | null): number | null {
  if (!text || !/^\d+$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
