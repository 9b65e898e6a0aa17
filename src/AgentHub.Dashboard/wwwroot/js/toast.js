// Short notices at the bottom of the screen: action results, failures as they happen.
import { h } from './dom.js';

const SHOW_MS = 6000;

export function toast(message, kind = 'info') {
  const area = document.getElementById('toasts');
  const note = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', text: message });
  area.append(note);
  setTimeout(() => note.remove(), SHOW_MS);
  while (area.children.length > 4) area.firstElementChild.remove();
}
