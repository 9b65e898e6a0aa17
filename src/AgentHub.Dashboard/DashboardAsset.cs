using System.Security.Cryptography;

namespace AgentHub.Dashboard;

/// <summary>One file of the page, held in memory with the headers it is served with.</summary>
/// <param name="Path">Path below <c>/dashboard/</c>, such as <c>js/main.js</c>.</param>
/// <param name="Content">The bytes, as built.</param>
/// <param name="ContentType">The media type, with a charset for text.</param>
/// <param name="ETag">A strong validator: a hash of the content, quoted.</param>
internal sealed record DashboardAsset(string Path, ReadOnlyMemory<byte> Content, string ContentType, string ETag)
{
    /// <summary>An asset for <paramref name="path"/>, its type taken from the extension and its ETag from the bytes.</summary>
    public static DashboardAsset Create(string path, byte[] content) =>
        new(path, content, ContentTypes.For(path), "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16)) + "\"");
}
