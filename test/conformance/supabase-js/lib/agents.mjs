// Helpers for the agent-kit tests: agent tokens minted the way an operator mints them (the CLI's
// `agenthub keys agent --tenant T --agent A --json`, against run.sh's hub data folder), and
// supabase-js clients that act as those agents.
import assert from 'node:assert/strict';
import { runCli } from './hub-process.mjs';
import { rtClient } from './realtime.mjs';

const dataDir = process.env.AGENTHUB_TEST_DATA_DIR;

/** The claims of a JWT, decoded without verification. */
export const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/**
 * Mints a token for agent `agent` of tenant `tenant` (slug), creating both on first use.
 * Returns { token, tenantId, agentId, name }.
 */
export async function mintAgent(tenant, agent) {
  if (!dataDir) throw new Error('AGENTHUB_TEST_DATA_DIR is not set: run the tests through run.sh');
  const out = JSON.parse(await runCli(['keys', 'agent', '--tenant', tenant, '--agent', agent, '--json', '--data-dir', dataDir]));
  const claims = claimsOf(out.token);
  assert.equal(claims.tenant_id, out.tenantId);
  assert.equal(claims.agent_id, out.agentId);
  return { token: out.token, tenantId: out.tenantId, agentId: out.agentId, name: agent };
}

/**
 * A supabase-js client acting as the agent: the app's API key plus the agent token as the access
 * token (supabase-js' `accessToken` option), used for REST, RPC and realtime alike.
 */
export async function agentClient(agent) {
  const supabase = rtClient({ accessToken: async () => agent.token });
  await supabase.realtime.setAuth();
  return supabase;
}

/** `.schema('agenthub').rpc(...)` that fails the test on an error and returns the data. */
export async function rpc(supabase, fn, args = {}) {
  const { data, error } = await supabase.schema('agenthub').rpc(fn, args);
  assert.equal(error, null, `${fn}: ${error?.message}`);
  return data;
}

/** `.schema('agenthub').rpc(...)` expected to fail; returns the error. */
export async function rpcError(supabase, fn, args = {}) {
  const { data, error } = await supabase.schema('agenthub').rpc(fn, args);
  assert.ok(error, `${fn} should have failed but returned ${JSON.stringify(data)}`);
  return error;
}
