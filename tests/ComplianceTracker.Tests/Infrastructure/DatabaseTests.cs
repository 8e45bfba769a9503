using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Sources;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceTracker.Tests.Infrastructure;

public class DatabaseTests
{
    [Test]
    public async Task Migrate_ChangesNothing_WhenRunTwice()
    {
        using var app = new TestApp();
        _ = app.Services; // starts the app: migrations and seed run once
        await using var connection = await app.Database.OpenAsync();
        var before = await Schema(connection);
        var applied = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM SchemaVersions");

        app.Database.Migrate(NullLogger.Instance);

        Assert.Multiple(async () =>
        {
            Assert.That(await Schema(connection), Is.EqualTo(before));
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM SchemaVersions"), Is.EqualTo(applied));
            Assert.That(applied, Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task OpenAsync_TurnsOnForeignKeysAndWal()
    {
        TestDatabases.RequireSqlite();
        using var app = new TestApp();
        _ = app.Services;
        await using var connection = await app.Database.OpenAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
        });
        Assert.That(app.Database.FilePath, Does.StartWith(app.DataDirectory).And.EndWith("compliance.db"));
    }

    [Test]
    public async Task ForeignKeys_RefuseAStatusChangeForAMissingSource()
    {
        using var app = new TestApp();
        _ = app.Services;
        await using var connection = await app.Database.OpenAsync();
        Assert.That(
            async () => await connection.ExecuteAsync("""
                INSERT INTO StatusChanges (SubjectType, SubjectId, ToStatus, EffectiveOn, EffectivePrecision, RecordedAt, RecordedBy, Reason, SourceId, Confidence)
                VALUES ('deficiency', 1, 'corrected', '2026-01-01', 'day', '2026-01-01T00:00:00Z', 'test', 'r', 999999, 'verified')
                """),
            Throws.InstanceOf<System.Data.Common.DbException>());
    }

    [Test]
    public async Task ReadSnapshotAsync_DoesNotSeeAWriteCommittedBetweenItsReads()
    {
        using var app = new TestApp();
        var database = app.Database;
        var (first, second) = await database.ReadSnapshotAsync(async (connection, transaction) =>
        {
            var first = (await SourceStore.ListAsync(connection, transaction)).Count;
            // Another connection commits while the snapshot is open, between its two reads.
            await database.WriteAsync((c, t) => SourceStore.InsertAsync(c, t, new Source
            {
                Key = "written_meanwhile",
                Title = "Written while a snapshot was read",
                Publisher = "Test",
                AddedAt = TestApp.DefaultNow,
            }));
            var second = (await SourceStore.ListAsync(connection, transaction)).Count;
            return (first, second);
        });
        var afterwards = (await app.Services.GetRequiredService<SourceStore>().ListAsync()).Count;

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first), $"the second read of the snapshot sees what the first saw ({TestDatabases.ProviderName})");
            Assert.That(afterwards, Is.EqualTo(first + 1), "the write was committed: a read after the snapshot sees it");
        });
    }

    private static async Task<List<string>> Schema(System.Data.IDbConnection connection) =>
        (await connection.QueryAsync<string>(TestDatabases.IsPostgres ? PostgresSchemaSql : SqliteSchemaSql)).AsList();

    private const string SqliteSchemaSql = "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master ORDER BY name";

    private const string PostgresSchemaSql = """
        SELECT table_name || ' ' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL
        SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        ORDER BY 1
        """;
}
