-- Agent kit, part 7: private tenant channels. Realtime authorizes private channels with row-level
-- security on realtime.messages (docs/realtime-protocol.md 7.2); these policies let the agents and
-- members of a tenant (and the service role) join, broadcast and track presence on the private
-- channel "tenant:<tenant id>", and nobody else. Public channels are not checked by anything, so
-- tenant traffic belongs on the private one.
create function agenthub.tenant_of_topic(p_topic text) returns uuid language sql immutable as $$
  select case when p_topic ~* '^tenant:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then substr(p_topic, 8)::uuid end
$$;

create policy "agenthub: tenant channel read" on realtime.messages for select to authenticated
  using (agenthub.can_access_tenant(agenthub.tenant_of_topic(realtime.topic())));
create policy "agenthub: tenant channel write" on realtime.messages for insert to authenticated
  with check (agenthub.can_access_tenant(agenthub.tenant_of_topic(realtime.topic())));
