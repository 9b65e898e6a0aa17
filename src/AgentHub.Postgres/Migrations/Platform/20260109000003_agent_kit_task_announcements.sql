-- Agent kit: idle agents are woken when claimable work appears, by one small broadcast
-- ("tasks_available") on the tenant's private channel, sent from the database with realtime.send.
--
-- Agents used to wake on postgres_changes of every task row. A transaction that enqueued ten
-- thousand tasks then sent ten thousand change frames to every agent at once, which overflowed their
-- outbound queues: the hub disconnected them as slow consumers, their presence ended, their running
-- tasks went back to the queue and were run twice. A wake-up needs no row data, so it is now one
-- message per tenant per transaction, whatever the transaction did. Agents claim everything there
-- is when they wake, so one signal per transaction is enough; it is delivered after the commit.
--
-- Work becomes claimable when a pending task is inserted, when a task goes back to pending (a retry
-- that is due now, a released lease, a dashboard retry), when a task completes that others depend
-- on (the tasks table's statement triggers, 20260109000004, announce these), and when a delayed
-- task's run_after passes (nothing happens in the database then: the hub's sweeper calls
-- announce_due_tasks).

-- Once per tenant per transaction (a transaction-local setting remembers who was told).
create function agenthub.announce_tasks(p_tenant uuid, p_reason text) returns void
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_told text := coalesce(current_setting('agenthub.tasks_announced', true), '');
  v_key text := p_tenant::text;
begin
  if p_tenant is null or strpos(v_told, v_key) > 0 then
    return;
  end if;
  perform set_config('agenthub.tasks_announced', v_told || v_key || ',', true);
  perform realtime.send(jsonb_build_object('reason', p_reason), 'tasks_available', 'tenant:' || v_key, true);
end
$$;

-- Delayed tasks (run_after later than their creation: scheduled ones and retries waiting out their
-- backoff). Tasks that are claimable at once are not in this index, so it costs them nothing.
create index tasks_delayed_idx on agenthub.tasks (run_after) where status = 'pending' and run_after > created_at;

-- For the hub's sweeper: announces the tenants whose delayed tasks became due after p_since (and by
-- now). Returns how many tenants were told.
create function agenthub.announce_due_tasks(p_since timestamptz) returns int
language plpgsql volatile security definer set search_path = agenthub, pg_temp as $$
declare
  v_count int := 0;
  v_tenant uuid;
begin
  if not agenthub.is_service() then
    raise exception 'only the hub announces due tasks' using errcode = '42501';
  end if;
  for v_tenant in
    select distinct tenant_id from agenthub.tasks
     where status = 'pending' and run_after > created_at and run_after > p_since and run_after <= now()
  loop
    perform agenthub.announce_tasks(v_tenant, 'due');
    v_count := v_count + 1;
  end loop;
  return v_count;
end
$$;

revoke execute on function agenthub.announce_tasks(uuid, text), agenthub.announce_due_tasks(timestamptz) from public, anon, authenticated;
grant execute on function agenthub.announce_due_tasks(timestamptz) to service_role;
