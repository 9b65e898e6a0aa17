-- Agent kit, part 3: the task queue. Claims use FOR UPDATE SKIP LOCKED inside one statement, so a
-- task is never handed to two agents; leases end when the agent's presence ends (agent_offline,
-- called by the hub's presence mirror) or when they expire (expire_task_leases, for agents that
-- hang while connected). Retries back off exponentially with jitter; the last failure is 'dead'.
create type agenthub.task_status as enum ('pending', 'running', 'completed', 'failed', 'dead', 'cancelled');

create table agenthub.tasks (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references agenthub.tenants (id) on delete cascade,
  type text not null,
  payload jsonb not null default '{}',
  priority int not null default 0,
  run_after timestamptz not null default now(),
  required_capabilities text[] not null default '{}',
  target_agent_id uuid references agenthub.agents (id) on delete set null,
  max_attempts int not null default 3 check (max_attempts between 1 and 100),
  attempts int not null default 0,
  idempotency_key text,
  status agenthub.task_status not null default 'pending',
  claimed_by uuid references agenthub.agents (id) on delete set null,
  claimed_at timestamptz,
  lease_expires_at timestamptz,
  result jsonb,
  quality_score real,
  execution_ms bigint,
  last_error jsonb,
  run_id uuid,
  created_by jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  unique (tenant_id, idempotency_key)
);
-- The claim path: pending tasks of a tenant in priority order.
create index tasks_claimable_idx on agenthub.tasks (tenant_id, priority desc, created_at, id) where status = 'pending';
create index tasks_leases_idx on agenthub.tasks (lease_expires_at) where status = 'running';
create index tasks_claimed_by_idx on agenthub.tasks (claimed_by) where status = 'running';

create table agenthub.task_dependencies (
  task_id uuid not null references agenthub.tasks (id) on delete cascade,
  depends_on_id uuid not null references agenthub.tasks (id) on delete cascade,
  primary key (task_id, depends_on_id),
  check (task_id <> depends_on_id)
);
create index task_dependencies_reverse_idx on agenthub.task_dependencies (depends_on_id);

alter table agenthub.tasks enable row level security;
alter table agenthub.task_dependencies enable row level security;
create policy tasks_read on agenthub.tasks for select using (agenthub.can_access_tenant(tenant_id));
create policy task_dependencies_read on agenthub.task_dependencies for select
  using (exists (select 1 from agenthub.tasks t where t.id = task_id and agenthub.can_access_tenant(t.tenant_id)));
grant select on agenthub.tasks, agenthub.task_dependencies to anon, authenticated;
grant all on agenthub.tasks, agenthub.task_dependencies to service_role;

create function agenthub.enqueue_task(
  p_type text, p_payload jsonb default '{}', p_priority int default 0, p_run_after timestamptz default null,
  p_required_capabilities text[] default '{}', p_target_agent uuid default null, p_max_attempts int default 3,
  p_idempotency_key text default null, p_depends_on uuid[] default '{}', p_tenant uuid default null, p_run_id uuid default null)
returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_tenant uuid := agenthub.acting_tenant(p_tenant);
  v agenthub.tasks;
begin
  if p_idempotency_key is not null then
    select * into v from agenthub.tasks where tenant_id = v_tenant and idempotency_key = p_idempotency_key;
    if found then return v; end if;
  end if;
  if exists (select 1 from unnest(p_depends_on) d(id) where not exists
             (select 1 from agenthub.tasks t where t.id = d.id and t.tenant_id = v_tenant)) then
    raise exception 'a dependency is not a task of this tenant' using errcode = '23503';
  end if;
  insert into agenthub.tasks (tenant_id, type, payload, priority, run_after, required_capabilities,
                              target_agent_id, max_attempts, idempotency_key, run_id, created_by)
  values (v_tenant, p_type, p_payload, p_priority, coalesce(p_run_after, now()), p_required_capabilities,
          p_target_agent, p_max_attempts, p_idempotency_key, p_run_id,
          jsonb_build_object('role', auth.role(), 'sub', auth.uid(), 'agent_id', agenthub.jwt_agent()))
  on conflict (tenant_id, idempotency_key) do nothing
  returning * into v;
  if v.id is null then
    -- A concurrent enqueue with the same key won the race.
    select * into v from agenthub.tasks where tenant_id = v_tenant and idempotency_key = p_idempotency_key;
    return v;
  end if;
  insert into agenthub.task_dependencies (task_id, depends_on_id) select v.id, d from unnest(p_depends_on) d;
  return v;
end
$$;

-- Claims up to p_max tasks for the calling agent: highest priority, then oldest; only tasks it has
-- the capabilities for (or targeted at it), whose start time has come and whose dependencies are done.
create function agenthub.claim_tasks(p_max int default 1, p_lease_seconds int default 60)
returns setof agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_agent agenthub.agents := agenthub.require_agent();
begin
  if p_max not between 1 and 1000 then raise exception 'p_max must be between 1 and 1000' using errcode = '22023'; end if;
  if p_lease_seconds not between 1 and 86400 then raise exception 'p_lease_seconds must be between 1 and 86400' using errcode = '22023'; end if;
  return query
  with picked as (
    select t.id from agenthub.tasks t
     where t.tenant_id = v_agent.tenant_id and t.status = 'pending' and t.run_after <= now()
       and (t.target_agent_id is null or t.target_agent_id = v_agent.id)
       and t.required_capabilities <@ v_agent.capabilities
       and not exists (select 1 from agenthub.task_dependencies d join agenthub.tasks dt on dt.id = d.depends_on_id
                        where d.task_id = t.id and dt.status <> 'completed')
     order by t.priority desc, t.created_at, t.id
     limit p_max
     for update of t skip locked)
  update agenthub.tasks t
     set status = 'running', claimed_by = v_agent.id, claimed_at = now(), attempts = t.attempts + 1,
         lease_expires_at = now() + make_interval(secs => p_lease_seconds), updated_at = now()
    from picked where t.id = picked.id
  returning t.*;
end
$$;

-- The task the calling agent holds, locked; or an error naming what is wrong.
create function agenthub.held_task(p_task uuid) returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_agent agenthub.agents := agenthub.require_agent();
  v agenthub.tasks;
begin
  select * into v from agenthub.tasks where id = p_task and tenant_id = v_agent.tenant_id for update;
  if not found then raise exception 'task % not found', p_task using errcode = 'P0002'; end if;
  if v.status <> 'running' or v.claimed_by is distinct from v_agent.id then
    raise exception 'task % is not held by this agent (status %)', p_task, v.status
      using errcode = '55000', hint = 'its lease may have expired or the agent was seen offline';
  end if;
  return v;
end
$$;

create function agenthub.extend_task_lease(p_task uuid, p_lease_seconds int default 60) returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.tasks := agenthub.held_task(p_task);
begin
  update agenthub.tasks set lease_expires_at = now() + make_interval(secs => p_lease_seconds), updated_at = now()
   where id = v.id returning * into v;
  return v;
end
$$;

create function agenthub.complete_task(p_task uuid, p_result jsonb default null, p_quality_score real default null, p_execution_ms bigint default null)
returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.tasks := agenthub.held_task(p_task);
begin
  update agenthub.tasks
     set status = 'completed', result = p_result, quality_score = p_quality_score, execution_ms = p_execution_ms,
         lease_expires_at = null, completed_at = now(), updated_at = now()
   where id = v.id returning * into v;
  update agenthub.agents set tasks_completed = tasks_completed + 1, updated_at = now() where id = v.claimed_by;
  return v;
end
$$;

-- Backoff before attempt n+1: base * 2^(n-1), capped, times a jitter in [0.5, 1).
create function agenthub.retry_delay(p_attempts int, p_base_seconds real default 5, p_cap_seconds real default 3600)
returns interval language sql volatile as $$
  select make_interval(secs => least(p_cap_seconds, p_base_seconds * power(2, greatest(p_attempts - 1, 0))) * (0.5 + random() / 2))
$$;

create function agenthub.fail_task(p_task uuid, p_error jsonb default null, p_retryable boolean default true)
returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.tasks := agenthub.held_task(p_task);
  v_dead boolean := not p_retryable or v.attempts >= v.max_attempts;
begin
  update agenthub.tasks
     set status = case when v_dead then 'dead'::agenthub.task_status else 'pending' end,
         run_after = case when v_dead then run_after else now() + agenthub.retry_delay(v.attempts) end,
         last_error = p_error, claimed_by = case when v_dead then claimed_by end,
         lease_expires_at = null, updated_at = now(), completed_at = case when v_dead then now() end
   where id = v.id returning * into v;
  update agenthub.agents set tasks_failed = tasks_failed + 1, updated_at = now() where id = agenthub.jwt_agent();
  return v;
end
$$;

-- Cancels a task that has not finished (any member of the tenant, or the service role).
create function agenthub.cancel_task(p_task uuid, p_reason text default null) returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.tasks;
begin
  select * into v from agenthub.tasks where id = p_task for update;
  if not found or not agenthub.can_access_tenant(v.tenant_id) then
    raise exception 'task % not found', p_task using errcode = 'P0002';
  end if;
  if v.status in ('completed', 'dead', 'cancelled') then return v; end if;
  update agenthub.tasks set status = 'cancelled', lease_expires_at = null, updated_at = now(), completed_at = now(),
         last_error = coalesce(last_error, jsonb_build_object('cancelled', coalesce(p_reason, 'cancelled')))
   where id = v.id returning * into v;
  return v;
end
$$;

-- Puts running tasks back in the queue (or makes them dead after the last attempt).
create function agenthub.release_tasks(p_where_agent uuid, p_only_expired boolean) returns int
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_count int;
begin
  with released as (
    update agenthub.tasks t
       set status = case when t.attempts >= t.max_attempts then 'dead'::agenthub.task_status else 'pending' end,
           claimed_by = case when t.attempts >= t.max_attempts then t.claimed_by end,
           lease_expires_at = null, updated_at = now(),
           last_error = jsonb_build_object('released', case when p_only_expired then 'lease expired' else 'agent went offline' end)
     where t.status = 'running'
       and (p_where_agent is null or t.claimed_by = p_where_agent)
       and (not p_only_expired or t.lease_expires_at < now())
    returning 1)
  select count(*) into v_count from released;
  return v_count;
end
$$;

-- Presence of an agent ended (called by the hub's presence mirror): offline now, session closed,
-- and its leased tasks back in the queue at once.
create function agenthub.agent_offline(p_agent uuid, p_reason text default 'presence ended') returns int
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
begin
  if not agenthub.is_service() and p_agent is distinct from agenthub.jwt_agent() then
    raise exception 'only the hub or the agent itself may mark an agent offline' using errcode = '42501';
  end if;
  update agenthub.agents set online = false, status = 'offline', current_task_id = null, updated_at = now() where id = p_agent;
  update agenthub.agent_sessions set ended_at = now(), end_reason = p_reason where agent_id = p_agent and ended_at is null;
  return agenthub.release_tasks(p_agent, false);
end
$$;

-- Leases that ran out (an agent that hangs while connected); the hub calls this on a timer.
create function agenthub.expire_task_leases() returns int
language sql volatile security definer set search_path = agenthub, pg_temp as $$
  select agenthub.release_tasks(null, true)
$$;

revoke execute on function agenthub.release_tasks(uuid, boolean), agenthub.expire_task_leases() from public, anon, authenticated;
grant execute on function agenthub.expire_task_leases() to service_role;
