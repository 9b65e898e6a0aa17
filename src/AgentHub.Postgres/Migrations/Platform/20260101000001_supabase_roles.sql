-- Supabase's API roles and the login role the hub connects as. Every step checks first, so on a
-- Supabase project (where these exist, owned by others) nothing is changed.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
    alter role anon set statement_timeout = '3s';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
    alter role authenticated set statement_timeout = '8s';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    -- The data API logs in as this role and switches to one of the three per request.
    create role authenticator login noinherit;
    alter role authenticator set statement_timeout = '60s';
  end if;
  if not pg_has_role('authenticator', 'anon', 'member') then grant anon to authenticator; end if;
  if not pg_has_role('authenticator', 'authenticated', 'member') then grant authenticated to authenticator; end if;
  if not pg_has_role('authenticator', 'service_role', 'member') then grant service_role to authenticator; end if;
  -- The role running migrations (postgres) may act as the API roles too, as on Supabase.
  if not pg_has_role(current_user, 'anon', 'member') then execute format('grant anon to %I', current_user); end if;
  if not pg_has_role(current_user, 'authenticated', 'member') then execute format('grant authenticated to %I', current_user); end if;
  if not pg_has_role(current_user, 'service_role', 'member') then execute format('grant service_role to %I', current_user); end if;
end
$$;
