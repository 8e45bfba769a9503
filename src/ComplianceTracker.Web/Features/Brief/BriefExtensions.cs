using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Brief;

public static class BriefExtensions
{
    /// <summary>The aide's brief: its query (the page at /brief is a Razor Page of this folder).</summary>
    public static WebApplicationBuilder AddBrief(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BriefQuery>();
        return builder;
    }

    /// <summary>
    /// /brief.pdf: the brief rendered in the editions' look, named for the case and the day, cached with the record
    /// like the pages (a write or a new day makes a new one) and revalidated by its ETag.
    /// </summary>
    public static WebApplication MapBrief(this WebApplication app)
    {
        app.MapGet("/brief.pdf", async (HttpContext context, BriefQuery query, ReportFonts fonts, CaseClock clock, string? since) =>
        {
            if (BriefSinceParser.TryParse(since, clock.Today, out var day) is { } problem)
            {
                return ConditionalGet.BadQuery(problem);
            }
            var brief = await query.BuildAsync(day, context.RequestAborted);
            return ConditionalGet.Respond(context, BriefPdf.Render(brief, fonts.Family).Bytes, "application/pdf", brief.FileName);
        }).CacheOutput(RecordCacheExtensions.FilePolicy);
        return app;
    }
}
