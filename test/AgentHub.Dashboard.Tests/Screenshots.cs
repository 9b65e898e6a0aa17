namespace AgentHub.Dashboard.Tests;

/// <summary>Screenshots are test artifacts: artifacts/screenshots/ at the repository root (ignored by git).</summary>
internal static class Screenshots
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public static string PathFor(string name)
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, name + ".png");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentHub.slnx"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
