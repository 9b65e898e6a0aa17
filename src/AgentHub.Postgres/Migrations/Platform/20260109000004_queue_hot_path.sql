-- Agent kit queue, hot path, part 2 (part 1 is 20260106000002_queue_performance.sql). Measured with
-- pg_stat_user_functions (track_functions = all) and perf on the queue benchmark; the rules do not
-- change, only how much work each claim and completion costs.

-- 1. Complete a task and claim the next ones in one call: one transaction and one round trip per task
--    for an agent with a free slot, instead of two. Same rules as complete_task followed by
--    claim_tasks, which it calls: the completion must be this agent's to make (with the same precise
--    errors), then the highest priority, oldest claimable tasks are claimed with SKIP LOCKED. If the
--    completion fails, nothing is claimed.
create function agenthub.complete_and_claim(
  p_task uuid, p_result jsonb default null, p_quality_score real default null, p_execution_ms bigint default null,
  p_max int default 1, p_lease_seconds int default 60)
returns setof agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp set plan_cache_mode = force_generic_plan as $$
begin
  perform agenthub.complete_task(p_task, p_result, p_quality_score, p_execution_ms);
  return query select * from agenthub.claim_tasks(p_max, p_lease_seconds);
end
$$;

-- 2. Audit triggers compiled for their table. The generic audit() turns both row versions into jsonb
--    and diffs them key by key: 57 µs of the 88 µs it took per task update, more than the update
--    itself. A compiled diff compares the columns directly and builds jsonb only for those that
--    changed; the rows written are the same as before (changes: new values of the changed columns,
--    previous: their old values; the whole row on insert and delete; bookkeeping columns ignored).
--    The generator reads the columns from the catalog: a migration that adds a column to an audited
--    table runs it again (the agent-kit tests check that every column is covered).
--
--    The SQL expressions for changes and previous of one row, given the aliases of its new and old versions.
create function agenthub.audit_diff_sql(p_table regclass, p_ignored text[], p_new text, p_old text, out changes text, out previous text)
language sql stable set search_path = agenthub, pg_temp as $$
  select string_agg(format('(case when %2$s.%3$I is distinct from %4$s.%3$I then jsonb_build_object(%1$L, %2$s.%3$I) else ''{}''::jsonb end)',
                           attname, p_new, attname, p_old), ' || ' order by attnum),
         string_agg(format('(case when %2$s.%3$I is distinct from %4$s.%3$I then jsonb_build_object(%1$L, %4$s.%3$I) else ''{}''::jsonb end)',
                           attname, p_new, attname, p_old), ' || ' order by attnum)
    from pg_attribute
   where attrelid = p_table and attnum > 0 and not attisdropped and attname <> 'id' and attname <> all (p_ignored)
$$;
revoke execute on function agenthub.audit_diff_sql(regclass, text[], text, text) from public, anon, authenticated, service_role;

-- Runs change one row per statement: a row trigger with the compiled diff.
do $gen$
declare
  d record;
begin
  select * into d from agenthub.audit_diff_sql('agenthub.runs', array['updated_at', 'last_seq'], 'new', 'old');
  execute format($fn$
    create function agenthub.audit_runs() returns trigger
    language plpgsql security definer set search_path = agenthub, pg_temp as $body$
    declare
      v_changes jsonb;
      v_previous jsonb;
      v_row agenthub.runs;
    begin
      if tg_op = 'UPDATE' then
        v_changes := %1$s;
        if v_changes = '{}' then return null; end if;
        v_previous := %2$s;
        v_row := new;
      elsif tg_op = 'INSERT' then
        v_changes := to_jsonb(new); v_row := new;
      else
        v_previous := to_jsonb(old); v_row := old;
      end if;
      insert into agenthub.audit_events (tenant_id, entity, entity_id, action, actor_role, actor_sub, actor_agent, changes, previous)
      values (v_row.tenant_id, 'runs', v_row.id, lower(tg_op), coalesce(auth.role(), current_user), auth.jwt() ->> 'sub',
              agenthub.jwt_agent(), v_changes, v_previous);
      return null;
    end
    $body$
    $fn$, d.changes, d.previous);
end
$gen$;
drop trigger audit on agenthub.runs;
create trigger audit after insert or update or delete on agenthub.runs for each row execute function agenthub.audit_runs();

-- Tasks change many rows per statement (a claim of ten, an agent's leases released, a bulk enqueue):
-- statement triggers write one INSERT ... SELECT of audit rows per statement, from the transition
-- tables, and announce claimable work in the same pass (the rules of 20260109000003). Who acted is
-- read once per statement, not per row.
do $gen$
declare
  d record;
begin
  select * into d from agenthub.audit_diff_sql('agenthub.tasks', array['updated_at', 'lease_expires_at'], 'n', 'o');
  execute format($fn$
    create function agenthub.tasks_after_update() returns trigger
    language plpgsql security definer set search_path = agenthub, pg_temp as $body$
    declare
      v_role text := coalesce(auth.role(), current_user);
      v_sub text := auth.jwt() ->> 'sub';
      v_agent uuid := agenthub.jwt_agent();
      v_told int;
    begin
      -- One statement: the audit rows, then claimable work announced per tenant (back to pending and
      -- due, or completed with tasks waiting for it).
      with changed as (
        select n.tenant_id, n.id, n.status, o.status as old_status, n.run_after, o.run_after as old_run_after,
               %1$s as changes, %2$s as previous
          from new_rows n join old_rows o on o.id = n.id),
      logged as (
        insert into agenthub.audit_events (tenant_id, entity, entity_id, action, actor_role, actor_sub, actor_agent, changes, previous)
        select c.tenant_id, 'tasks', c.id, 'update', v_role, v_sub, v_agent, c.changes, c.previous
          from changed c where c.changes <> '{}')
      select count(*) into v_told
        from (select agenthub.announce_tasks(w.tenant_id, case when w.status = 'pending' then 'pending' else 'dependency completed' end)
                from (select distinct on (c.tenant_id) c.tenant_id, c.status
                        from changed c
                       where (c.status = 'pending' and (c.old_status <> 'pending' or c.run_after < c.old_run_after) and c.run_after <= now())
                          or (c.status = 'completed' and c.old_status <> 'completed'
                              and exists (select 1 from agenthub.task_dependencies dep where dep.depends_on_id = c.id))
                       order by c.tenant_id, c.status <> 'pending') w) told;
      return null;
    end
    $body$
    $fn$, d.changes, d.previous);
end
$gen$;

create function agenthub.tasks_after_insert() returns trigger
language plpgsql security definer set search_path = agenthub, pg_temp as $$
declare
  v_role text := coalesce(auth.role(), current_user);
  v_sub text := auth.jwt() ->> 'sub';
  v_agent uuid := agenthub.jwt_agent();
begin
  insert into agenthub.audit_events (tenant_id, entity, entity_id, action, actor_role, actor_sub, actor_agent, changes)
  select n.tenant_id, 'tasks', n.id, 'insert', v_role, v_sub, v_agent, to_jsonb(n)
    from new_rows n;
  perform agenthub.announce_tasks(t.tenant_id, 'enqueued')
     from (select distinct tenant_id from new_rows where status = 'pending' and run_after <= now()) t;
  return null;
end
$$;

create function agenthub.tasks_after_delete() returns trigger
language plpgsql security definer set search_path = agenthub, pg_temp as $$
declare
  v_role text := coalesce(auth.role(), current_user);
  v_sub text := auth.jwt() ->> 'sub';
  v_agent uuid := agenthub.jwt_agent();
begin
  insert into agenthub.audit_events (tenant_id, entity, entity_id, action, actor_role, actor_sub, actor_agent, previous)
  select o.tenant_id, 'tasks', o.id, 'delete', v_role, v_sub, v_agent, to_jsonb(o)
    from old_rows o;
  return null;
end
$$;

drop trigger audit on agenthub.tasks;
create trigger after_insert after insert on agenthub.tasks referencing new table as new_rows
  for each statement execute function agenthub.tasks_after_insert();
create trigger after_update after update on agenthub.tasks referencing old table as old_rows new table as new_rows
  for each statement execute function agenthub.tasks_after_update();
create trigger after_delete after delete on agenthub.tasks referencing old table as old_rows
  for each statement execute function agenthub.tasks_after_delete();

-- 3. Fewer statements and function calls per task. claim_tasks reads the calling agent itself (what
--    require_agent did, with the same error) instead of calling a second security-definer function,
--    each of which saves and restores its settings. complete_task changes the task and the agent's
--    counter in one data-modifying statement. complete_tasks completes a batch in one statement.
create or replace function agenthub.claim_tasks(p_max int default 1, p_lease_seconds int default 60)
returns setof agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp set plan_cache_mode = force_generic_plan as $$
declare
  v_agent uuid;
  v_tenant uuid;
  v_capabilities text[];
begin
  if p_max not between 1 and 1000 then raise exception 'p_max must be between 1 and 1000' using errcode = '22023'; end if;
  if p_lease_seconds not between 1 and 86400 then raise exception 'p_lease_seconds must be between 1 and 86400' using errcode = '22023'; end if;
  select a.id, a.tenant_id, a.capabilities into v_agent, v_tenant, v_capabilities
    from agenthub.agents a where a.id = agenthub.jwt_agent() and a.tenant_id = agenthub.jwt_tenant();
  if v_agent is null then
    raise exception 'this call needs an agent token (tenant_id and agent_id claims) of a registered agent'
      using errcode = '42501', hint = 'mint one with: agenthub keys agent --tenant <tenant> --agent <name>';
  end if;
  return query
  with picked as (
    select t.id from agenthub.tasks t
     where t.tenant_id = v_tenant and t.status = 'pending' and t.run_after <= now()
       and (t.target_agent_id is null or t.target_agent_id = v_agent)
       and t.required_capabilities <@ v_capabilities
       and not exists (select 1 from agenthub.task_dependencies d join agenthub.tasks dt on dt.id = d.depends_on_id
                        where d.task_id = t.id and dt.status <> 'completed')
     order by t.priority desc, t.created_at, t.id
     limit p_max
     for update of t skip locked)
  update agenthub.tasks t
     set status = 'running', claimed_by = v_agent, claimed_at = now(), attempts = t.attempts + 1,
         lease_expires_at = now() + make_interval(secs => p_lease_seconds), updated_at = now()
    from picked where t.id = picked.id
  returning t.*;
end
$$;

create or replace function agenthub.complete_task(p_task uuid, p_result jsonb default null, p_quality_score real default null, p_execution_ms bigint default null)
returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp set plan_cache_mode = force_generic_plan as $$
declare
  v agenthub.tasks;
begin
  with done as (
    update agenthub.tasks
       set status = 'completed', result = p_result, quality_score = p_quality_score, execution_ms = p_execution_ms,
           lease_expires_at = null, completed_at = now(), updated_at = now()
     where id = p_task and tenant_id = agenthub.jwt_tenant() and status = 'running' and claimed_by = agenthub.jwt_agent()
    returning *),
  counted as (
    update agenthub.agents a set tasks_completed = a.tasks_completed + 1, updated_at = now()
      from done where a.id = done.claimed_by)
  select * into v from done;
  if v.id is null then
    perform agenthub.held_task(p_task);
    -- Only reached if the task became held by this agent in between (released and re-claimed by a
    -- concurrent call of the same agent): still not this call's to complete.
    raise exception 'task % is not held by this agent', p_task using errcode = '55000';
  end if;
  return v;
end
$$;

-- p_completions: [{"id": "<task>", "result": …, "quality_score": …, "execution_ms": …}, …] (at most
-- 1000). All or nothing: if one of them is not held by this agent, the error names it and none is
-- completed.
create function agenthub.complete_tasks(p_completions jsonb)
returns setof agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp set plan_cache_mode = force_generic_plan as $$
declare
  v_wanted int := jsonb_array_length(p_completions);
  v_done int;
  v_missing uuid;
begin
  if v_wanted > 1000 then raise exception 'at most 1000 completions per call, got %', v_wanted using errcode = '22023'; end if;
  return query
  with input as (
    select * from jsonb_to_recordset(p_completions) as c(id uuid, result jsonb, quality_score real, execution_ms bigint)),
  done as (
    update agenthub.tasks t
       set status = 'completed', result = i.result, quality_score = i.quality_score, execution_ms = i.execution_ms,
           lease_expires_at = null, completed_at = now(), updated_at = now()
      from input i
     where t.id = i.id and t.tenant_id = agenthub.jwt_tenant() and t.status = 'running' and t.claimed_by = agenthub.jwt_agent()
    returning t.*),
  counted as (
    update agenthub.agents a set tasks_completed = a.tasks_completed + c.n, updated_at = now()
      from (select claimed_by, count(*) as n from done group by claimed_by) c where a.id = c.claimed_by)
  select * from done;
  get diagnostics v_done = row_count;
  if v_done <> v_wanted then
    select i.id into v_missing
      from jsonb_to_recordset(p_completions) as i(id uuid)
     where not exists (select 1 from agenthub.tasks t where t.id = i.id and t.status = 'completed' and t.claimed_by = agenthub.jwt_agent())
     limit 1;
    if v_missing is not null then
      perform agenthub.held_task(v_missing);
    end if;
    raise exception 'a task is listed twice, or is not held by this agent: %', coalesce(v_missing::text, 'a repeated id') using errcode = '55000';
  end if;
end
$$;

-- 4. Indexes a claim or a completion must update (every change of status is a non-HOT update):
--    * the idempotency key's unique index held an entry for every task, though only tasks with a key
--      can conflict; it now holds those only (enqueue_task's ON CONFLICT names the predicate);
--    * tasks_leases_idx duplicated tasks_claimed_by_idx's set of rows (the running tasks, a few per
--      agent): the lease sweep reads them through that one.
--    Together a claim now writes two index entries instead of four, a completion one instead of two.
alter table agenthub.tasks drop constraint tasks_tenant_id_idempotency_key_key;
create unique index tasks_idempotency_idx on agenthub.tasks (tenant_id, idempotency_key) where idempotency_key is not null;
drop index agenthub.tasks_leases_idx;

create or replace function agenthub.enqueue_task(
  p_type text, p_payload jsonb default '{}', p_priority int default 0, p_run_after timestamptz default null,
  p_required_capabilities text[] default '{}', p_target_agent uuid default null, p_max_attempts int default 3,
  p_idempotency_key text default null, p_depends_on uuid[] default '{}', p_tenant uuid default null, p_run_id uuid default null)
returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp set plan_cache_mode = force_generic_plan as $$
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
          jsonb_build_object('role', auth.role(), 'sub', auth.jwt() ->> 'sub', 'agent_id', agenthub.jwt_agent()))
  on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing
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

-- 5. Every completion bumps the agent's counter. The WHEN clause that keeps bookkeeping-only updates
--    out of the agents audit turned the whole row into jsonb twice per update; comparing the columns
--    that matter is the same test without building anything.
do $$
declare
  v_columns text;
begin
  select string_agg(format('%I', attname), ', ' order by attnum) into v_columns
    from pg_attribute
   where attrelid = 'agenthub.agents'::regclass and attnum > 0 and not attisdropped
     and attname <> all (array['updated_at', 'last_heartbeat_at', 'tasks_completed', 'tasks_failed', 'current_activity']);
  drop trigger audit_update on agenthub.agents;
  execute format('create trigger audit_update after update on agenthub.agents for each row '
                 'when ((%s) is distinct from (%s)) execute function agenthub.audit()',
                 (select string_agg('old.' || c, ', ') from unnest(string_to_array(v_columns, ', ')) c),
                 (select string_agg('new.' || c, ', ') from unnest(string_to_array(v_columns, ', ')) c));
end
$$;
