// Runs: the live list with progress bars and current steps, filtered by agent, status and "active only".
import { h, reconcile, progressBar, badge, select } from '../dom.js';
import { ago, duration, shortId } from '../format.js';
import { href, replaceParams } from '../router.js';

export const RUN_STATUSES = ['pending', 'in_progress', 'awaiting_verification', 'verification_in_progress',
  'verification_passed', 'verification_failed', 'escalated', 'completed', 'failed', 'cancelled'];

export function runsView({ store }, params) {
  const filters = { agent: params.get('agent') ?? '', status: params.get('status') ?? '', active: params.get('active') === '1' };
  const agentPicker = select({ id: 'runs-agent', 'aria-label': 'Agent' }, [], filters.agent);
  const statusPicker = select({ id: 'runs-status', 'aria-label': 'Status' },
    [{ value: '', label: 'Any status' }, ...RUN_STATUSES.map((s) => ({ value: s, label: s.replaceAll('_', ' ') }))], filters.status);
  const activeBox = h('input', { type: 'checkbox', id: 'runs-active', checked: filters.active });
  const list = h('ul', { class: 'run-list', id: 'runs' });
  const count = h('span', { class: 'muted', id: 'runs-count' });

  const onFilter = () => {
    Object.assign(filters, { agent: agentPicker.value, status: statusPicker.value, active: activeBox.checked });
    replaceParams({ agent: filters.agent, status: filters.status, active: filters.active ? 1 : '' });
    update();
  };
  agentPicker.addEventListener('change', onFilter);
  statusPicker.addEventListener('change', onFilter);
  activeBox.addEventListener('change', onFilter);

  const el = h('section', { class: 'panel' },
    h('div', { class: 'panel-head' }, h('h2', { text: 'Runs' }), count),
    h('div', { class: 'filters' }, agentPicker, statusPicker, h('label', { class: 'check' }, activeBox, h('span', { text: 'Active only' }))),
    h('div', { class: 'run-row run-head', 'aria-hidden': 'true' },
      ['Run', 'Agent', 'Status', 'Progress', 'Step', 'Started', 'Duration'].map((t) => h('span', { text: t }))),
    list);

  const update = () => {
    syncAgentOptions(agentPicker, store, filters.agent);
    const runs = [...store.runs.values()]
      .filter((r) => (!filters.agent || r.agent_id === filters.agent) && (!filters.status || r.status === filters.status) && (!filters.active || !r.finished_at))
      .sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at));
    count.textContent = `${runs.length} shown`;
    if (!runs.length) {
      list.replaceChildren(h('li', { class: 'empty', text: store.loaded ? 'No run matches.' : 'Loading…' }));
      return;
    }
    if (list.querySelector('.empty')) list.replaceChildren();
    reconcile(list, runs, {
      key: (r) => r.id,
      signature: (r) => `${r.last_seq}|${r.status}|${store.agentName(r.agent_id)}|${ago(r.started_at)}|${r.finished_at ? '' : duration(r.started_at)}`,
      render: (r) => h('li', {}, runRow(store, r)),
    });
  };
  return { el, update, destroy() {} };
}

function runRow(store, run) {
  return h('a', { class: 'run-row', href: href('runs', run.id), dataset: { runId: run.id, runName: run.name, status: run.status } },
    h('span', { class: 'run-name' }, h('strong', { text: run.name }), h('span', { class: 'muted', text: ` ${shortId(run.id)}` })),
    h('span', { class: 'run-agent', text: store.agentName(run.agent_id) ?? '—' }),
    h('span', {}, badge(run.status)),
    progressBar(run.progress, `${run.name} progress`),
    h('span', { class: 'run-step', text: run.current_step ?? '' }),
    h('span', { class: 'muted', text: ago(run.started_at) }),
    h('span', { class: 'muted', text: duration(run.started_at, run.finished_at) }));
}

/** Keeps the agent filter's options in step with the registry, without losing the choice. */
export function syncAgentOptions(picker, store, chosen, anyLabel = 'Any agent') {
  const wanted = [['', anyLabel], ...[...store.agents.values()].sort((a, b) => a.name.localeCompare(b.name)).map((a) => [a.id, a.name])];
  const current = [...picker.options].map((o) => [o.value, o.textContent]);
  if (JSON.stringify(current) === JSON.stringify(wanted)) return;
  const value = picker.value || chosen;
  picker.replaceChildren(...wanted.map(([v, label]) => h('option', { value: v, text: label })));
  picker.value = wanted.some(([v]) => v === value) ? value : '';
}

