using ComplianceTracker.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

// Storage: SQLite through Dapper, schema by DbUp, seed data on first start
builder.AddStorage();

// The public site: Razor Pages under Features/
builder.AddPublicSite();

var app = builder.Build();

if (!await app.InitializeDatabaseAsync())
{
    return 1;
}

app.UsePublicSite();

await app.RunAsync();
return 0;
