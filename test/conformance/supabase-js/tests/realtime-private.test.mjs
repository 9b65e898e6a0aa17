import test from 'node:test';
import assert from 'node:assert/strict';
import { rtClient, clientWithToken, userToken, subscribe, subscribed, collect, received, closeAll } from '../lib/realtime.mjs';

const room = () => String(Math.floor(Math.random() * 1e9));

for (const vsn of ['2.0.0', '1.0.0']) test(`private channels: members allowed by realtime.messages policies join and broadcast (vsn ${vsn})`, async () => {
  const r = room();
  const alice = await clientWithToken(userToken({ rooms: [r] }), vsn);
  const bob = await clientWithToken(userToken({ rooms: [r] }), vsn);
  try {
    const a = alice.supabase.channel(`private-room:${r}`, { config: { private: true, broadcast: { ack: true } } });
    const b = bob.supabase.channel(`private-room:${r}`, { config: { private: true } });
    const seen = collect(b, 'broadcast', { event: 'hello' });
    await subscribed(a);
    await subscribed(b);
    assert.equal(await a.send({ type: 'broadcast', event: 'hello', payload: { from: 'alice' } }), 'ok');
    await received(seen);
    assert.deepEqual(seen[0].payload, { from: 'alice' });
  } finally {
    await closeAll(alice.supabase, bob.supabase);
  }
});

test('private channels: outsiders and anonymous clients get CHANNEL_ERROR Unauthorized', async () => {
  const r = room();
  const outsider = await clientWithToken(userToken({ rooms: ['somewhere-else'] }));
  const anonymous = rtClient();
  try {
    const [denied, anon] = await Promise.all([
      subscribe(outsider.supabase.channel(`private-room:${r}`, { config: { private: true } })),
      subscribe(anonymous.channel(`private-room:${r}`, { config: { private: true } })),
    ]);
    for (const outcome of [denied, anon]) {
      assert.equal(outcome.status, 'CHANNEL_ERROR');
      assert.equal(outcome.err.message, `Unauthorized: You do not have permissions to read from this Channel topic: private-room:${r}`);
    }
  } finally {
    await closeAll(outsider.supabase, anonymous);
  }
});

test('private channels: a public channel with the same name is a different channel', async () => {
  const r = room();
  const member = await clientWithToken(userToken({ rooms: [r] }));
  const publicClient = rtClient();
  try {
    const privateChannel = member.supabase.channel(`private-room:${r}`, { config: { private: true, broadcast: { ack: true } } });
    const publicChannel = publicClient.channel(`private-room:${r}`, { config: { broadcast: { ack: true } } });
    const privateSeen = collect(privateChannel, 'broadcast', { event: '*' });
    const publicSeen = collect(publicChannel, 'broadcast', { event: '*' });
    await subscribed(privateChannel);
    await subscribed(publicChannel);
    assert.equal(await publicChannel.send({ type: 'broadcast', event: 'open', payload: {} }), 'ok');
    assert.equal(await privateChannel.send({ type: 'broadcast', event: 'secret', payload: {} }), 'ok');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(privateSeen.length, 0);
    assert.equal(publicSeen.length, 0);
  } finally {
    await closeAll(member.supabase, publicClient);
  }
});
