using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentHub.Rest.Schema;

/// <summary>
/// Keeps the <see cref="SchemaCache"/> current.
/// </summary>
/// <remarks>
/// Lifecycle: <see cref="StartAsync"/> loads the cache before the host starts serving, so a hub that
/// has started answers with a loaded cache; if the database is unreachable then, start-up goes on and
/// requests get 503 PGRST002 until a background retry succeeds.
/// <para>
/// Cadence: one dedicated connection runs <c>LISTEN pgrst</c>; the payloads <c>reload schema</c> (and an
/// empty one) request a reload, as with PostgREST. The platform migration's event trigger sends that
/// notify after every DDL command, so migrations and hand-made DDL are both picked up. Requests are
/// debounced (<see cref="Debounce"/>): a migration with fifty statements causes one reload, not fifty.
/// </para>
/// <para>
/// Failure and recovery: a failed reload keeps the previous snapshot and retries with back-off
/// (1 s doubling to 30 s). A dropped listener connection is reopened with the same back-off and
/// triggers a reload, since notifications sent while it was down are lost.
/// </para>
/// </remarks>
internal sealed partial class SchemaCacheService : BackgroundService
{
    /// <summary>Quiet time after the last notification before reloading.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<string> _schemas;
    private readonly SchemaCache _cache;
    private readonly ILogger _logger;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public SchemaCacheService(NpgsqlDataSource dataSource, IReadOnlyList<string> schemas, SchemaCache cache, ILogger<SchemaCacheService> logger)
    {
        _dataSource = dataSource;
        _schemas = schemas;
        _cache = cache;
        _logger = logger;
    }

    public void RequestReload() => _signals.Writer.TryWrite(true);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await TryLoadAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_cache.Current is null)
        {
            RequestReload();
        }

        await Task.WhenAll(ListenAsync(stoppingToken), ReloadLoopAsync(stoppingToken)).ConfigureAwait(false);
    }

    private async Task ReloadLoopAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        try
        {
            await foreach (var signal in _signals.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(Debounce, stoppingToken).ConfigureAwait(false);
                _signals.Reader.TryRead(out var _);
                if (await TryLoadAsync(stoppingToken).ConfigureAwait(false))
                {
                    backoff = TimeSpan.FromSeconds(1);
                    continue;
                }

                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                backoff = Min(backoff * 2, MaxBackoff);
                RequestReload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    if (e.Payload is "" or "reload schema")
                    {
                        RequestReload();
                    }
                };
                await using (var listen = new NpgsqlCommand("listen pgrst", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                if (!first)
                {
                    RequestReload();
                }

                first = false;
                backoff = TimeSpan.FromSeconds(1);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever broke the connection, keep listening: a faulted BackgroundService would stop the host.
                first = false;
                LogListenerFailed(_logger, e.Message, backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = Min(backoff * 2, MaxBackoff);
            }
        }
    }

    private async Task<bool> TryLoadAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var snapshot = await SchemaLoader.LoadAsync(_dataSource, _schemas, cancellationToken).ConfigureAwait(false);
            _cache.Publish(snapshot);
            LogLoaded(_logger, snapshot.Tables.Count(), snapshot.FunctionNames.Count(), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything, including a bug in the loader, must leave the last good snapshot in place.
            LogLoadFailed(_logger, e.Message);
            return false;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(EventId = 3001, EventName = "SchemaCacheLoaded", Level = LogLevel.Information,
        Message = "Schema cache loaded: {Relations} relations, {Functions} functions in {ElapsedMs:F0} ms")]
    private static partial void LogLoaded(ILogger logger, int relations, int functions, double elapsedMs);

    [LoggerMessage(EventId = 3002, EventName = "SchemaCacheLoadFailed", Level = LogLevel.Warning,
        Message = "Could not load the schema cache: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3003, EventName = "SchemaListenerFailed", Level = LogLevel.Warning,
        Message = "Schema change listener lost its connection ({Reason}); reconnecting in {DelaySeconds} s")]
    private static partial void LogListenerFailed(ILogger logger, string reason, double delaySeconds);
}
