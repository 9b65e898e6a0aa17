// postgres_changes end to end: rows written to the database reach subscribed supabase-js clients
// live, through the WAL, filtered, and only to those whose row-level security lets them read the row.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { hub, unique } from '../lib/hub.mjs';
import { rtClient, clientWithToken, subscribed, collect, received, closeAll } from '../lib/realtime.mjs';
import { signedInClient } from '../lib/auth.mjs';

/** Runs SQL as the database superuser (the way a migration or another service would write). */
const sql = (text) => execFileSync('psql', [hub.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', text], { encoding: 'utf8' }).trim();

test('inserts reach each user only for rows their policies let them read', async () => {
  const alice = await signedInClient();
  const bob = await signedInClient();
  const a = await clientWithToken(alice.session.access_token);
  const b = await clientWithToken(bob.session.access_token);
  const anon = rtClient();
  const tag = unique('live');

  const seen = {};
  for (const [name, supabase] of [['alice', a.supabase], ['bob', b.supabase], ['anon', anon]]) {
    const channel = supabase.channel(unique(`changes-${name}`));
    seen[name] = collect(channel, 'postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos' });
    await subscribed(channel);
  }
  // The subscription is checked after the join reply; give the system message a moment.
  await new Promise((r) => setTimeout(r, 300));

  sql(`insert into public.todos (user_id, title) values ('${alice.user.id}', '${tag}-alice'), ('${bob.user.id}', '${tag}-bob'), (null, '${tag}-public')`);

  await received(seen.alice, 2, 'alice events');
  await received(seen.bob, 2, 'bob events');
  await received(seen.anon, 1, 'anon events');
  await new Promise((r) => setTimeout(r, 300)); // nothing more may arrive
  const titles = (list) => list.map((e) => e.new.title).filter((t) => t.startsWith(tag)).sort();
  assert.deepEqual(titles(seen.alice), [`${tag}-alice`, `${tag}-public`]);
  assert.deepEqual(titles(seen.bob), [`${tag}-bob`, `${tag}-public`]);
  assert.deepEqual(titles(seen.anon), [`${tag}-public`]);

  const event = seen.alice.find((e) => e.new.title === `${tag}-alice`);
  assert.equal(event.eventType, 'INSERT');
  assert.equal(event.schema, 'public');
  assert.equal(event.table, 'todos');
  assert.equal(event.new.user_id, alice.user.id);
  assert.equal(typeof event.new.id, 'number');
  assert.equal(event.new.done, false);
  assert.deepEqual(event.new.tags, []);
  assert.match(event.commit_timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  await closeAll(a.supabase, b.supabase, anon);
});

test('filters, updates with the new row, and deletes with the key', async () => {
  const service = rtClient({ key: hub.serviceKey });
  const tag = unique('flt');
  const channel = service.channel(unique('filtered'));
  const high = collect(channel, 'postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos', filter: 'priority=gt.5' });
  const updates = collect(channel, 'postgres_changes', { event: 'UPDATE', schema: 'public', table: 'todos' });
  const deletes = collect(channel, 'postgres_changes', { event: 'DELETE', schema: 'public', table: 'todos' });
  await subscribed(channel);
  await new Promise((r) => setTimeout(r, 300));

  sql(`insert into public.todos (title, priority) values ('${tag}-low', 1), ('${tag}-high', 9)`);
  await received(high, 1, 'filtered inserts');
  sql(`update public.todos set done = true where title = '${tag}-high'`);
  await received(updates, 1, 'updates');
  sql(`delete from public.todos where title = '${tag}-low'`);
  await received(deletes, 1, 'deletes');

  assert.deepEqual(high.map((e) => e.new.title), [`${tag}-high`]);
  assert.equal(updates.at(-1).new.done, true);
  assert.equal(typeof deletes.at(-1).old.id, 'number');
  await closeAll(service);
});
