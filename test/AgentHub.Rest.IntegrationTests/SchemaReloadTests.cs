using AgentHub.Testing;

namespace AgentHub.Rest.IntegrationTests;

/// <summary>The schema cache follows DDL: the event trigger's NOTIFY, an explicit NOTIFY, and drops.</summary>
public sealed class SchemaReloadTests(NotesFixture fixture) : IClassFixture<NotesFixture>
{
    [Fact]
    public async Task A_table_created_by_hand_becomes_reachable_and_a_dropped_one_disappears()
    {
        var hub = fixture.Hub;
        Assert.Equal(404, (await hub.SendAsync("GET", "late_table")).Status);

        await Testing.Sql.ExecuteAsync(hub.Database, "create table public.late_table (id int primary key); insert into public.late_table values (7); grant select on public.late_table to anon;");
        var response = await WaitForAsync(hub, "late_table?select=id", 200);
        Assert.Equal("""[{"id":7}]""", response.Body);

        await Testing.Sql.ExecuteAsync(hub.Database, "drop table public.late_table;");
        await WaitForAsync(hub, "late_table", 404);
    }

    [Fact]
    public async Task A_new_column_and_function_are_picked_up_after_notify_pgrst()
    {
        var hub = fixture.Hub;
        await Testing.Sql.ExecuteAsync(hub.Database, "create function public.late_fn() returns int language sql as 'select 5';");
        Assert.Equal("5", (await WaitForAsync(hub, "rpc/late_fn", 200)).Body);

        // An explicit reload request, as Supabase migrations send it, works as well.
        await Testing.Sql.ExecuteAsync(hub.Database, "notify pgrst, 'reload schema'");
        Assert.Equal(200, (await hub.SendAsync("GET", "rpc/late_fn")).Status);
    }

    private static async Task<RestHub.Response> WaitForAsync(RestHub hub, string url, int status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await hub.SendAsync("GET", url, token: hub.Keys.ServiceRole);
            if (response.Status == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, response.Status);
                return response;
            }

            await Task.Delay(50);
        }
    }
}
