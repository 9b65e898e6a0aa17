// The agent kit through supabase-js: an agent (its own token, minted by `agenthub keys agent`)
// reports a run's progress with `.schema('agenthub').rpc(...)`, and another client of the tenant
// watches it live with filtered postgres_changes on agenthub.runs and agenthub.run_events.
import test from 'node:test';
import assert from 'node:assert/strict';
import { unique, waitFor } from '../lib/hub.mjs';
import { subscribed, collect, closeAll, uniqueTopic, systemMessages, changesReady } from '../lib/realtime.mjs';
import { mintAgent, agentClient, rpc, rpcError } from '../lib/agents.mjs';

const STEPS = [10, 25, 50, 75, 90];

test('a run\'s progress arrives live, in order, 0 → 100, on filtered runs and run_events subscriptions', async () => {
  const tenant = unique('runs').replace(/_/g, '-');
  const worker = await mintAgent(tenant, 'worker');
  const observer = await mintAgent(tenant, 'observer');
  const agent = await agentClient(worker);
  const watcher = await agentClient(observer);
  try {
    // Before the run exists: everything of this agent's runs, and every run event of the tenant.
    const byAgent = watcher.channel(uniqueTopic('runs-by-agent'));
    const agentRuns = collect(byAgent, 'postgres_changes', { event: '*', schema: 'agenthub', table: 'runs', filter: `agent_id=eq.${worker.agentId}` });
    const tenantEvents = collect(byAgent, 'postgres_changes', { event: 'INSERT', schema: 'agenthub', table: 'run_events', filter: `tenant_id=eq.${worker.tenantId}` });
    const byAgentSystems = systemMessages(byAgent);
    await subscribed(byAgent);
    await changesReady(byAgentSystems);

    const run = await rpc(agent, 'start_run', { p_name: 'index the docs', p_metadata: { source: 'conformance' } });
    assert.equal(run.status, 'in_progress');
    assert.equal(run.progress, 0);
    assert.equal(run.last_seq, 1);
    assert.equal(run.agent_id, worker.agentId);
    assert.equal(run.tenant_id, worker.tenantId);
    // A second run of the same agent, whose changes the per-run subscriptions must not see.
    const other = await rpc(agent, 'start_run', { p_name: 'something else' });

    // Now that the id is known: exactly this run, and exactly its events.
    const byRun = watcher.channel(uniqueTopic('run'));
    const runUpdates = collect(byRun, 'postgres_changes', { event: 'UPDATE', schema: 'agenthub', table: 'runs', filter: `id=eq.${run.id}` });
    const runEvents = collect(byRun, 'postgres_changes', { event: 'INSERT', schema: 'agenthub', table: 'run_events', filter: `run_id=eq.${run.id}` });
    const byRunSystems = systemMessages(byRun);
    await subscribed(byRun);
    await changesReady(byRunSystems);

    for (const [i, progress] of STEPS.entries()) {
      const updated = await rpc(agent, 'update_run_progress', { p_run: run.id, p_step: `step ${i + 1}`, p_progress: progress, p_data: { i } });
      assert.equal(updated.progress, progress);
      await rpc(agent, 'update_run_progress', { p_run: other.id, p_progress: 100 - progress });
    }
    const done = await rpc(agent, 'complete_run', { p_run: run.id, p_result: { pages: 42 } });
    assert.equal(done.status, 'completed');
    assert.equal(done.progress, 100);

    // The completion is the last change of this run: once it arrived, everything before it has.
    await waitFor(() => runUpdates.some((e) => e.new.status === 'completed'), 30000, 'the completed run');
    await waitFor(() => runEvents.some((e) => e.new.kind === 'status'), 30000, 'the status event');
    await waitFor(() => agentRuns.some((e) => e.new.id === run.id && e.new.status === 'completed'), 30000, 'the completed run (by agent)');
    await waitFor(() => tenantEvents.some((e) => e.new.run_id === run.id && e.new.kind === 'status'), 30000, 'the status event (by tenant)');

    // A subscription receives the changes captured after it is live, and change capture may lag
    // behind commits: start_run's own write (committed just before subscribing) can still arrive.
    // It is the run as start_run returned it, or nothing; after it, one change per call.
    const early = (e) => e.new.last_seq <= run.last_seq;
    for (const e of runUpdates.filter(early)) assert.deepEqual([e.new.last_seq, e.new.progress], [run.last_seq, 0]);
    for (const e of runEvents.filter((x) => x.new.seq <= run.last_seq)) assert.deepEqual([e.new.seq, e.new.kind], [1, 'started']);
    runUpdates.splice(0, runUpdates.length, ...runUpdates.filter((e) => !early(e)));
    runEvents.splice(0, runEvents.length, ...runEvents.filter((e) => e.new.seq > run.last_seq));

    // Filtered by run id: one UPDATE per call, progress in order, then completed at 100.
    assert.deepEqual(runUpdates.map((e) => e.new.id), Array(STEPS.length + 1).fill(run.id));
    assert.deepEqual(runUpdates.map((e) => e.new.progress), [...STEPS, 100]);
    assert.deepEqual(runUpdates.map((e) => e.new.status), [...STEPS.map(() => 'in_progress'), 'completed']);
    assert.deepEqual(runUpdates.map((e) => e.new.current_step).slice(0, STEPS.length), STEPS.map((_, i) => `step ${i + 1}`));
    assert.deepEqual(runUpdates.at(-1).new.result, { pages: 42 });
    assert.ok(runUpdates.every((e) => e.eventType === 'UPDATE' && e.schema === 'agenthub' && e.table === 'runs'));

    // Its history, by run_id: consecutive sequence numbers, same progress.
    assert.deepEqual(runEvents.map((e) => e.new.seq), STEPS.map((_, i) => i + 2).concat(STEPS.length + 2));
    assert.deepEqual(runEvents.map((e) => e.new.progress), [...STEPS, 100]);
    assert.deepEqual(runEvents.map((e) => e.new.kind), [...STEPS.map(() => 'progress'), 'status']);
    assert.deepEqual(runEvents.map((e) => e.new.data), [...STEPS.map((_, i) => ({ i })), { pages: 42 }]);

    // Subscribed before the start, by agent and by tenant: the whole life of the run from 0.
    const mine = agentRuns.filter((e) => e.new.id === run.id);
    assert.equal(mine[0].eventType, 'INSERT');
    assert.deepEqual(mine.map((e) => e.new.progress), [0, 0, ...STEPS, 100]);
    const history = tenantEvents.filter((e) => e.new.run_id === run.id);
    assert.deepEqual(history.map((e) => e.new.seq), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(history.map((e) => e.new.progress), [0, ...STEPS, 100]);
    assert.equal(history[0].new.kind, 'started');
    // The other run went by on the agent's subscription, in its own order.
    assert.deepEqual(agentRuns.filter((e) => e.new.id === other.id).slice(2).map((e) => e.new.progress), STEPS.map((p) => 100 - p));

    // A finished run takes no more progress, and the error arrives in PostgREST's shape.
    const error = await rpcError(agent, 'update_run_progress', { p_run: run.id, p_progress: 50 });
    assert.equal(error.code, '55000');
    assert.match(error.message, /has finished/);
    // Only the run's own agent may change it.
    const notYours = await rpcError(watcher, 'update_run_progress', { p_run: other.id, p_progress: 1 });
    assert.equal(notYours.code, '42501');

    // The history is readable afterwards through REST, in order.
    const { data: events, error: readError } = await watcher.schema('agenthub').from('run_events').select('seq, kind, progress').eq('run_id', run.id).order('seq');
    assert.equal(readError, null);
    assert.deepEqual(events.map((e) => e.progress), [0, ...STEPS, 100]);
  } finally {
    await closeAll(agent, watcher);
  }
});
