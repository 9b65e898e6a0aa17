// Less common supabase-js modifiers against /rest/v1: stripNulls, maxAffected, schema errors, retries.
import test from 'node:test';
import assert from 'node:assert/strict';
import { client, hub, unique } from '../lib/hub.mjs';

const anon = client();
const service = client(hub.serviceKey);

test('stripNulls drops null keys from arrays and single objects', async () => {
  const many = await anon.from('rest_authors').select('id, country').eq('id', 3).stripNulls();
  assert.equal(many.error, null);
  assert.deepEqual(many.data, [{ id: 3 }]);

  const one = await anon.from('rest_authors').select('id, country').eq('id', 3).single().stripNulls();
  assert.equal(one.error, null);
  assert.deepEqual(one.data, { id: 3 });
});

test('maxAffected rolls back an update that touches too many rows', async () => {
  const tag = unique('max');
  await service.from('rest_authors').insert([{ name: `${tag}-1`, country: tag }, { name: `${tag}-2`, country: tag }]);
  const tooMany = await service.from('rest_authors').update({ country: 'ZZ' }).eq('country', tag).maxAffected(1);
  assert.equal(tooMany.error.code, 'PGRST124');
  const { count } = await service.from('rest_authors').select('*', { count: 'exact', head: true }).eq('country', tag);
  assert.equal(count, 2);

  const fine = await service.from('rest_authors').delete().eq('country', tag).maxAffected(2).select('name');
  assert.equal(fine.error, null);
  assert.equal(fine.data.length, 2);
});

test('an unexposed schema is PGRST106', async () => {
  const { error, status } = await anon.schema('secret').from('rest_books').select();
  assert.equal(status, 406);
  assert.equal(error.code, 'PGRST106');
});

test('a missing apikey is the gateway 401', async () => {
  const response = await fetch(`${hub.url}/rest/v1/rest_books`);
  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), { message: 'No API key found in request' });
});

test('the count of a filtered embed and ordering by a to-one embed', async () => {
  const { data, error } = await anon
    .from('rest_books')
    .select('id, rest_authors(name)')
    .not('author_id', 'is', null)
    .order('rest_authors(name)', { ascending: false })
    .order('id');
  assert.equal(error, null);
  assert.deepEqual(data.map((r) => r.id), [5, 2, 1, 3]);
});
