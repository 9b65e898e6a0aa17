import test from 'node:test';
import assert from 'node:assert/strict';
import { hub } from '../lib/hub.mjs';

test('the hub started by run.sh is healthy and lists the conformance tables', async () => {
  const response = await fetch(`${hub.url}/health`);
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.status, 'healthy');
  assert.equal(body.migrations.pending, 0);
});
