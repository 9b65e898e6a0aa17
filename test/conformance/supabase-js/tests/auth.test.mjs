// The official supabase-js auth client (auth-js) against the hub's /auth/v1: sign-up, sign-in,
// user, refresh, sign-out and the admin API, and the errors as auth-js surfaces them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { AuthApiError, AuthWeakPasswordError, AuthSessionMissingError, isAuthApiError } from '@supabase/supabase-js';
import { client, hub } from '../lib/hub.mjs';
import { adminClient, claimsOf, newEmail, password, signedInClient } from '../lib/auth.mjs';

test('signUp returns a session for a confirmed user and emits SIGNED_IN', async () => {
  const supabase = client();
  const events = [];
  const { data: { subscription } } = supabase.auth.onAuthStateChange((event) => events.push(event));
  const email = newEmail('Ada');
  const { data, error } = await supabase.auth.signUp({ email, password, options: { data: { name: 'Ada' } } });
  subscription.unsubscribe();

  assert.equal(error, null);
  assert.equal(data.user.email, email.toLowerCase());
  assert.equal(data.user.user_metadata.name, 'Ada');
  assert.equal(data.user.user_metadata.email_verified, true);
  assert.equal(data.user.aud, 'authenticated');
  assert.equal(data.user.role, 'authenticated');
  assert.equal(data.user.identities.length, 1);
  assert.equal(data.user.identities[0].provider, 'email');
  assert.ok(data.user.email_confirmed_at);
  assert.ok(data.session.access_token);
  assert.ok(data.session.refresh_token);
  assert.equal(data.session.token_type, 'bearer');
  assert.equal(data.session.expires_in, 3600);
  assert.ok(data.session.expires_at > Date.now() / 1000 + 3500);
  assert.ok(events.includes('SIGNED_IN'), `events: ${events}`);

  const { data: stored } = await supabase.auth.getSession();
  assert.equal(stored.session.access_token, data.session.access_token);
});

test('the access token carries GoTrue claims and the session id', async () => {
  const { session, user } = await signedInClient({ name: 'Claims' });
  const claims = claimsOf(session.access_token);
  assert.deepEqual(Object.keys(claims), ['iss', 'sub', 'aud', 'exp', 'iat', 'email', 'phone', 'app_metadata', 'user_metadata', 'role', 'aal', 'amr', 'session_id', 'is_anonymous']);
  assert.equal(claims.iss, `${hub.url}/auth/v1`);
  assert.equal(claims.sub, user.id);
  assert.equal(claims.aud, 'authenticated');
  assert.equal(claims.role, 'authenticated');
  assert.equal(claims.exp - claims.iat, 3600);
  assert.equal(claims.amr[0].method, 'password');
  assert.equal(claims.user_metadata.name, 'Claims');
  assert.match(claims.session_id, /^[0-9a-f-]{36}$/);
});

test('getClaims verifies an HS256 token through /user', async () => {
  const { supabase, user } = await signedInClient();
  const { data, error } = await supabase.auth.getClaims();
  assert.equal(error, null);
  assert.equal(data.claims.sub, user.id);
});

test('signUp with a registered email is AuthApiError 422 user_already_exists', async () => {
  const { email } = await signedInClient();
  const { data, error } = await client().auth.signUp({ email, password: 'another-pass' });
  assert.ok(error instanceof AuthApiError, String(error));
  assert.equal(error.status, 422);
  assert.equal(error.code, 'user_already_exists');
  assert.equal(error.message, 'User already registered');
  assert.equal(data.session, null);
});

test('signUp with a weak password is AuthWeakPasswordError with reasons', async () => {
  const { error } = await client().auth.signUp({ email: newEmail(), password: '123' });
  assert.ok(error instanceof AuthWeakPasswordError, String(error));
  assert.equal(error.status, 422);
  assert.equal(error.code, 'weak_password');
  assert.deepEqual(error.reasons, ['length']);
  assert.equal(error.message, 'Password should be at least 6 characters.');
});

test('signUp with an invalid email is AuthApiError 400 validation_failed', async () => {
  const { error } = await client().auth.signUp({ email: 'not-an-email', password });
  assert.ok(isAuthApiError(error));
  assert.equal(error.status, 400);
  assert.equal(error.code, 'validation_failed');
  assert.equal(error.message, 'Unable to validate email address: invalid format');
});

test('signInWithPassword returns a session and the user', async () => {
  const { email, user } = await signedInClient();
  const supabase = client();
  const { data, error } = await supabase.auth.signInWithPassword({ email, password });
  assert.equal(error, null);
  assert.equal(data.user.id, user.id);
  assert.ok(data.session.access_token);
  assert.ok(data.user.last_sign_in_at);
  assert.equal(data.weakPassword, undefined);
  const { data: current } = await supabase.auth.getUser();
  assert.equal(current.user.id, user.id);
});

test('a wrong password or unknown email is AuthApiError 400 invalid_credentials', async () => {
  const { email } = await signedInClient();
  for (const attempt of [{ email, password: 'wrong-pass' }, { email: newEmail(), password }]) {
    const { data, error } = await client().auth.signInWithPassword(attempt);
    assert.ok(error instanceof AuthApiError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalid_credentials');
    assert.equal(error.message, 'Invalid login credentials');
    assert.equal(data.session, null);
  }
});

test('an unconfirmed user cannot sign in: AuthApiError email_not_confirmed', async () => {
  const email = newEmail();
  const { error: createError } = await adminClient().auth.admin.createUser({ email, password });
  assert.equal(createError, null);
  const { error } = await client().auth.signInWithPassword({ email, password });
  assert.ok(error instanceof AuthApiError);
  assert.equal(error.status, 400);
  assert.equal(error.code, 'email_not_confirmed');
});

test('getUser returns the signed-in user and fails locally without a session', async () => {
  const { supabase, user } = await signedInClient({ name: 'Grace' });
  const { data, error } = await supabase.auth.getUser();
  assert.equal(error, null);
  assert.equal(data.user.id, user.id);
  assert.equal(data.user.user_metadata.name, 'Grace');

  const { data: none, error: missing } = await client().auth.getUser();
  assert.ok(missing instanceof AuthSessionMissingError);
  assert.equal(none.user, null);
});

test('getUser with a forged token is AuthApiError 403 bad_jwt', async () => {
  const { session } = await signedInClient();
  const forged = session.access_token.slice(0, -4) + 'AAAA';
  const { error } = await client().auth.getUser(forged);
  assert.ok(error instanceof AuthApiError, String(error));
  assert.equal(error.status, 403);
  assert.equal(error.code, 'bad_jwt');
});

test('updateUser merges data, emits USER_UPDATED, and a new password signs in', async () => {
  const { supabase, email } = await signedInClient({ name: 'Before', plan: 'free' });
  const events = [];
  const { data: { subscription } } = supabase.auth.onAuthStateChange((event) => events.push(event));
  const { data, error } = await supabase.auth.updateUser({ data: { theme: 'dark', plan: null } });
  assert.equal(error, null);
  assert.equal(data.user.user_metadata.theme, 'dark');
  assert.equal(data.user.user_metadata.name, 'Before');
  assert.equal('plan' in data.user.user_metadata, false);
  assert.ok(events.includes('USER_UPDATED'), `events: ${events}`);
  subscription.unsubscribe();

  const { error: same } = await supabase.auth.updateUser({ password });
  assert.ok(same instanceof AuthApiError);
  assert.equal(same.status, 422);
  assert.equal(same.code, 'same_password');

  const { error: changeError } = await supabase.auth.updateUser({ password: 'next-password' });
  assert.equal(changeError, null);
  assert.equal((await client().auth.signInWithPassword({ email, password })).error.code, 'invalid_credentials');
  assert.equal((await client().auth.signInWithPassword({ email, password: 'next-password' })).error, null);
});

test('updateUser with app_metadata is refused for users: 403 not_admin', async () => {
  const { supabase } = await signedInClient();
  // auth-js passes unknown attributes through as they are.
  const { error } = await supabase.auth.updateUser({ app_metadata: { plan: 'pro' } });
  assert.ok(error instanceof AuthApiError, String(error));
  assert.equal(error.status, 403);
  assert.equal(error.code, 'not_admin');
});

test('refreshSession rotates the refresh token and emits TOKEN_REFRESHED', async () => {
  const { supabase, session, user } = await signedInClient();
  const events = [];
  const { data: { subscription } } = supabase.auth.onAuthStateChange((event) => events.push(event));
  const { data, error } = await supabase.auth.refreshSession();
  subscription.unsubscribe();
  assert.equal(error, null);
  assert.notEqual(data.session.refresh_token, session.refresh_token);
  assert.equal(data.user.id, user.id);
  assert.equal(claimsOf(data.session.access_token).session_id, claimsOf(session.access_token).session_id);
  assert.ok(events.includes('TOKEN_REFRESHED'), `events: ${events}`);
});

test('refreshSession with an unknown token is AuthApiError refresh_token_not_found', async () => {
  const { data, error } = await client().auth.refreshSession({ refresh_token: 'abcdefghijklmnopqrstuvwxyz012345' });
  assert.ok(error instanceof AuthApiError, String(error));
  assert.equal(error.status, 400);
  assert.equal(error.code, 'refresh_token_not_found');
  assert.equal(data.session, null);
});

test('setSession restores a session from its tokens', async () => {
  const { session, user } = await signedInClient();
  const supabase = client();
  const { data, error } = await supabase.auth.setSession({ access_token: session.access_token, refresh_token: session.refresh_token });
  assert.equal(error, null);
  assert.equal(data.user.id, user.id);
});

test('signOut ends the session on the server and locally', async () => {
  const { supabase, session } = await signedInClient();
  const events = [];
  const { data: { subscription } } = supabase.auth.onAuthStateChange((event) => events.push(event));
  const { error } = await supabase.auth.signOut();
  subscription.unsubscribe();
  assert.equal(error, null);
  assert.ok(events.includes('SIGNED_OUT'), `events: ${events}`);
  assert.equal((await supabase.auth.getSession()).data.session, null);

  // The old access token is still a valid JWT, but its session is gone: auth-js reports a missing session.
  const { error: gone } = await client().auth.getUser(session.access_token);
  assert.ok(gone instanceof AuthSessionMissingError, String(gone));
  const { error: refreshError } = await client().auth.refreshSession({ refresh_token: session.refresh_token });
  assert.equal(refreshError.code, 'refresh_token_not_found');
});

test("signOut({ scope: 'others' }) keeps this session and ends the others", async () => {
  const { supabase, email } = await signedInClient();
  const other = client();
  await other.auth.signInWithPassword({ email, password });
  const { error } = await supabase.auth.signOut({ scope: 'others' });
  assert.equal(error, null);
  assert.equal((await supabase.auth.getUser()).error, null);
  const { error: otherError } = await other.auth.getUser();
  assert.ok(otherError instanceof AuthSessionMissingError, String(otherError));
});

test("signOut({ scope: 'local' }) ends only this session", async () => {
  const { supabase, email } = await signedInClient();
  const other = client();
  await other.auth.signInWithPassword({ email, password });
  assert.equal((await supabase.auth.signOut({ scope: 'local' })).error, null);
  assert.equal((await supabase.auth.getSession()).data.session, null);
  assert.equal((await other.auth.getUser()).error, null);
});

test('admin.createUser, getUserById, updateUserById, listUsers and deleteUser with the service key', async () => {
  const admin = adminClient().auth.admin;
  const email = newEmail('admin');
  const { data: created, error } = await admin.createUser({
    email, password, email_confirm: true, user_metadata: { name: 'Made' }, app_metadata: { plan: 'pro' },
  });
  assert.equal(error, null);
  assert.equal(created.user.email, email);
  assert.ok(created.user.email_confirmed_at);
  assert.equal(created.user.user_metadata.name, 'Made');
  assert.equal(created.user.app_metadata.plan, 'pro');
  assert.equal(created.user.app_metadata.provider, 'email');
  assert.equal((await client().auth.signInWithPassword({ email, password })).error, null);

  const { data: fetched } = await admin.getUserById(created.user.id);
  assert.equal(fetched.user.id, created.user.id);

  const { data: updated, error: updateError } = await admin.updateUserById(created.user.id, { user_metadata: { name: 'Changed' }, ban_duration: '1h' });
  assert.equal(updateError, null);
  assert.equal(updated.user.user_metadata.name, 'Changed');
  assert.ok(updated.user.banned_until);
  const { error: banned } = await client().auth.signInWithPassword({ email, password });
  assert.equal(banned.code, 'user_banned');

  const { data: page, error: listError } = await admin.listUsers({ page: 1, perPage: 1 });
  assert.equal(listError, null);
  assert.equal(page.users.length, 1);
  assert.equal(page.aud, 'authenticated');
  assert.ok(page.total >= 1);
  assert.equal(page.lastPage, page.total >= 10 ? page.lastPage : page.total);
  if (page.total > 1) assert.equal(page.nextPage, 2);
  const { data: all } = await admin.listUsers();
  assert.ok(all.users.some((u) => u.id === created.user.id));

  // auth-js reads the user before the DELETE (which answers {}) and returns that.
  const { data: deleted, error: deleteError } = await admin.deleteUser(created.user.id);
  assert.equal(deleteError, null);
  assert.equal(deleted.user.id, created.user.id);
  const { error: missing } = await admin.getUserById(created.user.id);
  assert.ok(missing instanceof AuthApiError);
  assert.equal(missing.status, 404);
  assert.equal(missing.code, 'user_not_found');
});

test('admin.createUser with a registered email is AuthApiError 422 email_exists', async () => {
  const { email } = await signedInClient();
  const { error } = await adminClient().auth.admin.createUser({ email, password });
  assert.ok(error instanceof AuthApiError);
  assert.equal(error.status, 422);
  assert.equal(error.code, 'email_exists');
});

test('the admin API refuses the anon key and user tokens: 403 not_admin', async () => {
  const { error } = await client().auth.admin.listUsers();
  assert.ok(error instanceof AuthApiError, String(error));
  assert.equal(error.status, 403);
  assert.equal(error.code, 'not_admin');

  const { session } = await signedInClient();
  const asUser = client(hub.anonKey, { global: { headers: { Authorization: `Bearer ${session.access_token}` } } });
  const { error: userError } = await asUser.auth.admin.createUser({ email: newEmail(), password });
  assert.equal(userError.status, 403);
  assert.equal(userError.code, 'not_admin');
});

test('the API key is required like the Supabase gateway', async () => {
  const missing = await fetch(`${hub.url}/auth/v1/settings`);
  assert.equal(missing.status, 401);
  assert.deepEqual(await missing.json(), { message: 'No API key found in request' });
  const wrong = await fetch(`${hub.url}/auth/v1/settings`, { headers: { apikey: 'nope' } });
  assert.equal(wrong.status, 401);
  const ok = await fetch(`${hub.url}/auth/v1/settings`, { headers: { apikey: hub.anonKey } });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).external.email, true);
});
