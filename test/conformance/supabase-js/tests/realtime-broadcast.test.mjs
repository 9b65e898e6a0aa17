import test from 'node:test';
import assert from 'node:assert/strict';
import { rtClient, subscribed, collect, received, closeAll, uniqueTopic } from '../lib/realtime.mjs';

for (const vsn of ['2.0.0', '1.0.0']) {
  test(`broadcast with self and ack between two clients (vsn ${vsn})`, async () => {
    const a = rtClient({ vsn });
    const b = rtClient({ vsn: vsn === '2.0.0' ? '1.0.0' : '2.0.0' });
    try {
      const topic = uniqueTopic('bcast');
      const channelA = a.channel(topic, { config: { broadcast: { self: true, ack: true } } });
      const channelB = b.channel(topic);
      const ownEcho = collect(channelA, 'broadcast', { event: 'cursor' });
      const seenByB = collect(channelB, 'broadcast', { event: 'cursor' });
      await subscribed(channelA);
      await subscribed(channelB);

      const result = await channelA.send({ type: 'broadcast', event: 'cursor', payload: { x: 3, y: 4 } });
      assert.equal(result, 'ok');
      await received(seenByB, 1, 'broadcasts at B');
      await received(ownEcho, 1, 'self broadcasts at A');
      assert.deepEqual(seenByB[0], { type: 'broadcast', event: 'cursor', payload: { x: 3, y: 4 } });
      assert.deepEqual(ownEcho[0].payload, { x: 3, y: 4 });

      // Without self, the sender hears nothing; listeners filter by event.
      const other = collect(channelB, 'broadcast', { event: 'other' });
      await channelB.send({ type: 'broadcast', event: 'cursor', payload: { from: 'b' } });
      await received(ownEcho, 2, 'broadcasts from B at A');
      assert.equal(other.length, 0);
      assert.equal(seenByB.length, 1);
    } finally {
      await closeAll(a, b);
    }
  });
}

test('ack reports an oversized broadcast as an error and the channel keeps working', async () => {
  const a = rtClient();
  try {
    const channel = a.channel(uniqueTopic('big'), { config: { broadcast: { self: true, ack: true } } });
    const echoes = collect(channel, 'broadcast', { event: '*' });
    await subscribed(channel);
    const tooBig = { blob: 'x'.repeat(3000 * 1024 + 10) };
    assert.equal(await channel.send({ type: 'broadcast', event: 'big', payload: tooBig }), 'error');
    assert.equal(await channel.send({ type: 'broadcast', event: 'small', payload: { ok: true } }), 'ok');
    await received(echoes, 1);
    assert.equal(echoes[0].event, 'small');
  } finally {
    await closeAll(a);
  }
});

test('httpSend and the send() fallback deliver through the HTTP broadcast endpoints', async () => {
  const sender = rtClient();
  const listener = rtClient();
  try {
    const topic = uniqueTopic('http');
    const channel = listener.channel(topic);
    const seen = collect(channel, 'broadcast', { event: '*' });
    await subscribed(channel);

    // httpSend: the single-message endpoint (binary kind-4 to this vsn 2.0.0 listener).
    const outbound = sender.channel(topic);
    assert.deepEqual(await outbound.httpSend('via-http', { n: 1 }), { success: true });
    await received(seen, 1, 'httpSend broadcast');
    assert.deepEqual(seen[0], { type: 'broadcast', event: 'via-http', payload: { n: 1 } });

    // send() on a channel that is not joined falls back to the batch endpoint.
    const originalWarn = console.warn;
    console.warn = () => {};
    try {
      assert.equal(await outbound.send({ type: 'broadcast', event: 'via-batch', payload: { n: 2 } }), 'ok');
    } finally {
      console.warn = originalWarn;
    }
    await received(seen, 2, 'batch broadcast');
    assert.deepEqual(seen[1], { type: 'broadcast', event: 'via-batch', payload: { n: 2 } });
  } finally {
    await closeAll(sender, listener);
  }
});
