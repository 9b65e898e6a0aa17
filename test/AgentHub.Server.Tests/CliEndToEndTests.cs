using System.Net;
using System.Text.Json;
using AgentHub.Testing;

namespace AgentHub.Server.Tests;

/// <summary>The CLI as a user runs it: a real process, its own embedded cluster, signals to stop.</summary>
public sealed class CliEndToEndTests : IDisposable
{
    private readonly TempFolder _project = new("cli");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private string DataDir => Path.Combine(_project.Path, ".agenthub");

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Serve_comes_up_healthy_prints_keys_and_stops_on_a_signal_leaving_no_postgres(string signal)
    {
        var migrations = Path.Combine(_project.Path, "supabase", "migrations");
        Directory.CreateDirectory(migrations);
        await File.WriteAllTextAsync(Path.Combine(migrations, "20240101000000_todos.sql"), """
            create table public.todos (id uuid primary key default uuid_generate_v4(), user_id uuid references auth.users (id), title text);
            alter table public.todos enable row level security;
            create policy "own" on public.todos for all to authenticated using (user_id = auth.uid());
            alter publication supabase_realtime add table public.todos;
            """);
        var port = FreePort.Next();
        var dbPort = FreePort.Next();

        using var hub = CliProcess.Start(_project.Path, "serve", "--port", port.ToString(), "--db-port", dbPort.ToString());
        var health = await WaitForHealthAsync(port, hub);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(0, health.GetProperty("migrations").GetProperty("pending").GetInt32());
        Assert.True(health.GetProperty("tables").TryGetProperty("public.todos", out _));
        Assert.Contains("anon key:", hub.Output);
        Assert.Contains($"postgresql://postgres:", hub.Output);

        // keys --json against the same data folder gives the keys serve printed, and the running hub's URLs.
        var (keysExit, _, keysOutput) = await CliProcess.RunCapturingAsync(_project.Path, "keys", "--json");
        Assert.Equal(0, keysExit);
        var keys = JsonDocument.Parse(keysOutput).RootElement;
        Assert.Contains(keys.GetProperty("anonKey").GetString()!, hub.Output);
        Assert.Contains(keys.GetProperty("serviceRoleKey").GetString()!, hub.Output);
        Assert.Contains($":{dbPort}/postgres", keys.GetProperty("dbUrl").GetString());
        Assert.Equal($"http://127.0.0.1:{port}", keys.GetProperty("apiUrl").GetString());

        // migrate status talks to the running hub's cluster rather than starting another.
        var (statusExit, statusOutput) = await CliProcess.RunAsync(_project.Path, "migrate", "status");
        Assert.Equal(0, statusExit);
        Assert.Contains("20240101000000", statusOutput);
        Assert.DoesNotContain("pending", statusOutput);

        var pgData = Path.Combine(DataDir, "postgres");
        Assert.NotEmpty(ProcessesMentioning(pgData));
        hub.Signal(signal);
        Assert.Equal(0, await hub.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(ProcessesMentioning(pgData));
        Assert.False(File.Exists(Path.Combine(DataDir, "hub.json")));
    }

    [Fact]
    public async Task After_the_hub_is_killed_the_next_serve_starts_and_keeps_the_data()
    {
        var port = FreePort.Next();
        var dbPort = FreePort.Next();
        using (var first = CliProcess.Start(_project.Path, "serve", "--port", port.ToString(), "--db-port", dbPort.ToString()))
        {
            await WaitForHealthAsync(port, first);
            var (upExit, _) = await CliProcess.RunAsync(_project.Path, "migrate", "up");
            Assert.Equal(0, upExit);
            first.Signal("KILL");
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        using var second = CliProcess.Start(_project.Path, "serve", "--port", port.ToString(), "--db-port", dbPort.ToString());
        var health = await WaitForHealthAsync(port, second);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Contains("left over from an earlier run", second.Output);
        second.Signal("TERM");
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Migration_new_creates_a_timestamped_file_and_bad_names_are_refused()
    {
        var (exit, output) = await CliProcess.RunAsync(_project.Path, "migration", "new", "create_agents");
        Assert.Equal(0, exit);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(_project.Path, "supabase", "migrations")));
        Assert.Matches(@"/\d{14}_create_agents\.sql$", file);
        Assert.Contains("create_agents", output);

        var (badExit, badOutput) = await CliProcess.RunAsync(_project.Path, "migration", "new", "drop table; --");
        Assert.Equal(1, badExit);
        Assert.Contains("may use only letters", badOutput);
    }

    [Fact]
    public async Task Invalid_settings_exit_non_zero_with_one_line_naming_the_setting()
    {
        var (exit, output) = await CliProcess.RunAsync(_project.Path, "serve", "--port", "70000");
        Assert.Equal(1, exit);
        Assert.Contains("AgentHub:Port (--port, AGENTHUB_PORT)", output);
        Assert.DoesNotContain("   at ", output); // no stack trace
    }

    [Fact]
    public async Task Version_and_help_answer()
    {
        var (exit, output) = await CliProcess.RunAsync(_project.Path, "version");
        Assert.Equal(0, exit);
        Assert.Matches(@"^agenthub \d+\.\d+\.\d+", output);
        var (helpExit, help) = await CliProcess.RunAsync(_project.Path, "--help");
        Assert.Equal(0, helpExit);
        foreach (var command in new[] { "serve", "migrate", "migration", "keys", "status", "version" }) Assert.Contains(command, help);
    }

    private async Task<JsonElement> WaitForHealthAsync(int port, CliProcess hub)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await _http.GetAsync($"http://127.0.0.1:{port}/health");
                if (response.StatusCode == HttpStatusCode.OK) return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The hub did not become healthy. Its output:\n" + hub.Output);
    }

    private static List<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(text, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    public void Dispose()
    {
        _http.Dispose();
        _project.Dispose();
    }
}
