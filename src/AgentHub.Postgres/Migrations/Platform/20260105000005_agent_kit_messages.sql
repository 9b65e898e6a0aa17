-- Agent kit, part 5: messages. A direct message is readable only by its sender and addressee
-- (row-level security, so REST and realtime alike); team-wide messages by the whole tenant;
-- conversation messages by the participants. Each message takes the tenant's next sequence
-- number under the tenant row's lock, so sequence order is commit order and "inbox since N"
-- after a reconnect misses nothing.
create table agenthub.conversations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references agenthub.tenants (id) on delete cascade,
  title text,
  created_by uuid,
  created_at timestamptz not null default now()
);

create table agenthub.conversation_participants (
  conversation_id uuid not null references agenthub.conversations (id) on delete cascade,
  agent_id uuid not null references agenthub.agents (id) on delete cascade,
  joined_at timestamptz not null default now(),
  primary key (conversation_id, agent_id)
);
create index conversation_participants_agent_idx on agenthub.conversation_participants (agent_id);

create table agenthub.messages (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references agenthub.tenants (id) on delete cascade,
  seq bigint not null,
  sender_agent_id uuid references agenthub.agents (id) on delete set null,
  sender_user_id uuid,
  recipient_agent_id uuid references agenthub.agents (id) on delete cascade,
  conversation_id uuid references agenthub.conversations (id) on delete cascade,
  kind text not null default 'text',
  body jsonb not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, seq),
  check (recipient_agent_id is null or conversation_id is null)
);
create index messages_recipient_idx on agenthub.messages (recipient_agent_id, seq);
create index messages_conversation_idx on agenthub.messages (conversation_id, seq);

create table agenthub.message_acks (
  message_id uuid not null references agenthub.messages (id) on delete cascade,
  agent_id uuid not null references agenthub.agents (id) on delete cascade,
  acked_at timestamptz not null default now(),
  primary key (message_id, agent_id)
);

-- Who may read a message: tenant members who are not agents (people, dashboards) see the tenant's
-- traffic; an agent sees what it sent, what was addressed to it, team-wide messages and its conversations.
create function agenthub.can_read_message(p_tenant uuid, p_sender uuid, p_recipient uuid, p_conversation uuid) returns boolean
language sql stable security definer set search_path = agenthub, pg_temp as $$
  select agenthub.can_access_tenant(p_tenant) and (
           agenthub.jwt_agent() is null
        or p_sender = agenthub.jwt_agent()
        or p_recipient = agenthub.jwt_agent()
        or (p_recipient is null and p_conversation is null)
        or exists (select 1 from agenthub.conversation_participants cp
                    where cp.conversation_id = p_conversation and cp.agent_id = agenthub.jwt_agent()))
$$;

alter table agenthub.conversations enable row level security;
alter table agenthub.conversation_participants enable row level security;
alter table agenthub.messages enable row level security;
alter table agenthub.message_acks enable row level security;
create policy conversations_read on agenthub.conversations for select using (agenthub.can_access_tenant(tenant_id));
create policy participants_read on agenthub.conversation_participants for select
  using (exists (select 1 from agenthub.conversations c where c.id = conversation_id and agenthub.can_access_tenant(c.tenant_id)));
create policy messages_read on agenthub.messages for select
  using (agenthub.can_read_message(tenant_id, sender_agent_id, recipient_agent_id, conversation_id));
create policy acks_read on agenthub.message_acks for select
  using (exists (select 1 from agenthub.messages m where m.id = message_id
                 and agenthub.can_read_message(m.tenant_id, m.sender_agent_id, m.recipient_agent_id, m.conversation_id)));
grant select on agenthub.conversations, agenthub.conversation_participants, agenthub.messages, agenthub.message_acks to anon, authenticated;
grant all on agenthub.conversations, agenthub.conversation_participants, agenthub.messages, agenthub.message_acks to service_role;

create function agenthub.create_conversation(p_title text, p_participants uuid[], p_tenant uuid default null)
returns agenthub.conversations
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_tenant uuid := agenthub.acting_tenant(p_tenant);
  v agenthub.conversations;
begin
  if exists (select 1 from unnest(p_participants) p(id)
             where not exists (select 1 from agenthub.agents a where a.id = p.id and a.tenant_id = v_tenant)) then
    raise exception 'every participant must be an agent of this tenant' using errcode = '23503';
  end if;
  insert into agenthub.conversations (tenant_id, title, created_by) values (v_tenant, p_title, coalesce(agenthub.jwt_agent(), auth.uid()))
  returning * into v;
  insert into agenthub.conversation_participants (conversation_id, agent_id)
  select v.id, p from unnest(p_participants || case when agenthub.jwt_agent() is null then '{}'::uuid[] else array[agenthub.jwt_agent()] end) p
  on conflict do nothing;
  return v;
end
$$;

create function agenthub.send_message(p_body jsonb, p_recipient uuid default null, p_conversation uuid default null,
                                      p_kind text default 'text', p_tenant uuid default null)
returns agenthub.messages
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_tenant uuid := agenthub.acting_tenant(p_tenant);
  v_seq bigint;
  v agenthub.messages;
begin
  if p_recipient is not null and not exists (select 1 from agenthub.agents where id = p_recipient and tenant_id = v_tenant) then
    raise exception 'recipient % is not an agent of this tenant', p_recipient using errcode = '23503';
  end if;
  if p_conversation is not null and not exists (
       select 1 from agenthub.conversations c where c.id = p_conversation and c.tenant_id = v_tenant
          and (agenthub.jwt_agent() is null or exists (select 1 from agenthub.conversation_participants cp
                where cp.conversation_id = c.id and cp.agent_id = agenthub.jwt_agent()))) then
    raise exception 'conversation % not found or the sender does not take part', p_conversation using errcode = '42501';
  end if;
  update agenthub.tenants set message_seq = message_seq + 1 where id = v_tenant returning message_seq into v_seq;
  insert into agenthub.messages (tenant_id, seq, sender_agent_id, sender_user_id, recipient_agent_id, conversation_id, kind, body)
  values (v_tenant, v_seq, agenthub.jwt_agent(), case when agenthub.jwt_agent() is null then auth.uid() end,
          p_recipient, p_conversation, p_kind, p_body)
  returning * into v;
  return v;
end
$$;

-- Messages the caller may read with a sequence after p_since, oldest first (catch-up after a reconnect).
create function agenthub.inbox(p_since bigint default 0, p_limit int default 100, p_tenant uuid default null)
returns setof agenthub.messages
language sql stable security invoker set search_path = agenthub, pg_temp as $$
  select * from agenthub.messages
   where tenant_id = coalesce(p_tenant, agenthub.jwt_tenant()) and seq > p_since
   order by seq
   limit least(greatest(p_limit, 1), 1000)
$$;

create function agenthub.ack_message(p_message uuid) returns agenthub.message_acks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_agent agenthub.agents := agenthub.require_agent();
  v agenthub.message_acks;
  m agenthub.messages;
begin
  select * into m from agenthub.messages where id = p_message;
  if not found or not agenthub.can_read_message(m.tenant_id, m.sender_agent_id, m.recipient_agent_id, m.conversation_id) then
    raise exception 'message % not found', p_message using errcode = 'P0002';
  end if;
  insert into agenthub.message_acks (message_id, agent_id) values (p_message, v_agent.id)
  on conflict (message_id, agent_id) do update set acked_at = agenthub.message_acks.acked_at
  returning * into v;
  return v;
end
$$;
