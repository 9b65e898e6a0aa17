using System.Collections;
using Microsoft.Extensions.Configuration;

namespace AgentHub.Server.Configuration;

/// <summary>
/// Builds the one configuration tree: <c>appsettings.json</c> in the working folder (or the file
/// given with --config), then environment variables, then command-line flags; later sources win.
/// </summary>
public static class HubConfiguration
{
    /// <summary>Builds and binds the options. Relative paths stay relative to <paramref name="workingDirectory"/>.</summary>
    public static (AgentHubOptions Options, IConfiguration Configuration) Build(
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        IEnumerable<KeyValuePair<string, string?>> flags,
        string? configFile = null)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile, workingDirectory);
            if (!File.Exists(path)) throw new FileNotFoundException($"Configuration file '{path}' (--config) does not exist.");
            builder.AddJsonFile(path, optional: false);
        }
        else
        {
            builder.AddJsonFile(Path.Combine(workingDirectory, "appsettings.json"), optional: true);
        }

        builder.AddInMemoryCollection(EnvironmentVariableMap.Read(environment));
        builder.AddInMemoryCollection(environment
            .Where(e => e.Key.StartsWith("AGENTHUB__", StringComparison.Ordinal))
            .Select(e => new KeyValuePair<string, string?>("AgentHub:" + e.Key["AGENTHUB__".Length..].Replace("__", ":"), e.Value)));
        builder.AddInMemoryCollection(flags);
        var configuration = builder.Build();

        var options = new AgentHubOptions();
        try
        {
            configuration.GetSection(AgentHubOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value it could not convert.
            throw new OptionsValidationException([e.InnerException?.Message is { } inner ? $"{e.Message} {inner}" : e.Message]);
        }

        options.DataDir = Path.GetFullPath(options.DataDir, workingDirectory);
        options.Migrations.Directory = Path.GetFullPath(options.Migrations.Directory, workingDirectory);
        var errors = options.Validate();
        if (errors.Count > 0) throw new OptionsValidationException(errors);
        return (options, configuration);
    }

    /// <summary>The process environment as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
}
