// Messages: the tenant's message feed, live, newest first; per conversation and per agent (sender or
// addressee). A user sees what row-level security lets people of the tenant read.
import { h, reconcile, select } from '../dom.js';
import { clock, compactJson } from '../format.js';
import { replaceParams } from '../router.js';
import { syncAgentOptions } from './runs.js';

const TEAM = 'team';
const DIRECT = 'direct';

export function messagesView({ store }, route) {
  const filters = { conversation: route.params.get('conversation') ?? '', agent: route.params.get('agent') ?? '' };
  const conversationPicker = select({ id: 'messages-conversation', 'aria-label': 'Conversation' }, [], filters.conversation);
  const agentPicker = select({ id: 'messages-agent', 'aria-label': 'Agent' }, [], filters.agent);
  const feed = h('ol', { class: 'message-feed', id: 'messages' });
  const shown = h('span', { class: 'muted' });

  const onFilter = () => {
    Object.assign(filters, { conversation: conversationPicker.value, agent: agentPicker.value });
    replaceParams(filters);
    update();
  };
  conversationPicker.addEventListener('change', onFilter);
  agentPicker.addEventListener('change', onFilter);

  const el = h('section', { class: 'panel' },
    h('div', { class: 'panel-head' }, h('h2', { text: 'Messages' }), shown),
    h('div', { class: 'filters' }, conversationPicker, agentPicker),
    feed);

  const matches = (m) => {
    const c = filters.conversation;
    const inConversation = !c || (c === TEAM ? !m.conversation_id && !m.recipient_agent_id : c === DIRECT ? !!m.recipient_agent_id : m.conversation_id === c);
    const withAgent = !filters.agent || m.sender_agent_id === filters.agent || m.recipient_agent_id === filters.agent;
    return inConversation && withAgent;
  };

  const update = () => {
    syncConversationOptions(conversationPicker, store, filters.conversation);
    syncAgentOptions(agentPicker, store, filters.agent, 'Any agent');
    const messages = [...store.messages.values()].filter(matches).sort((a, b) => Number(b.seq) - Number(a.seq));
    shown.textContent = `${messages.length} shown`;
    if (!messages.length) {
      feed.replaceChildren(h('li', { class: 'empty', text: store.loaded ? 'No messages.' : 'Loading…' }));
      return;
    }
    if (feed.querySelector('.empty')) feed.replaceChildren();
    reconcile(feed, messages, {
      key: (m) => m.id,
      signature: (m) => `${m.seq}|${store.agentName(m.sender_agent_id)}|${store.agentName(m.recipient_agent_id)}|${store.conversations.get(m.conversation_id)?.title ?? ''}`,
      render: (m) => messageItem(store, m),
    });
  };
  return { el, update, destroy() {} };
}

function syncConversationOptions(picker, store, chosen) {
  const wanted = [['', 'All messages'], [TEAM, 'Team-wide'], [DIRECT, 'Direct messages'],
    ...[...store.conversations.values()].map((c) => [c.id, `Conversation: ${c.title ?? c.id.slice(0, 8)}`])];
  if (JSON.stringify([...picker.options].map((o) => [o.value, o.textContent])) === JSON.stringify(wanted)) return;
  const value = picker.value || chosen;
  picker.replaceChildren(...wanted.map(([v, label]) => h('option', { value: v, text: label })));
  picker.value = wanted.some(([v]) => v === value) ? value : '';
}

function messageItem(store, m) {
  const from = m.sender_agent_id ? store.agentName(m.sender_agent_id) : m.sender_user_id ? 'a person' : 'the hub';
  const to = m.recipient_agent_id ? store.agentName(m.recipient_agent_id)
    : m.conversation_id ? `#${store.conversations.get(m.conversation_id)?.title ?? m.conversation_id.slice(0, 8)}` : 'team';
  return h('li', { class: 'message', dataset: { messageSeq: m.seq, sender: from } },
    h('div', { class: 'message-meta' },
      h('strong', { text: from }), h('span', { class: 'muted', text: ' → ' }), h('span', { text: to }),
      m.kind && m.kind !== 'text' ? h('span', { class: 'chip chip-soft', text: m.kind }) : null,
      h('time', { class: 'muted', datetime: m.created_at, text: `${clock(m.created_at)} · #${m.seq}` })),
    h('div', { class: 'message-body', text: typeof m.body === 'string' ? m.body : compactJson(m.body, 2000) }));
}
