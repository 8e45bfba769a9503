namespace ComplianceTracker.Web.Features.Desk;

public static class DeskExtensions
{
    /// <summary>The staff desk at /desk (a Razor Page of this folder), its query, and the age past which a headline is stale.</summary>
    public static WebApplicationBuilder AddDesk(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeskStore>();
        builder.Services.AddSingleton<DeskQuery>();
        builder.Services.AddOptions<DeskOptions>()
            .BindConfiguration(DeskOptions.Section)
            .Validate(o => o.HeadlineMaxAgeDays > 0, "Desk:HeadlineMaxAgeDays must be a whole number of days above 0.")
            .ValidateOnStart();
        return builder;
    }
}
