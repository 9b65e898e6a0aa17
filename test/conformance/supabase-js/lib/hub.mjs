// Shared helpers for the conformance tests: the hub started by run.sh, and clients for it.
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import crypto from 'node:crypto';

export const hub = {
  url: process.env.AGENTHUB_URL,
  anonKey: process.env.AGENTHUB_ANON_KEY,
  serviceKey: process.env.AGENTHUB_SERVICE_KEY,
  dbUrl: process.env.AGENTHUB_DB_URL,
  jwtSecret: process.env.AGENTHUB_JWT_SECRET,
};

if (!hub.url || !hub.anonKey) {
  throw new Error('Run these tests through run.sh, which starts a hub and exports AGENTHUB_URL and the keys.');
}

/** A supabase-js client as an app would create it (Node 20 needs the ws transport passed in). */
export function client(key = hub.anonKey, options = {}) {
  const { auth, realtime, ...rest } = options;
  return createClient(hub.url, key, {
    ...rest,
    auth: { persistSession: false, autoRefreshToken: false, ...(auth ?? {}) },
    realtime: { transport: WebSocket, ...(realtime ?? {}) },
  });
}

/** Signs claims with the hub's secret (HS256), for tests that need a specific token. */
export function signJwt(claims, secret = hub.jwtSecret) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64(claims);
  const sig = crypto.createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** Resolves when predicate() is true, polling; rejects after timeoutMs. */
export async function waitFor(predicate, timeoutMs = 5000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A unique name for test data. */
export const unique = (prefix) => `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
