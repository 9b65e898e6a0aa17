// The dashboard's entry point: sign-in, the tenant picker, the live store of the chosen tenant and the
// view of the current route. Views get a context ({ store, session, config }) and return
// { el, update(changes), destroy() }; the store tells them what changed.
import { loadConfig, Session } from './session.js';
import { TenantStore } from './tenant-store.js';
import { currentRoute } from './router.js';
import { toast } from './toast.js';
import { h, replaceChildren } from './dom.js';
import { signInView } from './views/sign-in.js';
import { fleetView } from './views/fleet.js';
import { runsView } from './views/runs.js';
import { runDetailView } from './views/run-detail.js';
import { tasksView } from './views/tasks.js';
import { messagesView } from './views/messages.js';
import { healthView } from './views/health.js';

const TENANT_STORAGE = 'agenthub.dashboard.tenant';
/** How often relative times ("12 s ago") and durations are redrawn. */
const TICK_MS = 5000;

const routes = {
  fleet: fleetView,
  runs: (ctx, route) => (route.path[1] ? runDetailView(ctx, route.path[1]) : runsView(ctx, route.params)),
  tasks: tasksView,
  messages: messagesView,
  health: healthView,
};

class App {
  constructor(config, session) {
    this.config = config;
    this.session = session;
    this.store = null;
    this.view = null;
  }

  async start() {
    const topbar = document.getElementById('topbar');
    topbar.hidden = false;
    document.getElementById('who').textContent = this.session.label;
    document.getElementById('sign-out').addEventListener('click', () => this.signOut());

    const { data: tenants, error } = await this.session.client.schema('agenthub').from('tenants').select('id,slug,name').order('name');
    if (error) throw new Error(`could not list tenants: ${error.message}`);
    if (!tenants.length) {
      replaceChildren(document.getElementById('view'), h('section', { class: 'panel' },
        h('h2', { text: 'No tenant to show' }),
        h('p', { text: this.session.kind === 'user'
          ? 'This account is not a member of any tenant (agenthub.tenant_members). Ask an owner to add you.'
          : 'The hub has no tenant yet: agents create theirs on first use (agenthub keys agent --tenant T --agent A).' })));
      return;
    }

    const picker = document.getElementById('tenant');
    replaceChildren(picker, tenants.map((t) => h('option', { value: t.id, text: t.name === t.slug ? t.slug : `${t.name} (${t.slug})` })));
    const remembered = tenants.find((t) => t.id === localStorage.getItem(TENANT_STORAGE)) ?? tenants[0];
    picker.value = remembered.id;
    picker.addEventListener('change', () => this.useTenant(tenants.find((t) => t.id === picker.value)));

    window.addEventListener('hashchange', () => this.route());
    setInterval(() => this.view?.update(new Set(['tick'])), TICK_MS);
    await this.useTenant(remembered);
  }

  async useTenant(tenant) {
    localStorage.setItem(TENANT_STORAGE, tenant.id);
    await this.store?.stop();
    const store = new TenantStore(this.session.client, tenant);
    store.addEventListener('change', (e) => {
      if (e.detail.has('connection') || e.detail.has('error')) this.showConnection(store);
      if (store === this.store) this.view?.update(e.detail);
    });
    store.addEventListener('failure', (e) => {
      const what = e.detail.dead ? `Task ${e.detail.name} is dead` : `Run ${e.detail.name} failed`;
      toast(`${what}${e.detail.error?.message ? `: ${e.detail.error.message}` : ''}`, 'error');
    });
    this.store = store;
    store.start();
    this.route();
  }

  route() {
    this.view?.destroy?.();
    const route = currentRoute();
    const name = routes[route.path[0]] ? route.path[0] : 'fleet';
    for (const link of document.querySelectorAll('.tabs a')) {
      if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    this.view = routes[name]({ store: this.store, session: this.session, config: this.config }, route);
    replaceChildren(document.getElementById('view'), this.view.el);
    this.view.update(new Set(['all']));
  }

  showConnection(store) {
    const pill = document.getElementById('connection');
    pill.dataset.state = store.connection;
    pill.textContent = { live: 'live', connecting: 'connecting', reconnecting: 'reconnecting…', closed: 'disconnected' }[store.connection] ?? store.connection;
    pill.title = store.error ? `Realtime: ${store.connection} (${store.error})` : `Realtime: ${store.connection}`;
  }

  async signOut() {
    await this.store?.stop();
    await this.session.signOut();
    window.location.reload();
  }
}

async function main() {
  const config = await loadConfig();
  const session = await Session.restore(config);
  if (session) {
    await new App(config, session).start();
    return;
  }
  const view = signInView(config, async (signedIn) => {
    await new App(config, signedIn).start();
  });
  replaceChildren(document.getElementById('view'), view.el);
}

main().catch((error) => {
  replaceChildren(document.getElementById('view'), h('section', { class: 'panel error' },
    h('h2', { text: 'The dashboard could not start' }), h('p', { text: error.message ?? String(error) })));
});
