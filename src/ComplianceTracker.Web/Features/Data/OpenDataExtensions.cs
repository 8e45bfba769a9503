using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Timeline;

namespace ComplianceTracker.Web.Features.Data;

public static class OpenDataExtensions
{
    /// <summary>Open data: the change log, its Atom feed, the calendar, CSV downloads and the JSON API with its OpenAPI document.</summary>
    public static WebApplicationBuilder AddOpenData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChangeLogStore>();
        builder.Services.AddSingleton<OpenData>();
        builder.Services.AddCors(options => options.AddPolicy(OpenDataEndpoints.CorsPolicy, policy => policy.AllowAnyOrigin().WithMethods("GET", "HEAD").WithExposedHeaders("ETag", "Last-Modified")));
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ComplianceTracker open data";
            document.Info.Description = "Read-only data of the record: deficiencies with their assessments, the agency whose survey found each, the earlier findings a source ties it to and the quoted passages it rests on; settlement terms and money, timeline, status changes, sources, the change log. Dates keep their precision: yyyy, yyyy-MM or yyyy-MM-dd.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapOpenData(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").RequireCors(OpenDataEndpoints.CorsPolicy);
        app.MapOpenDataEndpoints();
        app.MapChangeFeed();
        app.MapCalendar();
        return app;
    }
}
