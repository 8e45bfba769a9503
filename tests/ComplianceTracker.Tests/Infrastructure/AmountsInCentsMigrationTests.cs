using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Alerts;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Infrastructure;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>
/// Migration 0019 on a database that stands at 0018 with whole-dollar amounts: the columns become cents, every amount is
/// multiplied by 100, and the app reads back the same dollars it had.
/// </summary>
public sealed class AmountsInCentsMigrationTests
{
    [Test]
    public async Task Migrate_From0018_KeepsEveryDollarValue_InCents()
    {
        TypeHandlers.Register(); // as the app does before its first query, for a run of this test alone
        var directory = Path.Combine(Path.GetTempPath(), "ct-tests", Guid.NewGuid().ToString("N"));
        using var postgres = TestDatabases.IsPostgres ? TestDatabases.CreatePostgres() : null;
        var options = Options.Create(new StorageOptions
        {
            Provider = postgres is null ? StorageProvider.Sqlite : StorageProvider.PostgreSQL,
            DataDirectory = directory,
        });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{StorageOptions.PostgresConnectionName}"] = postgres?.ConnectionString })
            .Build();
        Directory.CreateDirectory(directory);
        var database = new Database(options, new AppPaths(Repository.Root), configuration);
        try
        {
            UpTo18(database);
            await using (var connection = await database.OpenAsync())
            {
                Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM SchemaVersions"), Is.EqualTo(18));
                var fine = await connection.ExecuteScalarAsync<long>("""
                    INSERT INTO Obligations (Code, Kind, Title, AmountUsd, Confidence, SortOrder)
                    VALUES ('O-1', 'payment', 'Fine', 50000000, 'high', 1) RETURNING Id
                    """);
                await connection.ExecuteAsync("""
                    INSERT INTO Obligations (Code, Kind, Title, AmountUsd, Confidence, SortOrder)
                    VALUES ('O-2', 'other', 'No amount', NULL, 'high', 2)
                    """);
                await connection.ExecuteAsync("""
                    INSERT INTO LedgerEntries (ObligationId, Entry, AmountUsd, OccurredOn, OccurredPrecision, Confidence, RecordedAt, RecordedBy)
                    VALUES (@fine, 'paid', 28323219, '2023-10-20', 'day', 'reported', '2023-10-21T00:00:00+00:00', 'seed'),
                           (@fine, 'waived', 1, '2023-10-20', 'day', 'reported', '2023-10-21T00:00:00+00:00', 'seed')
                    """, new { fine });
                // An alert found before the upgrade keeps what it will say, the amount in dollars as 0018 wrote it.
                var ledgerAlert = AlertComposer.PayloadOf(new ChangeLogEntry { Kind = "ledger", RowId = 1, ItemType = "ledger", ItemCode = "O-1", ToValue = "paid", Amount = 40_000_000 });
                var requestAlert = AlertComposer.PayloadOf(new ChangeLogEntry { Kind = "records-request", RowId = 2, ItemType = "request", ItemCode = "R-1", ToValue = "extension", Amount = 10 });
                await connection.ExecuteAsync("""
                    INSERT INTO AlertChanges (StableId, Kind, ItemType, ItemCode, RecordedAt, FoundAt, Payload)
                    VALUES ('ledger-1', 'ledger', 'ledger', 'O-1', '2023-10-21T00:00:00+00:00', '2023-10-21T00:00:00+00:00', @ledgerAlert),
                           ('request-2', 'records-request', 'request', 'R-1', '2023-10-21T00:00:00+00:00', '2023-10-21T00:00:00+00:00', @requestAlert)
                    """, new { ledgerAlert, requestAlert });
            }

            database.Migrate(NullLogger.Instance);

            await using (var connection = await database.OpenAsync())
            {
                Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM SchemaVersions"), Is.EqualTo(19));
                Assert.That((await connection.QueryAsync<long?>("SELECT AmountCents FROM Obligations ORDER BY Code")).ToList(),
                    Is.EqualTo(new long?[] { 5_000_000_000, null }));
                Assert.That((await connection.QueryAsync<long>("SELECT AmountCents FROM LedgerEntries ORDER BY Id")).ToList(),
                    Is.EqualTo(new long[] { 2_832_321_900, 100 }));
                var alerts = (await connection.QueryAsync<string>("SELECT Payload FROM AlertChanges ORDER BY StableId")).ToList();
                var ledgerAlert = AlertComposer.EntryOf(new AlertChange { Payload = alerts[0] });
                Assert.That(ledgerAlert.Amount, Is.EqualTo(4_000_000_000), "a ledger alert's amount is in cents now");
                Assert.That(ledgerAlert.Summary, Is.EqualTo("Paid $40M"));
                Assert.That(AlertComposer.EntryOf(new AlertChange { Payload = alerts[1] }).Amount, Is.EqualTo(10), "an extension's days are not money");
            }
            var store = new ObligationStore(database);
            var obligations = await store.ListAsync();
            var ledger = await store.ListLedgerAsync();
            Assert.Multiple(() =>
            {
                Assert.That(obligations.Select(o => o.AmountUsd), Is.EqualTo(new decimal?[] { 50_000_000m, null }));
                Assert.That(ledger.Select(l => l.AmountUsd), Is.EqualTo(new[] { 28_323_219m, 1m }));
            });
        }
        finally
        {
            database.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Runs the app's own schema scripts 0001 to 0018, as a database last migrated before amounts were in cents.</summary>
    private static void UpTo18(Database database)
    {
        static bool Before19(string name) => int.Parse(name.Split('.').Reverse().Skip(1).First().TrimStart('_')[..4], System.Globalization.CultureInfo.InvariantCulture) <= 18;
        UpgradeEngineBuilder builder = database.IsPostgres
            ? DeployChanges.To.PostgresqlDatabase(database.ConnectionString)
                .WithScriptsEmbeddedInAssembly(typeof(Database).Assembly, name => name.Contains(".Schema.Postgres.", StringComparison.Ordinal) && Before19(name))
            : DeployChanges.To.SqliteDatabase(database.ConnectionString)
                .WithScriptsEmbeddedInAssembly(typeof(Database).Assembly, name =>
                    name.Contains(".Schema.", StringComparison.Ordinal) && !name.Contains(".Schema.Postgres.", StringComparison.Ordinal) && Before19(name));
        var result = builder.WithTransactionPerScript().LogToNowhere().Build().PerformUpgrade();
        Assert.That(result.Successful, Is.True, result.Error?.Message);
    }
}
