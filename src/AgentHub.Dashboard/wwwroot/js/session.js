// Who the page talks to the hub as: a signed-in user (GoTrue password sign-in, session kept by
// supabase-js in localStorage) or the service key (kept in sessionStorage only, so it is gone when the
// tab closes). Either way the page is a plain supabase-js client of the hub's public APIs.

const { createClient } = window.supabase;

const SERVICE_KEY_STORAGE = 'agenthub.dashboard.service-key';
const AUTH_STORAGE = 'agenthub.dashboard.auth';

/** Where the API is and its anon key, from the hub that served this page. */
export async function loadConfig() {
  const response = await fetch('config.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = await response.json();
  return { apiUrl: config.apiUrl ?? window.location.origin, anonKey: config.anonKey };
}

export class Session {
  /** @param kind 'user' or 'service'; @param label what the header shows (an e-mail, or "service key"). */
  constructor(client, kind, label) {
    this.client = client;
    this.kind = kind;
    this.label = label;
  }

  /** The session kept from an earlier visit, or null. */
  static async restore(config) {
    const serviceKey = sessionStorage.getItem(SERVICE_KEY_STORAGE);
    if (serviceKey) {
      try {
        return await Session.withServiceKey(config, serviceKey);
      } catch {
        sessionStorage.removeItem(SERVICE_KEY_STORAGE);
      }
    }
    const client = userClient(config);
    const { data } = await client.auth.getSession();
    if (!data.session) return null;
    await client.realtime.setAuth();
    return new Session(client, 'user', data.session.user?.email ?? 'signed in');
  }

  static async signIn(config, email, password) {
    const client = userClient(config);
    const { data, error } = await client.auth.signInWithPassword({ email, password });
    if (error) throw new Error(error.message);
    // Realtime must know the user's token before the first join, or it joins as anon.
    await client.realtime.setAuth();
    return new Session(client, 'user', data.user?.email ?? email);
  }

  /** Uses the service key: every tenant, no row-level security. Checked against the hub before it is kept. */
  static async withServiceKey(config, key) {
    const role = tokenRole(key);
    if (role !== 'service_role') throw new Error(role ? `that key is for the ${role} role, not service_role` : 'that is not an API key');
    const client = createClient(config.apiUrl, key, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    });
    const { error } = await client.schema('agenthub').from('tenants').select('id').limit(1);
    if (error) throw new Error(`the hub refused the key: ${error.message}`);
    sessionStorage.setItem(SERVICE_KEY_STORAGE, key);
    return new Session(client, 'service', 'service key');
  }

  async signOut() {
    await this.client.removeAllChannels();
    if (this.kind === 'user') await this.client.auth.signOut();
    else sessionStorage.removeItem(SERVICE_KEY_STORAGE);
    this.client.realtime.disconnect();
  }
}

let sharedUserClient = null;

/** One client for users per page: supabase-js warns (rightly) about two auth clients on one storage key. */
function userClient(config) {
  sharedUserClient ??= createClient(config.apiUrl, config.anonKey, {
    auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: false, storageKey: AUTH_STORAGE },
  });
  return sharedUserClient;
}

/** The role claim of a JWT, read without verifying it (the hub verifies; this only catches a wrong paste). */
function tokenRole(token) {
  try {
    const payload = token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
    return JSON.parse(atob(payload)).role ?? null;
  } catch {
    return null;
  }
}
