using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Alerts;
using ComplianceTracker.Web.Features.Brief;
using ComplianceTracker.Web.Features.Data;
using ComplianceTracker.Web.Features.Desk;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Requests;
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

// The staff desk: /desk, what on the record needs attention, counted in the header for signed-in staff
builder.AddDesk();

// Evidence: archived copies of sources, the passages claims rest on, the weekly link check
builder.AddEvidence();

// Records requests: laws as data (data/laws/), drafts from open questions, statutory dates, the daily follow-up check
builder.AddRequests();
// Alerts: email (double opt-in, one-click unsubscribe, digest, deadline reminders) and signed webhooks, sent by jobs
builder.AddAlerts();

// A command (create-admin, export-case, backup…) runs instead of the web server; its output is its own lines
var commands = Commands.Read(args);
if (commands.Any)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

// Open data: change log feed, calendar, CSV and the JSON API
builder.AddOpenData();

// Behind a reverse proxy: whose X-Forwarded-For and -Proto to trust (none unless configured)
builder.AddProxy();

// Output cache for the public pages, open data and PDFs, keyed by the record's write count, the case's day and the encoding
builder.AddRecordCache();

// Brotli or gzip for text, to clients that ask; the cache stores what it writes, so each cached version is compressed once
builder.AddCompression();

var app = builder.Build();

// A malformed setting stops start-up here, with one sentence naming it
if (!app.SettingsAreValid())
{
    return 2;
}

// Commands that need no database, or must run before it is touched
if (await commands.RunBeforeDatabaseAsync(app) is { } before)
{
    return before;
}

// A database that cannot be reached or refuses the configured login stops start-up with one sentence and its own exit code
if (await app.InitializeDatabaseAsync() is { } failed)
{
    return failed;
}

// Commands that need the migrated, seeded database
if (await commands.RunAsync(app) is { } exit)
{
    return exit;
}

app.UseProxy();
app.UsePublicSite();
app.MapOpenData();

// After UsePublicSite's UseRouting; the pages it maps run after every middleware
app.UseAccounts();

// After sign-in is known: signed-in requests bypass the cache; every write of the record refreshes it
app.UseRecordCache();

// Inside the cache, so a cached page is stored and served compressed
app.UseCompression();

// Edition downloads and the Admin-only jobs dashboard at /jobs
app.UseReports();
app.MapBrief();
app.MapEvidence();
app.MapRequests();
app.MapAlerts();

await app.RunAsync();
return 0;
