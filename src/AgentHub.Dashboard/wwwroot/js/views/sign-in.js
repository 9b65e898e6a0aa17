// Sign-in: a user account of the hub's auth API (what a user sees is what row-level security lets
// them see), or the service key (everything, every tenant).
import { h } from '../dom.js';
import { Session } from '../session.js';

export function signInView(config, onSignedIn) {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });

  const attempt = async (form, connect) => {
    const button = form.querySelector('button');
    button.disabled = true;
    error.hidden = true;
    try {
      const session = await connect(new FormData(form));
      el.remove();
      await onSignedIn(session);
    } catch (e) {
      error.textContent = e.message ?? String(e);
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  };

  const userForm = h('form', { class: 'sign-in-form', id: 'sign-in-user', on: { submit: (e) => { e.preventDefault(); attempt(e.target, (data) => Session.signIn(config, data.get('email'), data.get('password'))); } } },
    h('h2', { text: 'Sign in' }),
    h('label', {}, h('span', { text: 'E-mail' }), h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true })),
    h('label', {}, h('span', { text: 'Password' }), h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', class: 'primary', text: 'Sign in' }));

  const keyForm = h('form', { class: 'sign-in-form', id: 'sign-in-key', on: { submit: (e) => { e.preventDefault(); attempt(e.target, (data) => Session.withServiceKey(config, String(data.get('key')).trim())); } } },
    h('h2', { text: 'Or use the service key' }),
    h('p', { class: 'hint', text: 'Sees every tenant. `agenthub keys` prints it. It is kept only until this tab closes.' }),
    h('label', {}, h('span', { text: 'service_role key' }), h('input', { name: 'key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true })),
    h('button', { type: 'submit', text: 'Use service key' }));

  const el = h('section', { class: 'sign-in' },
    h('div', { class: 'sign-in-brand' }, h('img', { src: 'favicon.svg', alt: '', width: 40, height: 40 }), h('h1', { text: 'AgentHub' }),
      h('p', { text: 'Your agent fleet, live: who is online, runs as they move, the task queue, messages and the hub\u2019s health.' })),
    error, userForm, keyForm);
  return { el, update() {}, destroy() {} };
}
