using Microsoft.Data.Sqlite;
using Npgsql;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Why the database could not be opened at start-up, in one sentence naming the setting, and the exit code that says
/// whether trying again may help: a refused login or a missing database is a setting to fix (2); a server that does not
/// answer, or a SQLite file that cannot be opened, may come back (3), so a service manager restarting the app after a
/// pause is right. Never the password, never a stack trace.
/// </summary>
public sealed record StartupFailure(string Sentence, int ExitCode)
{
    public static StartupFailure? Describe(IServiceProvider services, Exception error)
    {
        var storage = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        var paths = services.GetRequiredService<AppPaths>();
        if (error is IOException or UnauthorizedAccessException)
        {
            // The data or reports folder could not be made: a path through a file, a read-only disk, no permission.
            var setting = error.Message.Contains(paths.Resolve(storage.DataDirectory), StringComparison.Ordinal) ? "Storage:DataDirectory" : "Storage:DataDirectory or Reports:Directory";
            return new($"The app cannot start: a folder that the setting {setting} names cannot be made or written ({Plain(error.Message)}); correct the setting or the folder's permissions.",
                StorageExtensions.DatabaseUnreachableExitCode);
        }
        if (storage.Provider == StorageProvider.PostgreSQL)
        {
            return DescribePostgres(services.GetRequiredService<IConfiguration>().GetConnectionString(StorageOptions.PostgresConnectionName) ?? "", error);
        }
        var file = Path.Combine(paths.Resolve(storage.DataDirectory), storage.DatabaseFileName);
        var sqlite = Chain(error).OfType<SqliteException>().FirstOrDefault();
        return sqlite is { SqliteErrorCode: 14 or 8 or 23 or 5 }
            ? new(
                $"The app cannot start: the database file {file} (the setting Storage:DataDirectory) cannot be opened for writing ({Plain(sqlite.Message)}); check that the folder exists and this user may write to it.",
                StorageExtensions.DatabaseUnreachableExitCode)
            : null;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static StartupFailure? DescribePostgres(string connectionString, Exception error)
    {
        var cause = Chain(error).FirstOrDefault(e => e is NpgsqlException or System.Net.Sockets.SocketException) ?? error;
        var where = Where(connectionString);
        return cause switch
        {
            // 28000: no such role or not allowed; 28P01: wrong password.
            PostgresException { SqlState: "28000" or "28P01" } refused => new(
                $"The app cannot start: PostgreSQL at {where}, named in the setting ConnectionStrings:Postgres, refused the login ({Plain(refused.MessageText)}); correct the user name or password.",
                StorageExtensions.BadSettingExitCode),
            PostgresException { SqlState: "3D000" } missing => new(
                $"The app cannot start: the database that the setting ConnectionStrings:Postgres names does not exist at {where} ({Plain(missing.MessageText)}); create it or correct the name.",
                StorageExtensions.BadSettingExitCode),
            _ when DatabaseFaults.IsUnreachable(error) || cause is NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException } => new(
                $"The app cannot start: PostgreSQL at {where}, named in the setting ConnectionStrings:Postgres, cannot be reached ({Plain(cause.GetBaseException().Message)}); start the server or correct the host and port.",
                StorageExtensions.DatabaseUnreachableExitCode),
            _ => null,
        };
    }

    /// <summary>Host, port and database of a connection string; its password stays out of every message.</summary>
    private static string Where(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port} (database {builder.Database ?? builder.Username}, user {builder.Username})";
    }

    private static string Plain(string message) => message.Trim().TrimEnd('.');
}
