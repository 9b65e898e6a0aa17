using AgentHub.Postgres.Migrations;

namespace AgentHub.Postgres.Tests;

public sealed class MigrationFileTests
{
    [Theory]
    [InlineData("20240101120000_create_todos.sql", "20240101120000", "create_todos")]
    [InlineData("20240101120000_with-dash.sql", "20240101120000", "with-dash")]
    public void Supabase_cli_file_names_are_recognised(string file, string version, string name)
    {
        Assert.Equal((version, name), MigrationFile.ParseFileName(file));
    }

    [Theory]
    [InlineData("2024_create.sql")]
    [InlineData("20240101120000_create.txt")]
    [InlineData("README.md")]
    [InlineData("20240101120000.sql")]
    public void Other_files_are_ignored(string file) => Assert.Null(MigrationFile.ParseFileName(file));

    [Fact]
    public void Folder_loads_in_version_order_and_checksum_ignores_line_endings()
    {
        using var folder = new Testing.TempFolder("migfiles");
        File.WriteAllText(Path.Combine(folder.Path, "20240102000000_b.sql"), "select 2;\r\n");
        File.WriteAllText(Path.Combine(folder.Path, "20240101000000_a.sql"), "select 1;\n");
        File.WriteAllText(Path.Combine(folder.Path, "notes.txt"), "ignored");
        var files = MigrationFile.LoadFolder(folder.Path);
        Assert.Equal(["a", "b"], files.Select(f => f.Name));
        Assert.Equal(new MigrationFile("1", "x", "s", "select 2;\n").Checksum, files[1].Checksum);
    }

    [Fact]
    public void Two_files_with_one_version_are_refused()
    {
        using var folder = new Testing.TempFolder("migdup");
        File.WriteAllText(Path.Combine(folder.Path, "20240101000000_a.sql"), "select 1;");
        File.WriteAllText(Path.Combine(folder.Path, "20240101000000_b.sql"), "select 2;");
        var error = Assert.Throws<MigrationException>(() => MigrationFile.LoadFolder(folder.Path));
        Assert.Contains("20240101000000", error.Message);
    }

    [Fact]
    public void Missing_folder_has_no_migrations() => Assert.Empty(MigrationFile.LoadFolder("/nonexistent/agenthub/migrations"));

    [Fact]
    public void Platform_track_is_embedded_in_order()
    {
        var files = MigrationTrack.Platform().Files;
        Assert.True(files.Count >= 4);
        Assert.Equal(files.Select(f => f.Version).Order(StringComparer.Ordinal), files.Select(f => f.Version));
    }
}
