// Auth and the data API together, the way a Supabase app uses them: a user signed in through
// /auth/v1 reads and writes /rest/v1 under row-level security with the session's access token.
import test from 'node:test';
import assert from 'node:assert/strict';
import { unique } from '../lib/hub.mjs';
import { adminClient, signedInClient } from '../lib/auth.mjs';

test('a signed-in user writes and reads only their own rows, and signing out falls back to anon', async () => {
  const alice = await signedInClient();
  const bob = await signedInClient();
  const title = unique('todo');

  // user_id defaults to auth.uid(), which reads the sub claim of the session's token.
  const inserted = await alice.supabase.from('todos').insert({ title }).select('user_id, title').single();
  assert.equal(inserted.error, null);
  assert.deepEqual(inserted.data, { user_id: alice.user.id, title });

  assert.deepEqual((await bob.supabase.from('todos').select('title').eq('title', title)).data, []);
  assert.deepEqual((await alice.supabase.from('todos').select('title').eq('title', title)).data, [{ title }]);

  // A refreshed token is just as good.
  assert.equal((await alice.supabase.auth.refreshSession()).error, null);
  assert.deepEqual((await alice.supabase.from('todos').select('title').eq('title', title)).data, [{ title }]);

  // Signed out, the client sends the anon key again and the row is hidden.
  assert.equal((await alice.supabase.auth.signOut()).error, null);
  assert.deepEqual((await alice.supabase.from('todos').select('title').eq('title', title)).data, []);

  // Deleting the user cascades to the app's rows (todos.user_id references auth.users on delete cascade).
  const admin = adminClient();
  assert.equal((await admin.auth.admin.deleteUser(alice.user.id)).error, null);
  assert.deepEqual((await admin.from('todos').select('id').eq('title', title)).data, []);
});
