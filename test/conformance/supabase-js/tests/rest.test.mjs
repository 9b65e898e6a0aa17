// The data API (/rest/v1) driven by the real supabase-js: every builder chain of data-api.md §2.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { client, hub, signJwt, unique } from '../lib/hub.mjs';

const anon = client();
const service = client(hub.serviceKey);

function userClient(sub = crypto.randomUUID()) {
  const token = signJwt({ sub, role: 'authenticated', aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 3600 });
  return { sub, db: client(hub.anonKey, { global: { headers: { Authorization: `Bearer ${token}` } } }) };
}

test('select with filters, order and range, and an exact count', async () => {
  const { data, error, count, status } = await anon
    .from('rest_books')
    .select('id, title', { count: 'exact' })
    .gt('year', 1800)
    .order('year', { ascending: false, nullsFirst: false })
    .range(0, 1);
  assert.equal(error, null);
  assert.equal(status, 206);
  assert.equal(count, 5);
  assert.deepEqual(data, [{ id: 4, title: 'Anonymous Tales' }, { id: 2, title: 'Dune' }]);
});

test('every filter method', async () => {
  const ids = async (query) => {
    const { data, error } = await query.order('id');
    assert.equal(error, null);
    return data.map((r) => r.id);
  };
  const books = () => anon.from('rest_books').select('id');
  assert.deepEqual(await ids(books().eq('title', 'Dune')), [2]);
  assert.deepEqual(await ids(books().neq('id', 1).lt('year', 1900)), [3, 5]);
  assert.deepEqual(await ids(books().gte('year', 1965).lte('year', 2001)), [2, 4]);
  assert.deepEqual(await ids(books().like('title', '%Hob%')), [1]);
  assert.deepEqual(await ids(books().ilike('title', '%hob%')), [1]);
  assert.deepEqual(await ids(books().in('id', [1, 3, 99])), [1, 3]);
  assert.deepEqual(await ids(books().not('id', 'in', '(1,2,3)')), [4, 5]);
  assert.deepEqual(await ids(books().is('author_id', null)), [4]);
  assert.deepEqual(await ids(books().contains('tags', ['classic'])), [1, 3, 5]);
  assert.deepEqual(await ids(books().containedBy('tags', ['scifi', 'x'])), [2, 4]);
  assert.deepEqual(await ids(books().overlaps('tags', ['epic', 'scifi'])), [2, 5]);
  assert.deepEqual(await ids(books().contains('meta', { lang: 'fi' })), [5]);
  assert.deepEqual(await ids(books().textSearch('title', 'hobbit', { config: 'english' })), [1]);
  assert.deepEqual(await ids(books().textSearch('title', 'anonymous tales', { type: 'plain' })), [4]);
  assert.deepEqual(await ids(books().or('id.eq.1,year.lt.1820')), [1, 3]);
  assert.deepEqual(await ids(books().match({ author_id: 1, year: 1937 })), [1]);
  assert.deepEqual(await ids(books().filter('meta->>lang', 'eq', 'fi')), [5]);
  assert.deepEqual(await ids(books().likeAnyOf('title', ['Dune', 'Emm%'])), [2, 3]);
});

test('json paths and aliases in select', async () => {
  const { data, error } = await anon.from('rest_books').select('id, name:title, pages:meta->pages, lang:meta->>lang').eq('id', 1);
  assert.equal(error, null);
  assert.deepEqual(data, [{ id: 1, name: 'The Hobbit', pages: 310, lang: 'en' }]);
});

test('single, maybeSingle and csv', async () => {
  const one = await anon.from('rest_authors').select('name').eq('id', 2).single();
  assert.equal(one.error, null);
  assert.deepEqual(one.data, { name: 'Bob' });

  const many = await anon.from('rest_authors').select('name').single();
  assert.equal(many.data, null);
  assert.equal(many.error.code, 'PGRST116');
  assert.equal(many.status, 406);

  const none = await anon.from('rest_authors').select('name').eq('id', 999).maybeSingle();
  assert.equal(none.error, null);
  assert.equal(none.data, null);

  const csv = await anon.from('rest_authors').select('id, name').lte('id', 2).order('id').csv();
  assert.equal(csv.error, null);
  assert.equal(csv.data, 'id,name\n1,Ann\n2,Bob');
});

test('head with count', async () => {
  const { count, data, error, status } = await anon.from('rest_books').select('*', { count: 'exact', head: true }).eq('author_id', 1);
  assert.equal(error, null);
  assert.equal(status, 200);
  assert.equal(count, 2);
  assert.equal(data, null);
});

test('embedding many-to-one, one-to-many and inner joins', async () => {
  const m2o = await anon.from('rest_books').select('title, author:rest_authors(name)').eq('id', 1).single();
  assert.equal(m2o.error, null);
  assert.deepEqual(m2o.data, { title: 'The Hobbit', author: { name: 'Ann' } });

  const o2m = await anon.from('rest_authors').select('name, rest_books(title)').eq('id', 1).order('id', { referencedTable: 'rest_books' });
  assert.equal(o2m.error, null);
  assert.deepEqual(o2m.data, [{ name: 'Ann', rest_books: [{ title: 'The Hobbit' }, { title: 'Emma' }] }]);

  const inner = await anon.from('rest_authors').select('name, rest_books!inner(title)').eq('rest_books.title', 'Dune');
  assert.equal(inner.error, null);
  assert.deepEqual(inner.data, [{ name: 'Bob', rest_books: [{ title: 'Dune' }] }]);

  const limited = await anon.from('rest_authors').select('name, rest_books(id)').eq('id', 1).limit(1, { referencedTable: 'rest_books' });
  assert.equal(limited.data[0].rest_books.length, 1);

  const missing = await anon.from('rest_authors').select('name, nothing(*)');
  assert.equal(missing.error.code, 'PGRST200');
});

test('insert without select returns no data; with select returns the rows', async () => {
  const name = unique('author');
  const plain = await service.from('rest_authors').insert({ name });
  assert.equal(plain.error, null);
  assert.equal(plain.status, 201);
  assert.equal(plain.data, null);

  const names = [unique('a'), unique('b')];
  const rows = await service.from('rest_authors').insert([{ name: names[0] }, { name: names[1], country: 'FI' }]).select('name, country');
  assert.equal(rows.error, null);
  assert.deepEqual(rows.data, [{ name: names[0], country: null }, { name: names[1], country: 'FI' }]);

  const dup = await service.from('rest_authors').insert({ name });
  assert.equal(dup.error.code, '23505');
  assert.equal(dup.status, 409);
  assert.match(dup.error.details, /already exists/);
});

test('upsert with onConflict, select and single; ignoreDuplicates', async () => {
  const name = unique('up');
  const first = await service.from('rest_authors').upsert({ name, country: 'NO' }, { onConflict: 'name' }).select().single();
  assert.equal(first.error, null);
  assert.equal(first.status, 201);
  assert.equal(first.data.country, 'NO');

  const again = await service.from('rest_authors').upsert({ name, country: 'SE' }, { onConflict: 'name' }).select('name, country').single();
  assert.equal(again.error, null);
  assert.equal(again.status, 200);
  assert.deepEqual(again.data, { name, country: 'SE' });

  const ignored = await service.from('rest_authors').upsert([{ name, country: 'XX' }], { onConflict: 'name', ignoreDuplicates: true, count: 'exact' });
  assert.equal(ignored.error, null);
  assert.equal(ignored.count, 0);
  const { data } = await service.from('rest_authors').select('country').eq('name', name).single();
  assert.equal(data.country, 'SE');
});

test('update and delete, with and without select', async () => {
  const name = unique('upd');
  await service.from('rest_authors').insert({ name });
  const updated = await service.from('rest_authors').update({ country: 'DK' }).eq('name', name).select('name, country');
  assert.equal(updated.error, null);
  assert.deepEqual(updated.data, [{ name, country: 'DK' }]);

  const plain = await service.from('rest_authors').update({ country: 'IS' }).eq('name', name);
  assert.equal(plain.error, null);
  assert.equal(plain.status, 204);

  const deleted = await service.from('rest_authors').delete().in('name', [name]).select('country');
  assert.equal(deleted.error, null);
  assert.deepEqual(deleted.data, [{ country: 'IS' }]);

  const gone = await service.from('rest_authors').delete().eq('name', name);
  assert.equal(gone.error, null);
  assert.equal(gone.status, 204);
});

test('rpc over POST, GET and HEAD', async () => {
  const post = await anon.rpc('rest_add', { a: 1, b: 2 });
  assert.equal(post.error, null);
  assert.equal(post.data, 3);

  const get = await anon.rpc('rest_add', { a: 40, b: 2 }, { get: true });
  assert.equal(get.data, 42);

  const set = await anon.rpc('rest_books_after', { y: 1900 }).select('id').order('id', { ascending: false });
  assert.equal(set.error, null);
  assert.deepEqual(set.data, [{ id: 4 }, { id: 2 }, { id: 1 }]);

  const head = await anon.rpc('rest_books_after', { y: 1900 }, { head: true, count: 'exact' });
  assert.equal(head.error, null);
  assert.equal(head.count, 3);

  const failed = await anon.rpc('rest_fail', { msg: 'nope' });
  assert.equal(failed.error.code, 'P0001');
  assert.equal(failed.error.message, 'nope');
  assert.equal(failed.error.details, 'from sql');
  assert.equal(failed.error.hint, 'try again');

  const missing = await anon.rpc('rest_nope', { a: 1 });
  assert.equal(missing.error.code, 'PGRST202');
});

test('errors as the client surfaces them', async () => {
  const table = await anon.from('rest_nope').select();
  assert.equal(table.error.code, 'PGRST205');
  assert.equal(table.status, 404);

  const column = await anon.from('rest_books').select('nope');
  assert.equal(column.error.code, '42703');

  const type = await anon.from('rest_books').select().eq('id', 'abc');
  assert.equal(type.error.code, '22P02');
  assert.equal(type.status, 400);
});

test('row-level security: each user sees and changes only their rows', async () => {
  const alice = userClient();
  const bob = userClient();
  const mine = await alice.db.from('rest_notes').insert({ body: 'alice note' }).select('owner, body').single();
  assert.equal(mine.error, null);
  assert.deepEqual(mine.data, { owner: alice.sub, body: 'alice note' });

  const forged = await alice.db.from('rest_notes').insert({ body: 'x', owner: bob.sub });
  assert.equal(forged.error.code, '42501');
  assert.equal(forged.status, 403);

  const bobView = await bob.db.from('rest_notes').select();
  assert.deepEqual(bobView.data, []);

  const bobDelete = await bob.db.from('rest_notes').delete().eq('body', 'alice note').select();
  assert.deepEqual(bobDelete.data, []);

  const aliceView = await alice.db.from('rest_notes').select('body');
  assert.deepEqual(aliceView.data, [{ body: 'alice note' }]);

  const who = await alice.db.rpc('rest_whoami');
  assert.equal(who.data, alice.sub);

  const anonInsert = await anon.from('rest_notes').insert({ body: 'anon' });
  assert.equal(anonInsert.error.code, '42501');
  assert.equal(anonInsert.status, 401);
});

test('an expired or forged token is refused with PostgREST codes', async () => {
  const expired = signJwt({ sub: crypto.randomUUID(), role: 'authenticated', exp: Math.floor(Date.now() / 1000) - 120 });
  const r1 = await client(hub.anonKey, { global: { headers: { Authorization: `Bearer ${expired}` } } }).from('rest_books').select();
  assert.equal(r1.status, 401);
  assert.equal(r1.error.code, 'PGRST303');
  assert.equal(r1.error.message, 'JWT expired');

  const forged = signJwt({ role: 'service_role' }, 'x'.repeat(40));
  const r2 = await client(hub.anonKey, { global: { headers: { Authorization: `Bearer ${forged}` } } }).from('rest_books').select();
  assert.equal(r2.status, 401);
  assert.equal(r2.error.code, 'PGRST301');
});
