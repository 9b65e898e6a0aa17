namespace AgentHub.Cdc;

/// <summary>
/// The built-in types whose OIDs are fixed in every PostgreSQL (pg_type.dat), so events of common
/// tables need no catalog lookup. Anything else is resolved from the catalog.
/// </summary>
internal static class BuiltinTypes
{
    public static readonly IReadOnlyDictionary<uint, PgType> ByOid;
    public static readonly IReadOnlyDictionary<string, PgType> ByName;

    static BuiltinTypes()
    {
        var byOid = new Dictionary<uint, PgType>();
        void Add(uint oid, string name, PgTypeKind kind, uint arrayOid, char delimiter = ',')
        {
            var type = new PgType(oid, "pg_catalog", name, kind);
            byOid[oid] = type;
            byOid[arrayOid] = new PgType(arrayOid, "pg_catalog", "_" + name, PgTypeKind.Array, type, delimiter);
        }

        Add(16, "bool", PgTypeKind.Bool, 1000);
        Add(17, "bytea", PgTypeKind.Bytea, 1001);
        Add(18, "char", PgTypeKind.Text, 1002);
        Add(19, "name", PgTypeKind.Text, 1003);
        Add(20, "int8", PgTypeKind.Integer, 1016);
        Add(21, "int2", PgTypeKind.Integer, 1005);
        Add(23, "int4", PgTypeKind.Integer, 1007);
        Add(25, "text", PgTypeKind.Text, 1009);
        Add(26, "oid", PgTypeKind.Oid, 1028);
        Add(114, "json", PgTypeKind.Json, 199);
        Add(142, "xml", PgTypeKind.Other, 143);
        Add(600, "point", PgTypeKind.Other, 1017);
        Add(603, "box", PgTypeKind.Other, 1020, ';');
        Add(650, "cidr", PgTypeKind.Other, 651);
        Add(700, "float4", PgTypeKind.Float, 1021);
        Add(701, "float8", PgTypeKind.Float, 1022);
        Add(790, "money", PgTypeKind.Other, 791);
        Add(829, "macaddr", PgTypeKind.Other, 1040);
        Add(869, "inet", PgTypeKind.Other, 1041);
        Add(1042, "bpchar", PgTypeKind.BpChar, 1014);
        Add(1043, "varchar", PgTypeKind.Text, 1015);
        Add(1082, "date", PgTypeKind.Date, 1182);
        Add(1083, "time", PgTypeKind.Other, 1183);
        Add(1114, "timestamp", PgTypeKind.Timestamp, 1115);
        Add(1184, "timestamptz", PgTypeKind.TimestampTz, 1185);
        Add(1186, "interval", PgTypeKind.Other, 1187);
        Add(1266, "timetz", PgTypeKind.Other, 1270);
        Add(1560, "bit", PgTypeKind.Other, 1561);
        Add(1562, "varbit", PgTypeKind.Other, 1563);
        Add(1700, "numeric", PgTypeKind.Numeric, 1231);
        Add(2950, "uuid", PgTypeKind.Uuid, 2951);
        Add(3614, "tsvector", PgTypeKind.Other, 3643);
        Add(3802, "jsonb", PgTypeKind.Jsonb, 3807);
        Add(3904, "int4range", PgTypeKind.Other, 3905);
        Add(3926, "int8range", PgTypeKind.Other, 3927);
        Add(3908, "tsrange", PgTypeKind.Other, 3909);
        Add(3910, "tstzrange", PgTypeKind.Other, 3911);
        Add(3912, "daterange", PgTypeKind.Other, 3913);
        ByOid = byOid;
        ByName = byOid.Values.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The kind a base (non-domain, non-array, non-composite) type has, by OID.</summary>
    public static PgTypeKind KindOfBase(uint oid) => ByOid.TryGetValue(oid, out var t) && t.Kind != PgTypeKind.Array ? t.Kind : PgTypeKind.Other;
}
