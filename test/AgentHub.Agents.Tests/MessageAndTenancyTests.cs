using Npgsql;
using AgentHub.Testing;
using static AgentHub.Agents.Tests.AgentKitDatabase;

namespace AgentHub.Agents.Tests;

public sealed class MessageAndTenancyTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Direct_messages_are_readable_only_by_sender_and_addressee_team_messages_by_all()
    {
        var db = await CreateAsync(postgres, "messages");
        var (tenant, agents) = await db.TenantWithAgentsAsync("msg", 3);
        var (alice, bob, carol) = (AgentOf(tenant, agents[0]), AgentOf(tenant, agents[1]), AgentOf(tenant, agents[2]));
        await db.ExecuteAsync(alice, "select agenthub.send_message('{\"text\":\"for bob\"}', p_recipient => $1)", agents[1]);
        await db.ExecuteAsync(alice, "select agenthub.send_message('{\"text\":\"for all\"}')");

        Assert.Equal(2L, await db.ScalarAsync<long>(alice, "select count(*) from agenthub.messages"));
        Assert.Equal(2L, await db.ScalarAsync<long>(bob, "select count(*) from agenthub.messages"));
        Assert.Equal(["for all"], await db.ColumnAsync<string>(carol, "select body->>'text' from agenthub.messages"));
        Assert.Equal(0L, await db.ScalarAsync<long>(Anon, "select count(*) from agenthub.messages"));
    }

    [Fact]
    public async Task The_inbox_since_a_sequence_number_catches_up_in_order_even_under_concurrent_senders()
    {
        var db = await CreateAsync(postgres, "inbox");
        var (tenant, agents) = await db.TenantWithAgentsAsync("inbox", 4);
        var reader = AgentOf(tenant, agents[0]);
        var senders = agents.Skip(1).Select(a => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++) await db.ExecuteAsync(AgentOf(tenant, a), "select agenthub.send_message(jsonb_build_object('i', $1::int), p_recipient => $2)", i, agents[0]);
        }));
        await Task.WhenAll(senders);

        var seqs = await db.ColumnAsync<long>(reader, "select seq from agenthub.inbox(0, 1000)");
        Assert.Equal(Enumerable.Range(1, 75).Select(i => (long)i), seqs);
        Assert.Equal([74L, 75L], await db.ColumnAsync<long>(reader, "select seq from agenthub.inbox(73)"));

        var first = await db.ScalarAsync<Guid>(reader, "select id from agenthub.inbox(0, 1)");
        await db.ExecuteAsync(reader, "select agenthub.ack_message($1)", first);
        await db.ExecuteAsync(reader, "select agenthub.ack_message($1)", first);
        Assert.Equal(1L, await db.ScalarAsync<long>(reader, "select count(*) from agenthub.message_acks"));
    }

    [Fact]
    public async Task Conversations_are_visible_to_their_participants_only()
    {
        var db = await CreateAsync(postgres, "conversations");
        var (tenant, agents) = await db.TenantWithAgentsAsync("conv", 3);
        var a = AgentOf(tenant, agents[0]);
        var conversation = await db.ScalarAsync<Guid>(a, "select (agenthub.create_conversation('plan', array[$1]::uuid[])).id", agents[1]);
        await db.ExecuteAsync(a, "select agenthub.send_message('{\"text\":\"hi\"}', p_conversation => $1)", conversation);

        Assert.Equal(1L, await db.ScalarAsync<long>(AgentOf(tenant, agents[1]), "select count(*) from agenthub.messages"));
        Assert.Equal(0L, await db.ScalarAsync<long>(AgentOf(tenant, agents[2]), "select count(*) from agenthub.messages"));
        Assert.Equal("42501", (await db.FailsAsync(AgentOf(tenant, agents[2]), "select agenthub.send_message('{}', p_conversation => $1)", conversation)).SqlState);
    }

    [Fact]
    public async Task An_agent_of_one_tenant_cannot_read_claim_message_or_change_anything_of_another()
    {
        var db = await CreateAsync(postgres, "isolation");
        var (tenantA, agentsA) = await db.TenantWithAgentsAsync("tenant-a", 1);
        var (tenantB, agentsB) = await db.TenantWithAgentsAsync("tenant-b", 1);
        var a = AgentOf(tenantA, agentsA[0]);
        var b = AgentOf(tenantB, agentsB[0]);
        var task = await db.ScalarAsync<Guid>(a, "select (agenthub.enqueue_task('secret-work')).id");
        var run = await db.ScalarAsync<Guid>(a, "select (agenthub.start_run('secret-run')).id");
        await db.ExecuteAsync(a, "select agenthub.send_message('{\"text\":\"team a only\"}')");

        foreach (var table in new[] { "tasks", "runs", "run_events", "messages", "agents", "audit_events" })
        {
            Assert.Equal(0L, await db.ScalarAsync<long>(b, $"select count(*) from agenthub.{table} where tenant_id = $1", tenantA));
        }
        Assert.Equal(0L, await db.ScalarAsync<long>(b, "select count(*) from agenthub.tenants where id = $1", tenantA));
        Assert.Empty(await db.ColumnAsync<Guid>(b, "select id from agenthub.claim_tasks(10)"));
        Assert.Equal("P0002", (await db.FailsAsync(b, "select agenthub.complete_run($1)", run)).SqlState);
        Assert.Equal("P0002", (await db.FailsAsync(b, "select agenthub.cancel_task($1)", task)).SqlState);
        Assert.Equal("42501", (await db.FailsAsync(b, "select agenthub.enqueue_task('x', p_tenant => $1)", tenantA)).SqlState);
        Assert.Equal("23503", (await db.FailsAsync(b, "select agenthub.send_message('{}', p_recipient => $1)", agentsA[0])).SqlState);
        // Direct table writes are not granted at all: every change goes through the checked functions.
        Assert.Equal("42501", (await db.FailsAsync(b, "update agenthub.tasks set status = 'cancelled'")).SqlState);
    }

    [Fact]
    public async Task The_private_tenant_channel_admits_the_tenants_agents_and_members_only()
    {
        var db = await CreateAsync(postgres, "tenant-channels");
        var (tenantA, agentsA) = await db.TenantWithAgentsAsync("chan-a", 1);
        var (tenantB, _) = await db.TenantWithAgentsAsync("chan-b", 1);
        var a = AgentOf(tenantA, agentsA[0]);

        // What realtime does for a private channel (docs/realtime-protocol.md 7.2): an insert as the
        // caller, with realtime.topic set, must pass the write policy.
        const string Write = """
            with topic as (select set_config('realtime.topic', $1, true) as t)
            insert into realtime.messages (topic, extension, private) select t, $2, true from topic
            """;
        await db.ExecuteAsync(a, Write, $"tenant:{tenantA}", "broadcast");
        await db.ExecuteAsync(a, Write, $"tenant:{tenantA}", "presence");
        Assert.Equal("42501", (await db.FailsAsync(a, Write, $"tenant:{tenantB}", "broadcast")).SqlState);
        Assert.Equal("42501", (await db.FailsAsync(a, Write, $"tenant:{tenantB}", "presence")).SqlState);
        Assert.Equal("42501", (await db.FailsAsync(a, Write, "tenant:not-a-uuid", "broadcast")).SqlState);
        Assert.Equal("42501", (await db.FailsAsync(User(Guid.NewGuid()), Write, $"tenant:{tenantA}", "broadcast")).SqlState);
        var member = Guid.NewGuid();
        await Sql.ExecuteAsync(db.Admin, $"insert into auth.users (id, email) values ('{member}', 'chan-member@example.com')");
        await db.ExecuteAsync(Service, "insert into agenthub.tenant_members (tenant_id, user_id) values ($1, $2)", tenantA, member);
        await db.ExecuteAsync(User(member), Write, $"tenant:{tenantA}", "presence");
        Assert.Equal("42501", (await db.FailsAsync(User(member), Write, $"tenant:{tenantB}", "presence")).SqlState);

        // Reading (joining) is the same rule, the select policy's expression:
        const string Read = "select agenthub.can_access_tenant(agenthub.tenant_of_topic($1))";
        Assert.True(await db.ScalarAsync<bool>(a, Read, $"tenant:{tenantA}"));
        Assert.False(await db.ScalarAsync<bool?>(a, Read, $"tenant:{tenantB}") ?? false);
        Assert.False(await db.ScalarAsync<bool?>(a, Read, "tenant:not-a-uuid") ?? false);

        Assert.Equal(tenantA, await db.ScalarAsync<Guid>(a, "select agenthub.tenant_of_topic($1)", $"tenant:{tenantA.ToString().ToUpperInvariant()}"));
        foreach (var topic in new[] { "tenant:", "tenant:x", $"room:{tenantA}", $"tenant:{tenantA}:extra", $"xtenant:{tenantA}" })
        {
            Assert.True(await db.ScalarAsync<bool>(a, "select agenthub.tenant_of_topic($1) is null", topic), topic);
        }
    }

    [Fact]
    public async Task Claims_that_are_not_uuids_mean_no_identity_and_break_no_other_channel_policy()
    {
        var db = await CreateAsync(postgres, "odd-claims");
        var (tenant, _) = await db.TenantWithAgentsAsync("odd-claims", 1);
        // A user's own private-channel policy next to the agent kit's (which are ORed with it).
        await Sql.ExecuteAsync(db.Admin, """
            create policy "odd lobby" on realtime.messages for select to authenticated
              using (realtime.topic() like 'lobby:%' and extension = 'presence')
            """);
        // Third-party auth providers issue subs like this one; tenant and agent claims can be junk too.
        var odd = new Identity("authenticated", new() { ["role"] = "authenticated", ["sub"] = "user_2x9Fq", ["tenant_id"] = "acme", ["agent_id"] = "7" });

        Assert.Null(await db.ScalarAsync<Guid?>(odd, "select agenthub.jwt_user()"));
        Assert.Null(await db.ScalarAsync<Guid?>(odd, "select agenthub.jwt_tenant()"));
        Assert.Null(await db.ScalarAsync<Guid?>(odd, "select agenthub.jwt_agent()"));
        Assert.False(await db.ScalarAsync<bool>(odd, "select agenthub.can_access_tenant($1)", tenant));
        Assert.False(await db.ScalarAsync<bool>(odd, "select agenthub.can_act_in_tenant($1)", tenant));

        // What realtime's join check does (read a probe row back as the caller, realtime.topic set):
        // the user's policy decides for its own topics; the agent kit's neither raises nor admits.
        await Sql.ExecuteAsync(db.Admin, $"insert into realtime.messages (topic, extension, private) values ('lobby:1', 'presence', true), ('tenant:{tenant}', 'broadcast', true)");
        async Task<long> VisibleOn(string topic)
        {
            await using var connection = await db.Api.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await odd.ApplyAsync(connection);
            await using var set = new NpgsqlCommand("select set_config('realtime.topic', $1, true)", connection) { Parameters = { new() { Value = topic } } };
            await set.ExecuteNonQueryAsync();
            await using var count = new NpgsqlCommand("select count(*) from realtime.messages where topic = $1", connection) { Parameters = { new() { Value = topic } } };
            return (long)(await count.ExecuteScalarAsync())!;
        }
        Assert.Equal(1L, await VisibleOn("lobby:1"));
        Assert.Equal(0L, await VisibleOn($"tenant:{tenant}"));
        Assert.Equal("42501", (await db.FailsAsync(odd, "select agenthub.enqueue_task('x', p_tenant => $1)", tenant)).SqlState);
    }

    [Fact]
    public async Task A_signed_in_member_sees_the_tenant_and_a_non_member_sees_nothing()
    {
        var db = await CreateAsync(postgres, "members");
        var (tenant, agents) = await db.TenantWithAgentsAsync("members", 1);
        var member = Guid.NewGuid();
        var stranger = Guid.NewGuid();
        await Sql.ExecuteAsync(db.Admin, $"insert into auth.users (id, email) values ('{member}', 'm@example.com'), ('{stranger}', 's@example.com')");
        await db.ExecuteAsync(Service, "insert into agenthub.tenant_members (tenant_id, user_id) values ($1, $2)", tenant, member);
        await db.ExecuteAsync(AgentOf(tenant, agents[0]), "select agenthub.start_run('visible')");

        Assert.Equal(1L, await db.ScalarAsync<long>(User(member), "select count(*) from agenthub.runs"));
        Assert.Equal(0L, await db.ScalarAsync<long>(User(stranger), "select count(*) from agenthub.runs"));
        Assert.Equal(1L, await db.ScalarAsync<long>(User(member), "select count(*) from agenthub.agents"));
    }

    [Fact]
    public async Task The_audit_log_records_who_did_what_and_refuses_changes()
    {
        var db = await CreateAsync(postgres, "audit");
        var (tenant, agents) = await db.TenantWithAgentsAsync("audit", 1);
        var me = AgentOf(tenant, agents[0]);
        var task = await db.ScalarAsync<Guid>(me, "select (agenthub.enqueue_task('audited')).id");
        await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks()");
        await db.ExecuteAsync(me, "select agenthub.complete_task($1)", task);

        var actions = await db.ColumnAsync<string>(me, "select action || ':' || coalesce(changes->>'status', '') from agenthub.audit_events where entity = 'tasks' and entity_id = $1 order by id", task);
        Assert.Equal(["insert:pending", "update:running", "update:completed"], actions);
        Assert.Equal(agents[0], await db.ScalarAsync<Guid>(me, "select actor_agent from agenthub.audit_events where entity_id = $1 order by id limit 1", task));

        foreach (var sql in new[] { "update agenthub.audit_events set action = 'delete'", "delete from agenthub.audit_events", "truncate agenthub.audit_events" })
        {
            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Sql.ExecuteAsync(db.Admin, sql));
            Assert.Equal("42501", error.SqlState);
        }
    }

    [Theory]
    [InlineData("tasks", "updated_at,lease_expires_at")]
    [InlineData("runs", "updated_at,last_seq")]
    public async Task The_compiled_audit_of_a_table_records_a_change_of_every_column_it_does_not_ignore(string table, string ignored)
    {
        var db = await CreateAsync(postgres, "audit-" + table);
        var (tenant, agents) = await db.TenantWithAgentsAsync("audit-" + table, 1);
        var me = AgentOf(tenant, agents[0]);
        var id = table == "tasks"
            ? await db.ScalarAsync<Guid>(me, "select (agenthub.enqueue_task('every column')).id")
            : await db.ScalarAsync<Guid>(me, "select (agenthub.start_run('every column')).id");
        // Change every column at once, as the table owner (no function does that), each to a value of
        // its type that differs from the current one; the update's audit row must name them all.
        var columns = await db.ColumnAsync<string>(Service, """
            select attname::text from pg_attribute
             where attrelid = ('agenthub.' || $1)::regclass and attnum > 0 and not attisdropped and attname <> 'id'
               and attname <> all (string_to_array($2, ',')) order by attnum
            """, table, ignored);
        var other = await db.ScalarAsync<Guid>(Service, "insert into agenthub.tenants (slug, name) values ('audit-other-' || $1, 'x') returning id", table);
        var otherAgent = await db.ScalarAsync<Guid>(Service, "insert into agenthub.agents (tenant_id, name) values ($1, 'other') returning id", other);
        // Targets for the foreign keys among the columns.
        var otherTask = await db.ScalarAsync<Guid>(me, "select (agenthub.enqueue_task('fk target')).id");
        var otherRun = await db.ScalarAsync<Guid>(me, "select (agenthub.start_run('fk target')).id");
        var assignments = await db.ColumnAsync<string>(Service, """
            select format('%I = %s', a.attname, case
                     when a.attname = 'tenant_id' then quote_literal($3::text) || '::uuid'
                     when a.attname in ('claimed_by', 'target_agent_id', 'agent_id') then quote_literal($4::text) || '::uuid'
                     when a.attname = 'task_id' then quote_literal($5::text) || '::uuid'
                     when a.attname = 'parent_run_id' then quote_literal($6::text) || '::uuid'
                     when t.typname = 'uuid' then 'gen_random_uuid()'
                     when t.typname in ('timestamptz', 'timestamp') then 'now() - interval ''1 day'''
                     when t.typname in ('int4', 'int8', 'float4', 'float8', 'numeric') then 'coalesce(' || quote_ident(a.attname) || ', 0) + 1'
                     when t.typname = 'jsonb' then '''{"changed": true}''::jsonb'
                     when t.typname = 'bool' then 'not coalesce(' || quote_ident(a.attname) || ', false)'
                     when t.typname = '_text' then 'array[''changed'']'
                     when t.typtype = 'e' then quote_literal((select e.enumlabel from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder desc limit 1)) || '::' || format_type(t.oid, null)
                     else quote_literal('changed') end)
              from pg_attribute a join pg_type t on t.oid = a.atttypid
             where a.attrelid = ('agenthub.' || $1)::regclass and a.attname = any (string_to_array($2, ','))
            """, table, string.Join(',', columns), other, otherAgent, otherTask, otherRun);
        await Sql.ExecuteAsync(db.Admin, $"update agenthub.{table} set {string.Join(", ", assignments)} where id = '{id}'");

        var changed = await db.ColumnAsync<string>(Service, """
            select jsonb_object_keys(changes) from agenthub.audit_events where entity = $1 and entity_id = $2 and action = 'update' order by id desc limit 100
            """, table, id);
        Assert.Equal(columns.Order(), changed.Distinct().Order());
        var previousKeys = await db.ColumnAsync<string>(Service, "select jsonb_object_keys(previous) from agenthub.audit_events where entity = $1 and entity_id = $2 and action = 'update'", table, id);
        Assert.Equal(columns.Order(), previousKeys.Order());
    }

    [Fact]
    public async Task A_claim_of_several_tasks_writes_one_audit_row_per_task()
    {
        var db = await CreateAsync(postgres, "audit-batch");
        var (tenant, agents) = await db.TenantWithAgentsAsync("audit-batch", 1);
        var me = AgentOf(tenant, agents[0]);
        await db.ExecuteAsync(me, "select agenthub.enqueue_task('t' || n) from generate_series(1, 5) n");
        var claimed = await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks(5)");
        Assert.Equal(5, claimed.Count);
        Assert.Equal(5L, await db.ScalarAsync<long>(Service, """
            select count(*) from agenthub.audit_events
             where entity = 'tasks' and action = 'update' and changes ->> 'status' = 'running' and previous ->> 'status' = 'pending'
               and (changes ->> 'claimed_by')::uuid = $1 and actor_agent = $1 and changes ? 'attempts' and not changes ? 'updated_at'
            """, agents[0]));
        // A bookkeeping-only update (a lease renewal) is not an action.
        await db.ExecuteAsync(me, "select agenthub.extend_task_lease($1, 120)", claimed[0]);
        Assert.Equal(5L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.audit_events where entity = 'tasks' and action = 'update'"));
    }
}
