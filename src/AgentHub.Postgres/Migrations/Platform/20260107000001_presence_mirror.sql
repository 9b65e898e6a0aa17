-- Agent kit: the hub's presence mirror. Realtime presence on `tenant:<tenant id>` (presence key =
-- agent id) is the live truth; the hub calls these as the service role when an agent's presence
-- appears, changes or ends, so the registry answers "who is online and what is each doing".

-- A tracked status, if it names one; anything else keeps what the row says.
create function agenthub.status_from_meta(p_meta jsonb) returns agenthub.agent_status
language sql immutable as $$
  select case when p_meta->>'status' = any (enum_range(null::agenthub.agent_status)::text[])
              then (p_meta->>'status')::agenthub.agent_status end
$$;

-- Presence appeared or changed: online, status and activity from the tracked meta, an open session.
-- Returns false when the agent is not registered in that tenant (a presence we cannot vouch for).
create function agenthub.mirror_presence_online(p_tenant uuid, p_agent uuid, p_meta jsonb default '{}')
returns boolean
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_status agenthub.agent_status := agenthub.status_from_meta(p_meta);
begin
  if not agenthub.is_service() then
    raise exception 'only the hub mirrors presence' using errcode = '42501';
  end if;
  update agenthub.agents
     set online = true,
         status = coalesce(v_status, case when status = 'offline' then 'idle'::agenthub.agent_status else status end),
         current_activity = coalesce(p_meta->>'activity', current_activity),
         last_heartbeat_at = now(), updated_at = now()
   where id = p_agent and tenant_id = p_tenant;
  if not found then
    return false;
  end if;
  if not exists (select 1 from agenthub.agent_sessions where agent_id = p_agent and ended_at is null) then
    insert into agenthub.agent_sessions (tenant_id, agent_id) values (p_tenant, p_agent);
  end if;
  return true;
end
$$;

-- Presence ended: offline, session closed, leased tasks back in the queue at once.
-- Returns how many tasks went back.
create function agenthub.mirror_presence_offline(p_tenant uuid, p_agent uuid, p_reason text default 'presence ended')
returns int
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
begin
  if not agenthub.is_service() then
    raise exception 'only the hub mirrors presence' using errcode = '42501';
  end if;
  if not exists (select 1 from agenthub.agents where id = p_agent and tenant_id = p_tenant) then
    return 0;
  end if;
  return agenthub.agent_offline(p_agent, p_reason);
end
$$;

-- Agents marked online that nobody has heard from for p_silence and that have no presence on the
-- calling hub (p_present): gone while no hub was watching (a hub restart, a crash). Marked offline
-- and their tasks returned. Returns the agents it marked.
create function agenthub.expire_silent_agents(p_silence interval, p_present uuid[] default '{}')
returns int
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_agent uuid;
  v_count int := 0;
begin
  if not agenthub.is_service() then
    raise exception 'only the hub expires silent agents' using errcode = '42501';
  end if;
  for v_agent in
    select id from agenthub.agents
     where online and coalesce(last_heartbeat_at, updated_at) < now() - p_silence and id <> all (p_present)
     for update skip locked
  loop
    perform agenthub.agent_offline(v_agent, 'silent');
    v_count := v_count + 1;
  end loop;
  return v_count;
end
$$;

revoke execute on function agenthub.mirror_presence_online(uuid, uuid, jsonb),
  agenthub.mirror_presence_offline(uuid, uuid, text),
  agenthub.expire_silent_agents(interval, uuid[]) from public, anon, authenticated;
grant execute on function agenthub.mirror_presence_online(uuid, uuid, jsonb),
  agenthub.mirror_presence_offline(uuid, uuid, text),
  agenthub.expire_silent_agents(interval, uuid[]) to service_role;
