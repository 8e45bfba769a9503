using ComplianceTracker.Web.Features.Brief;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Commands;

// A published app started from another folder still finds its stylesheet (see StartupOptions)
var builder = WebApplication.CreateBuilder(WebExtensions.StartupOptions(args));

// Storage: SQLite through Dapper, schema by DbUp, seed data on first start
builder.AddStorage();

// The public site: Razor Pages under Features/
builder.AddPublicSite();

// Accounts: cookie sign-in, Admin and Editor roles, a rate limit on sign-in
builder.AddAccounts();

// PDF status reports: editions, the Hangfire job that publishes them and its schedules
builder.AddReports();

// The aide's brief: /brief and /brief.pdf, two pages from one model
builder.AddBrief();

// `create-admin` runs once the database is ready, instead of the web server; its output is its own line
var createAdmin = CreateAdminCommand.IsRequested(args);
var copyToPostgres = CopyToPostgresCommand.IsRequested(args);
var exportCase = ExportCaseCommand.IsRequested(args);
var checkSeed = CheckSeedCommand.IsRequested(args);
var backup = BackupCommand.IsBackup(args);
var restore = BackupCommand.IsRestore(args);
if (createAdmin || copyToPostgres || exportCase || checkSeed || backup || restore)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

// Open data: change log feed, calendar, CSV and the JSON API
builder.AddOpenData();

// Behind a reverse proxy: whose X-Forwarded-For and -Proto to trust (none unless configured)
builder.AddProxy();

// Output cache for the public pages and PDFs, keyed by the record's write count and the case's day
builder.AddRecordCache();

var app = builder.Build();

// A malformed setting stops start-up here, with one sentence naming it
if (!app.SettingsAreValid())
{
    return 2;
}

// `check-seed` reads and checks a seed folder or an export, prints every problem and exits; it needs no database
if (checkSeed)
{
    return await CheckSeedCommand.RunAsync(app.Services.SeedDirectory(), args);
}

// `backup --to DIR` copies the running tracker consistently; `restore --from DIR` puts a copy into an empty data folder.
// Both run before the database is touched: a restore needs it absent, a backup copies it as it stands.
if (backup)
{
    return await BackupCommand.BackupAsync(app.Services, args);
}
if (restore)
{
    return await BackupCommand.RestoreAsync(app.Services, args);
}

if (!await app.InitializeDatabaseAsync())
{
    return 1;
}

if (createAdmin)
{
    return await CreateAdminCommand.RunAsync(app.Services, args);
}

// `copy-to-postgres` copies the SQLite database into an empty PostgreSQL one, checks it and exits
if (copyToPostgres)
{
    return await CopyToPostgresCommand.RunAsync(app.Services, args);
}

// `export-case` writes the record, with its history, as seed files in the documented format, and exits
if (exportCase)
{
    return await ExportCaseCommand.RunAsync(app.Services, args);
}

app.UseProxy();
app.UsePublicSite();
app.MapOpenData();

// After UsePublicSite's UseRouting; the pages it maps run after every middleware
app.UseAccounts();

// After sign-in is known: signed-in requests bypass the cache; every write of the record refreshes it
app.UseRecordCache();

// Edition downloads and the Admin-only jobs dashboard at /jobs
app.UseReports();
app.MapBrief();

await app.RunAsync();
return 0;
