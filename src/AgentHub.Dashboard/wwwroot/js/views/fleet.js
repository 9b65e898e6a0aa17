// Fleet: every agent of the tenant with what it is doing right now, online/offline as presence
// changes, its counters and success rate; a summary strip; the latest failures.
import { h, reconcile, progressBar, badge, empty } from '../dom.js';
import { ago, compactJson, percent, shortId } from '../format.js';
import { href } from '../router.js';

const FAILURES_SHOWN = 8;

export function fleetView({ store }) {
  const summary = h('section', { class: 'stats', 'aria-label': 'Summary' });
  const cards = h('div', { class: 'agent-grid', id: 'agents' });
  const failures = h('ol', { class: 'failure-list', id: 'failures' });
  const el = h('div', { class: 'fleet-layout' },
    h('div', { class: 'fleet-main' }, summary, h('h2', { class: 'section-title', text: 'Agents' }), cards),
    h('aside', { class: 'panel fleet-side' }, h('h2', { text: 'Recent failures' }), failures));

  const update = () => {
    const agents = [...store.agents.values()].sort((a, b) => Number(store.isOnline(b)) - Number(store.isOnline(a)) || a.name.localeCompare(b.name));
    const active = [...store.runs.values()].filter((r) => !r.finished_at);
    renderSummary(summary, store, agents, active);
    if (!agents.length) {
      cards.replaceChildren(empty(store.loaded ? 'No agents in this tenant yet.' : 'Loading…'));
    } else {
      if (cards.querySelector('.empty')) cards.replaceChildren();
      const rates = new Map(store.successRates.map((r) => [r.agent_id, r]));
      reconcile(cards, agents.map((agent) => describeAgent(store, agent, active, rates)), {
        key: (a) => a.agent.id,
        signature: (a) => JSON.stringify(a),
        render: agentCard,
      });
    }
    renderFailures(failures, store);
  };
  return { el, update, destroy() {} };
}

function renderSummary(summary, store, agents, active) {
  const online = agents.filter((a) => store.isOnline(a)).length;
  const working = new Set([...active.map((r) => r.agent_id), ...[...store.tasks.values()].filter((t) => t.status === 'running').map((t) => t.claimed_by)]);
  const busy = agents.filter((a) => store.isOnline(a) && working.has(a.id)).length;
  const stat = (label, value, link, name) => h('a', { class: 'stat', href: link, dataset: { stat: name } },
    h('span', { class: 'stat-value', text: value }), h('span', { class: 'stat-label', text: label }));
  summary.replaceChildren(
    stat('agents online', `${online} / ${agents.length}`, href('fleet'), 'online'),
    stat('working now', busy, href('runs', { active: 1 }), 'working'),
    stat('active runs', active.length, href('runs', { active: 1 }), 'active-runs'),
    stat('queued tasks', store.taskCounts.pending, href('tasks', { status: 'pending' }), 'queued'),
    stat('dead tasks', store.taskCounts.dead, href('tasks', { status: 'dead' }), 'dead'));
}

/** The plain facts a card shows (its signature: the card is redrawn only when one changes). */
function describeAgent(store, agent, activeRuns, rates) {
  const runs = activeRuns.filter((r) => r.agent_id === agent.id)
    .map((r) => ({ id: r.id, name: r.name, step: r.current_step, progress: r.progress }));
  const tasks = [...store.tasks.values()].filter((t) => t.status === 'running' && t.claimed_by === agent.id);
  const current = agent.current_task_id ? store.tasks.get(agent.current_task_id) : null;
  const rate = rates.get(agent.id);
  const online = store.isOnline(agent);
  // The status an agent reports comes with its heartbeat, every few seconds; its runs and held tasks
  // arrive live, so while it has some, an "idle" report is older news than they are.
  const working = runs.length > 0 || tasks.length > 0;
  const status = !online ? 'offline' : working && agent.status === 'idle' ? 'busy' : agent.status;
  return {
    agent: { id: agent.id, name: agent.name, type: agent.type, capabilities: agent.capabilities },
    status,
    online,
    activity: agent.current_activity,
    currentTask: current ? `${current.type} · ${shortId(current.id)}` : agent.current_task_id ? shortId(agent.current_task_id) : null,
    runningTasks: tasks.map((t) => `${t.type} · ${shortId(t.id)}`),
    heartbeat: ago(agent.last_heartbeat_at),
    completed: agent.tasks_completed,
    failed: agent.tasks_failed,
    successRate: rate ? percent(rate.success_rate) : '—',
    runs,
  };
}

function agentCard(a) {
  const fact = (label, ...value) => [h('dt', { text: label }), h('dd', {}, ...value)];
  const doing = a.runs.length
    ? a.runs.map((r) => h('a', { class: 'agent-run', href: href('runs', r.id), dataset: { runId: r.id } },
      h('span', { class: 'agent-run-name', text: r.step ? `${r.name}: ${r.step}` : r.name }), progressBar(r.progress, `${r.name} progress`)))
    : [h('span', { class: 'muted', text: a.online ? 'idle' : '—' })];
  const presence = a.online ? 'online' : 'offline';
  return h('article', { class: `agent-card is-${presence}`, dataset: { agentId: a.agent.id, agentName: a.agent.name, online: a.online, status: a.status } },
    h('header', {},
      h('span', { class: 'presence-dot', role: 'img', 'aria-label': presence, title: presence }),
      h('h3', { text: a.agent.name }),
      badge(a.status)),
    h('div', { class: 'chips' }, h('span', { class: 'chip', title: 'type', text: a.agent.type }),
      (a.agent.capabilities ?? []).map((c) => h('span', { class: 'chip chip-soft', title: 'capability', text: c }))),
    h('dl', { class: 'facts' },
      fact('Doing', ...doing),
      fact('Current task', a.currentTask ?? (a.runningTasks.length ? a.runningTasks.join(', ') : '—')),
      a.activity ? fact('Activity', a.activity) : null,
      fact('Last heartbeat', a.heartbeat),
      fact('Tasks', h('span', { class: 'ok', text: `${a.completed} done` }), ' · ', h('span', { class: a.failed > 0 ? 'bad' : 'muted', text: `${a.failed} failed` })),
      fact('Run success', a.successRate)),
    h('a', { class: 'card-link', href: href('runs', { agent: a.agent.id }), text: 'Runs of this agent →' }));
}

function renderFailures(list, store) {
  const runs = [...store.runs.values()].filter((r) => r.status === 'failed')
    .map((r) => ({ at: r.finished_at ?? r.updated_at, label: `Run ${r.name}`, who: store.agentName(r.agent_id), detail: r.error, link: href('runs', r.id) }));
  const tasks = [...store.tasks.values()].filter((t) => t.status === 'dead')
    .map((t) => ({ at: t.completed_at ?? t.updated_at, label: `Task ${t.type} (dead)`, who: store.agentName(t.claimed_by), detail: t.last_error, link: href('tasks', { status: 'dead' }) }));
  const latest = [...runs, ...tasks].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, FAILURES_SHOWN);
  if (!latest.length) {
    list.replaceChildren(h('li', { class: 'empty', text: 'None. Failures show up here as they happen.' }));
    return;
  }
  list.replaceChildren(...latest.map((f) => h('li', {},
    h('a', { href: f.link, text: f.label }),
    h('span', { class: 'muted', text: ` ${f.who ? `· ${f.who} ` : ''}· ${ago(f.at)}` }),
    f.detail ? h('code', { class: 'failure-detail', text: compactJson(f.detail?.message ?? f.detail, 120) }) : null)));
}
