-- Supabase's API roles and the login role the hub connects as. Every step checks first, so on a
-- Supabase project (where these exist, owned by others) nothing is changed.
-- Roles are cluster-wide while migration locks are per database, so two databases of one cluster
-- bootstrapping at the same moment can race to create a role: the loser treats "already exists"
-- as done.
create function pg_temp.ensure_role(p_name text, p_options text, p_timeout text) returns void language plpgsql as $f$
begin
  if exists (select 1 from pg_roles where rolname = p_name) then return; end if;
  begin
    execute format('create role %I %s', p_name, p_options);
    if p_timeout is not null then execute format('alter role %I set statement_timeout = %L', p_name, p_timeout); end if;
  exception when duplicate_object or unique_violation then
    null;
  end;
end
$f$;

create function pg_temp.ensure_member(p_role text, p_member text) returns void language plpgsql as $f$
begin
  if pg_has_role(p_member, p_role, 'member') then return; end if;
  begin
    execute format('grant %I to %I', p_role, p_member);
  exception when duplicate_object or unique_violation then
    null;
  end;
end
$f$;

select pg_temp.ensure_role('anon', 'nologin noinherit', '3s');
select pg_temp.ensure_role('authenticated', 'nologin noinherit', '8s');
select pg_temp.ensure_role('service_role', 'nologin noinherit bypassrls', null);
-- The data API logs in as this role and switches to one of the three per request.
select pg_temp.ensure_role('authenticator', 'login noinherit', '60s');
select pg_temp.ensure_member(r, 'authenticator') from unnest(array['anon', 'authenticated', 'service_role']) r;
-- The role running migrations (postgres) may act as the API roles too, as on Supabase.
select pg_temp.ensure_member(r, current_user) from unnest(array['anon', 'authenticated', 'service_role']) r;
