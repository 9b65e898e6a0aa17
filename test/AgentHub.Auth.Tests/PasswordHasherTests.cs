using AgentHub.Auth.GoTrue.Passwords;
using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>bcrypt as Supabase stores it, and compatibility with hashes made by other bcrypt implementations.</summary>
public sealed class PasswordHasherTests(PostgresFixture postgres)
{
    /// <summary>Vectors from the OpenBSD/jBCrypt test suite (made by the reference implementation).</summary>
    public static TheoryData<string, string> ReferenceVectors => new()
    {
        { "", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s." },
        { "a", "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe" },
        { "abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i" },
        { "abcdefghijklmnopqrstuvwxyz", "$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC" },
        { "~!@#$%^&*()      ~!@#$%^&*()PNBFRD", "$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO" },
    };

    [Theory]
    [MemberData(nameof(ReferenceVectors))]
    public void Reference_2a_hashes_check_out_and_a_wrong_password_does_not(string password, string hash)
    {
        Assert.True(PasswordHasher.Verify(password, hash));
        Assert.False(PasswordHasher.Verify(password + "x", hash));
    }

    [Theory]
    [MemberData(nameof(ReferenceVectors))]
    public void The_2b_and_2y_names_of_the_same_hash_check_out(string password, string hash)
    {
        // $2a$, $2b$ and $2y$ differ only in name for passwords under 255 bytes (the 2b fix is for
        // length wrap-around, 2y is PHP's name for a correct 2a), so the same digest must verify.
        Assert.True(PasswordHasher.Verify(password, "$2b$" + hash[4..]));
        Assert.True(PasswordHasher.Verify(password, "$2y$" + hash[4..]));
    }

    [Fact]
    public void New_hashes_are_2a_cost_10_like_GoTrue_and_salted()
    {
        var first = PasswordHasher.Hash("correct horse");
        var second = PasswordHasher.Hash("correct horse");
        Assert.StartsWith("$2a$10$", first);
        Assert.Equal(60, first.Length);
        Assert.NotEqual(first, second);
        Assert.True(PasswordHasher.Verify("correct horse", first));
        Assert.False(PasswordHasher.Verify("correct horsE", first));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")]
    [InlineData("$2x$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")]
    [InlineData("$2a$10$short")]
    public void Anything_but_a_bcrypt_hash_never_matches(string? hash) => Assert.False(PasswordHasher.Verify("plaintext", hash));

    [Fact]
    public async Task Hashes_from_pgcrypto_check_out_and_ours_check_out_in_pgcrypto()
    {
        // pgcrypto is an independent bcrypt (crypt_blowfish), and how SQL seeds often fill encrypted_password.
        var db = await postgres.CreateDatabaseAsync("bcrypt");
        await Sql.ExecuteAsync(db, "create extension if not exists pgcrypto");
        var theirs = await Sql.ScalarAsync<string>(db, "select crypt('pässwörd 123', gen_salt('bf', 10))");
        Assert.StartsWith("$2a$10$", theirs);
        Assert.True(PasswordHasher.Verify("pässwörd 123", theirs));
        Assert.False(PasswordHasher.Verify("passwörd 123", theirs));

        var ours = PasswordHasher.Hash("pässwörd 123");
        Assert.True(await Sql.ScalarAsync<bool>(db, "select crypt('pässwörd 123', $1) = $1", ours));
        Assert.False(await Sql.ScalarAsync<bool>(db, "select crypt('passwörd 123', $1) = $1", ours));
    }

    [Fact]
    public void Passwords_longer_than_bcrypt_reads_are_refused_rather_than_truncated()
    {
        Assert.True(PasswordHasher.FitsBcrypt(new string('a', 72)));
        Assert.False(PasswordHasher.FitsBcrypt(new string('a', 73)));
        Assert.False(PasswordHasher.FitsBcrypt(new string('é', 37)));
    }
}
