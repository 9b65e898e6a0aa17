namespace AgentHub.Rest.Schema;

/// <summary>
/// The pg_catalog queries behind the schema cache. Each takes the exposed schemas as <c>$1</c> and
/// runs with an empty search path, so <c>format_type</c> and <c>pg_get_expr</c> qualify every name
/// outside pg_catalog and the text can be written into request SQL as it is.
/// </summary>
internal static class SchemaQueries
{
    public const string Columns = """
        select n.nspname, c.relname, c.relkind::text,
               (pg_catalog.pg_relation_is_updatable(c.oid, true) & 8) = 8 as insertable,
               (pg_catalog.pg_relation_is_updatable(c.oid, true) & 4) = 4 as updatable,
               (pg_catalog.pg_relation_is_updatable(c.oid, true) & 16) = 16 as deletable,
               a.attname,
               pg_catalog.format_type(a.atttypid, a.atttypmod),
               coalesce(bt.typname, t.typname)::text,
               not a.attnotnull,
               case when a.attidentity <> '' then
                      format('nextval(%L::regclass)', pg_catalog.pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname))
                    else pg_catalog.pg_get_expr(d.adbin, d.adrelid) end,
               a.attgenerated <> ''
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        left join pg_catalog.pg_type t on t.oid = a.atttypid
        left join pg_catalog.pg_type bt on bt.oid = t.typbasetype and t.typtype = 'd'
        left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
        where c.relkind in ('r', 'v', 'm', 'f', 'p') and n.nspname = any($1)
        order by n.nspname, c.relname, a.attnum
        """;

    public const string Keys = """
        select n.nspname, c.relname, i.indisprimary,
               array(select a.attname::text from unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
                     join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.ord)
        from pg_catalog.pg_index i
        join pg_catalog.pg_class c on c.oid = i.indrelid
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where i.indisunique and i.indpred is null and not (0 = any(i.indkey::int2[])) and n.nspname = any($1)
        order by n.nspname, c.relname, i.indisprimary desc, c.oid, i.indexrelid
        """;

    public const string ForeignKeys = """
        select con.conname::text, n.nspname, c.relname,
               array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
                     join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord),
               fn.nspname, fc.relname,
               array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
                     join pg_catalog.pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord)
        from pg_catalog.pg_constraint con
        join pg_catalog.pg_class c on c.oid = con.conrelid
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        join pg_catalog.pg_class fc on fc.oid = con.confrelid
        join pg_catalog.pg_namespace fn on fn.oid = fc.relnamespace
        where con.contype = 'f' and n.nspname = any($1) and fn.nspname = any($1)
        order by n.nspname, c.relname, con.conname
        """;

    /// <summary>
    /// Views inherit their base tables' foreign keys through columns they pass through unchanged:
    /// for each view column, the base column of the same name it depends on (pg_depend of the view's
    /// rewrite rule), when exactly one base relation provides it.
    /// </summary>
    public const string ViewColumns = """
        select vn.nspname, v.relname, a.attname::text, bn.nspname, b.relname
        from pg_catalog.pg_class v
        join pg_catalog.pg_namespace vn on vn.oid = v.relnamespace
        join pg_catalog.pg_rewrite r on r.ev_class = v.oid
        join pg_catalog.pg_depend d on d.objid = r.oid and d.classid = 'pg_catalog.pg_rewrite'::regclass
             and d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjsubid > 0
        join pg_catalog.pg_class b on b.oid = d.refobjid and b.oid <> v.oid
        join pg_catalog.pg_namespace bn on bn.oid = b.relnamespace
        join pg_catalog.pg_attribute ba on ba.attrelid = b.oid and ba.attnum = d.refobjsubid
        join pg_catalog.pg_attribute a on a.attrelid = v.oid and a.attname = ba.attname and a.attnum > 0 and not a.attisdropped
        where v.relkind in ('v', 'm') and vn.nspname = any($1)
        group by vn.nspname, v.relname, a.attname, bn.nspname, b.relname
        """;

    public const string Functions = """
        select n.nspname, p.proname,
               coalesce(p.proargnames, '{}')::text[],
               array(select pg_catalog.format_type(x, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(x, o) order by o),
               array(select t.typname::text from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(x, o)
                     join pg_catalog.pg_type t on t.oid = u.x order by o),
               coalesce(p.proargmodes::text[], '{}'),
               p.pronargs::int, p.pronargdefaults::int,
               pg_catalog.format_type(p.prorettype, null), rt.typtype::text, rt.typname::text, p.proretset, p.provolatile::text,
               rn.nspname, rc.relname,
               coalesce(p.proconfig, '{}')
        from pg_catalog.pg_proc p
        join pg_catalog.pg_namespace n on n.oid = p.pronamespace
        join pg_catalog.pg_type rt on rt.oid = p.prorettype
        left join pg_catalog.pg_class rc on rc.oid = rt.typrelid and rc.relkind in ('r', 'v', 'm', 'f', 'p')
        left join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
        where n.nspname = any($1) and p.prokind = 'f'
        order by n.nspname, p.proname, p.oid
        """;

    /// <summary>Per-role settings (<c>ALTER ROLE r [IN DATABASE d] SET x = v</c>) that a request may apply with set_config.</summary>
    public const string RoleSettings = """
        select r.rolname::text, split_part(cfg, '=', 1), substr(cfg, strpos(cfg, '=') + 1)
        from pg_catalog.pg_db_role_setting s
        join pg_catalog.pg_roles r on r.oid = s.setrole
        cross join lateral unnest(s.setconfig) cfg
        where s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database()))
          and exists (select 1 from pg_catalog.pg_settings ps where ps.name = split_part(cfg, '=', 1) and ps.context = 'user')
        order by r.rolname, s.setdatabase
        """;

    /// <summary>Type names a <c>select</c> cast may name: pg_catalog's and the exposed schemas' (no arrays, no pseudo-types).</summary>
    public const string Types = """
        select t.typname::text, pg_catalog.format_type(t.oid, null)
        from pg_catalog.pg_type t
        join pg_catalog.pg_namespace n on n.oid = t.typnamespace
        where (n.nspname = 'pg_catalog' or n.nspname = any($1)) and t.typtype in ('b', 'c', 'd', 'e', 'r', 'm')
          and t.typcategory <> 'A' and t.typisdefined
          and (t.typrelid = 0 or exists (select 1 from pg_catalog.pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
        order by n.nspname = 'pg_catalog' desc
        """;
}
