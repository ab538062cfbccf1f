/**
 * The live view's script (bundled by `npm run build` into the live page,
 * after the report's own script): listens to the server's events; a new
 * reporting period reloads the page (the server renders it with the report's
 * own code, so the live view and report.html look the same); the end of the
 * run turns the banner into the verdict and the path of report.html. The
 * banner's figures come from the same snapshot as GET /live.json.
 */
import { LIVE_EVENTS, LIVE_PATHS, type LiveState } from '../live-protocol';

function banner(): HTMLElement | null {
  return document.getElementById('live-banner');
}

function shownPeriods(): number {
  return Number(banner()?.dataset.periods ?? '0');
}

function showFinal(state: LiveState): void {
  const el = banner();
  const final = state.final;
  if (!el || !final) return;
  el.dataset.state = 'final';
  el.dataset.exitCode = String(final.exitCode);
  const report = final.reportPath ? ` · report: ${final.reportPath}` : '';
  const title = el.querySelector('[data-live="title"]');
  if (title) title.textContent = `Run ended: ${final.result} (exit code ${final.exitCode})${report}`;
  const verdict = el.querySelector('[data-live="verdict"]');
  if (verdict) verdict.textContent = final.verdictText;
}

function showEnded(): void {
  const el = banner();
  if (!el || el.dataset.state === 'final') return;
  el.dataset.state = 'ended';
  const title = el.querySelector('[data-live="title"]');
  if (title) title.textContent = 'The run has ended (the live server stopped): see the terminal for the verdict.';
}

function start(): void {
  if (typeof EventSource === 'undefined') return;
  const events = new EventSource(LIVE_PATHS.events);
  events.addEventListener(LIVE_EVENTS.period, (event) => {
    const state = JSON.parse((event as MessageEvent<string>).data) as LiveState;
    if (state.periods !== shownPeriods()) window.location.reload();
  });
  events.addEventListener(LIVE_EVENTS.final, (event) => {
    showFinal(JSON.parse((event as MessageEvent<string>).data) as LiveState);
    events.close();
  });
  events.onerror = () => {
    if (events.readyState === EventSource.CLOSED) showEnded();
  };
}

start();
