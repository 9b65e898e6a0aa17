import test from 'node:test';
import assert from 'node:assert/strict';
import { client } from '../lib/hub.mjs';
import { rtClient, clientWithToken, userToken, subscribed, collect, received, closeAll, uniqueTopic } from '../lib/realtime.mjs';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const vsn of ['2.0.0', '1.0.0']) {
  test(`realtime.broadcast_changes in a row trigger reaches the private channel's members (vsn ${vsn})`, async () => {
    const room = String(Math.floor(Math.random() * 1e9));
    const member = await clientWithToken(userToken({ rooms: [room] }), vsn);
    const outsider = await clientWithToken(userToken({ rooms: ['elsewhere'] }), vsn);
    const writer = client();
    try {
      const channel = member.supabase.channel(`private-room:${room}`, { config: { private: true } });
      const inserts = collect(channel, 'broadcast', { event: 'INSERT' });
      const updates = collect(channel, 'broadcast', { event: 'UPDATE' });
      await subscribed(channel);
      const publicTwin = outsider.supabase.channel(`private-room:${room}`);
      const leaked = collect(publicTwin, 'broadcast', { event: '*' });
      await subscribed(publicTwin);

      const { data, error } = await writer.from('room_posts').insert({ room, body: 'hello' }).select().single();
      assert.equal(error, null);
      await received(inserts, 1, 'INSERT broadcasts');
      const message = inserts[0];
      assert.equal(message.type, 'broadcast');
      assert.equal(message.event, 'INSERT');
      assert.match(message.meta?.id ?? '', uuid);
      assert.deepEqual(message.payload, {
        schema: 'public', table: 'room_posts', operation: 'INSERT',
        record: { id: data.id, room, body: 'hello' }, old_record: null,
      });

      assert.equal((await writer.from('room_posts').update({ body: 'edited' }).eq('id', data.id)).error, null);
      await received(updates, 1, 'UPDATE broadcasts');
      assert.deepEqual(updates[0].payload.old_record, { id: data.id, room, body: 'hello' });
      assert.equal(updates[0].payload.record.body, 'edited');
      assert.notEqual(updates[0].meta.id, message.meta.id);
      // The public channel of the same name is another channel.
      assert.equal(leaked.length, 0);
    } finally {
      await closeAll(member.supabase, outsider.supabase, writer);
    }
  });
}

test('realtime.send to a public channel is delivered once its transaction commits, and not at all when it rolls back', async () => {
  const listener = rtClient();
  const caller = client();
  try {
    const topic = uniqueTopic('news');
    const channel = listener.channel(topic);
    const seen = collect(channel, 'broadcast', { event: 'announcement' });
    await subscribed(channel);

    const failed = await caller.rpc('announce', { topic, message: 'never', fail: true });
    assert.equal(failed.error?.message, 'rolled back on purpose');
    assert.equal((await caller.rpc('announce', { topic, message: 'first' })).error, null);
    assert.equal((await caller.rpc('announce', { topic, message: 'second' })).error, null);
    await received(seen, 2, 'announcements');
    await new Promise((r) => setTimeout(r, 300)); // a rolled-back message would have arrived by now
    assert.deepEqual(seen.map((m) => m.payload.message), ['first', 'second']);
    assert.ok(seen.every((m) => uuid.test(m.meta?.id ?? '')));
  } finally {
    await closeAll(listener, caller);
  }
});
