-- Supabase's default access model: the three API roles may use everything in public, and
-- row-level security policies (not grants) decide what each caller sees. Default privileges make
-- tables, sequences and functions that migrations create later reachable the same way.
grant usage on schema public to anon, authenticated, service_role;
grant all on all tables in schema public to anon, authenticated, service_role;
grant all on all sequences in schema public to anon, authenticated, service_role;
grant all on all routines in schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on routines to anon, authenticated, service_role;

-- The publication realtime's postgres_changes reads; tables join it with
-- "alter publication supabase_realtime add table ...", as on Supabase.
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;
