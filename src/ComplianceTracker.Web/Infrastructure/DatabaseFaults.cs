using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Which failures mean "the database cannot be reached just now" (answered 503 with Retry-After, so a proxy tries another
/// node and a person tries again) rather than a fault in the app (500): PostgreSQL refusing or dropping the connection,
/// shutting down, out of connections, or the pool timing out; the SQLite file that cannot be opened or stays locked.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>Seconds a reader or a proxy is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 30;

    public static bool IsUnreachable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Class 08: connection exceptions; 57P01-03: the server is shutting down or starting; 53300: out of connections.
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                // Refused, reset or timed out before the server could answer (Npgsql marks these transient).
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteCantOpen;
                case SocketException:
                    return true;
            }
        }
        return false;
    }

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCantOpen = 14;
}
