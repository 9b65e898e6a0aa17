// Everything the dashboard shows about one tenant, kept live. Reads go through the data API
// (supabase.schema('agenthub').from(...)), so row-level security decides what a user sees; changes
// arrive as postgres_changes and presence on the tenant's realtime channel, `tenant:<id>`, the one the
// agents themselves use. Every time the channel is (re)subscribed, after a first start or a hub restart,
// the whole picture is fetched again: what happened while the socket was down is caught up, not lost.

const SCHEMA = 'agenthub';
const RECENT_RUNS = 200;
const RECENT_MESSAGES = 200;
const OPEN_TASKS = 500;
const CLOSED_TASKS = 100;
const CHART_WINDOW_MS = 60 * 60 * 1000;
const TASK_STATUSES = ['pending', 'running', 'completed', 'failed', 'dead', 'cancelled'];
const FINISHED_RUN = new Set(['completed', 'failed', 'cancelled']);
/** Supabase's URL length is the limit here: 80 uuids make an in.(...) filter of about 3 KB. */
const IDS_PER_REQUEST = 80;

export class TenantStore extends EventTarget {
  constructor(client, tenant) {
    super();
    this.client = client;
    this.tenant = tenant;
    this.db = client.schema(SCHEMA);
    this.agents = new Map();
    this.presentAgents = new Set();
    this.presenceSynced = false;
    this.runs = new Map();
    this.tasks = new Map();
    this.taskCounts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0]));
    this.dependencies = new Map(); // task id → ids of the tasks it waits for
    this.messages = new Map();
    this.conversations = new Map();
    this.successRates = [];
    this.finishedRuns = new Map(); // run id → { status, finished_at }, for the chart
    this.connection = 'connecting';
    this.error = null;
    this.loaded = false;
    this._pending = new Set();
    this._timers = new Map();
  }

  /** Joins the tenant channel; the first SUBSCRIBED loads everything, every later one catches up. */
  start() {
    const filter = `tenant_id=eq.${this.tenant.id}`;
    // Private: its policies admit the tenant's agents and members only, and it is where agents keep presence.
    const channel = this.client.channel(`tenant:${this.tenant.id}`, { config: { private: true } });
    for (const table of ['agents', 'runs', 'tasks', 'messages']) {
      channel.on('postgres_changes', { event: '*', schema: SCHEMA, table, filter }, (change) => this._apply(table, change));
    }
    channel.on('presence', { event: 'sync' }, () => this._syncPresence());
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') {
        this._setConnection('live');
        this.refresh();
      } else if (this.channel === channel) {
        this._setConnection(status === 'CLOSED' ? 'closed' : 'reconnecting', error);
      }
    });
    this.channel = channel;
  }

  async stop() {
    const channel = this.channel;
    this.channel = null;
    for (const timer of this._timers.values()) clearTimeout(timer);
    if (channel) await this.client.removeChannel(channel);
  }

  /** Whether the agent is online: presence is the live truth once synced; before that, the registry's mirror. */
  isOnline(agent) {
    return this.presenceSynced ? this.presentAgents.has(agent.id) : agent.online === true;
  }

  /** Fetches everything again (first load, reconnect, or by hand). */
  async refresh() {
    const startedAt = Date.now();
    try {
      await Promise.all([
        this._loadAgents(startedAt), this._loadRuns(startedAt), this._loadTasks(startedAt), this._loadMessages(),
        this._loadConversations(), this._loadSuccessRates(), this._loadFinishedRuns(), this._loadTaskCounts(),
      ]);
      await this._loadDependencies();
      this.loaded = true;
      this.error = null;
      this._changed('all');
    } catch (error) {
      this._fail(error);
    }
  }

  /** Runs an RPC of the agent kit (an action), returning its row or throwing its error message. */
  async rpc(name, args) {
    const { data, error } = await this.db.rpc(name, args);
    if (error) throw new Error(error.message);
    return data;
  }

  agentName(id) {
    return id ? this.agents.get(id)?.name ?? id.slice(0, 8) : null;
  }

  // ---- live changes ----

  _apply(table, change) {
    const row = change.new && Object.keys(change.new).length ? change.new : null;
    if (change.eventType === 'DELETE') {
      this[table].delete(change.old?.id);
    } else if (row) {
      if (table === 'agents') upsert(this.agents, row, version.byUpdatedAt);
      if (table === 'runs') this._applyRun(row);
      if (table === 'tasks') this._applyTask(row, change.eventType);
      if (table === 'messages') this._applyMessage(row);
    }
    this._changed(table);
  }

  _applyRun(run) {
    const previous = this.runs.get(run.id);
    upsert(this.runs, run, version.bySeq);
    trimNewest(this.runs, RECENT_RUNS, (r) => Date.parse(r.started_at));
    if (run.finished_at && FINISHED_RUN.has(run.status)) {
      this.finishedRuns.set(run.id, { status: run.status, finished_at: run.finished_at });
      if (previous?.status !== run.status) {
        this._later('successRates', 500, () => this._loadSuccessRates());
        if (run.status === 'failed') this.dispatchEvent(new CustomEvent('failure', { detail: run }));
      }
    }
  }

  _applyTask(task, eventType) {
    const previous = this.tasks.get(task.id);
    upsert(this.tasks, task, version.byUpdatedAt);
    this._later('taskCounts', 300, () => this._loadTaskCounts());
    if (eventType === 'INSERT') this._later('dependencies', 300, () => this._loadDependencies());
    if (task.status === 'dead' && previous?.status !== 'dead') {
      this.dispatchEvent(new CustomEvent('failure', { detail: { name: task.type, dead: true, error: task.last_error } }));
    }
  }

  _applyMessage(message) {
    this.messages.set(message.id, message);
    trimNewest(this.messages, RECENT_MESSAGES, (m) => Number(m.seq));
    if (message.conversation_id && !this.conversations.has(message.conversation_id)) {
      this._later('conversations', 300, () => this._loadConversations());
    }
  }

  _syncPresence() {
    const present = new Set();
    for (const [key, metas] of Object.entries(this.channel?.presenceState() ?? {})) {
      present.add(key);
      for (const meta of metas) if (meta.agent_id) present.add(meta.agent_id);
    }
    this.presentAgents = present;
    this.presenceSynced = true;
    this._changed('presence');
  }

  // ---- loads ----

  async _loadAgents(startedAt) {
    const rows = await this._rows(this.db.from('agents').select('*').eq('tenant_id', this.tenant.id).order('name'));
    mergeSnapshot(this.agents, rows, version.byUpdatedAt, startedAt);
  }

  async _loadRuns(startedAt) {
    const rows = await this._rows(this.db.from('runs').select('*').eq('tenant_id', this.tenant.id)
      .order('started_at', { ascending: false }).limit(RECENT_RUNS));
    mergeSnapshot(this.runs, rows, version.bySeq, startedAt);
  }

  async _loadTasks(startedAt) {
    const [open, closed] = await Promise.all([
      this._rows(this.db.from('tasks').select('*').eq('tenant_id', this.tenant.id).in('status', ['pending', 'running'])
        .order('priority', { ascending: false }).order('created_at').limit(OPEN_TASKS)),
      this._rows(this.db.from('tasks').select('*').eq('tenant_id', this.tenant.id).not('status', 'in', '(pending,running)')
        .order('updated_at', { ascending: false }).limit(CLOSED_TASKS)),
    ]);
    mergeSnapshot(this.tasks, [...open, ...closed], version.byUpdatedAt, startedAt);
  }

  async _loadTaskCounts() {
    const counts = await Promise.all(TASK_STATUSES.map(async (status) => {
      const { count, error } = await this.db.from('tasks').select('id', { count: 'exact', head: true })
        .eq('tenant_id', this.tenant.id).eq('status', status);
      if (error) throw new Error(error.message);
      return [status, count ?? 0];
    }));
    this.taskCounts = Object.fromEntries(counts);
    this._changed('taskCounts');
  }

  /** What the open tasks wait for, and those tasks' rows when they are not loaded already. */
  async _loadDependencies() {
    const open = [...this.tasks.values()].filter((t) => t.status === 'pending' || t.status === 'running').map((t) => t.id);
    const edges = (await Promise.all(chunks(open, IDS_PER_REQUEST).map((ids) =>
      this._rows(this.db.from('task_dependencies').select('task_id,depends_on_id').in('task_id', ids))))).flat();
    const byTask = new Map();
    for (const { task_id: task, depends_on_id: on } of edges) byTask.set(task, [...(byTask.get(task) ?? []), on]);
    const missing = [...new Set(edges.map((e) => e.depends_on_id))].filter((id) => !this.tasks.has(id));
    const rows = (await Promise.all(chunks(missing, IDS_PER_REQUEST).map((ids) =>
      this._rows(this.db.from('tasks').select('*').in('id', ids))))).flat();
    for (const row of rows) upsert(this.tasks, row, version.byUpdatedAt);
    this.dependencies = byTask;
    this._changed('dependencies');
  }

  async _loadMessages() {
    const rows = await this._rows(this.db.from('messages').select('*').eq('tenant_id', this.tenant.id)
      .order('seq', { ascending: false }).limit(RECENT_MESSAGES));
    for (const row of rows) this.messages.set(row.id, row);
    trimNewest(this.messages, RECENT_MESSAGES, (m) => Number(m.seq));
  }

  async _loadConversations() {
    const rows = await this._rows(this.db.from('conversations').select('id,title,created_at').eq('tenant_id', this.tenant.id).order('created_at'));
    this.conversations = new Map(rows.map((c) => [c.id, c]));
    this._changed('conversations');
  }

  async _loadSuccessRates() {
    this.successRates = await this._rows(this.db.from('agent_success_rates').select('*').eq('tenant_id', this.tenant.id));
    this._changed('successRates');
  }

  async _loadFinishedRuns() {
    const since = new Date(Date.now() - CHART_WINDOW_MS).toISOString();
    const rows = await this._rows(this.db.from('runs').select('id,status,finished_at').eq('tenant_id', this.tenant.id)
      .in('status', ['completed', 'failed']).gte('finished_at', since).limit(5000));
    for (const row of rows) this.finishedRuns.set(row.id, { status: row.status, finished_at: row.finished_at });
  }

  async _rows(query) {
    const { data, error } = await query;
    if (error) throw new Error(error.message || error.hint || 'request failed');
    return data ?? [];
  }

  // ---- bookkeeping ----

  /** Runs fn once, `ms` after the last call with the same name (bursts of changes cost one request). */
  _later(name, ms, fn) {
    clearTimeout(this._timers.get(name));
    this._timers.set(name, setTimeout(() => fn().catch((e) => this._fail(e)), ms));
  }

  /** Tells the views, once per burst: every change of one task queues a single microtask. */
  _changed(what) {
    if (this._pending.size === 0) {
      queueMicrotask(() => {
        const detail = new Set(this._pending);
        this._pending.clear();
        this.dispatchEvent(new CustomEvent('change', { detail }));
      });
    }
    this._pending.add(what);
  }

  _setConnection(state, error) {
    this.connection = state;
    if (error) this.error = error.message ?? String(error);
    this._changed('connection');
  }

  _fail(error) {
    this.error = error?.message ?? String(error);
    this._changed('error');
  }
}

/** How to tell which of two copies of a row is newer. */
const version = {
  byUpdatedAt: (row) => Date.parse(row.updated_at ?? row.created_at ?? 0),
  bySeq: (row) => Number(row.last_seq ?? 0),
};

/** Puts row in map unless the copy there is newer (a late snapshot must not undo a live update). */
function upsert(map, row, versionOf) {
  const current = map.get(row.id);
  if (!current || versionOf(row) >= versionOf(current)) map.set(row.id, row);
}

/**
 * Replaces map's rows by a snapshot, keeping rows that changed live after the snapshot was asked for
 * (newer than the snapshot's copy, or not in it and updated after startedAt).
 */
function mergeSnapshot(map, rows, versionOf, startedAt) {
  const fresh = new Map(rows.map((r) => [r.id, r]));
  for (const [id, row] of map) {
    const snap = fresh.get(id);
    if (snap ? versionOf(row) > versionOf(snap) : Date.parse(row.updated_at ?? 0) >= startedAt) fresh.set(id, row);
  }
  map.clear();
  for (const [id, row] of fresh) map.set(id, row);
}

/** Keeps the `limit` rows with the largest (numeric) order key. */
function trimNewest(map, limit, orderKey) {
  if (map.size <= limit) return;
  const keep = [...map.values()].sort((a, b) => orderKey(b) - orderKey(a)).slice(0, limit);
  map.clear();
  for (const row of keep) map.set(row.id, row);
}

function chunks(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
