using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace AgentHub.Dashboard;

/// <summary>
/// The page's files, read once from this assembly's embedded resources (logical names
/// <c>dashboard/&lt;path&gt;</c>), plus <c>config.json</c>, generated for this hub: where the API is and
/// its anon key. The anon key is public by design (Supabase pages carry it too); row-level security
/// and the signed-in user's token decide what the page may read.
/// </summary>
internal sealed class DashboardAssets
{
    private const string ResourcePrefix = "dashboard/";

    /// <summary>The path of the generated configuration.</summary>
    public const string ConfigPath = "config.json";

    private readonly FrozenDictionary<string, DashboardAsset> _byPath;

    private DashboardAssets(IEnumerable<DashboardAsset> assets) =>
        _byPath = assets.ToFrozenDictionary(a => a.Path, StringComparer.Ordinal);

    /// <summary>Every served path.</summary>
    public IEnumerable<string> Paths => _byPath.Keys;

    /// <summary>Loads the embedded files and generates the configuration.</summary>
    /// <param name="anonKey">The hub's anon key, given to the page.</param>
    /// <param name="apiUrl">Where the page reaches the API; null means the page's own origin (the usual case).</param>
    public static DashboardAssets Load(string anonKey, string? apiUrl = null)
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => DashboardAsset.Create(name[ResourcePrefix.Length..], Read(assembly, name)))
            .ToList();
        if (!assets.Any(a => a.Path == "index.html") || !assets.Any(a => a.Path == "vendor/supabase.js"))
        {
            throw new InvalidOperationException("The dashboard was built without its page or its supabase-js bundle.");
        }
        assets.Add(DashboardAsset.Create(ConfigPath, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
        {
            ["apiUrl"] = apiUrl,
            ["anonKey"] = anonKey,
        })));
        return new DashboardAssets(assets);
    }

    /// <summary>The asset at <paramref name="path"/> (below <c>/dashboard/</c>; empty means the page itself).</summary>
    public DashboardAsset? Find(string path) =>
        _byPath.GetValueOrDefault(path.Length == 0 ? "index.html" : path);

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
