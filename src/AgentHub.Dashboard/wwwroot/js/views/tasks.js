// Tasks: counts by status, the queue (priority, attempts, dependencies, who holds it) and actions:
// cancel (agenthub.cancel_task), retry (agenthub.retry_task) and re-prioritize (agenthub.set_task_priority).
// Actions are RPCs of the agent kit, so the database checks who may take them; the list updates from
// the realtime change that follows, not from the RPC's answer.
import { h, reconcile, badge, select } from '../dom.js';
import { ago, compactJson, shortId } from '../format.js';
import { replaceParams } from '../router.js';
import { toast } from '../toast.js';

const STATUSES = ['pending', 'running', 'completed', 'failed', 'dead', 'cancelled'];
const OPEN = new Set(['pending', 'running']);
const RETRYABLE = new Set(['dead', 'failed', 'cancelled']);

export function tasksView({ store }, route) {
  let filter = route.params.get('status') ?? 'open';
  const counts = h('div', { class: 'count-chips', id: 'task-counts' });
  const picker = select({ id: 'tasks-status', 'aria-label': 'Show' },
    [{ value: 'open', label: 'Queue (pending and running)' }, { value: 'all', label: 'All loaded' }, ...STATUSES.map((s) => ({ value: s, label: s }))], filter);
  const list = h('ul', { class: 'task-list', id: 'tasks' });
  const shown = h('span', { class: 'muted' });

  const setFilter = (value) => {
    filter = value;
    picker.value = value;
    replaceParams({ status: value === 'open' ? '' : value });
    update();
  };
  picker.addEventListener('change', () => setFilter(picker.value));

  const el = h('section', { class: 'panel' },
    h('div', { class: 'panel-head' }, h('h2', { text: 'Tasks' }), shown),
    counts,
    h('div', { class: 'filters' }, picker),
    h('div', { class: 'task-row task-head', 'aria-hidden': 'true' },
      ['Task', 'Status', 'Priority', 'Attempts', 'Waits for', 'Held by', 'Last error', ''].map((t) => h('span', { text: t }))),
    list);

  const update = () => {
    counts.replaceChildren(...STATUSES.map((s) => h('button', {
      type: 'button', class: `count-chip status-${s}`, 'aria-pressed': String(filter === s), dataset: { countStatus: s },
      on: { click: () => setFilter(filter === s ? 'open' : s) },
    }, h('span', { class: 'count-value', text: store.taskCounts[s] ?? 0 }), h('span', { text: s }))));
    const tasks = [...store.tasks.values()]
      .filter((t) => filter === 'all' || (filter === 'open' ? OPEN.has(t.status) : t.status === filter))
      .sort(queueOrder);
    shown.textContent = `${tasks.length} shown`;
    if (!tasks.length) {
      list.replaceChildren(h('li', { class: 'empty', text: store.loaded ? 'Nothing here.' : 'Loading…' }));
      return;
    }
    if (list.querySelector('.empty')) list.replaceChildren();
    reconcile(list, tasks, {
      key: (t) => t.id,
      signature: (t) => JSON.stringify([t.updated_at, t.status, t.priority, dependencyText(store, t), store.agentName(t.claimed_by), ago(t.created_at)]),
      render: (t) => taskRow(store, t),
    });
  };
  return { el, update, destroy() {} };
}

/** Running first, then the order claim_tasks takes: priority, then age. */
function queueOrder(a, b) {
  return Number(b.status === 'running') - Number(a.status === 'running')
    || b.priority - a.priority
    || Date.parse(a.created_at) - Date.parse(b.created_at);
}

function dependencyText(store, task) {
  return (store.dependencies.get(task.id) ?? []).map((id) => {
    const dep = store.tasks.get(id);
    return dep ? `${dep.type} ${shortId(id)} (${dep.status})` : shortId(id);
  });
}

function taskRow(store, task) {
  const act = async (button, what, name, args) => {
    button.disabled = true;
    try {
      await store.rpc(name, args);
      toast(`${what}: ${task.type} ${shortId(task.id)}`, 'ok');
    } catch (e) {
      toast(`${what} failed: ${e.message}`, 'error');
    } finally {
      button.disabled = false;
    }
  };
  const actions = [];
  if (OPEN.has(task.status)) {
    actions.push(h('button', { type: 'button', class: 'danger', dataset: { action: 'cancel' },
      on: { click: (e) => act(e.currentTarget, 'Cancelled', 'cancel_task', { p_task: task.id, p_reason: 'cancelled from the dashboard' }) } }, 'Cancel'));
  }
  const waiting = task.status === 'pending' && Date.parse(task.run_after) > Date.now();
  if (RETRYABLE.has(task.status) || waiting) {
    actions.push(h('button', { type: 'button', dataset: { action: 'retry' },
      on: { click: (e) => act(e.currentTarget, waiting ? 'Runs now' : 'Retried', 'retry_task', { p_task: task.id }) } }, waiting ? 'Run now' : 'Retry'));
  }
  const priority = OPEN.has(task.status)
    ? h('form', { class: 'priority-form', on: { submit: (e) => {
      e.preventDefault();
      const value = Number.parseInt(new FormData(e.target).get('priority'), 10);
      if (Number.isNaN(value)) { toast('Priority must be a whole number', 'error'); return; }
      act(e.target.querySelector('button'), `Priority ${value}`, 'set_task_priority', { p_task: task.id, p_priority: value });
    } } },
      h('input', { name: 'priority', type: 'number', step: 1, value: String(task.priority), 'aria-label': `Priority of ${task.type}`, inputmode: 'numeric' }),
      h('button', { type: 'submit', class: 'small', dataset: { action: 'priority' }, text: 'Set' }))
    : h('span', { text: String(task.priority) });
  const deps = dependencyText(store, task);
  return h('li', { class: 'task-row', dataset: { taskId: task.id, taskType: task.type, status: task.status, priority: task.priority } },
    h('span', { class: 'task-name' }, h('strong', { text: task.type }), h('span', { class: 'muted', text: ` ${shortId(task.id)} · ${ago(task.created_at)}` }),
      task.required_capabilities?.length ? h('span', { class: 'muted', text: ` · needs ${task.required_capabilities.join(', ')}` }) : null),
    h('span', {}, badge(task.status), waiting ? h('span', { class: 'muted', text: ` until ${new Date(task.run_after).toLocaleTimeString()}` }) : null),
    h('span', { class: 'task-priority', dataset: { label: 'Priority' } }, priority),
    h('span', { class: 'task-attempts', dataset: { label: 'Attempts' }, text: `${task.attempts} / ${task.max_attempts}` }),
    h('span', { class: `task-deps${deps.length ? '' : ' is-empty'}`, dataset: { label: 'Waits for' } },
      deps.length ? deps.map((d) => h('span', { class: 'chip chip-soft', text: d })) : h('span', { class: 'muted', text: '—' })),
    h('span', { class: `task-holder${task.claimed_by ? '' : ' is-empty'}`, dataset: { label: 'Held by' }, text: store.agentName(task.claimed_by) ?? '—' }),
    h('code', { class: `task-error${task.last_error ? '' : ' is-empty'}`, text: compactJson(task.last_error, 100) }),
    h('span', { class: 'task-actions' }, actions));
}
