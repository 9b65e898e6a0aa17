-- Broadcast from the database, as on Supabase: realtime.send() and realtime.broadcast_changes()
-- store a message in realtime.messages, and the hub delivers every committed one to the members of
-- its channel as a broadcast with meta {"id": <message id>} (docs/realtime-protocol.md 2.3, 4.2).
-- The hub reads the inserts from the replication stream it already consumes, through a publication
-- of its own, so a message goes out if and only if its transaction commits, in commit order, and
-- none is lost across a hub restart. Same signatures and behaviour as Supabase's functions, so
-- triggers written for a Supabase project run unchanged; the bodies are our own.

-- Supabase partitions realtime.messages by day; where this hub created the table (a plain one), old
-- messages are purged by the hub by inserted_at, which this index serves.
do $$
begin
  if (select relkind from pg_class where oid = 'realtime.messages'::regclass) = 'r' then
    create index if not exists messages_inserted_at_idx on realtime.messages (inserted_at);
  end if;
end
$$;

-- payload: the broadcast's payload; event: its event name; topic: the channel name without the
-- "realtime:" prefix; private: whether it goes to the private channel of that name (the default,
-- as on Supabase) or the public one. Runs with the caller's rights, so realtime.messages' insert
-- policies apply to API callers (realtime.topic() is set for them). A failure is a warning, not an
-- error: a broadcast must not abort the transaction that sends it (Supabase's behaviour too).
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void language plpgsql volatile as $$
begin
  perform set_config('realtime.topic', topic, true);
  insert into realtime.messages (payload, event, topic, private, extension)
  values (payload, event, topic, private, 'broadcast');
exception when others then
  raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
end
$$;

-- For row triggers: broadcasts {schema, table, operation, record, old_record} of the changed row.
create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW')
returns void language plpgsql volatile as $$
begin
  if level is distinct from 'ROW' then
    raise exception 'realtime.broadcast_changes works in row-level triggers only (level %)', level;
  end if;
  if operation not in ('INSERT', 'UPDATE', 'DELETE') then
    raise exception 'realtime.broadcast_changes: unexpected operation %', operation;
  end if;
  perform realtime.send(
    jsonb_build_object('schema', table_schema, 'table', table_name, 'operation', operation,
                       'record', case when new is null then null else to_jsonb(new) end,
                       'old_record', case when old is null then null else to_jsonb(old) end),
    event_name, topic_name, true);
end
$$;

grant execute on function realtime.send(jsonb, text, text, boolean) to anon, authenticated, service_role;
grant execute on function realtime.broadcast_changes(text, text, text, text, text, record, record, text) to anon, authenticated, service_role;

-- What the hub streams for delivery: inserted messages only (a partitioned table publishes through its root).
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'agenthub_broadcast') then
    if (select relkind from pg_class where oid = 'realtime.messages'::regclass) = 'p' then
      create publication agenthub_broadcast for table realtime.messages with (publish = 'insert', publish_via_partition_root = true);
    else
      create publication agenthub_broadcast for table realtime.messages with (publish = 'insert');
    end if;
  end if;
end
$$;
