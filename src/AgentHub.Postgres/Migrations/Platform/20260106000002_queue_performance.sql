-- Agent kit: the task queue's hot path, measured with pg_stat_statements (track = all) under the
-- queue benchmark (bench/AgentHub.Bench, suite queue; docs/benchmarks.md). Same rules as before:
-- SKIP LOCKED, priority then oldest, capabilities, targets, dependencies, leases, audit rows and
-- counters in the same transaction. Only how much work each call does changes.

-- 1. claim_tasks was re-planned on every call: plpgsql kept choosing a custom plan for its one
--    statement (the LIMIT and the capability array are parameters), and planning cost more than
--    running it. The generic plan is the same index scan on tasks_claimable_idx for every tenant
--    and batch size, so it is forced; the same holds for enqueue_task's statements.
alter function agenthub.claim_tasks(int, int) set plan_cache_mode = force_generic_plan;
alter function agenthub.enqueue_task(text, jsonb, int, timestamptz, text[], uuid, int, text, uuid[], uuid, uuid)
  set plan_cache_mode = force_generic_plan;

-- 2. complete_task: one guarded UPDATE instead of require_agent + SELECT ... FOR UPDATE + UPDATE.
--    The guard (this tenant, running, claimed by the calling agent) is exactly held_task's rule; when
--    it does not match, held_task runs to raise the same precise error as before.
create or replace function agenthub.complete_task(p_task uuid, p_result jsonb default null, p_quality_score real default null, p_execution_ms bigint default null)
returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.tasks;
begin
  update agenthub.tasks
     set status = 'completed', result = p_result, quality_score = p_quality_score, execution_ms = p_execution_ms,
         lease_expires_at = null, completed_at = now(), updated_at = now()
   where id = p_task and tenant_id = agenthub.jwt_tenant() and status = 'running' and claimed_by = agenthub.jwt_agent()
  returning * into v;
  if not found then
    perform agenthub.held_task(p_task);
    -- Only reached if the task became held by this agent in between (released and re-claimed by a
    -- concurrent call of the same agent): still not this call's to complete.
    raise exception 'task % is not held by this agent', p_task using errcode = '55000';
  end if;
  update agenthub.agents set tasks_completed = tasks_completed + 1, updated_at = now() where id = v.claimed_by;
  return v;
end
$$;

-- 3. The audit trigger read and parsed the claims three times per row (auth.jwt() for sub, twice
--    more in jwt_agent()); it now parses them once. Same columns, same values.
create or replace function agenthub.audit() returns trigger
language plpgsql security definer set search_path = agenthub, pg_temp as $$
declare
  v_new jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  v_old jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  v_row jsonb := coalesce(v_new, v_old);
  v_claims jsonb := auth.jwt();
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
          coalesce(auth.role(), current_user), v_claims ->> 'sub',
          -- agenthub.jwt_agent(), on the claims already read.
          nullif(coalesce(v_claims ->> 'agent_id', v_claims -> 'app_metadata' ->> 'agent_id'), '')::uuid,
          v_changes, v_previous);
  return null;
end
$$;

-- 4. Every completion bumps the agent's counter, and every heartbeat touches the agent row: updates
--    the audit function inspects and then drops (bookkeeping only). The trigger on agents now skips
--    them before calling it. Inserts and deletes are audited as before.
drop trigger audit on agenthub.agents;
create trigger audit after insert or delete on agenthub.agents for each row execute function agenthub.audit();
create trigger audit_update after update on agenthub.agents for each row
  when ((to_jsonb(old) - array['updated_at', 'last_heartbeat_at', 'tasks_completed', 'tasks_failed', 'current_activity'])
        is distinct from (to_jsonb(new) - array['updated_at', 'last_heartbeat_at', 'tasks_completed', 'tasks_failed', 'current_activity']))
  execute function agenthub.audit();

-- 5. Claimed tasks leave tasks_claimable_idx's range as dead entries that every claim scans past
--    until VACUUM removes them; the default thresholds (20% of the table) let a busy queue pile up
--    tens of thousands. Vacuum the queue table much sooner.
alter table agenthub.tasks set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                                autovacuum_vacuum_insert_scale_factor = 0.05);
