using System.Text;
using System.Text.Json;
using AgentHub.Auth.Keys;
using AgentHub.Testing;

namespace AgentHub.Server.Tests;

public sealed class KeysTests : IDisposable
{
    private readonly TempFolder _data = new("keys");

    [Fact]
    public async Task Keys_are_hs256_jwts_with_supabase_claims_signed_by_the_secret()
    {
        var secret = JwtSecret.LoadOrCreate(_data.Path);
        var keys = new ApiKeys(secret);

        foreach (var (token, role) in new[] { (keys.Anon, "anon"), (keys.ServiceRole, "service_role") })
        {
            var result = await TokenSigner.ValidateAsync(secret, token);
            Assert.True(result.IsValid, result.Exception?.Message);
            var header = Decode(token.Split('.')[0]);
            Assert.Equal("HS256", header.GetProperty("alg").GetString());
            var claims = Decode(token.Split('.')[1]);
            Assert.Equal(role, claims.GetProperty("role").GetString());
            Assert.Equal("agenthub", claims.GetProperty("iss").GetString());
            Assert.True(claims.GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.AddYears(5).ToUnixTimeSeconds());
            Assert.False(claims.TryGetProperty("sub", out _));
            Assert.False(claims.TryGetProperty("aud", out _));
        }
    }

    [Fact]
    public async Task A_key_signed_with_another_secret_or_tampered_with_is_rejected()
    {
        var secret = JwtSecret.LoadOrCreate(_data.Path);
        var other = JwtSecret.FromConfiguration(new string('x', 40));
        Assert.False((await TokenSigner.ValidateAsync(secret, new ApiKeys(other).Anon)).IsValid);

        var parts = new ApiKeys(secret).Anon.Split('.');
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"role":"service_role","iss":"agenthub"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.False((await TokenSigner.ValidateAsync(secret, $"{parts[0]}.{forged}.{parts[2]}")).IsValid);
    }

    [Fact]
    public void The_secret_is_generated_once_owner_only_and_keys_are_stable()
    {
        var first = JwtSecret.LoadOrCreate(_data.Path);
        var second = JwtSecret.LoadOrCreate(_data.Path);
        Assert.Equal(first.Value, second.Value);
        Assert.True(first.Value.Length >= JwtSecret.MinimumLength);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data.Path, JwtSecret.FileName)));
        Assert.Equal(new ApiKeys(first).Anon, new ApiKeys(second).Anon);
    }

    [Fact]
    public void A_configured_secret_that_is_too_short_is_refused()
    {
        Assert.Throws<ArgumentException>(() => JwtSecret.FromConfiguration("too-short"));
    }

    private static JsonElement Decode(string segment)
    {
        var padded = segment.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return JsonDocument.Parse(Convert.FromBase64String(padded)).RootElement;
    }

    public void Dispose() => _data.Dispose();
}
