-- Agent kit, part 4: runs. Each change appends to run_events with the next sequence number of
-- that run, taken under the run's row lock, so sequence order is commit order and a client that
-- reconnects replays exactly what it missed ("events of run R after seq N").
create type agenthub.run_status as enum (
  'pending', 'in_progress', 'awaiting_verification', 'verification_in_progress',
  'verification_passed', 'verification_failed', 'escalated', 'completed', 'failed', 'cancelled');

-- The verification flow (architecture.md): allowed moves, checked by set_run_status.
create table agenthub.run_transitions (
  from_status agenthub.run_status not null,
  to_status agenthub.run_status not null,
  primary key (from_status, to_status)
);
insert into agenthub.run_transitions values
  ('pending', 'in_progress'), ('pending', 'cancelled'), ('pending', 'failed'),
  ('in_progress', 'awaiting_verification'), ('in_progress', 'completed'), ('in_progress', 'failed'), ('in_progress', 'cancelled'),
  ('awaiting_verification', 'verification_in_progress'), ('awaiting_verification', 'cancelled'), ('awaiting_verification', 'failed'),
  ('verification_in_progress', 'verification_passed'), ('verification_in_progress', 'verification_failed'), ('verification_in_progress', 'cancelled'),
  ('verification_passed', 'completed'),
  ('verification_failed', 'in_progress'), ('verification_failed', 'escalated'), ('verification_failed', 'failed'), ('verification_failed', 'cancelled'),
  ('escalated', 'in_progress'), ('escalated', 'completed'), ('escalated', 'failed'), ('escalated', 'cancelled');
grant select on agenthub.run_transitions to anon, authenticated, service_role;

create table agenthub.runs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references agenthub.tenants (id) on delete cascade,
  agent_id uuid references agenthub.agents (id) on delete set null,
  parent_run_id uuid references agenthub.runs (id) on delete cascade,
  task_id uuid references agenthub.tasks (id) on delete set null,
  name text not null,
  status agenthub.run_status not null default 'in_progress',
  current_step text,
  progress real not null default 0 check (progress between 0 and 100),
  metadata jsonb not null default '{}',
  result jsonb,
  error jsonb,
  verification jsonb,
  last_seq bigint not null default 0,
  stuck_at timestamptz,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index runs_tenant_status_idx on agenthub.runs (tenant_id, status);
create index runs_agent_idx on agenthub.runs (agent_id, started_at desc);
create index runs_parent_idx on agenthub.runs (parent_run_id);
create index runs_active_updated_idx on agenthub.runs (updated_at) where finished_at is null;

create table agenthub.run_events (
  run_id uuid not null references agenthub.runs (id) on delete cascade,
  seq bigint not null,
  tenant_id uuid not null,
  kind text not null,
  status agenthub.run_status,
  step text,
  progress real,
  data jsonb,
  created_at timestamptz not null default now(),
  primary key (run_id, seq)
);

alter table agenthub.runs enable row level security;
alter table agenthub.run_events enable row level security;
create policy runs_read on agenthub.runs for select using (agenthub.can_access_tenant(tenant_id));
create policy run_events_read on agenthub.run_events for select using (agenthub.can_access_tenant(tenant_id));
grant select on agenthub.runs, agenthub.run_events to anon, authenticated;
grant all on agenthub.runs, agenthub.run_events to service_role;

-- Writes the run's new state (p_run, changed in memory by the caller) and appends one history event,
-- in a single UPDATE: one WAL change per call, so realtime subscribers see each step once.
create function agenthub.append_run_event(p_run agenthub.runs, p_kind text, p_data jsonb) returns agenthub.runs
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.runs;
begin
  update agenthub.runs
     set status = p_run.status, current_step = p_run.current_step, progress = p_run.progress,
         result = p_run.result, error = p_run.error, verification = p_run.verification, finished_at = p_run.finished_at,
         last_seq = last_seq + 1, updated_at = now(), stuck_at = null
   where id = p_run.id returning * into v;
  insert into agenthub.run_events (run_id, seq, tenant_id, kind, status, step, progress, data)
  values (v.id, v.last_seq, v.tenant_id, p_kind, v.status, v.current_step, v.progress, p_data);
  return v;
end
$$;

-- The run, locked, if the caller may change it: its own agent, or a tenant member / the service role.
create function agenthub.writable_run(p_run uuid) returns agenthub.runs
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.runs;
begin
  select * into v from agenthub.runs where id = p_run for update;
  if not found or not agenthub.can_access_tenant(v.tenant_id) then
    raise exception 'run % not found', p_run using errcode = 'P0002';
  end if;
  if agenthub.jwt_agent() is not null and v.agent_id is distinct from agenthub.jwt_agent() then
    raise exception 'run % belongs to another agent', p_run using errcode = '42501';
  end if;
  return v;
end
$$;

-- Cancelling cascades to the run's open tasks and to its unfinished child runs (whoever runs them),
-- depth first, each child getting its own 'status' event.
create function agenthub.cancel_descendants(p_run uuid) returns void
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  c agenthub.runs;
begin
  update agenthub.tasks set status = 'cancelled', lease_expires_at = null, updated_at = now(), completed_at = now()
   where run_id = p_run and status in ('pending', 'running');
  for c in select * from agenthub.runs where parent_run_id = p_run and finished_at is null for update loop
    c.status := 'cancelled';
    c.finished_at := now();
    c.error := jsonb_build_object('cancelled_by_parent', p_run);
    perform agenthub.append_run_event(c, 'status', c.error);
    perform agenthub.cancel_descendants(c.id);
  end loop;
end
$$;

create function agenthub.start_run(p_name text, p_task uuid default null, p_parent_run uuid default null,
                                   p_metadata jsonb default '{}', p_tenant uuid default null)
returns agenthub.runs
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_tenant uuid := agenthub.acting_tenant(p_tenant);
  v agenthub.runs;
begin
  insert into agenthub.runs (tenant_id, agent_id, parent_run_id, task_id, name, metadata)
  values (v_tenant, agenthub.jwt_agent(), p_parent_run, p_task, p_name, p_metadata)
  returning * into v;
  return agenthub.append_run_event(v, 'started', p_metadata);
end
$$;

create function agenthub.update_run_progress(p_run uuid, p_step text default null, p_progress real default null, p_data jsonb default null)
returns agenthub.runs
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.runs := agenthub.writable_run(p_run);
begin
  if v.finished_at is not null then
    raise exception 'run % has finished (%)', p_run, v.status using errcode = '55000';
  end if;
  if p_progress is not null and (p_progress < 0 or p_progress > 100) then
    raise exception 'progress must be between 0 and 100, got %', p_progress using errcode = '22023';
  end if;
  v.current_step := coalesce(p_step, v.current_step);
  v.progress := coalesce(p_progress, v.progress);
  return agenthub.append_run_event(v, 'progress', p_data);
end
$$;

create function agenthub.set_run_status(p_run uuid, p_status agenthub.run_status, p_data jsonb default null)
returns agenthub.runs
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.runs := agenthub.writable_run(p_run);
  v_allowed text;
begin
  if not exists (select 1 from agenthub.run_transitions where from_status = v.status and to_status = p_status) then
    select string_agg(to_status::text, ', ' order by to_status) into v_allowed from agenthub.run_transitions where from_status = v.status;
    raise exception 'invalid run transition from % to %', v.status, p_status
      using errcode = 'P0001', hint = 'from ' || v.status || ' a run may go to: ' || coalesce(v_allowed, 'nothing (it has finished)');
  end if;
  v.status := p_status;
  if p_data is not null then
    if p_status = 'completed' then v.result := p_data;
    elsif p_status in ('failed', 'cancelled') then v.error := p_data;
    elsif p_status::text like 'verification%' then v.verification := p_data;
    end if;
  end if;
  if p_status = 'completed' then v.progress := 100; end if;
  v.finished_at := case when p_status in ('completed', 'failed', 'cancelled') then now() end;
  v := agenthub.append_run_event(v, 'status', p_data);
  if p_status = 'cancelled' then perform agenthub.cancel_descendants(v.id); end if;
  return v;
end
$$;

create function agenthub.complete_run(p_run uuid, p_result jsonb default null) returns agenthub.runs
language sql volatile security definer set search_path = agenthub, pg_temp as $$
  select agenthub.set_run_status(p_run, 'completed', p_result)
$$;

create function agenthub.fail_run(p_run uuid, p_error jsonb default null) returns agenthub.runs
language sql volatile security definer set search_path = agenthub, pg_temp as $$
  select agenthub.set_run_status(p_run, 'failed', p_error)
$$;

create function agenthub.cancel_run(p_run uuid, p_reason text default null) returns agenthub.runs
language sql volatile security definer set search_path = agenthub, pg_temp as $$
  select agenthub.set_run_status(p_run, 'cancelled', jsonb_build_object('reason', p_reason))
$$;

-- Runs with no update for p_after are flagged once (stuck_at) and get a 'stuck' event, which
-- subscribers of run_events see live. The hub calls this on a timer; returns the newly stuck runs.
create function agenthub.flag_stuck_runs(p_after interval default interval '10 minutes') returns setof agenthub.runs
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.runs;
begin
  for v in select * from agenthub.runs where finished_at is null and stuck_at is null and updated_at < now() - p_after for update skip locked loop
    insert into agenthub.run_events (run_id, seq, tenant_id, kind, status, step, progress, data)
    values (v.id, v.last_seq + 1, v.tenant_id, 'stuck', v.status, v.current_step, v.progress,
            jsonb_build_object('idle_seconds', extract(epoch from now() - v.updated_at)::int));
    update agenthub.runs set last_seq = last_seq + 1, stuck_at = now() where id = v.id returning * into v;
    return next v;
  end loop;
end
$$;
revoke execute on function agenthub.flag_stuck_runs(interval) from public, anon, authenticated;
grant execute on function agenthub.flag_stuck_runs(interval) to service_role;

create view agenthub.agent_success_rates with (security_invoker = true) as
select r.tenant_id, r.agent_id, a.name as agent_name,
       count(*) filter (where r.status = 'completed') as completed,
       count(*) filter (where r.status = 'failed') as failed,
       count(*) filter (where r.finished_at is not null) as finished,
       round(100.0 * count(*) filter (where r.status = 'completed') / nullif(count(*) filter (where r.status in ('completed', 'failed')), 0), 2) as success_rate,
       avg(extract(epoch from r.finished_at - r.started_at)) filter (where r.status = 'completed') as avg_duration_seconds
  from agenthub.runs r left join agenthub.agents a on a.id = r.agent_id
 group by r.tenant_id, r.agent_id, a.name;
grant select on agenthub.agent_success_rates to anon, authenticated, service_role;

-- Internal steps: callable only through the checked functions above.
revoke execute on function agenthub.append_run_event(agenthub.runs, text, jsonb), agenthub.cancel_descendants(uuid)
  from public, anon, authenticated;
