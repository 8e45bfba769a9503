using Npgsql;

namespace ComplianceTracker.Tests.Support;

/// <summary>
/// Which database the test apps run on. SQLite unless <see cref="PostgresVariable"/> gives a connection string to a
/// PostgreSQL server that the tests may create databases on (e.g. <c>Host=/tmp/pg;Port=5433;Username=postgres</c>):
/// then every test app gets an empty database of its own, dropped when the app is disposed.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "COMPLIANCETRACKER_TEST_POSTGRES";

    /// <summary>The category of fixtures that check the SQLite file itself; the PostgreSQL run leaves them out.</summary>
    public const string SqliteOnly = "SqliteOnly";

    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static bool IsPostgres => PostgresServer is not null;

    public static string ProviderName => IsPostgres ? "PostgreSQL" : "SQLite";

    /// <summary>Stops a test that checks something only the SQLite provider has (a file, a PRAGMA).</summary>
    public static void RequireSqlite()
    {
        if (IsPostgres)
        {
            Assert.Ignore("Checks the SQLite provider only.");
        }
    }

    /// <summary>Stops a test of what only several nodes on PostgreSQL share (one SQLite file serves one node).</summary>
    public static void RequirePostgres()
    {
        if (!IsPostgres)
        {
            Assert.Ignore($"Checks several nodes on PostgreSQL; set {PostgresVariable} to run it.");
        }
    }

    public static PostgresTestDatabase CreatePostgres()
    {
        var name = "ct_test_" + Guid.NewGuid().ToString("N");
        using (var admin = new NpgsqlConnection(AdminConnectionString()))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'", admin);
            create.ExecuteNonQuery();
        }
        return new PostgresTestDatabase(name, new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString());
    }

    internal static string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ToString();
}

/// <summary>An empty PostgreSQL database of one test app's own; dropped on disposal, whatever connections are left open.</summary>
public sealed class PostgresTestDatabase(string name, string connectionString) : IDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(TestDatabases.AdminConnectionString());
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}
