-- The objects Supabase Realtime's private channels rely on: the realtime schema, the
-- realtime.messages table whose row-level security policies decide who may read (join) and write
-- (broadcast, track) a private channel, and realtime.topic(), which policies call to learn the
-- channel being authorized (docs/realtime-protocol.md 7.2). Same names, columns and function body
-- as Supabase's, so policies written for a Supabase project work unchanged. Existing objects (a
-- Supabase project's own) are left as they are.
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

do $$
begin
  if to_regclass('realtime.messages') is null then
    -- Supabase partitions this table by day to keep replayable messages; the hub only writes
    -- authorization probes, always rolled back, so a plain table with the same columns and key will do.
    create table realtime.messages (
      topic text not null,
      extension text not null,
      payload jsonb,
      event text,
      private boolean default false,
      updated_at timestamp without time zone not null default now(),
      inserted_at timestamp without time zone not null default now(),
      id uuid not null default gen_random_uuid(),
      primary key (id, inserted_at)
    );
    -- Enabled with no policy: nobody but the owner and service_role may use private channels until
    -- a migration adds policies, which is Supabase's default too.
    alter table realtime.messages enable row level security;
  end if;
end
$$;
grant select, insert, update, delete on realtime.messages to anon, authenticated, service_role;

do $$
begin
  if to_regprocedure('realtime.topic()') is null then
    create function realtime.topic() returns text language sql stable as $fn$
      select nullif(current_setting('realtime.topic', true), '')::text;
    $fn$;
  end if;
end
$$;
grant execute on function realtime.topic() to anon, authenticated, service_role;
