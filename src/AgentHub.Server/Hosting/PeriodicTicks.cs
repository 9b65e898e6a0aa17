namespace AgentHub.Server.Hosting;

/// <summary>The loop condition of the hub's timed workers: false once the host is stopping.</summary>
internal static class PeriodicTicks
{
    public static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
