// Tenant isolation of the agent kit, through supabase-js: an agent of tenant A cannot read, claim,
// message, change or watch anything of tenant B, through REST, RPC or realtime.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { hub, unique, waitFor } from '../lib/hub.mjs';
import { subscribe, subscribed, collect, received, closeAll, systemMessages, changesReady, uniqueTopic } from '../lib/realtime.mjs';
import { mintAgent, agentClient, rpc, rpcError } from '../lib/agents.mjs';

const slug = (prefix) => unique(prefix).replace(/_/g, '-');

/** Two tenants: A with agents alpha and beta, B with agent bravo. Minted once for the whole file. */
const world = (async () => {
  const [tA, tB] = [slug('tenant-a'), slug('tenant-b')];
  const alpha = await mintAgent(tA, 'alpha');
  const beta = await mintAgent(tA, 'beta');
  const bravo = await mintAgent(tB, 'bravo');
  return { alpha, beta, bravo };
})();

/** Everything that names tenant B or its agent: none of it may reach an agent of A. */
const mentionsB = (value, { bravo }) => {
  const text = JSON.stringify(value);
  return text.includes(bravo.tenantId) || text.includes(bravo.agentId);
};

/** B at work: tasks, a run with progress, a team-wide message, a conversation. Returns what it made. */
async function bWorks(b) {
  const tasks = [
    await rpc(b, 'enqueue_task', { p_type: 'crawl', p_payload: { url: 'https://b.example' }, p_priority: 5 }),
    await rpc(b, 'enqueue_task', { p_type: 'crawl', p_payload: { url: 'https://b.example/2' } }),
  ];
  const run = await rpc(b, 'start_run', { p_name: 'b run' });
  await rpc(b, 'update_run_progress', { p_run: run.id, p_progress: 40 });
  const message = await rpc(b, 'send_message', { p_body: { text: 'B team only' } });
  const conversation = await rpc(b, 'create_conversation', { p_title: 'B room', p_participants: [] });
  await rpc(b, 'send_message', { p_body: { text: 'in the B room' }, p_conversation: conversation.id });
  await rpc(b, 'heartbeat', { p_status: 'busy', p_activity: 'crawling' });
  return { tasks, run, message, conversation };
}

test('REST: an agent of A reads nothing of B from any agent-kit table or view', async () => {
  const w = await world;
  const a = await agentClient(w.alpha);
  const b = await agentClient(w.bravo);
  try {
    const made = await bWorks(b);
    const mine = await rpc(a, 'enqueue_task', { p_type: 'summarize' });

    const tables = ['tenants', 'tenant_members', 'agents', 'agent_sessions', 'tasks', 'task_dependencies', 'runs', 'run_events',
      'messages', 'message_acks', 'conversations', 'conversation_participants', 'audit_events', 'agent_success_rates', 'run_transitions'];
    for (const table of tables) {
      const { data, error } = await a.schema('agenthub').from(table).select('*');
      assert.equal(error, null, `${table}: ${error?.message}`);
      assert.ok(!mentionsB(data, w), `${table} leaks tenant B to an agent of A: ${JSON.stringify(data).slice(0, 300)}`);
    }

    // Asking for B's rows by id or by tenant gives nothing, not an error.
    for (const [table, column, value] of [
      ['tenants', 'id', w.bravo.tenantId], ['agents', 'id', w.bravo.agentId], ['tasks', 'id', made.tasks[0].id],
      ['runs', 'id', made.run.id], ['run_events', 'run_id', made.run.id], ['messages', 'id', made.message.id],
      ['conversations', 'id', made.conversation.id], ['tasks', 'tenant_id', w.bravo.tenantId],
    ]) {
      const { data, error, count } = await a.schema('agenthub').from(table).select('*', { count: 'exact' }).eq(column, value);
      assert.equal(error, null, `${table}: ${error?.message}`);
      assert.deepEqual(data, [], `${table}.${column}=${value}`);
      assert.equal(count, 0);
    }
    const { data: single, error: singleError } = await a.schema('agenthub').from('runs').select('*').eq('id', made.run.id).maybeSingle();
    assert.equal(singleError, null);
    assert.equal(single, null);

    // The rules hide B, they do not hide everything: A sees its own tenant, agents and task,
    // and B sees what it made.
    const { data: tenants } = await a.schema('agenthub').from('tenants').select('id');
    assert.deepEqual(tenants.map((t) => t.id), [w.alpha.tenantId]);
    const { data: agents } = await a.schema('agenthub').from('agents').select('id').order('name');
    assert.deepEqual(agents.map((x) => x.id), [w.alpha.agentId, w.beta.agentId]);
    const { data: aTasks } = await a.schema('agenthub').from('tasks').select('id').eq('id', mine.id);
    assert.equal(aTasks.length, 1);
    const { data: bTasks } = await b.schema('agenthub').from('tasks').select('id').in('id', made.tasks.map((t) => t.id));
    assert.equal(bTasks.length, 2);
    // Writes only go through functions: the tables take no direct INSERT from an agent.
    const { error: insertError } = await a.schema('agenthub').from('tasks').insert({ tenant_id: w.bravo.tenantId, type: 'sneaky' });
    assert.equal(insertError?.code, '42501');
  } finally {
    await closeAll(a, b);
  }
});

test('RPC: an agent of A cannot claim, message, change or act in B', async () => {
  const w = await world;
  const a = await agentClient(w.alpha);
  const b = await agentClient(w.bravo);
  try {
    const made = await bWorks(b);
    const aTask = await rpc(a, 'enqueue_task', { p_type: 'summarize', p_priority: -100 });

    // claim_tasks hands A only A's work, even with B's higher-priority tasks pending.
    const claimed = await rpc(a, 'claim_tasks', { p_max: 1000, p_lease_seconds: 60 });
    assert.ok(claimed.length >= 1);
    assert.ok(claimed.some((t) => t.id === aTask.id));
    assert.ok(claimed.every((t) => t.tenant_id === w.alpha.tenantId), JSON.stringify(claimed.map((t) => t.tenant_id)));
    const { data: stillPending } = await b.schema('agenthub').from('tasks').select('id, status, claimed_by').in('id', made.tasks.map((t) => t.id));
    assert.deepEqual(stillPending.map((t) => [t.status, t.claimed_by]), [['pending', null], ['pending', null]]);

    // Messages: not to B's agent, not into B's tenant or conversation, no acks of B's messages.
    const toB = await rpcError(a, 'send_message', { p_body: { text: 'hi B' }, p_recipient: w.bravo.agentId });
    assert.equal(toB.code, '23503');
    assert.match(toB.message, /is not an agent of this tenant/);
    assert.equal((await rpcError(a, 'send_message', { p_body: { text: 'hi' }, p_tenant: w.bravo.tenantId })).code, '42501');
    assert.equal((await rpcError(a, 'send_message', { p_body: { text: 'hi' }, p_conversation: made.conversation.id })).code, '42501');
    assert.equal((await rpcError(a, 'ack_message', { p_message: made.message.id })).code, 'P0002');
    assert.equal((await rpcError(a, 'create_conversation', { p_title: 'x', p_participants: [w.bravo.agentId] })).code, '23503');
    assert.deepEqual(await rpc(a, 'inbox', { p_since: 0, p_tenant: w.bravo.tenantId }), []);
    const inbox = await rpc(a, 'inbox', { p_since: 0 });
    assert.ok(!mentionsB(inbox, w));

    // Tasks and runs of B: not found, whatever the call.
    assert.equal((await rpcError(a, 'enqueue_task', { p_type: 'x', p_tenant: w.bravo.tenantId })).code, '42501');
    assert.equal((await rpcError(a, 'cancel_task', { p_task: made.tasks[0].id })).code, 'P0002');
    assert.equal((await rpcError(a, 'complete_task', { p_task: made.tasks[0].id })).code, 'P0002');
    assert.equal((await rpcError(a, 'start_run', { p_name: 'x', p_tenant: w.bravo.tenantId })).code, '42501');
    assert.equal((await rpcError(a, 'update_run_progress', { p_run: made.run.id, p_progress: 99 })).code, 'P0002');
    assert.equal((await rpcError(a, 'cancel_run', { p_run: made.run.id })).code, 'P0002');
    assert.equal((await rpcError(a, 'complete_run', { p_run: made.run.id })).code, 'P0002');
    // Nor mark B's agent online or offline (offline would hand its tasks back to the queue).
    assert.equal((await rpcError(a, 'agent_offline', { p_agent: w.bravo.agentId })).code, '42501');
    assert.equal((await rpcError(a, 'agent_online', { p_agent: w.bravo.agentId })).code, '42501');

    // B's run and tasks are as B left them.
    const { data: bRun } = await b.schema('agenthub').from('runs').select('status, progress').eq('id', made.run.id).single();
    assert.deepEqual(bRun, { status: 'in_progress', progress: 40 });
  } finally {
    await closeAll(a, b);
  }
});

test('realtime postgres_changes: an agent of A never receives a change of B, asked for or not', async () => {
  const w = await world;
  const a = await agentClient(w.alpha);
  const a2 = await agentClient(w.beta);
  const b = await agentClient(w.bravo);
  try {
    const channel = a.channel(uniqueTopic('watch-all'));
    const all = [];
    // Every agent-kit table in the supabase_realtime publication.
    for (const table of ['tasks', 'runs', 'run_events', 'messages', 'agents', 'agent_sessions']) {
      all.push(collect(channel, 'postgres_changes', { event: '*', schema: 'agenthub', table }));
    }
    // Asking for B by name changes nothing.
    const askedForB = ['tasks', 'runs', 'run_events', 'messages'].map((table) =>
      collect(channel, 'postgres_changes', { event: '*', schema: 'agenthub', table, filter: `tenant_id=eq.${w.bravo.tenantId}` }));
    const ownTeam = collect(channel, 'postgres_changes', { event: 'INSERT', schema: 'agenthub', table: 'messages', filter: `tenant_id=eq.${w.alpha.tenantId}` });
    const systems = systemMessages(channel);
    await subscribed(channel);
    await changesReady(systems);

    const made = await bWorks(b);
    await rpc(b, 'claim_tasks', { p_max: 10 });
    await rpc(b, 'complete_run', { p_run: made.run.id, p_result: { secret: 'B only' } });
    // A's own traffic: a direct message between beta and itself (not for alpha's eyes either),
    // then a team-wide one, last: once it is in, everything written before it was dispatched.
    await rpc(a2, 'send_message', { p_body: { text: 'note to self' }, p_recipient: w.beta.agentId });
    const sentinel = await rpc(a2, 'send_message', { p_body: { text: 'team A' } });
    await waitFor(() => ownTeam.some((e) => e.new.id === sentinel.id), 30000, 'A\'s team message');

    const received = all.flat();
    assert.ok(received.some((e) => e.new?.id === sentinel.id), 'alpha receives its tenant\'s changes');
    for (const event of received) assert.ok(!mentionsB(event, w), `B's change reached A: ${JSON.stringify(event).slice(0, 300)}`);
    assert.deepEqual(askedForB.flat(), []);
    assert.ok(!ownTeam.some((e) => e.new.body.text === 'note to self'), 'a direct message between other agents stays private');
    assert.ok(!systems.some((s) => s.status === 'error'), JSON.stringify(systems));
  } finally {
    await closeAll(a, a2, b);
  }
});

test('realtime postgres_changes: a DELETE of B reaches A as Supabase sends it, the primary key and nothing else', async () => {
  // Supabase does not check DELETEs against row-level security (the row is gone, §6.6); under RLS
  // the old record is cut down to the primary key (§6.5). Agent-kit rows are only deleted by
  // cascades (a tenant or agent removed by an operator); this pins down what such a delete shows.
  const w = await world;
  const a = await agentClient(w.alpha);
  const a2 = await agentClient(w.beta);
  const b = await agentClient(w.bravo);
  try {
    const channel = a.channel(uniqueTopic('watch-deletes'));
    const deletes = collect(channel, 'postgres_changes', { event: 'DELETE', schema: 'agenthub', table: 'tasks' });
    const ownTeam = collect(channel, 'postgres_changes', { event: 'INSERT', schema: 'agenthub', table: 'messages', filter: `tenant_id=eq.${w.alpha.tenantId}` });
    const systems = systemMessages(channel);
    await subscribed(channel);
    await changesReady(systems);

    const task = await rpc(b, 'enqueue_task', { p_type: 'to be removed', p_payload: { secret: 'B only' } });
    execFileSync('psql', [hub.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', `delete from agenthub.tasks where id = '${task.id}'`]);
    const sentinel = await rpc(a2, 'send_message', { p_body: { text: 'after the delete' } });
    await waitFor(() => ownTeam.some((e) => e.new.id === sentinel.id), 30000, 'A\'s team message');

    const mine = deletes.filter((e) => e.old.id === task.id);
    assert.equal(mine.length, 1);
    assert.deepEqual(mine[0].old, { id: task.id });
    assert.deepEqual(mine[0].new, {});
    assert.ok(!mentionsB(deletes, w));
  } finally {
    await closeAll(a, a2, b);
  }
});

test('realtime channels: the private channel tenant:<id> admits the tenant\'s agents only; A cannot join, hear or track on B\'s', async () => {
  const w = await world;
  const a = await agentClient(w.alpha);
  const a2 = await agentClient(w.beta);
  const b = await agentClient(w.bravo);
  try {
    const opts = (key) => ({ config: { private: true, broadcast: { ack: true, self: false }, presence: { key } } });
    const bChannel = b.channel(`tenant:${w.bravo.tenantId}`, opts(w.bravo.agentId));
    const bHeard = collect(bChannel, 'broadcast', { event: '*' });
    const bJoins = [];
    bChannel.on('presence', { event: 'join' }, ({ key }) => bJoins.push(key));
    await subscribed(bChannel);
    assert.equal(await bChannel.track({ agent_id: w.bravo.agentId, status: 'idle' }), 'ok');

    // A's agent is refused on B's private channel, with Supabase's reason.
    const intruder = a.channel(`tenant:${w.bravo.tenantId}`, opts(w.alpha.agentId));
    const outcome = await subscribe(intruder);
    assert.equal(outcome.status, 'CHANNEL_ERROR');
    assert.equal(outcome.err.message, `Unauthorized: You do not have permissions to read from this Channel topic: tenant:${w.bravo.tenantId}`);
    await a.removeChannel(intruder);

    // On its own tenant's channel, A's agents hear each other and see each other's presence.
    const aChannel = a.channel(`tenant:${w.alpha.tenantId}`, opts(w.alpha.agentId));
    const a2Channel = a2.channel(`tenant:${w.alpha.tenantId}`, opts(w.beta.agentId));
    const a2Heard = collect(a2Channel, 'broadcast', { event: '*' });
    await subscribed(aChannel);
    await subscribed(a2Channel);
    assert.equal(await aChannel.track({ agent_id: w.alpha.agentId }), 'ok');
    assert.equal(await a2Channel.track({ agent_id: w.beta.agentId }), 'ok');
    assert.equal(await aChannel.send({ type: 'broadcast', event: 'hello', payload: { from: 'alpha' } }), 'ok');
    await received(a2Heard, 1, 'alpha\'s broadcast at beta');
    await waitFor(() => Object.keys(a2Channel.presenceState()).includes(w.alpha.agentId), 20000, 'alpha in beta\'s presence');

    // B's channel saw none of it: only its own presence, no broadcast.
    assert.equal(await bChannel.send({ type: 'broadcast', event: 'ping', payload: {} }), 'ok');
    assert.deepEqual(Object.keys(bChannel.presenceState()), [w.bravo.agentId]);
    assert.deepEqual(bHeard, []);
    assert.ok(bJoins.every((key) => key === w.bravo.agentId), JSON.stringify(bJoins));
    assert.deepEqual(Object.keys(a2Channel.presenceState()).sort(), [w.alpha.agentId, w.beta.agentId].sort());
  } finally {
    await closeAll(a, a2, b);
  }
});
