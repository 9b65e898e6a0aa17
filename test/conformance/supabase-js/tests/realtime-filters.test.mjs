// postgres_changes filters, one test per operator of docs/realtime-protocol.md §6.4 (eq, neq, lt,
// lte, gt, gte, in, like, ilike, match, imatch, is, isdistinct, and the not. prefix), each checking
// that the matching rows arrive and the others do not, with the type edge cases: numbers vs digits
// stored as text, exact numerics, booleans, NULL, uuids, timestamps, and quoted values with commas,
// quotes and backslashes. Filters are written both by hand and with supabase-js'
// postgresChangesFilter() builder. Then bad filters: the join succeeds and the error arrives as a
// `system` message (§3.8, §6.1), and nothing is delivered for that subscription.
//
// (supabase-js ignores a second listener with the very same filter on a channel, so no two cases of
// one test may build the same filter string.)
//
// "Nothing else arrives" is checked without sleeping: after the rows, a sentinel row is written in
// a later transaction, and an unfiltered listener on the same channel waits for it. Changes reach a
// socket in commit order, so once the sentinel is in, every earlier frame is too.
import test from 'node:test';
import assert from 'node:assert/strict';
import { postgresChangesFilter } from '@supabase/supabase-js';
import { client, hub, unique, waitFor } from '../lib/hub.mjs';
import { rtClient, subscribed, collect, closeAll, uniqueTopic, systemMessages, changesReady } from '../lib/realtime.mjs';

const U1 = '6f1c2a4e-8b9d-4c3e-a1f2-0123456789ab';
const U2 = '0a0b0c0d-1111-4222-8333-944455556666';

// The rows every operator test writes (with its own `run` tag); `k` names them in the assertions.
const ROWS = [
  { k: 'a', name: 'Ann', n: 1, amount: 1.5, score: 0.5, code: '9', flag: true, ref: U1, at: '2024-01-01T00:00:00Z' },
  { k: 'b', name: 'Doe, Jane', n: 5, amount: 10, score: 2.5, code: '10', flag: false, ref: U2, at: '2024-06-01T12:00:00+02:00' },
  { k: 'c', name: 'say "hi"', n: 10, amount: 2.25, score: -1, code: '100', flag: null, ref: null, at: '2025-01-01T00:00:00Z' },
  { k: 'd', name: null, n: null, amount: null, score: null, code: null, flag: null, ref: null, at: null },
  { k: 'e', name: 'ann', n: -3, amount: -0.5, score: 1e10, code: '-1', flag: true, ref: null, at: '2023-12-31T23:59:59Z' },
  { k: 'f', name: 'a\\b (x)', n: 9, amount: 9.99, score: 0, code: '09', flag: false, ref: null, at: '2024-01-01T00:00:00.5Z' },
];
const ALL = ROWS.map((r) => r.k);
const except = (...ks) => ALL.filter((k) => !ks.includes(k));

const service = client(hub.serviceKey);

async function insertRows(rows) {
  const { error } = await service.from('rt_filters').insert(rows);
  assert.equal(error, null, error?.message);
}

/**
 * Subscribes one INSERT listener per case (its filter ANDed with run=eq.<tag>), writes ROWS, then a
 * sentinel, and checks that each listener received exactly the expected rows.
 * cases: [filter (string or builder), expected keys][]
 */
async function expectFilters(cases) {
  const tag = unique('flt');
  const watcher = rtClient();
  try {
    const channel = watcher.channel(uniqueTopic('filters'));
    const seen = cases.map(([filter]) => {
      const full = typeof filter === 'string' ? `run=eq.${tag},${filter}` : postgresChangesFilter().eq('run', tag).toString() + ',' + filter.build();
      return collect(channel, 'postgres_changes', { event: 'INSERT', schema: 'public', table: 'rt_filters', filter: full });
    });
    const everything = collect(channel, 'postgres_changes', { event: 'INSERT', schema: 'public', table: 'rt_filters' });
    const systems = systemMessages(channel);
    await subscribed(channel);
    await changesReady(systems);

    await insertRows(ROWS.map((r) => ({ ...r, run: tag })));
    await insertRows([{ run: `${tag}-end`, k: 'end' }]);
    await waitFor(() => everything.some((e) => e.new.run === `${tag}-end`), 30000, 'the sentinel row');
    assert.equal(everything.filter((e) => e.new.run === tag).length, ROWS.length, 'the unfiltered listener saw every row');

    cases.forEach(([filter, expected], i) => {
      const keys = seen[i].map((e) => e.new.k).sort();
      const text = typeof filter === 'string' ? filter : filter.build();
      assert.deepEqual(keys, [...expected].sort(), `filter ${text}`);
      for (const e of seen[i]) assert.equal(e.new.run, tag);
    });
    return { seen, everything };
  } finally {
    await closeAll(watcher);
  }
}

const f = postgresChangesFilter;

test('filter eq: integers, exact numerics, digits as text, booleans, uuids, timestamps, quoted text; NULL never equals', async () => {
  const { seen } = await expectFilters([
    ['n=eq.5', ['b']],
    ['n=eq.01', ['a']], // the literal is cast to int: 01 = 1
    ['n=eq.-3', ['e']],
    ['amount=eq.1.5', ['a']], // numeric(10,2): 1.50 = 1.5
    ['amount=eq.10.000', ['b']],
    ['code=eq.9', ['a']], // text: '9' only, not '09'
    ['code=eq.09', ['f']],
    ['score=eq.1e10', ['e']], // float8
    ['name=eq.Ann', ['a']], // case-sensitive
    ['name=eq."Doe, Jane"', ['b']], // a quoted comma does not split the filter
    ['name=eq."say \\"hi\\""', ['c']], // escaped quotes
    [f().eq('name', 'a\\b (x)'), ['f']], // the builder quotes backslashes and parentheses
    [f().eq('name', 'ann'), ['e']],
    ['flag=eq.true', ['a', 'e']],
    ['flag=eq.f', ['b', 'f']], // PostgreSQL's boolean spellings
    [`ref=eq.${U1.toUpperCase()}`, ['a']], // uuids compare by value
    ['at=eq.2024-06-01T10:00:00Z', ['b']], // timestamptz by instant, whatever the offset
    ['name=eq.nobody', []],
  ]);
  // The matching rows arrive typed, as Supabase sends them.
  const [row] = seen[5];
  assert.equal(row.new.code, '9');
  const [b] = seen[0];
  assert.equal(b.new.n, 5);
  assert.equal(b.new.amount, 10);
  assert.equal(b.new.flag, false);
  assert.equal(b.new.ref, U2);
});

test('filter neq: rows with a different value; NULL is neither equal nor unequal', async () => {
  await expectFilters([
    ['n=neq.5', except('b', 'd')],
    ['flag=neq.true', ['b', 'f']], // c and d have NULL flags
    ['name=neq."Doe, Jane"', except('b', 'd')],
    ['code=neq.9', except('a', 'd')], // '09' is another text
    ['amount=neq.1.50', except('a', 'd')],
  ]);
});

test('filter lt: numbers by value, text by characters', async () => {
  await expectFilters([
    ['n=lt.5', ['a', 'e']],
    ['n=lt.-3', []],
    ['code=lt.9', ['b', 'c', 'e', 'f']], // text order: '10' < '100' < '9', '-1' < '9', '09' < '9'
    ['amount=lt.2.25', ['a', 'e']],
    ['score=lt.0', ['c']],
    ['at=lt.2024-01-01T00:00:00Z', ['e']],
    [f().lt('n', 1), ['e']],
  ]);
});

test('filter lte: the boundary is included', async () => {
  await expectFilters([
    ['n=lte.5', ['a', 'b', 'e']],
    ['code=lte.10', ['b', 'e', 'f']], // '-1', '09', '10'
    ['amount=lte.2.25', ['a', 'c', 'e']],
    ['at=lte.2024-01-01T00:00:00Z', ['a', 'e']],
  ]);
});

test('filter gt: numbers by value, text by characters', async () => {
  await expectFilters([
    ['n=gt.5', ['c', 'f']],
    ['code=gt.5', ['a']], // only '9' sorts after '5' as text; 10 and 100 do not
    ['amount=gt.9.99', ['b']], // exact: 10.00 > 9.99, 9.99 is not
    ['score=gt.1000000', ['e']],
    ['at=gt.2024-01-01T00:00:00Z', ['b', 'c', 'f']], // f is half a second later
  ]);
});

test('filter gte: the boundary is included', async () => {
  await expectFilters([
    ['n=gte.5', ['b', 'c', 'f']],
    ['n=gte.-3', except('d')],
    ['amount=gte.9.99', ['b', 'f']],
    ['code=gte.9', ['a']],
    ['flag=gte.true', ['a', 'e']], // booleans are ordered: false < true
  ]);
});

test('filter in: lists of numbers, text with commas and quotes, booleans, and NULL in the list', async () => {
  await expectFilters([
    ['n=in.(1,10)', ['a', 'c']],
    ['n=in.(9,10,11)', ['c', 'f']],
    ['code=in.(9,10)', ['a', 'b']], // text: '09' is not in the list
    ['amount=in.(1.50,10)', ['a', 'b']],
    ['name=in.("Doe, Jane","say \\"hi\\"",Ann)', ['a', 'b', 'c']],
    [f().in('name', ['Doe, Jane', 'a\\b (x)']), ['b', 'f']],
    ['name=in.(ann)', ['e']],
    ['flag=in.(false)', ['b', 'f']],
    [`ref=in.(${U2},${U1})`, ['a', 'b']],
    ['n=in.(5,null)', ['b']], // NULL in the list matches nothing, not even a NULL column
    ['n=in.(42)', []],
  ]);
});

test('filter like and ilike: % and _ wildcards, case, quoted patterns', async () => {
  await expectFilters([
    ['name=like.A%', ['a']],
    ['name=like.%nn', ['a', 'e']],
    ['name=like.__n', ['a', 'e']],
    ['name=ilike.A%', ['a', 'e', 'f']],
    ['name=ilike.ANN', ['a', 'e']],
    ['name=like."%, %"', ['b']], // a comma inside the pattern, quoted
    [f().like('name', '%"hi"'), ['c']],
    ['code=like.1%', ['b', 'c']],
  ]);
});

test('filter match and imatch: regular expressions', async () => {
  await expectFilters([
    ['name=match.^A', ['a']],
    ['name=imatch.^a', ['a', 'e', 'f']],
    ['name=match.n$', ['a', 'e']],
    ['code=match.^[0-9]+$', ['a', 'b', 'c', 'f']],
    [f().match('name', '\\(x\\)$'), ['f']],
    ['name=imatch."^doe, "', ['b']],
  ]);
});

test('filter is: null, true, false, unknown', async () => {
  await expectFilters([
    ['name=is.null', ['d']],
    ['n=is.null', ['d']],
    ['flag=is.true', ['a', 'e']],
    ['flag=is.false', ['b', 'f']],
    ['flag=is.unknown', ['c', 'd']],
    [f().is('flag', null), ['c', 'd']],
    ['flag=not.is.null', ['a', 'b', 'e', 'f']],
    ['ref=not.is.null', ['a', 'b']],
  ]);
});

test('filter isdistinct: NULL-safe inequality', async () => {
  await expectFilters([
    ['n=isdistinct.5', except('b')], // includes the NULL row
    ['flag=isdistinct.true', ['b', 'c', 'd', 'f']],
    ['name=isdistinct."Doe, Jane"', except('b')],
    ['n=not.isdistinct.5', ['b']],
    [f().isDistinct('code', '9'), except('a')],
  ]);
});

test('filter not.: negates any operator; NOT of unknown stays unknown', async () => {
  await expectFilters([
    ['n=not.eq.5', except('b', 'd')],
    ['n=not.gt.5', ['a', 'b', 'e']],
    ['n=not.in.(1,5)', ['c', 'e', 'f']],
    ['name=not.like.A%', except('a', 'd')],
    ['name=not.ilike.a%', ['b', 'c']],
    [f().not('code', 'in', ['9', '10']), ['c', 'e', 'f']],
  ]);
});

test('filters with several conditions are ANDed', async () => {
  await expectFilters([
    ['n=gte.1,n=lte.9', ['a', 'b', 'f']],
    ['flag=eq.true,name=like.a%', ['e']],
    ['name=in.("Doe, Jane",Ann),amount=gt.2', ['b']],
    [f().gt('n', 0).is('flag', false), ['b', 'f']],
  ]);
});

test('filters apply to UPDATE on the new row and to DELETE on the old row', async () => {
  const tag = unique('fltud');
  const watcher = rtClient();
  try {
    const channel = watcher.channel(uniqueTopic('filters-ud'));
    const updates = collect(channel, 'postgres_changes', { event: 'UPDATE', schema: 'public', table: 'rt_filters', filter: `run=eq.${tag},n=gt.5` });
    const deletes = collect(channel, 'postgres_changes', { event: 'DELETE', schema: 'public', table: 'rt_filters', filter: `run=eq.${tag},flag=is.true` });
    const everything = collect(channel, 'postgres_changes', { event: '*', schema: 'public', table: 'rt_filters' });
    const systems = systemMessages(channel);
    await subscribed(channel);
    await changesReady(systems);

    await insertRows(ROWS.map((r) => ({ ...r, run: tag })));
    // n: a 1→7 (now matches), c 10→2 (no longer matches), f 9→9 (still matches).
    for (const [k, n] of [['a', 7], ['c', 2], ['f', 9]]) {
      const { error } = await service.from('rt_filters').update({ n }).eq('run', tag).eq('k', k);
      assert.equal(error, null, error?.message);
    }
    const { error } = await service.from('rt_filters').delete().eq('run', tag);
    assert.equal(error, null, error?.message);
    await insertRows([{ run: `${tag}-end`, k: 'end' }]);
    await waitFor(() => everything.some((e) => e.new?.run === `${tag}-end`), 30000, 'the sentinel row');

    assert.deepEqual(updates.map((e) => e.new.k).sort(), ['a', 'f']);
    assert.ok(updates.every((e) => e.eventType === 'UPDATE' && e.new.n > 5));
    // Replica identity full and no RLS: the old row is complete, and the filter sees it.
    assert.deepEqual(deletes.map((e) => e.old.k).sort(), ['a', 'e']);
    assert.ok(deletes.every((e) => e.eventType === 'DELETE' && e.old.flag === true));
  } finally {
    await closeAll(watcher);
  }
});

// Bad filters: Supabase answers the join (SUBSCRIBED, the entry echoed with its id), then reports
// the problem as a system message {extension: 'postgres_changes', status: 'error', message, channel};
// the channel stays open for broadcast and presence.
const BAD = [
  ['n=foo.1', /^Error parsing `filter` params: .*foo/],
  ['n=5', /^Error parsing `filter` params: /],
  ['n=in.1', /^Error parsing `filter` params: .*in/],
  ['n=eq.1,,k=eq.a', /^Error parsing `filter` params: /],
  ['name=eq."open', /^Error parsing `filter` params: .*quote/],
  ['flag=is.maybe', /^Error parsing `filter` params: /],
  ['name=match.(', /^Error parsing `filter` params: /],
  ['name=match.[', /^Error parsing `filter` params: invalid regular expression/],
  [`n=in.(${Array.from({ length: 101 }, (_, i) => i).join(',')})`, /100/],
  ['nope=eq.1', /invalid column for filter nope/],
  ['n=eq.abc', /invalid input syntax for type integer: "abc"/],
  ['n=eq.99999999999', /out of range for type integer/],
  ['ref=eq.not-a-uuid', /invalid input syntax for type uuid/],
  ['name=is.true', /argument of IS TRUE must be type boolean, not type text/],
  ['n=like.1%', /operator does not exist: integer ~~ unknown/],
];

for (const [filter, message] of BAD) {
  test(`a bad filter (${filter.length > 40 ? filter.slice(0, 40) + '…' : filter}) is reported as a postgres_changes system error, and delivers nothing`, async () => {
    const watcher = rtClient();
    const tag = unique('bad');
    try {
      const name = uniqueTopic('bad-filter');
      const channel = watcher.channel(name, { config: { broadcast: { self: true, ack: true } } });
      const changes = collect(channel, 'postgres_changes', { event: '*', schema: 'public', table: 'rt_filters', filter });
      const systems = systemMessages(channel);
      const echoes = collect(channel, 'broadcast', { event: 'still-open' });
      await subscribed(channel); // the join itself succeeds
      assert.equal(channel.bindings.postgres_changes.length, 1);
      assert.ok(channel.bindings.postgres_changes[0].id, 'the join reply echoed the entry with an id');

      await waitFor(() => systems.length > 0, 30000, 'a system message');
      assert.equal(systems.length, 1, JSON.stringify(systems));
      const [system] = systems;
      assert.equal(system.extension, 'postgres_changes');
      assert.equal(system.status, 'error');
      assert.equal(system.channel, name);
      assert.match(system.message, message);

      // The channel still works for broadcast.
      assert.equal(await channel.send({ type: 'broadcast', event: 'still-open', payload: { ok: 1 } }), 'ok');
      await waitFor(() => echoes.length === 1, 10000, 'the broadcast echo');

      // And the failed subscription delivers nothing: a well-filtered channel on the same socket
      // is the barrier.
      const barrier = watcher.channel(uniqueTopic('barrier'));
      const seenByBarrier = collect(barrier, 'postgres_changes', { event: 'INSERT', schema: 'public', table: 'rt_filters', filter: `run=eq.${tag}-end` });
      const barrierSystems = systemMessages(barrier);
      await subscribed(barrier);
      await changesReady(barrierSystems);
      await insertRows(ROWS.map((r) => ({ ...r, run: tag })));
      await insertRows([{ run: `${tag}-end`, k: 'end' }]);
      await waitFor(() => seenByBarrier.length === 1, 30000, 'the sentinel row');
      assert.deepEqual(changes, [], 'no change may arrive for a subscription that failed');
      assert.equal(systems.length, 1);
    } finally {
      await closeAll(watcher);
    }
  });
}
