// Helpers for the auth conformance tests: unique users, and a client already signed in.
import assert from 'node:assert/strict';
import { client, hub, unique } from './hub.mjs';

/** A unique, valid email address. */
export const newEmail = (prefix = 'user') => `${unique(prefix)}@example.com`;

/** The default password the helpers use (GoTrue's minimum is 6 characters). */
export const password = 's3cret-pass';

/** A separate client with the service key, as admin scripts create one. */
export const adminClient = () => client(hub.serviceKey);

/** Signs up a fresh user on a fresh app client; returns the client, the session and the email. */
export async function signedInClient(data = {}) {
  const supabase = client();
  const email = newEmail();
  const { data: result, error } = await supabase.auth.signUp({ email, password, options: { data } });
  assert.equal(error, null);
  assert.ok(result.session, 'auto-confirm gives a session at sign-up');
  return { supabase, email, session: result.session, user: result.user };
}

/** The claims of a JWT, decoded without verification. */
export const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
