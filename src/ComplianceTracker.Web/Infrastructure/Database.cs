using Dapper;
using DbUp;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>Opens connections to the app's SQLite database: one connection per operation, foreign keys on.</summary>
public sealed class Database
{
    public Database(IOptions<StorageOptions> options, AppPaths paths)
    {
        var directory = paths.Resolve(options.Value.DataDirectory);
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, options.Value.DatabaseFileName);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    private long generation;

    /// <summary>
    /// Goes up after every committed write of the public record: cached pages are keyed by it,
    /// so none outlives a change to what it shows.
    /// </summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Marks the record as changed, for writes that do not go through <see cref="WriteAsync{T}"/>.</summary>
    public void Touch() => Interlocked.Increment(ref generation);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it if it returns normally.
    /// The transaction starts IMMEDIATE, taking SQLite's write lock at once, so two editors saving together
    /// queue up (busy timeout) instead of failing on a lock upgrade half-way.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        Touch();
        return result;
    }

    /// <summary>Applies the embedded Schema/NNNN_*.sql scripts that have not run yet, and turns on WAL.</summary>
    public void Migrate(ILogger logger)
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            connection.Open();
            // WAL lets readers (the public pages) go on while an editor or a report job writes.
            connection.Execute("PRAGMA journal_mode = WAL;");
        }

        var result = DeployChanges.To
            .SqliteDatabase(ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(Database).Assembly, name => name.Contains(".Schema.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLogger(logger))
            .Build()
            .PerformUpgrade();

        if (!result.Successful)
        {
            throw new InvalidOperationException($"Database migration failed in {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
        }
    }

    private sealed class DbUpLogger(ILogger logger) : DbUp.Engine.Output.IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
