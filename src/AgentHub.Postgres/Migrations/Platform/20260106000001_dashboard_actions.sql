-- Dashboard actions on the task queue that the agent kit did not have yet: retry a task (a dead,
-- failed or cancelled one goes back to the queue with a fresh set of attempts; a pending one waiting
-- out its backoff becomes claimable now) and change a queued task's priority. cancel_task already exists.
-- Like every agent-kit write they are security-definer functions that check the caller's claims.
-- Who may act: the service role, an agent of the tenant, or a member of the tenant whose role is not
-- 'viewer' (a viewer reads, it does not steer the queue). Both writes are audited by the tasks trigger.
-- A task in the wrong state is refused with P0001 (HTTP 400 through the data API, like set_run_status),
-- a viewer with 42501 (403), and a task the caller may not read is "not found" (P0002, like cancel_task).

-- A fix first. For a signed-in user the token has no tenant_id claim, so in can_access_tenant
-- `p_tenant = agenthub.jwt_tenant()` is NULL and the whole OR is NULL, not false, when the user is not
-- a member. Row-level security treats NULL as "no", but the write functions test
-- `if not agenthub.can_access_tenant(...)`, and NOT NULL is NULL, so the check passed: a user could
-- enqueue into, cancel tasks of, and change runs of a tenant they are not a member of. Same rule, made
-- two-valued (create or replace keeps the grants and the policies that use it).
create or replace function agenthub.can_access_tenant(p_tenant uuid) returns boolean
language sql stable security definer set search_path = agenthub, pg_temp as $$
  select agenthub.is_service()
      or coalesce(p_tenant = agenthub.jwt_tenant(), false)
      or exists (select 1 from agenthub.tenant_members m where m.tenant_id = p_tenant and m.user_id = auth.uid())
$$;

create function agenthub.can_act_in_tenant(p_tenant uuid) returns boolean
language sql stable security definer set search_path = agenthub, pg_temp as $$
  select agenthub.is_service()
      or coalesce(p_tenant = agenthub.jwt_tenant(), false)
      or exists (select 1 from agenthub.tenant_members m
                  where m.tenant_id = p_tenant and m.user_id = auth.uid() and m.role <> 'viewer')
$$;

-- The task, locked, if the caller may steer it; "not found" when it may not even read it.
create function agenthub.steerable_task(p_task uuid) returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.tasks;
begin
  select * into v from agenthub.tasks where id = p_task for update;
  if not found or not agenthub.can_access_tenant(v.tenant_id) then
    raise exception 'task % not found', p_task using errcode = 'P0002';
  end if;
  if not agenthub.can_act_in_tenant(v.tenant_id) then
    raise exception 'viewers of tenant % may not change its tasks', v.tenant_id using errcode = '42501';
  end if;
  return v;
end
$$;

create function agenthub.retry_task(p_task uuid) returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.tasks := agenthub.steerable_task(p_task);
begin
  if v.status in ('running', 'completed') then
    raise exception 'task % is % and cannot be retried', p_task, v.status
      using errcode = 'P0001', hint = 'cancel a running task first; a completed one can be enqueued again';
  end if;
  if v.status = 'pending' then
    update agenthub.tasks set run_after = least(run_after, now()), updated_at = now() where id = v.id returning * into v;
    return v;
  end if;
  -- The previous error stays in last_error (and in the audit log) until the next attempt ends.
  update agenthub.tasks
     set status = 'pending', attempts = 0, run_after = now(), claimed_by = null, claimed_at = null,
         lease_expires_at = null, completed_at = null, result = null, updated_at = now()
   where id = v.id returning * into v;
  return v;
end
$$;

create function agenthub.set_task_priority(p_task uuid, p_priority int) returns agenthub.tasks
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v agenthub.tasks := agenthub.steerable_task(p_task);
begin
  if p_priority is null then
    raise exception 'p_priority is required' using errcode = '22023';
  end if;
  if v.status not in ('pending', 'running') then
    raise exception 'task % is % and no longer queued', p_task, v.status using errcode = 'P0001';
  end if;
  update agenthub.tasks set priority = p_priority, updated_at = now() where id = v.id returning * into v;
  return v;
end
$$;

revoke execute on function agenthub.steerable_task(uuid) from public, anon, authenticated;
