import { useRunsPage } from '../views/runs/runs-page-state';
import { useDataset, type FrameFilters } from './dataset';
import { useNav } from './nav';
import { formatPlace, HOME_PLACE, isNewHistoryEntry, parsePlace, withoutToken, type UrlPlace } from './url-state';

/** The place the stores show now. */
export function currentPlace(): UrlPlace {
  const { view, run } = useNav.getState();
  const { dataset, selectedId, filters } = useDataset.getState();
  return { view, dataset: dataset?.root ?? null, frame: selectedId, filters, run, compare: useRunsPage.getState().compared };
}

/**
 * Keeps the URL's hash and the stores in step: a store change writes the hash (a new history entry for a
 * new view, dataset, run or comparison; a replaced one for a frame step or a filter), and a hash the user
 * enters or reaches with back/forward is applied to the stores. Returns the place the page was opened at.
 */
export function followUrl(): { opened: UrlPlace; stop(): void } {
  // Shared links must not carry the token; the host has set it as a cookie by now, and the client kept it for this tab.
  const clean = withoutToken(window.location.href);
  if (clean !== window.location.href) window.history.replaceState(window.history.state, '', clean);

  const opened = parsePlace(window.location.hash);
  let shown = currentPlace();
  // While a link's dataset opens, the stores pass through places the link did not name.
  let pendingOpens = 0;

  const write = () => {
    if (pendingOpens > 0) return;
    const place = currentPlace();
    const hash = formatPlace(place);
    if (hash !== window.location.hash) {
      if (isNewHistoryEntry(shown, place)) window.history.pushState(null, '', hash);
      else window.history.replaceState(window.history.state, '', hash);
    }
    shown = place;
  };

  /** Waits for `work`, writing nothing until it is done. */
  const quietly = (work: () => Promise<void> | void) => {
    pendingOpens++;
    const finish = () => {
      pendingOpens--;
      write();
    };
    const result = work();
    if (result) void result.finally(finish);
    else finish();
  };

  const apply = (place: UrlPlace) => quietly(() => {
    const nav = useNav.getState();
    if (nav.view !== place.view || nav.run !== place.run) useNav.setState({ view: place.view, run: place.run });
    const page = useRunsPage.getState();
    if (page.compared.join(',') !== place.compare.join(',')) useRunsPage.setState({ compared: [...place.compare], selected: [...place.compare] });
    if (!place.dataset) return;
    const data = useDataset.getState();
    if (!data.dataset || !isSameFolder(data.dataset.root, place.dataset)) {
      return data.openDataset(place.dataset, { filters: place.filters, frameId: place.frame });
    }
    if (!sameFilters(data.filters, place.filters)) {
      return data.setFilters(place.filters).then(() => {
        if (place.frame) useDataset.getState().select(place.frame);
      });
    }
    if (place.frame && data.selectedId !== place.frame) data.select(place.frame);
  });

  apply(opened);
  write();
  const offStores = [useNav.subscribe(write), useDataset.subscribe(write), useRunsPage.subscribe(write)];
  const onNavigate = () => {
    const place = parsePlace(window.location.hash);
    shown = place;
    apply(place);
  };
  window.addEventListener('popstate', onNavigate);
  window.addEventListener('hashchange', onNavigate);
  return {
    opened,
    stop() {
      offStores.forEach((off) => off());
      window.removeEventListener('popstate', onNavigate);
      window.removeEventListener('hashchange', onNavigate);
    },
  };
}

function sameFilters(a: FrameFilters, b: FrameFilters): boolean {
  return formatPlace({ ...HOME_PLACE, filters: a }) === formatPlace({ ...HOME_PLACE, filters: b });
}

export function isSameFolder(a: string, b: string): boolean {
  return a.replace(/[\\/]+$/, '') === b.replace(/[\\/]+$/, '');
}
