// Health and metrics: the hub's own report (GET /health: database, realtime connections, replication
// lag), run success rate per agent (the agent_success_rates view) and completions/failures over time.
import { h, replaceChildren, empty } from '../dom.js';
import { bytes, clock, duration, percent } from '../format.js';
import { completionChart } from '../chart.js';

const POLL_MS = 5000;

export function healthView({ store, config }) {
  const report = h('div', { class: 'health-grid', id: 'health' }, empty('Asking the hub…'));
  const rates = h('div', { id: 'success-rates' });
  const chart = h('div', { id: 'chart-slot' });
  const el = h('div', { class: 'health-layout' },
    h('section', { class: 'panel' }, h('h2', { text: 'Hub health' }), report),
    h('section', { class: 'panel' }, h('h2', { text: 'Completions and failures' }), chart),
    h('section', { class: 'panel' }, h('h2', { text: 'Success rate per agent' }), rates));

  let stopped = false;
  let timer = null;
  const poll = async () => {
    try {
      const response = await fetch(`${config.apiUrl}/health`, { cache: 'no-store' });
      renderReport(report, await response.json());
    } catch (e) {
      replaceChildren(report, card('Hub', 'unreachable', [['error', e.message ?? String(e)]]));
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  };
  poll();

  const update = () => {
    replaceChildren(chart, completionChart(store.finishedRuns.values()));
    renderRates(rates, store);
  };
  return { el, update, destroy() { stopped = true; clearTimeout(timer); } };
}

function card(title, status, rows) {
  return h('article', { class: `health-card state-${String(status).replace(/\W+/g, '-')}`, dataset: { health: title.toLowerCase() } },
    h('header', {}, h('h3', { text: title }), h('span', { class: 'health-status', text: status })),
    h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v ?? '—' })])));
}

function renderReport(el, r) {
  const db = r.database ?? {};
  const rt = r.realtime;
  const rep = r.replication;
  replaceChildren(el,
    card('Hub', r.status, [['version', r.version], ['up for', duration(r.startedAt)], ['started', clock(r.startedAt)],
      ['migrations', r.migrations ? `${r.migrations.applied} applied, ${r.migrations.pending} pending` : '—']]),
    card('Database', db.reachable ? 'reachable' : 'unreachable', [['mode', db.mode], ['response', db.responseTimeMs != null ? `${db.responseTimeMs} ms` : null],
      ['server', db.serverVersion], ['error', db.error]]),
    card('Realtime', rt ? `${rt.connections} connections` : 'not running', rt ? [['channels', String(rt.channels)],
      ['change subscriptions', String(rt.postgresChangesSubscriptions)], ['slow consumers dropped', String(rt.slowConsumerDisconnects)],
      ['malformed frames', String(rt.malformedFrames)]] : []),
    card('Replication', rep ? rep.state : 'off', rep ? [['lag', bytes(rep.lagBytes)], ['leader', rep.isLeader ? 'this node' : 'another node'],
      ['last commit', rep.lastCommitTimestamp ? clock(rep.lastCommitTimestamp) : null], ['error', rep.lastError]] : []));
}

function renderRates(el, store) {
  const rows = [...store.successRates].sort((a, b) => (a.agent_name ?? '').localeCompare(b.agent_name ?? ''));
  if (!rows.length) {
    replaceChildren(el, empty('No finished runs yet.'));
    return;
  }
  replaceChildren(el, h('table', { class: 'rates' },
    h('thead', {}, h('tr', {}, ['Agent', 'Success', 'Completed', 'Failed', 'Avg duration'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, rows.map((r) => h('tr', { dataset: { agentId: r.agent_id ?? '' } },
      h('th', { scope: 'row', text: r.agent_name ?? 'no agent' }),
      h('td', {}, h('div', { class: 'rate' }, h('div', { class: 'rate-fill', style: { width: `${Number(r.success_rate ?? 0)}%` } }),
        h('span', { text: percent(r.success_rate) }))),
      h('td', { text: String(r.completed) }),
      h('td', { text: String(r.failed) }),
      h('td', { text: r.avg_duration_seconds != null ? `${Number(r.avg_duration_seconds).toFixed(1)} s` : '—' }))))));
}
