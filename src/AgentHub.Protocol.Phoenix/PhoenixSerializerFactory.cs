using System.Diagnostics.CodeAnalysis;

namespace AgentHub.Protocol.Phoenix;

/// <summary>Picks the serializer for a connection from its <c>vsn</c> query value.</summary>
/// <example>
/// <code>
/// if (!PhoenixSerializerFactory.TryGetSerializer(query["vsn"], out var serializer))
///     return Results.BadRequest(); // unsupported vsn
/// </code>
/// </example>
public static class PhoenixSerializerFactory
{
    /// <summary>The version used when the query has no <c>vsn</c>: <c>2.0.0</c>, what realtime-js sends by default.</summary>
    public const string DefaultVsn = PhoenixV2Serializer.Version;

    /// <summary>Returns the serializer for <paramref name="vsn"/>.</summary>
    /// <param name="vsn">The raw query value: <c>1.0.0</c>, <c>2.0.0</c>, or null when the parameter is absent.</param>
    /// <param name="serializer">The serializer, when true is returned.</param>
    /// <returns>
    /// False for any other value, including an empty one (<c>?vsn=</c> names no version, and Phoenix
    /// rejects it too); the caller should refuse the upgrade.
    /// </returns>
    public static bool TryGetSerializer(string? vsn, [NotNullWhen(true)] out PhoenixSerializer? serializer)
    {
        serializer = (vsn ?? DefaultVsn) switch
        {
            PhoenixV2Serializer.Version => PhoenixV2Serializer.Instance,
            PhoenixV1Serializer.Version => PhoenixV1Serializer.Instance,
            _ => null,
        };
        return serializer is not null;
    }
}
