import test from 'node:test';
import assert from 'node:assert/strict';
import { rtClient, subscribed, closeAll, uniqueTopic } from '../lib/realtime.mjs';
import { waitFor } from '../lib/hub.mjs';

const keys = (channel) => Object.keys(channel.presenceState()).sort();

for (const vsn of ['2.0.0', '1.0.0']) {
  test(`presence across three clients with joins and leaves (vsn ${vsn})`, async () => {
    const clients = [rtClient({ vsn }), rtClient({ vsn }), rtClient({ vsn })];
    try {
      const topic = uniqueTopic('presence');
      const names = ['ann', 'bo', 'cy'];
      const channels = clients.map((c, i) => c.channel(topic, { config: { presence: { key: names[i] } } }));
      const joins = channels.map(() => []);
      const leaves = channels.map(() => []);
      channels.forEach((channel, i) => {
        channel.on('presence', { event: 'sync' }, () => {});
        channel.on('presence', { event: 'join' }, ({ key }) => joins[i].push(key));
        channel.on('presence', { event: 'leave' }, ({ key }) => leaves[i].push(key));
      });
      for (const channel of channels) await subscribed(channel);
      for (const [i, channel] of channels.entries()) {
        assert.equal(await channel.track({ name: names[i], online_at: new Date().toISOString() }), 'ok');
      }

      for (const channel of channels) {
        await waitFor(() => keys(channel).length === 3, 10000, `three presences on ${channel.topic}`);
        assert.deepEqual(keys(channel), ['ann', 'bo', 'cy']);
        const [meta] = channel.presenceState().bo;
        assert.equal(meta.name, 'bo');
        assert.ok(meta.presence_ref, 'presence_ref is exposed to the app');
      }

      // A re-track updates the meta in place; an untrack and a disconnect are leaves.
      await channels[0].track({ name: 'ann', status: 'away' });
      await waitFor(() => channels[1].presenceState().ann?.[0]?.status === 'away', 10000, 'updated meta');
      assert.equal(channels[1].presenceState().ann.length, 1);

      await channels[1].untrack();
      await waitFor(() => leaves[0].includes('bo') && leaves[2].includes('bo'), 10000, 'untrack leave');

      await clients[2].removeAllChannels();
      clients[2].realtime.disconnect();
      await waitFor(() => leaves[0].includes('cy'), 10000, 'disconnect leave');
      assert.deepEqual(keys(channels[0]), ['ann']);

      // A late joiner gets the state right away.
      const late = rtClient({ vsn });
      try {
        const lateChannel = late.channel(topic);
        lateChannel.on('presence', { event: 'sync' }, () => {});
        await subscribed(lateChannel);
        await waitFor(() => keys(lateChannel).length === 1, 10000, 'late presence state');
        assert.deepEqual(keys(lateChannel), ['ann']);
      } finally {
        await closeAll(late);
      }
    } finally {
      await closeAll(...clients);
    }
  });
}
