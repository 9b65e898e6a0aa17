import test from 'node:test';
import assert from 'node:assert/strict';
import { signJwt, waitFor } from '../lib/hub.mjs';
import { clientWithToken, userToken, subscribed, collect, received, closeAll } from '../lib/realtime.mjs';

const room = () => String(Math.floor(Math.random() * 1e9));

test('setAuth: a refreshed token keeps the private channel open', async () => {
  const r = room();
  const sub = crypto.randomUUID();
  const member = await clientWithToken(userToken({ sub, rooms: [r], expiresIn: 120 }));
  const sender = await clientWithToken(userToken({ rooms: [r] }));
  try {
    const channel = member.supabase.channel(`private-room:${r}`, { config: { private: true } });
    const statuses = [];
    const seen = collect(channel, 'broadcast', { event: 'ping' });
    const system = collect(channel, 'system');
    const { status } = await new Promise((resolve) => channel.subscribe((s) => { statuses.push(s); if (s === 'SUBSCRIBED') resolve({ status: s }); }));
    assert.equal(status, 'SUBSCRIBED');

    member.holder.token = userToken({ sub, rooms: [r], expiresIn: 3600 });
    await member.supabase.realtime.setAuth(member.holder.token);

    const out = sender.supabase.channel(`private-room:${r}`, { config: { private: true } });
    await subscribed(out);
    await out.send({ type: 'broadcast', event: 'ping', payload: { n: 1 } });
    await received(seen);
    assert.equal(system.length, 0, JSON.stringify(system));
    assert.deepEqual(statuses, ['SUBSCRIBED']);
  } finally {
    await closeAll(member.supabase, sender.supabase);
  }
});

test('setAuth: a token that loses access closes the channel with a system message', async () => {
  const r = room();
  const member = await clientWithToken(userToken({ rooms: [r] }));
  try {
    const channel = member.supabase.channel(`private-room:${r}`, { config: { private: true } });
    const system = collect(channel, 'system');
    const statuses = [];
    await new Promise((resolve) => channel.subscribe((s) => { statuses.push(s); if (s === 'SUBSCRIBED') resolve(); }));

    member.holder.token = userToken({ rooms: [] });
    await member.supabase.realtime.setAuth(member.holder.token);
    await waitFor(() => statuses.includes('CLOSED'), 10000, 'CLOSED status');
    assert.equal(system[0]?.status, 'error');
    assert.equal(system[0]?.message, `You no longer have permission to read from this Channel topic: private-room:${r}`);
  } finally {
    await closeAll(member.supabase);
  }
});

test('setAuth: an expired token closes the channel with "Token has expired"', async () => {
  const r = room();
  const member = await clientWithToken(userToken({ rooms: [r] }));
  try {
    const channel = member.supabase.channel(`private-room:${r}`, { config: { private: true } });
    const system = collect(channel, 'system');
    const statuses = [];
    await new Promise((resolve) => channel.subscribe((s) => { statuses.push(s); if (s === 'SUBSCRIBED') resolve(); }));

    const now = Math.floor(Date.now() / 1000);
    member.holder.token = signJwt({ sub: 'x', role: 'authenticated', exp: now - 60, app_metadata: { rooms: [r] } });
    await member.supabase.realtime.setAuth(member.holder.token);
    await waitFor(() => statuses.includes('CLOSED'), 10000, 'CLOSED status');
    assert.match(system[0]?.message ?? '', /^Token has expired \d+ seconds ago$/);
    assert.equal(system[0]?.extension, 'system');
  } finally {
    await closeAll(member.supabase);
  }
});
