using System.Diagnostics;
using System.Text;

namespace AgentHub.Server.Tests;

/// <summary>The real <c>agenthub</c> CLI (agenthub.dll beside the tests) as a child process.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output)
            {
                _output.AppendLine(e.Data);
                _stdout.AppendLine(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <summary>Standard output and error, interleaved as they arrived.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Standard output alone (what a script would capture).</summary>
    public string StandardOutput { get { lock (_output) return _stdout.ToString(); } }

    public static CliProcess Start(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "agenthub.dll"));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // Keep the environment of the test run from steering the hub.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AGENTHUB", StringComparison.Ordinal) || k.StartsWith("SUPABASE_", StringComparison.Ordinal) || k == "DATABASE_URL").ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["NO_COLOR"] = "1";
        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Runs a command to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var (exit, output, _) = await RunCapturingAsync(workingDirectory, arguments);
        return (exit, output);
    }

    /// <summary>Runs a command to completion; returns the exit code, all output, and stdout alone.</summary>
    public static async Task<(int ExitCode, string Output, string StandardOutput)> RunCapturingAsync(string workingDirectory, params string[] arguments)
    {
        using var cli = Start(workingDirectory, arguments);
        var exit = await cli.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return (exit, cli.Output, cli.StandardOutput);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Pid.ToString()]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
