// Realtime across a hub restart: supabase-js notices the socket closing, reconnects by itself (its
// reconnect timer), rejoins every channel, and broadcast and postgres_changes flow again. The test
// owns a hub of its own (lib/hub-process.mjs) so that stopping it leaves the shared hub alone.
import test from 'node:test';
import assert from 'node:assert/strict';
import { waitFor, unique } from '../lib/hub.mjs';
import { collect, received, closeAll, uniqueTopic } from '../lib/realtime.mjs';
import { HubProcess } from '../lib/hub-process.mjs';

/** Subscribes and records every status the callback reports (it fires again on each rejoin). */
function subscribeRecording(channel) {
  const statuses = [];
  channel.subscribe((status) => statuses.push(status));
  return statuses;
}

const after = (list, marker) => list.slice(list.lastIndexOf(marker) + 1);

test('after a hub restart, supabase-js reconnects, rejoins its channels, and broadcast and postgres_changes flow again', { timeout: 900000 }, async (t) => {
  const hub = await HubProcess.create('restart');
  const clients = [];
  try {
    await hub.start();
    const receiver = hub.client();
    const sender = hub.client();
    clients.push(receiver, sender);
    const topic = uniqueTopic('restart');
    const tag = unique('restart');

    const rxBroadcast = receiver.channel(topic);
    const pings = collect(rxBroadcast, 'broadcast', { event: 'ping' });
    const rxChanges = receiver.channel(uniqueTopic('restart-db'));
    const inserts = collect(rxChanges, 'postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos', filter: `title=like.${tag}%` });
    const systems = collect(rxChanges, 'system', {});
    const tx = sender.channel(topic, { config: { broadcast: { ack: true } } });
    const channels = [rxBroadcast, rxChanges, tx];
    const statuses = channels.map(subscribeRecording);
    const subscribedOk = () => systems.filter((s) => s.extension === 'postgres_changes' && s.status === 'ok').length;

    await waitFor(() => statuses.every((s) => s.includes('SUBSCRIBED')), 60000, 'first joins');
    await waitFor(() => subscribedOk() >= 1, 60000, '"Subscribed to PostgreSQL" before the restart');

    // Before the restart: both kinds of events arrive.
    assert.equal(await tx.send({ type: 'broadcast', event: 'ping', payload: { n: 1 } }), 'ok');
    await received(pings, 1, 'broadcast before the restart', 30000);
    await hub.sql(`insert into public.todos (title) values ('${tag}-1')`);
    await received(inserts, 1, 'insert before the restart', 30000);

    // Stop the hub: every channel errors (CHANNEL_ERROR) and the sockets are down.
    const stopped = await hub.stop();
    t.diagnostic(`hub stopped: ${JSON.stringify(stopped)}`);
    await waitFor(() => statuses.every((s) => s.includes('CHANNEL_ERROR')), 60000, 'CHANNEL_ERROR on every channel');
    assert.equal(receiver.realtime.isConnected(), false);
    assert.equal(sender.realtime.isConnected(), false);
    for (const channel of channels) assert.notEqual(channel.state, 'joined', `${channel.topic} is ${channel.state}`);

    // Start it again on the same port and data folder; the clients find it by themselves.
    await hub.start();
    await waitFor(
      () => statuses.every((s) => after(s, 'CHANNEL_ERROR').includes('SUBSCRIBED')) && channels.every((c) => c.state === 'joined'),
      180000,
      'every channel rejoined (SUBSCRIBED after CHANNEL_ERROR)',
    );
    assert.ok(receiver.realtime.isConnected());
    assert.ok(sender.realtime.isConnected());
    // The rejoin subscribed postgres_changes anew; wait for its confirmation before writing.
    await waitFor(() => subscribedOk() >= 2, 60000, '"Subscribed to PostgreSQL" after the rejoin');
    assert.ok(!systems.some((s) => s.status === 'error'), JSON.stringify(systems));

    // After the restart: the same channel objects receive again, over the socket (ack needs the join).
    assert.equal(await tx.send({ type: 'broadcast', event: 'ping', payload: { n: 2 } }), 'ok');
    await received(pings, 2, 'broadcast after the restart', 30000);
    await hub.sql(`insert into public.todos (title) values ('${tag}-2')`);
    await received(inserts, 2, 'insert after the restart', 30000);

    // A final write in its own transaction: once it arrives, anything that came before it has too.
    await hub.sql(`insert into public.todos (title) values ('${tag}-3')`);
    await received(inserts, 3, 'the last insert', 30000);
    assert.deepEqual(pings.map((p) => p.payload), [{ n: 1 }, { n: 2 }]);
    assert.deepEqual(inserts.map((e) => e.new.title), [`${tag}-1`, `${tag}-2`, `${tag}-3`]);
    assert.ok(inserts.every((e) => e.eventType === 'INSERT' && e.table === 'todos'));
  } catch (e) {
    t.diagnostic(`hub log:\n${hub.logTail(60)}`);
    throw e;
  } finally {
    await closeAll(...clients);
    await hub.dispose();
  }
});
