-- Agent kit, part 1: the schema, tenants and the identity helpers every policy uses.
-- Every agent-kit row belongs to a tenant (a team). A caller reaches a tenant either as an agent
-- (its token carries tenant_id and agent_id claims, minted by `agenthub keys agent`) or as a
-- signed-in user who is a member of the tenant. The service role bypasses row-level security.
-- Reads go through RLS; every write goes through the security-definer functions of the later
-- files, which check the caller's identity, so no client can write around the rules.
create schema if not exists agenthub;
grant usage on schema agenthub to anon, authenticated, service_role;

create table agenthub.tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  name text not null,
  message_seq bigint not null default 0,   -- last message sequence number handed out in this tenant
  created_at timestamptz not null default now()
);

create table agenthub.tenant_members (
  tenant_id uuid not null references agenthub.tenants (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index tenant_members_user_idx on agenthub.tenant_members (user_id);

-- The caller's tenant and agent from the token (top-level claims, or app_metadata for tokens
-- issued by the auth API).
create function agenthub.jwt_tenant() returns uuid language sql stable as $$
  select nullif(coalesce(auth.jwt() ->> 'tenant_id', auth.jwt() -> 'app_metadata' ->> 'tenant_id'), '')::uuid
$$;

create function agenthub.jwt_agent() returns uuid language sql stable as $$
  select nullif(coalesce(auth.jwt() ->> 'agent_id', auth.jwt() -> 'app_metadata' ->> 'agent_id'), '')::uuid
$$;

-- Only the claims decide: the hub's own workers set {"role":"service_role"} like any caller. (Looking at
-- session_user would be wrong: inside a security-definer function current_user is the owner.)
create function agenthub.is_service() returns boolean language sql stable as $$
  select coalesce(auth.role(), '') = 'service_role'
$$;

-- Security definer: tenant_members has RLS of its own, which would recurse.
create function agenthub.can_access_tenant(p_tenant uuid) returns boolean
language sql stable security definer set search_path = agenthub, pg_temp as $$
  select agenthub.is_service()
      or p_tenant = agenthub.jwt_tenant()
      or exists (select 1 from agenthub.tenant_members m where m.tenant_id = p_tenant and m.user_id = auth.uid())
$$;

-- The tenant a write is for: the agent's own, or (for users and the service role) the one named,
-- after checking the caller may act in it.
create function agenthub.acting_tenant(p_tenant uuid default null) returns uuid
language plpgsql stable security definer set search_path = agenthub, pg_temp as $$
declare
  v_tenant uuid := coalesce(p_tenant, agenthub.jwt_tenant());
begin
  if v_tenant is null then
    raise exception 'no tenant: call with a tenant id or with an agent token' using errcode = '22023';
  end if;
  if not agenthub.can_access_tenant(v_tenant) then
    raise exception 'not a member of tenant %', v_tenant using errcode = '42501';
  end if;
  return v_tenant;
end
$$;

alter table agenthub.tenants enable row level security;
alter table agenthub.tenant_members enable row level security;
create policy tenants_read on agenthub.tenants for select using (agenthub.can_access_tenant(id));
create policy members_read on agenthub.tenant_members for select using (agenthub.can_access_tenant(tenant_id));
grant select on agenthub.tenants, agenthub.tenant_members to anon, authenticated;
grant all on agenthub.tenants, agenthub.tenant_members to service_role;
