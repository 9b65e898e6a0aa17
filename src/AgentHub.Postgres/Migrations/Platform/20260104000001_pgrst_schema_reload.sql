-- Tell the data API's schema cache to reload after DDL, as Supabase does: event triggers send
-- NOTIFY pgrst, 'reload schema' (the channel and payload PostgREST listens for), so migrations and
-- DDL typed by hand are both picked up; the hub debounces bursts. Supabase projects already have
-- these triggers (extensions.pgrst_ddl_watch / pgrst_drop_watch): existing ones are left alone.
-- Creating event triggers needs superuser; without it the step is skipped with a notice and the
-- cache reloads only on an explicit NOTIFY.
do $$
begin
  if to_regprocedure('extensions.pgrst_ddl_watch()') is null then
    create function extensions.pgrst_ddl_watch() returns event_trigger language plpgsql as $fn$
    declare
      cmd record;
    begin
      for cmd in select * from pg_event_trigger_ddl_commands() loop
        if cmd.schema_name is distinct from 'pg_temp' and cmd.schema_name not like 'pg_toast%' then
          notify pgrst, 'reload schema';
          return;
        end if;
      end loop;
    end
    $fn$;
  end if;
  if to_regprocedure('extensions.pgrst_drop_watch()') is null then
    create function extensions.pgrst_drop_watch() returns event_trigger language plpgsql as $fn$
    declare
      obj record;
    begin
      for obj in select * from pg_event_trigger_dropped_objects() loop
        if obj.is_temporary is false then
          notify pgrst, 'reload schema';
          return;
        end if;
      end loop;
    end
    $fn$;
  end if;

  begin
    if not exists (select 1 from pg_event_trigger where evtname = 'pgrst_ddl_watch') then
      create event trigger pgrst_ddl_watch on ddl_command_end execute procedure extensions.pgrst_ddl_watch();
    end if;
    if not exists (select 1 from pg_event_trigger where evtname = 'pgrst_drop_watch') then
      create event trigger pgrst_drop_watch on sql_drop execute procedure extensions.pgrst_drop_watch();
    end if;
  exception when insufficient_privilege then
    raise notice 'not a superuser: schema changes will not reload the data API''s schema cache by themselves (send NOTIFY pgrst, ''reload schema'')';
  end;
end
$$;
