-- Agent kit, part 2: the registry. Realtime presence on the tenant's channel is the live truth;
-- the hub mirrors it here (online, sessions, last heartbeat) so SQL can answer who is online and
-- what each agent is doing.
create type agenthub.agent_status as enum
  ('initializing', 'idle', 'busy', 'processing', 'waiting', 'error', 'offline', 'maintenance');

create table agenthub.agents (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references agenthub.tenants (id) on delete cascade,
  name text not null,
  type text not null default 'agent',
  capabilities text[] not null default '{}',
  metadata jsonb not null default '{}',
  config jsonb not null default '{}',
  limits jsonb not null default '{}',
  status agenthub.agent_status not null default 'offline',
  online boolean not null default false,
  current_task_id uuid,
  current_activity text,
  last_heartbeat_at timestamptz,
  tasks_completed bigint not null default 0,
  tasks_failed bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, name)
);
create index agents_tenant_idx on agenthub.agents (tenant_id, online);

create table agenthub.agent_sessions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references agenthub.tenants (id) on delete cascade,
  agent_id uuid not null references agenthub.agents (id) on delete cascade,
  started_at timestamptz not null default now(),
  last_heartbeat_at timestamptz not null default now(),
  ended_at timestamptz,
  end_reason text
);
create index agent_sessions_open_idx on agenthub.agent_sessions (agent_id) where ended_at is null;

alter table agenthub.agents enable row level security;
alter table agenthub.agent_sessions enable row level security;
create policy agents_read on agenthub.agents for select using (agenthub.can_access_tenant(tenant_id));
create policy sessions_read on agenthub.agent_sessions for select using (agenthub.can_access_tenant(tenant_id));
grant select on agenthub.agents, agenthub.agent_sessions to anon, authenticated;
grant all on agenthub.agents, agenthub.agent_sessions to service_role;

-- The calling agent's row, or an error: every agent-only function starts here.
create function agenthub.require_agent() returns agenthub.agents
language plpgsql stable security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.agents;
begin
  select * into v from agenthub.agents where id = agenthub.jwt_agent() and tenant_id = agenthub.jwt_tenant();
  if not found then
    raise exception 'this call needs an agent token (tenant_id and agent_id claims) of a registered agent'
      using errcode = '42501', hint = 'mint one with: agenthub keys agent --tenant <tenant> --agent <name>';
  end if;
  return v;
end
$$;

-- Called by the agent itself (its token names it) to set its description; creates the row on
-- first use when the token's agent id is not registered yet.
create function agenthub.register_agent(
  p_name text, p_type text default 'agent', p_capabilities text[] default '{}',
  p_metadata jsonb default '{}', p_config jsonb default '{}', p_limits jsonb default '{}')
returns agenthub.agents
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_agent uuid := agenthub.jwt_agent();
  v_tenant uuid := agenthub.jwt_tenant();
  v agenthub.agents;
begin
  if v_agent is null or v_tenant is null then
    raise exception 'register_agent needs an agent token (tenant_id and agent_id claims)' using errcode = '42501';
  end if;
  insert into agenthub.agents as a (id, tenant_id, name, type, capabilities, metadata, config, limits, status)
  values (v_agent, v_tenant, p_name, p_type, p_capabilities, p_metadata, p_config, p_limits, 'initializing')
  on conflict (id) do update
    set name = excluded.name, type = excluded.type, capabilities = excluded.capabilities,
        metadata = excluded.metadata, config = excluded.config, limits = excluded.limits, updated_at = now()
    where a.tenant_id = v_tenant
  returning * into v;
  if v.id is null then
    raise exception 'agent % belongs to another tenant', v_agent using errcode = '42501';
  end if;
  return v;
end
$$;

-- The agent reports what it is doing. Also keeps its open session's heartbeat.
create function agenthub.heartbeat(
  p_status agenthub.agent_status default null, p_current_task_id uuid default null, p_activity text default null)
returns agenthub.agents
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.agents := agenthub.require_agent();
begin
  update agenthub.agents
     set status = coalesce(p_status, status), current_task_id = p_current_task_id,
         current_activity = p_activity, last_heartbeat_at = now(), updated_at = now()
   where id = v.id
  returning * into v;
  update agenthub.agent_sessions set last_heartbeat_at = now() where agent_id = v.id and ended_at is null;
  return v;
end
$$;

-- Presence mirroring, called by the hub (service role) when an agent's presence appears or ends.
create function agenthub.agent_online(p_agent uuid, p_status agenthub.agent_status default 'idle')
returns agenthub.agent_sessions
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_session agenthub.agent_sessions;
begin
  if not agenthub.is_service() and p_agent is distinct from agenthub.jwt_agent() then
    raise exception 'only the hub or the agent itself may mark an agent online' using errcode = '42501';
  end if;
  update agenthub.agents set online = true, status = p_status, last_heartbeat_at = now(), updated_at = now()
   where id = p_agent;
  if not found then
    raise exception 'agent % is not registered', p_agent using errcode = 'P0002';
  end if;
  select * into v_session from agenthub.agent_sessions where agent_id = p_agent and ended_at is null;
  if not found then
    insert into agenthub.agent_sessions (tenant_id, agent_id)
    select tenant_id, id from agenthub.agents where id = p_agent
    returning * into v_session;
  end if;
  return v_session;
end
$$;
