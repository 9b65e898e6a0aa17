using System.Text.Json;
using AgentHub.Auth.Keys;

namespace AgentHub.Realtime.Tests.Support;

/// <summary>Signs tokens with a known secret, the way the hub's own keys and GoTrue's access tokens look.</summary>
public sealed class TestTokens(string secret)
{
    public const string DefaultSecret = "realtime-tests-secret-0123456789-abcdefghijklmnop";

    public JwtSecret Secret { get; } = JwtSecret.FromConfiguration(secret);

    public static TestTokens Default { get; } = new(DefaultSecret);

    public string Sign(object claims) => TokenSigner.Sign(Secret, JsonSerializer.Serialize(claims));

    public string Anon(TimeSpan? expiresIn = null) =>
        Sign(new { role = "anon", iss = "agenthub", exp = Exp(expiresIn ?? TimeSpan.FromHours(1)) });

    public string ServiceRole() => Sign(new { role = "service_role", iss = "agenthub", exp = Exp(TimeSpan.FromHours(1)) });

    public string User(string sub, TimeSpan? expiresIn = null, string role = "authenticated", object? appMetadata = null) =>
        Sign(new { role, sub, aud = "authenticated", exp = Exp(expiresIn ?? TimeSpan.FromHours(1)), app_metadata = appMetadata ?? new { } });

    public string ExpiredSecondsAgo(int seconds) => Sign(new { role = "anon", exp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds });

    public string WithoutExp() => Sign(new { role = "anon" });

    public string WithoutRole() => Sign(new { sub = "x", exp = Exp(TimeSpan.FromHours(1)) });

    public static string WrongSignature() => new TestTokens("a-completely-different-secret-0123456789-xyz").Anon();

    private static long Exp(TimeSpan expiresIn) => DateTimeOffset.UtcNow.Add(expiresIn).ToUnixTimeSeconds();
}
