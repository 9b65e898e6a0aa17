namespace AgentHub.Client.IntegrationTests;

internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {seconds} s waiting for {what}");
            await Task.Delay(25);
        }
    }
}
