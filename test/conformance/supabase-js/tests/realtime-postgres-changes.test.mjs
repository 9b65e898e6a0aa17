import test from 'node:test';
import assert from 'node:assert/strict';
import { rtClient, subscribe, closeAll, uniqueTopic } from '../lib/realtime.mjs';

test('postgres_changes listeners subscribe: the join reply returns ids that match the client bindings', async () => {
  const supabase = rtClient();
  try {
    const channel = supabase
      .channel(uniqueTopic('db'))
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos', filter: 'priority=gte.1' }, () => {})
      .on('postgres_changes', { event: '*', schema: 'public', table: 'todos' }, () => {})
      .on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'todos' }, () => {});
    const { status, err } = await subscribe(channel);
    assert.equal(status, 'SUBSCRIBED', err?.message);
    const ids = channel.bindings.postgres_changes.map((b) => b.id);
    assert.equal(ids.length, 3);
    for (const id of ids) assert.ok(Number.isInteger(id) && id !== 0, `id ${id}`);
    assert.equal(new Set(ids).size, 3);
  } finally {
    await closeAll(supabase);
  }
});
