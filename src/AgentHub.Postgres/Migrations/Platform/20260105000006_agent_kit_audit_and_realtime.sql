-- Agent kit, part 6: the audit log and realtime. Audit rows are written by triggers, in the same
-- transaction as the change, so no path (REST, RPC, SQL by hand, the hub's workers) can skip them;
-- the table refuses UPDATE, DELETE and TRUNCATE from everyone.
create table agenthub.audit_events (
  id bigint generated always as identity primary key,
  tenant_id uuid,
  entity text not null,
  entity_id uuid,
  action text not null check (action in ('insert', 'update', 'delete')),
  actor_role text,
  actor_sub text,
  actor_agent uuid,
  changes jsonb,       -- insert: the new row; update: changed columns' new values; delete: null
  previous jsonb,      -- update: changed columns' old values; delete: the old row
  at timestamptz not null default now()
);
create index audit_events_entity_idx on agenthub.audit_events (entity, entity_id, id);
create index audit_events_tenant_idx on agenthub.audit_events (tenant_id, id);

create function agenthub.audit() returns trigger
language plpgsql security definer set search_path = agenthub, pg_temp as $$
declare
  v_new jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  v_old jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  v_row jsonb := coalesce(v_new, v_old);
  v_changes jsonb;
  v_previous jsonb;
begin
  if tg_op = 'UPDATE' then
    select jsonb_object_agg(n.key, n.value), jsonb_object_agg(n.key, v_old -> n.key)
      into v_changes, v_previous
      from jsonb_each(v_new) n
     where n.value is distinct from v_old -> n.key
       -- Bookkeeping, not actions: timestamps, counters and heartbeats would drown the log.
       and n.key not in ('updated_at', 'last_seq', 'last_heartbeat_at', 'tasks_completed', 'tasks_failed', 'current_activity', 'lease_expires_at');
    if v_changes is null then return null; end if;
  elsif tg_op = 'INSERT' then
    v_changes := v_new;
  else
    v_previous := v_old;
  end if;
  insert into agenthub.audit_events (tenant_id, entity, entity_id, action, actor_role, actor_sub, actor_agent, changes, previous)
  values (coalesce((v_row ->> 'tenant_id')::uuid, case when tg_table_name = 'tenants' then (v_row ->> 'id')::uuid end),
          tg_table_name, (v_row ->> 'id')::uuid, lower(tg_op),
          coalesce(auth.role(), current_user), auth.jwt() ->> 'sub', agenthub.jwt_agent(), v_changes, v_previous);
  return null;
end
$$;

create function agenthub.audit_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'agenthub.audit_events is append-only' using errcode = '42501';
end
$$;

create trigger audit_append_only before update or delete on agenthub.audit_events
  for each row execute function agenthub.audit_is_append_only();
create trigger audit_no_truncate before truncate on agenthub.audit_events
  for each statement execute function agenthub.audit_is_append_only();

do $$
declare
  t text;
begin
  foreach t in array array['tenants', 'tenant_members', 'agents', 'tasks', 'runs', 'conversations', 'messages'] loop
    execute format('create trigger audit after insert or update or delete on agenthub.%I for each row execute function agenthub.audit()', t);
  end loop;
end
$$;

alter table agenthub.audit_events enable row level security;
create policy audit_read on agenthub.audit_events for select using (agenthub.can_access_tenant(tenant_id));
grant select on agenthub.audit_events to authenticated, service_role;
revoke insert, update, delete, truncate on agenthub.audit_events from anon, authenticated, service_role;

-- Dashboards and agents watch these live through postgres_changes; row-level security decides
-- who receives which row, exactly as for reads.
-- A publication FOR ALL TABLES (some projects use one) already covers them and takes no list.
do $$
begin
  if not (select puballtables from pg_publication where pubname = 'supabase_realtime') then
    alter publication supabase_realtime add table
      agenthub.agents, agenthub.agent_sessions, agenthub.tasks, agenthub.runs, agenthub.run_events, agenthub.messages;
  end if;
end
$$;
