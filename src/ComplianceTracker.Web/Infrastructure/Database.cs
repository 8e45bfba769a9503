using System.Data;
using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Opens connections to the app's database: a SQLite file (the default) or PostgreSQL (<c>Storage:Provider</c>).
/// One connection per operation; on SQLite foreign keys are on.
/// </summary>
public sealed class Database : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource? postgres;

    public Database(IOptions<StorageOptions> options, AppPaths paths, IConfiguration? configuration = null)
    {
        var storage = options.Value;
        var directory = paths.Resolve(storage.DataDirectory);
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, storage.DatabaseFileName);
        Provider = storage.Provider;
        if (Provider == StorageProvider.PostgreSQL)
        {
            ConnectionString = configuration?.GetConnectionString(StorageOptions.PostgresConnectionName) ?? "";
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            Location = $"PostgreSQL database {builder.Database} on {builder.Host}" + (builder.Port == NpgsqlConnection.DefaultPort ? "" : $":{builder.Port}");
            postgres = NpgsqlDataSource.Create(ConnectionString);
        }
        else
        {
            ConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = FilePath,
                ForeignKeys = true,
                Pooling = true,
                DefaultTimeout = storage.BusyTimeoutSeconds,
            }.ToString();
            Location = FilePath;
        }
    }

    /// <summary>A SQLite file other than the app's own (a backup being checked).</summary>
    public static Database ForFile(string file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        return new Database(Options.Create(new StorageOptions { DataDirectory = directory, DatabaseFileName = Path.GetFileName(file) }), new AppPaths(directory));
    }

    public StorageProvider Provider { get; }

    public bool IsPostgres => Provider == StorageProvider.PostgreSQL;

    /// <summary>The SQLite file (the SQLite provider's database, and the folder beside which node-local files go).</summary>
    public string FilePath { get; }

    /// <summary>Where the record is kept, for people: the SQLite file's path, or the PostgreSQL database and host.</summary>
    public string Location { get; }

    public string ConnectionString { get; }

    private long generation;

    /// <summary>
    /// Goes up after every committed write of the public record: cached pages are keyed by it,
    /// so none outlives a change to what it shows. On SQLite a counter in this process (one node serves the file);
    /// on PostgreSQL the database's counter, which every write bumps in its transaction and every node reads
    /// twice a second (<see cref="RefreshGenerationAsync"/>), so a write on one node refreshes the others' caches.
    /// </summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Marks the record as changed in this process only; on PostgreSQL use <see cref="TouchAsync"/>.</summary>
    public void Touch() => Interlocked.Increment(ref generation);

    /// <summary>Marks the record as changed, for writes that do not go through <see cref="WriteAsync{T}"/>.</summary>
    public async Task TouchAsync(CancellationToken cancellationToken = default)
    {
        if (!IsPostgres)
        {
            Touch();
            return;
        }
        await using var connection = await OpenAsync(cancellationToken);
        Observe(await connection.ExecuteScalarAsync<long>(new CommandDefinition(BumpGenerationSql, cancellationToken: cancellationToken)));
    }

    private const string BumpGenerationSql = "UPDATE RecordGenerations SET Value = Value + 1 WHERE Name = 'record' RETURNING Value";
    private const string ReadGenerationSql = "SELECT Value FROM RecordGenerations WHERE Name = 'record'";

    /// <summary>Reads the database's write counter (PostgreSQL), so writes made on other nodes refresh this node's cache.</summary>
    public async Task RefreshGenerationAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        Observe(await connection.ExecuteScalarAsync<long>(new CommandDefinition(ReadGenerationSql, cancellationToken: cancellationToken)));
    }

    // Never backwards: a slow read must not bring back a key whose pages are older than ones already served.
    private void Observe(long value)
    {
        var seen = Interlocked.Read(ref generation);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref generation, value, seen);
            if (was == seen)
            {
                return;
            }
            seen = was;
        }
    }

    /// <summary>For the few callers whose interface is synchronous (the data-protection key ring).</summary>
    public DbConnection Open()
    {
        if (postgres is not null)
        {
            return postgres.OpenConnection();
        }
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (postgres is not null)
        {
            return await postgres.OpenConnectionAsync(cancellationToken);
        }
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    // Any constant will do: every writer of this database asks for the same one (and the multi-node test, to hold
    // a publish at its commit).
    public const long WriteLockKey = 0x436f6d706c54726b;
    private const string TakeWriteLockSql = "SELECT pg_advisory_xact_lock(@key)";

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it if it returns normally.
    /// Writers take the database's one write lock at the start, so two editors saving together queue up instead of
    /// failing half-way: SQLite's transaction starts IMMEDIATE; on PostgreSQL every write transaction first takes
    /// the same transaction-scoped advisory lock, which gives the read-check-write steps (next version, next
    /// edition number) the same meaning on both, whichever node runs them.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken);
        if (IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(TakeWriteLockSql, new { key = WriteLockKey }, transaction, cancellationToken: cancellationToken));
        }
        var result = await work(connection, transaction);
        if (IsPostgres)
        {
            var bumped = await connection.ExecuteScalarAsync<long>(new CommandDefinition(BumpGenerationSql, transaction: transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            Observe(bumped);
            return result;
        }
        await transaction.CommitAsync(cancellationToken);
        Touch();
        return result;
    }

    /// <summary>
    /// Runs one operation on a connection of its own, outside any transaction: what a store's convenience method does
    /// with its <c>(connection, transaction)</c> form.
    /// </summary>
    public async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection);
    }

    /// <inheritdoc cref="WithConnectionAsync{T}"/>
    public async Task WithConnectionAsync(Func<DbConnection, Task> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await work(connection);
    }

    private const string ReadOnlyTransactionSql = "SET TRANSACTION READ ONLY";

    /// <summary>
    /// Runs every read of <paramref name="work"/> in one snapshot of the record, so a reader of the whole record (an
    /// edition, the brief, an export) never mixes two states of it. On SQLite one connection and a deferred
    /// transaction: in WAL mode it reads the snapshot its first read saw, whatever is committed after. On PostgreSQL a
    /// read-only REPEATABLE READ transaction, whose snapshot is taken at its first query. Nothing is written.
    /// </summary>
    public async Task<T> ReadSnapshotAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        if (IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(ReadOnlyTransactionSql, transaction: transaction, cancellationToken: cancellationToken));
        }
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private const string ReadOnlySql = "SELECT current_setting('transaction_read_only')";

    /// <summary>
    /// Why a write would fail now, or null: the database write-locked by another process (SQLite: its write lock not
    /// free within two seconds), read-only, or the data folder's disk (nearly) full. For /healthz.
    /// </summary>
    public async Task<string?> WriteProblemAsync(CancellationToken cancellationToken = default)
    {
        if (IsPostgres)
        {
            await using var connection = await OpenAsync(cancellationToken);
            var readOnly = await connection.ExecuteScalarAsync<string>(new CommandDefinition(ReadOnlySql, cancellationToken: cancellationToken));
            return readOnly == "on" ? "The database is read-only: saves fail." : null;
        }
        var quick = new SqliteConnectionStringBuilder(ConnectionString) { DefaultTimeout = 2, Pooling = false }.ToString();
        await using (var connection = new SqliteConnection(quick))
        {
            await connection.OpenAsync(cancellationToken);
            try
            {
                // Takes the write lock a save takes, and gives it back at once: nothing is written.
                await using var transaction = connection.BeginTransaction(deferred: false);
                await transaction.RollbackAsync(cancellationToken);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
            {
                return "The database is write-locked by another process: saves wait, then fail with \"nothing was written\".";
            }
            catch (SqliteException ex)
            {
                return $"The database cannot be written (SQLite error {ex.SqliteErrorCode}): saves fail.";
            }
        }
        var free = new DriveInfo(Path.GetDirectoryName(FilePath)!).AvailableFreeSpace;
        return free < MinimumFreeBytes
            ? $"The data folder's disk is full or nearly ({free / (1024 * 1024)} MB free): saves may fail."
            : null;
    }

    private const long MinimumFreeBytes = 64L * 1024 * 1024;

    private const string VacuumIntoSql = "VACUUM INTO @file";
    private const string IntegrityCheckSql = "PRAGMA integrity_check";

    /// <summary>
    /// A consistent copy of the SQLite file <paramref name="source"/> (the record, or jobs.db) into <paramref name="file"/>,
    /// taken while the app runs: VACUUM INTO reads one snapshot, WAL included, which a copy of the file would miss.
    /// </summary>
    public static async Task CopySqliteAsync(string source, string file, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 60 }.ToString());
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(VacuumIntoSql, new { file }, cancellationToken: cancellationToken));
    }

    /// <summary>"ok", or what SQLite's integrity check found wrong with the file.</summary>
    public static async Task<string> CheckSqliteAsync(string file, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        return string.Join("; ", await connection.QueryAsync<string>(new CommandDefinition(IntegrityCheckSql, cancellationToken: cancellationToken)));
    }

    /// <summary>Held while the schema is brought up to date and the seed loaded.</summary>
    public const long StartupLockKey = 0x436f6d706c537475;

    /// <summary>Held for the whole of one edition's publishing, from reading the previous edition to committing.</summary>
    public const long PublishLockKey = 0x436f6d706c507562;

    private const string TakeLockSql = "SELECT pg_advisory_lock(@key)";
    private const string ReleaseLockSql = "SELECT pg_advisory_unlock(@key)";

    // SQLite serves one node; apps sharing a file in one process (tests) share these.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, long), SemaphoreSlim> SqliteLocks = new();

    /// <summary>
    /// Lets one node at a time do something that spans several transactions (migrating and seeding, publishing an
    /// edition): on PostgreSQL a session advisory lock, held until disposed and released by the server if the node
    /// dies; on SQLite, whose file one node serves, a lock in this process.
    /// </summary>
    public async Task<IAsyncDisposable> HoldLockAsync(long key, CancellationToken cancellationToken = default)
    {
        if (!IsPostgres)
        {
            var gate = SqliteLocks.GetOrAdd((FilePath, key), _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            return new ProcessLock(gate);
        }
        var connection = await OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(TakeLockSql, new { key }, cancellationToken: cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new SessionLock(connection, key);
    }

    private sealed class SessionLock(DbConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                await connection.ExecuteAsync(ReleaseLockSql, new { key });
            }
        }
    }

    private sealed class ProcessLock(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Closes pooled connections, so a SQLite write is checkpointed before the process ends.</summary>
    public void ClearPools()
    {
        if (postgres is null)
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>
    /// Applies the embedded schema scripts that have not run yet: Schema/NNNN_*.sql on SQLite (and turns on WAL),
    /// their twins in Schema/Postgres/ on PostgreSQL. Both lists carry the same numbers and names.
    /// </summary>
    public void Migrate(ILogger logger)
    {
        UpgradeEngineBuilder builder;
        if (IsPostgres)
        {
            builder = DeployChanges.To.PostgresqlDatabase(ConnectionString)
                .WithScriptsEmbeddedInAssembly(typeof(Database).Assembly, name => name.Contains(".Schema.Postgres.", StringComparison.Ordinal));
        }
        else
        {
            using (var connection = new SqliteConnection(ConnectionString))
            {
                connection.Open();
                // WAL lets readers (the public pages) go on while an editor or a report job writes.
                connection.Execute("PRAGMA journal_mode = WAL;");
            }
            builder = DeployChanges.To.SqliteDatabase(ConnectionString)
                .WithScriptsEmbeddedInAssembly(typeof(Database).Assembly, name =>
                    name.Contains(".Schema.", StringComparison.Ordinal) && !name.Contains(".Schema.Postgres.", StringComparison.Ordinal));
        }

        var result = builder
            .WithTransactionPerScript()
            .LogTo(new DbUpLogger(logger))
            .Build()
            .PerformUpgrade();

        if (!result.Successful)
        {
            throw new InvalidOperationException($"Database migration failed in {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
        }
    }

    public void Dispose() => postgres?.Dispose();

    public ValueTask DisposeAsync() => postgres?.DisposeAsync() ?? ValueTask.CompletedTask;

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
