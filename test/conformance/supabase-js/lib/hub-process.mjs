// A hub that a test owns: its own process, ports and data folder, so the test can stop it and start
// it again (same port, same data folder, same keys) without disturbing the hub run.sh shares with
// every other test. Started with the same CLI and migrations as run.sh's hub.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';

const run = promisify(execFile);

const cli = process.env.AGENTHUB_TEST_CLI;
const workDir = process.env.AGENTHUB_TEST_WORK_DIR;
const migrationsDir = process.env.AGENTHUB_TEST_MIGRATIONS_DIR;

/** Hubs still running when the test process exits are stopped (TERM), so no cluster is left behind. */
const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGTERM');
});

/**
 * The environment for a hub or CLI process: the test's own AGENTHUB_* variables (URL, keys, the
 * shared hub's database URL and JWT secret) would otherwise configure the child, since the hub reads
 * AGENTHUB_DB_URL, AGENTHUB_JWT_SECRET and friends.
 */
export function childEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('AGENTHUB_') || key.startsWith('SUPABASE_') || key === 'DATABASE_URL') continue;
    env[key] = value;
  }
  return { ...env, AGENTHUB__Database__DurableWrites: 'false', ...extra };
}

/** Runs the agenthub CLI with the given arguments and returns its stdout. */
export async function runCli(args, { timeoutMs = 120000 } = {}) {
  if (!cli) throw new Error('AGENTHUB_TEST_CLI is not set: run the tests through run.sh');
  const { stdout } = await run('dotnet', [cli, ...args], { env: childEnv(), timeout: timeoutMs, maxBuffer: 1 << 20 });
  return stdout;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export class HubProcess {
  /** Creates (does not start) a hub with a fresh data folder and free API and database ports. */
  static async create(name = 'hub') {
    if (!cli || !workDir) throw new Error('AGENTHUB_TEST_CLI / AGENTHUB_TEST_WORK_DIR are not set: run the tests through run.sh');
    const dir = fs.mkdtempSync(path.join(workDir, `${name}-`));
    return new HubProcess(dir, await freePort(), await freePort());
  }

  constructor(dir, port, dbPort) {
    this.dir = dir;
    this.dataDir = path.join(dir, 'data');
    this.port = port;
    this.dbPort = dbPort;
    this.url = `http://127.0.0.1:${port}`;
    this.logFile = path.join(dir, 'hub.log');
    this.child = null;
    this.starts = 0;
  }

  get running() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the hub and resolves once /health answers; the first start also reads the keys. */
  async start({ timeoutMs = 180000 } = {}) {
    if (this.running) throw new Error('hub already running');
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `\n--- start ${++this.starts} at ${new Date().toISOString()}\n`);
    const args = [cli, 'serve', '--port', String(this.port), '--db-port', String(this.dbPort), '--data-dir', this.dataDir];
    if (migrationsDir) args.push('--migrations-dir', migrationsDir);
    const child = spawn('dotnet', args, { cwd: this.dir, env: childEnv(), stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child = child;
    live.add(child);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.exited = exited.then((result) => {
      live.delete(child);
      return result;
    });

    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`hub exited while starting:\n${this.logTail()}`);
      try {
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`hub did not become healthy in ${timeoutMs} ms:\n${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    if (!this.keys) {
      const keys = JSON.parse(await runCli(['keys', '--json', '--data-dir', this.dataDir, '--port', String(this.port)]));
      this.keys = { anon: keys.anonKey, service: keys.serviceRoleKey, dbUrl: keys.dbUrl };
    }
    return this;
  }

  /** Stops the hub the way an operator does (SIGTERM) and waits for the process to end. */
  async stop({ timeoutMs = 60000 } = {}) {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  /** Stops the hub for good and removes its data folder. */
  async dispose() {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A supabase-js client for this hub. */
  client(key = this.keys.anon, options = {}) {
    const { auth, realtime, ...rest } = options;
    return createClient(this.url, key, {
      ...rest,
      auth: { persistSession: false, autoRefreshToken: false, ...(auth ?? {}) },
      realtime: { transport: WebSocket, ...(realtime ?? {}) },
    });
  }

  /** Runs SQL as the database superuser of this hub. */
  async sql(text) {
    const { stdout } = await run('psql', [this.keys.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', text], { encoding: 'utf8' });
    return stdout.trim();
  }

  logTail(lines = 40) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
