// Helpers for the realtime conformance tests: subscribe and wait for the outcome, collect events,
// and tear clients down so node --test can exit.
import WebSocket from 'ws';
import { client, signJwt, waitFor } from './hub.mjs';

/**
 * A supabase-js client for realtime tests. hub.mjs's client() replaces the whole realtime option
 * block when one is passed (dropping the ws transport Node 20 needs), so the transport is merged here.
 */
export function rtClient({ key, vsn, accessToken } = {}) {
  const realtime = { transport: WebSocket, ...(vsn ? { vsn } : {}) };
  return client(key, { realtime, ...(accessToken ? { accessToken } : {}) });
}

/** A user JWT signed with the hub's secret; `rooms` goes to app_metadata, as GoTrue's claims would carry it. */
export function userToken({ sub = crypto.randomUUID(), rooms = [], expiresIn = 3600 } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ sub, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + expiresIn, app_metadata: { rooms } });
}

/**
 * A supabase-js client whose realtime identity comes from a mutable token (what `accessToken` apps
 * do). Like Supabase's docs ask for private channels, it awaits realtime.setAuth() before returning:
 * otherwise the first join can go out before the token is known and use the API key instead.
 */
export async function clientWithToken(initialToken, vsn) {
  const holder = { token: initialToken };
  const supabase = rtClient({ vsn, accessToken: async () => holder.token });
  await supabase.realtime.setAuth();
  return { supabase, holder };
}

/** Subscribes and resolves with the first terminal status: { status, err }. */
export function subscribe(channel, timeoutMs = 20000) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ status: 'TEST_TIMEOUT' }), timeoutMs);
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED' || status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') {
        clearTimeout(timer);
        resolve({ status, err });
      }
    });
  });
}

/** Subscribes and fails unless the channel reports SUBSCRIBED. */
export async function subscribed(channel) {
  const { status, err } = await subscribe(channel);
  if (status !== 'SUBSCRIBED') throw new Error(`expected SUBSCRIBED for ${channel.topic}, got ${status}: ${err?.message ?? ''}`);
  return channel;
}

/** Registers a listener that records payloads; call before subscribe for presence and postgres_changes. */
export function collect(channel, type, filter = {}) {
  const seen = [];
  channel.on(type, filter, (payload) => seen.push(payload));
  return seen;
}

/** Waits until `list` has at least `count` items. */
export const received = (list, count = 1, what = 'events', timeoutMs = 10000) =>
  waitFor(() => list.length >= count, timeoutMs, `${count} ${what} (got ${list.length})`);

/** Removes every channel and closes every socket, so the test process can exit. */
export async function closeAll(...clients) {
  for (const supabase of clients) {
    await supabase.removeAllChannels();
    supabase.realtime.disconnect();
  }
}

export const uniqueTopic = (prefix) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/** Records the channel's `system` messages; register before subscribe. */
export const systemMessages = (channel) => collect(channel, 'system', {});

/**
 * Waits until the server confirmed the channel's postgres_changes subscriptions ("Subscribed to
 * PostgreSQL", sent after the join reply once they are live) `count` times; fails early on an error.
 */
export async function changesReady(systems, count = 1, timeoutMs = 30000) {
  await waitFor(() => {
    const error = systems.find((s) => s.extension === 'postgres_changes' && s.status === 'error');
    if (error) throw new Error(`postgres_changes subscription failed: ${error.message}`);
    return systems.filter((s) => s.extension === 'postgres_changes' && s.status === 'ok').length >= count;
  }, timeoutMs, `"Subscribed to PostgreSQL" x${count}`);
}
