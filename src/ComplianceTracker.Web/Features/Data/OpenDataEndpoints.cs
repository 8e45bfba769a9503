using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using CsvHelper;

namespace ComplianceTracker.Web.Features.Data;

/// <summary>The read-only JSON API under /api/v1 and the CSV downloads under /data. GET only, any origin.</summary>
public static class OpenDataEndpoints
{
    public const string CorsPolicy = "open-data";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // The summary leaves out the money figures of kinds the case does not have: absent, not 0 and not null
        // (null is kept for a figure of a kind it has that no source gives).
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type != typeof(SummaryDto))
                    {
                        return;
                    }
                    foreach (var property in info.Properties)
                    {
                        var name = property.Name;
                        property.ShouldSerialize = (summary, _) => ((SummaryDto)summary).Carries(name);
                    }
                },
            },
        },
    };

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The site's public address (Reports:BaseUrl) that permalinks in feeds, the calendar and the API are built on:
    /// never the request's Host header, which anyone can set. Empty, so links are relative, while it is not configured.
    /// </summary>
    public static string BaseUrl(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<Reports.ReportAddress>().BaseUrl.TrimEnd('/');

    public static IEndpointRouteBuilder MapOpenDataEndpoints(this IEndpointRouteBuilder app)
    {
        // Cached with the pages (a write or a new day makes a new copy), compressed once per copy.
        var api = app.MapGroup("/api/v1").RequireCors(CorsPolicy).CacheOutput(RecordCacheExtensions.Policy).WithTags("Open data");

        api.MapGet("/summary", async (HttpContext context, OpenData data, CancellationToken ct) =>
                JsonResult(context, await data.SummaryAsync(BaseUrl(context.Request), ct)))
            .WithSummary("The dashboard's figures: the regulator's counts, the key deadline, money")
            .Produces<SummaryDto>();

        api.MapGet("/deficiencies", async (HttpContext context, OpenData data, string? survey, string? status, CancellationToken ct) =>
            {
                var list = await data.DeficienciesAsync(BaseUrl(context.Request), ct);
                if (survey is not null && list.All(d => d.Survey != survey))
                {
                    return ConditionalGet.BadQuery($"survey \"{survey}\" is not a survey; use one of: {string.Join(", ", list.Select(d => d.Survey).Distinct())}.");
                }
                var statuses = Shared.Assessors.Statuses[Shared.Assessors.Regulator].Select(t => t.Code).Append("none").ToList();
                if (status is not null && !statuses.Contains(status))
                {
                    return ConditionalGet.BadQuery($"status \"{status}\" is not a regulator status; use one of: {string.Join(", ", statuses)}.");
                }
                var rows = list.Where(d => survey is null || d.Survey == survey)
                    .Where(d => status is null || (d.Latest.TryGetValue("regulator", out var r) ? r.Status : "none") == status)
                    .ToList();
                return JsonResult(context, rows);
            })
            .WithSummary("Every deficiency with the latest assessment of each assessor")
            .Produces<List<DeficiencyDto>>().ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/deficiencies/{code}", async (HttpContext context, OpenData data, string code, CancellationToken ct) =>
            {
                var (deficiency, history) = await data.DeficiencyAsync(BaseUrl(context.Request), code, ct);
                if (deficiency is null)
                {
                    return ConditionalGet.NotFound($"There is no deficiency \"{code}\".");
                }
                return JsonResult(context, new { deficiency, history });
            })
            .WithSummary("One deficiency and its full assessment history")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/obligations", async (HttpContext context, OpenData data, CancellationToken ct) =>
                JsonResult(context, await data.ObligationsAsync(BaseUrl(context.Request), ct)))
            .WithSummary("The settlement's terms with status and money ledger")
            .Produces<List<ObligationDto>>();

        api.MapGet("/timeline", async (HttpContext context, OpenData data, string? kind, string? year, CancellationToken ct) =>
            {
                if (kind is not (null or "event" or "deadline"))
                {
                    return ConditionalGet.BadQuery($"kind \"{kind}\" is not a kind of timeline item; use event or deadline.");
                }
                int? onlyYear = null;
                if (year is not null)
                {
                    if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1900 or > 2200)
                    {
                        return ConditionalGet.BadQuery($"year \"{year}\" is not a year; use four digits, such as 2025.");
                    }
                    onlyYear = y;
                }
                var items = (await data.TimelineAsync(BaseUrl(context.Request), ct))
                    .Where(t => kind is null || t.Kind == kind)
                    .Where(t => onlyYear is null || t.Date.StartsWith(onlyYear.Value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
                    .ToList();
                return JsonResult(context, items);
            })
            .WithSummary("Every event and deadline, dates at their precision, deadlines with days past or left")
            .Produces<List<TimelineDto>>().ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/status-changes", async (HttpContext context, OpenData data, CancellationToken ct) =>
                JsonResult(context, await data.StatusChangesAsync(ct)))
            .WithSummary("Every status change, append-only, with corrections linked")
            .Produces<List<StatusChangeDto>>();

        api.MapGet("/sources", async (HttpContext context, OpenData data, CancellationToken ct) =>
                JsonResult(context, await data.SourcesAsync(ct)))
            .WithSummary("Every source document")
            .Produces<List<SourceDto>>();

        api.MapGet("/requests", async (HttpContext context, Requests.RequestsData requests, CancellationToken ct) =>
                JsonResult(context, await requests.ListAsync(BaseUrl(context.Request), ct)))
            .WithSummary("The public records requests that were sent: agency, law, dates computed from the law, history and outcome")
            .Produces<List<Requests.RequestDto>>();

        api.MapGet("/changes", async (HttpContext context, ChangeLogStore log, Shared.CaseClock clock, string? kind, string? page, CancellationToken ct) =>
            {
                var query = ChangeLogQuery.Parse(kind, page);
                if (query.Problem is not null)
                {
                    return ConditionalGet.BadQuery(query.Problem);
                }
                var (total, entries) = await log.PageAsync(query.Kinds, (query.Page - 1) * Changes.IndexModel.PageSize, Changes.IndexModel.PageSize, ct);
                var baseUrl = BaseUrl(context.Request);
                return JsonResult(context, new
                {
                    total,
                    page = query.Page,
                    pageSize = Changes.IndexModel.PageSize,
                    changes = entries.Select(e => ChangeDto.From(e, clock, baseUrl)),
                });
            })
            .WithSummary("The change log, newest first, 50 a page")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        var csv = app.MapGroup("/data").RequireCors(CorsPolicy).CacheOutput(RecordCacheExtensions.Policy).WithTags("Open data");
        csv.MapGet("/{name}.csv", async (HttpContext context, OpenData data, Requests.RequestsData requests, string name, CancellationToken ct) =>
            {
                var baseUrl = BaseUrl(context.Request);
                byte[]? body = name switch
                {
                    "deficiencies" => await DeficienciesCsvAsync(data, baseUrl, ct),
                    "obligations" => Csv((await data.ObligationsAsync(baseUrl, ct)).Select(o => new
                    {
                        code = o.Code,
                        parent = o.Parent,
                        kind = o.Kind,
                        title = o.Title,
                        amount_usd = o.AmountUsd,
                        due_on = o.DueOn,
                        due_note = o.DueNote,
                        status = o.Status,
                        status_confidence = o.StatusConfidence,
                        status_basis = o.StatusBasis,
                        status_note = o.StatusNote,
                        confidence = o.Confidence,
                        sources = string.Join(";", o.Sources),
                        permalink = o.Permalink,
                    })),
                    "ledger" => Csv((await data.ObligationsAsync(baseUrl, ct)).SelectMany(o => o.Ledger.Select(l => new
                    {
                        id = l.Id,
                        obligation = o.Code,
                        entry = l.Entry,
                        amount_usd = l.AmountUsd,
                        on = l.On,
                        confidence = l.Confidence,
                        counts = l.Counts,
                        state = l.State,
                        corrects = l.Corrects,
                        corrected_by = l.CorrectedBy,
                        withdrawn_at = l.WithdrawnAt?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
                        withdrawal_reason = l.WithdrawalReason,
                        note = l.Note,
                        source_url = l.SourceUrl,
                    }))),
                    "timeline" => Csv((await data.TimelineAsync(baseUrl, ct)).Select(t => new
                    {
                        code = t.Code,
                        kind = t.Kind,
                        deadline_type = t.DeadlineType,
                        title = t.Title,
                        date = t.Date,
                        precision = t.Precision,
                        alternate_date = t.AlternateDate,
                        alternate_note = t.AlternateNote,
                        status = t.Status,
                        passed = t.Passed,
                        days_since = t.DaysSince,
                        days_left = t.DaysLeft,
                        outcome = t.Outcome,
                        overdue = t.IsOverdue,
                        obligation = t.Obligation,
                        confidence = t.Confidence,
                        sources = string.Join(";", t.Sources),
                        permalink = t.Permalink,
                    })),
                    "status-changes" => Csv((await data.StatusChangesAsync(ct)).Select(c => new
                    {
                        id = c.Id,
                        subject_type = c.SubjectType,
                        subject = c.SubjectCode,
                        assessor = c.Assessor,
                        from = c.From,
                        to = c.To,
                        effective_on = c.EffectiveOn,
                        recorded_on = c.RecordedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        recorded_at = c.RecordedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
                        recorded_by = c.RecordedBy,
                        reason = c.Reason,
                        confidence = c.Confidence,
                        basis = c.Basis,
                        source_kind = c.SourceKind,
                        source = c.SourceKey,
                        source_url = c.SourceUrl,
                        corrects = c.Corrects,
                        corrected_by = c.CorrectedBy,
                        state = c.State,
                        withdrawn_at = c.WithdrawnAt?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
                        withdrawal_reason = c.WithdrawalReason,
                    })),
                    "sources" => Csv((await data.SourcesAsync(ct)).Select(s => new
                    {
                        key = s.Key,
                        title = s.Title,
                        publisher = s.Publisher,
                        published_on = s.PublishedOn,
                        kind = s.Kind,
                        primary = s.Primary,
                        party = s.Party,
                        is_copy = s.IsCopy,
                        copy_of = s.CopyOf,
                        url = s.Url,
                        note = s.Note,
                    })),
                    "requests" => Csv((await requests.ListAsync(baseUrl, ct)).Select(r => new
                    {
                        number = r.Number,
                        agency = r.Agency,
                        agency_name = r.AgencyName,
                        law = r.Law,
                        subject = r.Subject,
                        records = r.Records,
                        sent_on = r.SentOn,
                        received_on = r.ReceivedOn,
                        due_on = r.DueOn,
                        due_rule = r.DueRule,
                        extension_days = r.ExtensionDays,
                        state = r.State,
                        outcome = r.Outcome,
                        determination_on = r.DeterminationOn,
                        answered_on_time = r.AnsweredOnTime,
                        overdue = r.IsOverdue,
                        days_outstanding = r.DaysOutstanding,
                        days_to_determination = r.DaysToDetermination,
                        sources = string.Join(";", r.Sources),
                        permalink = r.Permalink,
                    })),
                    "passages" => Csv((await data.PassagesAsync(ct)).Select(p => new
                    {
                        subject_kind = p.SubjectKind,
                        subject_code = p.SubjectCode,
                        source = p.SourceKey,
                        text = p.Text,
                        archived_copy_sha256 = p.ArchivedCopySha256,
                        check = p.Check,
                    })),
                    _ => null,
                };
                return body is null
                    ? ConditionalGet.NotFound($"There is no data file \"{name}.csv\"; the files are: {string.Join(", ", Files.Select(f => f.Name + ".csv"))}.")
                    : ConditionalGet.Respond(context, body, "text/csv; charset=utf-8; header=present", $"compliancetracker-{name}.csv");
            })
            .WithSummary("A CSV download (RFC 4180, UTF-8) of deficiencies, obligations, ledger, timeline, status-changes, sources, requests or passages");

        return app;
    }

    public static readonly IReadOnlyList<(string Name, string Description)> Files =
    [
        ("deficiencies", "one row per deficiency, with each assessor's latest status, and where an aggregate finding counts an item without giving its own status, the count it is in (counted_in)"),
        ("obligations", "one row per settlement term, with its status"),
        ("ledger", "one row per money ledger entry of a settlement term"),
        ("timeline", "one row per event or deadline, dates at their precision"),
        ("status-changes", "one row per status change, the full append-only history"),
        ("sources", "one row per source document"),
        ("requests", "one row per public records request sent, with its dates, outcome and the rule each date comes from"),
        ("passages", "one row per quoted passage a deficiency, settlement term or timeline item rests on, with the archived copy it was found in"),
    ];

    /// <summary>
    /// The deficiencies file has a status column (and its confidence and basis) for each of the case's assessors, in
    /// the case's order: a case without a union has no union columns.
    /// </summary>
    private static async Task<byte[]> DeficienciesCsvAsync(OpenData data, string baseUrl, CancellationToken ct)
    {
        var (roles, deficiencies) = await data.DeficienciesWithRolesAsync(baseUrl, ct);
        var header = new List<string> { "code", "survey", "slot", "regulator_number", "title", "area", "legal_citation", "finding", "details_public" };
        foreach (var role in roles)
        {
            header.Add($"{role}_status");
            if (role == Assessors.Regulator)
            {
                header.Add($"{role}_effective");
            }
            header.Add($"{role}_confidence");
            header.Add($"{role}_basis");
        }
        header.Add("assessors_disagree");
        header.Add("permalink");
        header.Add("counted_in");
        // Added last, so files read by column position before they existed keep their meaning.
        header.Add("withdrawn_on");
        header.AddRange(["agency", "occasions", "repeats"]);
        var rows = deficiencies.Select(d =>
        {
            var row = new List<object?> { d.Code, d.Survey, d.Slot, d.RegulatorNumber, d.Title, d.Area, d.LegalCitation, d.Finding, d.DetailsPublic };
            foreach (var role in roles)
            {
                var latest = d.Latest.GetValueOrDefault(role);
                row.Add(latest?.Status);
                if (role == Assessors.Regulator)
                {
                    row.Add(latest?.EffectiveOn);
                }
                row.Add(latest?.Confidence);
                row.Add(latest?.Basis);
            }
            row.Add(d.AssessorsDisagree);
            row.Add(d.Permalink);
            row.Add(d.CountedIn);
            row.Add(d.Withdrawn?.On);
            row.Add(d.Agency);
            row.Add(d.Occasions);
            row.Add(d.FoundBefore);
            return row;
        });
        return Csv(header, rows);
    }

    private static IResult JsonResult<T>(HttpContext context, T value) =>
        ConditionalGet.Respond(context, JsonSerializer.SerializeToUtf8Bytes(value, Json), "application/json; charset=utf-8");

    /// <summary>
    /// Writes rows as RFC 4180 CSV: the header is the property names of <typeparamref name="T"/> in declaration order,
    /// values are written invariantly (dates ISO-8601, booleans true/false, nulls empty). CsvHelper does the quoting and
    /// neutralises cells a spreadsheet would take for a formula.
    /// </summary>
    private static byte[] Csv<T>(IEnumerable<T> rows)
    {
        var properties = typeof(T).GetProperties();
        return Csv(properties.Select(p => p.Name).ToList(), rows.Select(row => properties.Select(p => p.GetValue(row))));
    }

    /// <summary>The same, for a header and rows of values given in order.</summary>
    private static byte[] Csv(IReadOnlyList<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, Utf8, leaveOpen: true))
        {
            // A text cell starting with = + - @ tab or CR gets a leading apostrophe, so a spreadsheet shows it rather than runs
            // it (OWASP's advice); numbers are written as numbers, which CsvHelper leaves alone, so -5 stays -5. Money is a
            // decimal of dollars with no trailing zeros (50000000, 1234.5, 1234.56), written invariantly as it is.
            var options = new CsvWriterOptions
            {
                NewLine = "\r\n",
                FormatProvider = CultureInfo.InvariantCulture,
                Injection = CsvInjection.Escape,
            };
            using (var csv = CsvWriter.Create(writer, options, leaveOpen: true))
            {
                csv.WriteRecord(header.ToArray());
                foreach (var row in rows)
                {
                    foreach (var value in row)
                    {
                        if (value is int or long or decimal)
                        {
                            csv.WriteField(value);
                        }
                        else
                        {
                            csv.WriteField(Text(value));
                        }
                    }
                    csv.EndRecord();
                }
            }
            writer.Flush();
        }
        return buffer.ToArray();
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateTimeOffset instant => instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        // Stored text from before forms refused control characters: replaced, never passed to a spreadsheet or an exception.
        _ => PlainText.ForOutput(value.ToString()),
    };
}
