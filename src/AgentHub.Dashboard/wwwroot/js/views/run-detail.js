// One run: its state, result or error, verification evidence, child runs and its history timeline.
// The page has its own channel for this run's row and events; each (re)subscribe fetches the events
// after the last sequence number it has, which is exactly what it missed (run_events' seq is commit order).
import { h, progressBar, badge, empty, replaceChildren } from '../dom.js';
import { ago, clock, duration, prettyJson, compactJson, shortId } from '../format.js';
import { href } from '../router.js';

export function runDetailView({ store }, runId) {
  const db = store.db;
  const events = [];
  let run = store.runs.get(runId) ?? null;
  let task = null;
  let children = [];
  let missing = false;

  const head = h('div', { class: 'run-head-block' });
  const facts = h('dl', { class: 'facts facts-wide' });
  const outcome = h('div', { class: 'outcome' });
  const childList = h('ul', { class: 'child-runs' });
  const timeline = h('ol', { class: 'timeline', id: 'timeline' });
  const el = h('div', { class: 'run-detail', dataset: { runId } },
    h('a', { class: 'back', href: href('runs'), text: '← Runs' }),
    h('section', { class: 'panel' }, head, facts),
    outcome,
    h('section', { class: 'panel', id: 'child-runs-panel', hidden: true }, h('h2', { text: 'Child runs' }), childList),
    h('section', { class: 'panel' }, h('h2', { text: 'History' }), timeline));

  const catchUp = async () => {
    const after = events.length ? events[events.length - 1].seq : 0;
    const [runResult, eventResult, childResult] = await Promise.all([
      db.from('runs').select('*').eq('id', runId).maybeSingle(),
      db.from('run_events').select('*').eq('run_id', runId).gt('seq', after).order('seq').limit(1000),
      db.from('runs').select('id,name,status,progress,agent_id,last_seq').eq('parent_run_id', runId).order('started_at'),
    ]);
    const failed = runResult.error ?? eventResult.error ?? childResult.error;
    if (failed) throw new Error(failed.message);
    missing = !runResult.data;
    if (runResult.data && (!run || runResult.data.last_seq >= run.last_seq)) run = runResult.data;
    for (const event of eventResult.data) addEvent(event);
    children = childResult.data;
    if (run?.task_id && task?.id !== run.task_id) {
      const { data } = await db.from('tasks').select('id,type,status,attempts,max_attempts').eq('id', run.task_id).maybeSingle();
      task = data;
    }
    render();
  };

  const addEvent = (event) => {
    if (events.some((e) => e.seq === event.seq)) return;
    events.push(event);
    events.sort((a, b) => a.seq - b.seq);
  };

  const channel = store.client.channel(`run:${runId}`)
    .on('postgres_changes', { event: 'UPDATE', schema: 'agenthub', table: 'runs', filter: `id=eq.${runId}` }, ({ new: row }) => {
      if (!run || row.last_seq >= run.last_seq) run = row;
      render();
    })
    .on('postgres_changes', { event: 'INSERT', schema: 'agenthub', table: 'run_events', filter: `run_id=eq.${runId}` }, ({ new: event }) => {
      addEvent(event);
      render();
    })
    .subscribe((status) => {
      if (status === 'SUBSCRIBED') catchUp().catch((e) => showError(e));
    });

  const showError = (e) => replaceChildren(head, h('p', { class: 'form-error', text: e.message ?? String(e) }));

  const render = () => {
    if (!run) {
      replaceChildren(head, empty(missing ? 'No such run, or not one you may see.' : 'Loading…'));
      return;
    }
    const storeRun = store.runs.get(runId);
    if (storeRun && storeRun.last_seq > run.last_seq) run = storeRun;
    replaceChildren(head,
      h('div', { class: 'panel-head' }, h('h2', { text: run.name }), badge(run.status), h('span', { class: 'muted', text: shortId(run.id) })),
      progressBar(run.progress, `${run.name} progress`),
      h('p', { class: 'run-step', id: 'run-step', text: run.current_step ?? '' }));
    replaceChildren(facts,
      fact('Agent', store.agentName(run.agent_id) ?? '—'),
      fact('Task', task ? `${task.type} · ${task.status} · attempt ${task.attempts}/${task.max_attempts}` : run.task_id ? shortId(run.task_id) : '—'),
      fact('Parent run', run.parent_run_id ? h('a', { href: href('runs', run.parent_run_id), text: shortId(run.parent_run_id) }) : '—'),
      fact('Started', `${clock(run.started_at)} (${ago(run.started_at)})`),
      fact('Finished', run.finished_at ? clock(run.finished_at) : '—'),
      fact('Duration', duration(run.started_at, run.finished_at)),
      fact('Stuck', run.stuck_at ? `since ${clock(run.stuck_at)}` : 'no'),
      fact('Events', String(run.last_seq)));
    replaceChildren(outcome,
      jsonPanel('Result', run.result, 'result'),
      jsonPanel('Error', run.error, 'error'),
      jsonPanel('Verification evidence', run.verification, 'verification'),
      Object.keys(run.metadata ?? {}).length ? jsonPanel('Metadata', run.metadata, 'metadata') : null);
    const childPanel = el.querySelector('#child-runs-panel');
    childPanel.hidden = children.length === 0;
    replaceChildren(childList, children.map((c) => h('li', {},
      h('a', { href: href('runs', c.id), text: c.name }), ' ', badge(c.status), h('span', { class: 'muted', text: ` ${Math.round(c.progress)}% · ${store.agentName(c.agent_id) ?? '—'}` }))));
    replaceChildren(timeline, events.length ? events.map(eventItem) : [h('li', { class: 'empty', text: 'No events yet.' })]);
  };

  render();
  return {
    el,
    update: (changes) => { if (changes.has('runs') || changes.has('tick') || changes.has('all')) render(); },
    destroy: () => { store.client.removeChannel(channel); },
  };
}

/** False for null and for an empty object or list (a 'started' event with no metadata says nothing more). */
const hasContent = (value) => value !== null && value !== undefined && (typeof value !== 'object' || Object.keys(value).length > 0);

const fact = (label, value) => [h('dt', { text: label }), h('dd', {}, value)];

function jsonPanel(title, value, kind) {
  if (value === null || value === undefined) return null;
  return h('section', { class: `panel json-panel json-${kind}`, dataset: { outcome: kind } },
    h('h2', { text: title }), h('pre', { text: typeof value === 'string' ? value : prettyJson(value) }));
}

function eventItem(e) {
  return h('li', { class: `timeline-item kind-${e.kind}`, dataset: { seq: e.seq, kind: e.kind } },
    h('span', { class: 'timeline-seq', text: `#${e.seq}` }),
    h('div', { class: 'timeline-body' },
      h('div', { class: 'timeline-line' },
        h('strong', { text: e.kind }), ' ', e.status ? badge(e.status) : null,
        e.progress !== null && e.progress !== undefined ? h('span', { class: 'muted', text: ` ${Math.round(e.progress)}%` }) : null,
        e.step ? h('span', { text: ` · ${e.step}` }) : null),
      hasContent(e.data) ? h('code', { class: 'timeline-data', text: compactJson(e.data, 300) }) : null),
    h('time', { class: 'muted', datetime: e.created_at, text: clock(e.created_at) }));
}
