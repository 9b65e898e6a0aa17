-- Supabase keeps extensions in their own schema and puts it on the search path, so migrations
-- written for Supabase can call uuid_generate_v4() and gen_random_bytes() unqualified.
create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;

create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;

do $$
begin
  -- Only when nobody configured a search path for this database (a Supabase project has one).
  if not exists (
    select 1 from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase
    where d.datname = current_database() and s.setrole = 0
      and exists (select 1 from unnest(s.setconfig) c where c like 'search_path=%')
  ) then
    execute format('alter database %I set search_path = "$user", public, extensions', current_database());
  end if;
end
$$;
