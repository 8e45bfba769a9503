using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;

namespace ComplianceTracker.Web.Infrastructure.Seed;

/// <summary>Reads a seed folder and checks every item, so that a bad file stops start-up with a precise message.</summary>
public static partial class SeedReader
{
    public const string CaseFileName = "case.json";
    public const string SourcesFileName = "sources.json";
    public const string SurveysFileName = "surveys.json";
    public const string DeficienciesFileName = "deficiencies.json";
    public const string ObligationsFileName = "obligations.json";
    public const string TimelineFileName = "timeline.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex CodePattern();

    public static SeedCase Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new SeedException($"Seed folder '{directory}' does not exist. Set Storage:SeedDirectory to a folder holding the six files described in data/README.md.");
        }
        var seed = new SeedCase
        {
            Case = ReadFile<CaseFile>(directory, CaseFileName),
            Sources = ReadFile<List<SourceItem>>(directory, SourcesFileName),
            Surveys = ReadFile<List<SurveyItem>>(directory, SurveysFileName),
            Deficiencies = ReadFile<List<DeficiencyItem>>(directory, DeficienciesFileName),
            Obligations = ReadFile<List<ObligationItem>>(directory, ObligationsFileName),
            Timeline = ReadFile<List<TimelineEntryItem>>(directory, TimelineFileName),
        };
        Check(seed);
        return seed;
    }

    private static T ReadFile<T>(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            throw new SeedException($"Seed file {fileName} is missing from '{directory}'.");
        }
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, JsonOptions)
                ?? throw new SeedException($"Seed file {fileName} holds null instead of {(typeof(T).IsGenericType ? "a list" : "an object")}.");
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? "" : $", item {ItemFromPath(ex.Path)}";
            var line = ex.LineNumber is { } n ? $" (line {n + 1})" : "";
            throw new SeedException($"Seed file {fileName}{where}{line}: {Plain(ex.Message)}");
        }
    }

    private static string ItemFromPath(string path) => path.StartsWith("$[", StringComparison.Ordinal)
        ? "index " + path[2..path.IndexOf(']', StringComparison.Ordinal)] + " (" + path + ")"
        : path;

    // System.Text.Json appends "Path: … | LineNumber: …" which we report in our own words.
    private static string Plain(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static bool Before(string? earlier, string? later) =>
        PartialDate.TryParse(earlier, out var a) && PartialDate.TryParse(later, out var b) && a.Start < b.Start;

    private static void Check(SeedCase seed)
    {
        var errors = new List<string>();
        void Fail(string file, string item, string problem) => errors.Add($"Seed file {file}, item {item}: {problem}");

        var sourceKeys = new HashSet<string>(StringComparer.Ordinal);
        var sourceDated = seed.Sources.Where(s => s.PublishedOn is not null).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < seed.Sources.Count; i++)
        {
            var s = seed.Sources[i];
            var item = $"{s.Key} (index {i})";
            if (!CodePattern().IsMatch(s.Key)) Fail(SourcesFileName, item, $"key \"{s.Key}\" may hold only letters, digits, '-' and '_'.");
            if (!sourceKeys.Add(s.Key)) Fail(SourcesFileName, item, $"key \"{s.Key}\" is used twice.");
            if (s.Url is not null && (!Uri.TryCreate(s.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
                Fail(SourcesFileName, item, $"url \"{s.Url}\" is not an http or https address (write null when no address is known).");
            if (s.Party is not null && Assessors.Parties.All(p => p.Code != s.Party))
                Fail(SourcesFileName, item, OneOf("party", s.Party, Assessors.Parties.Select(p => p.Code)));
            if (s.CopyOf is not null && !s.IsCopy) Fail(SourcesFileName, item, "copyOf names an original, so isCopy must be true.");
            if (s.CopyOf == s.Key) Fail(SourcesFileName, item, "copyOf names the source itself.");
            if (s.PublishedOn is not null && !PartialDate.TryParse(s.PublishedOn, out _)) Fail(SourcesFileName, item, BadDate("publishedOn", s.PublishedOn));
            if (Source.Kinds.All(k => k.Code != s.Kind)) Fail(SourcesFileName, item, OneOf("kind", s.Kind, Source.Kinds.Select(k => k.Code)));
            if (string.IsNullOrWhiteSpace(s.Title)) Fail(SourcesFileName, item, "title is empty.");
            if (string.IsNullOrWhiteSpace(s.Publisher)) Fail(SourcesFileName, item, "publisher is empty.");
        }

        foreach (var s in seed.Sources.Where(s => s.CopyOf is not null && !sourceKeys.Contains(s.CopyOf)))
        {
            Fail(SourcesFileName, s.Key, $"copyOf \"{s.CopyOf}\" is not in {SourcesFileName}.");
        }

        void CheckSources(string file, string item, IEnumerable<string?> keys)
        {
            foreach (var key in keys)
            {
                if (key is not null && !sourceKeys.Contains(key)) Fail(file, item, $"source \"{key}\" is not in {SourcesFileName}.");
            }
        }

        var surveys = new Dictionary<string, SurveyItem>(StringComparer.Ordinal);
        for (var i = 0; i < seed.Surveys.Count; i++)
        {
            var s = seed.Surveys[i];
            var item = $"{s.Key} (index {i})";
            if (!surveys.TryAdd(s.Key, s)) Fail(SurveysFileName, item, $"key \"{s.Key}\" is used twice.");
            if (s.StartedOn is not null && !PartialDate.TryParse(s.StartedOn, out _)) Fail(SurveysFileName, item, BadDate("startedOn", s.StartedOn));
            if (s.DeficiencyCount is < 1 or > 999) Fail(SurveysFileName, item, "deficiencyCount must be between 1 and 999.");
            if (!CodePattern().IsMatch(s.CodePrefix + "01")) Fail(SurveysFileName, item, $"codePrefix \"{s.CodePrefix}\" may hold only letters, digits, '-' and '_'.");
            CheckFactConfidence(SurveysFileName, item, s.Confidence);
            CheckSources(SurveysFileName, item, s.Sources);
            for (var f = 0; f < s.AggregateFindings.Count; f++)
            {
                var finding = s.AggregateFindings[f];
                var findingItem = $"{s.Key} aggregateFindings[{f}]";
                CheckAssessor(SurveysFileName, findingItem, finding.Assessor);
                if (!PartialDate.TryParse(finding.EffectiveOn, out _)) Fail(SurveysFileName, findingItem, BadDate("effectiveOn", finding.EffectiveOn));
                foreach (var (status, count) in finding.Counts)
                {
                    if (Assessors.Status(finding.Assessor, status) is null)
                        Fail(SurveysFileName, findingItem, OneOf("counts status", status, Assessors.Statuses.GetValueOrDefault(finding.Assessor, []).Select(t => t.Code)));
                    if (count < 0) Fail(SurveysFileName, findingItem, $"count for \"{status}\" is negative.");
                }
                if (finding.Counts.Values.Sum() != s.DeficiencyCount)
                    Fail(SurveysFileName, findingItem, $"counts add up to {finding.Counts.Values.Sum()}, but the survey has {s.DeficiencyCount} deficiencies.");
                CheckEvidenceConfidence(SurveysFileName, findingItem, finding.Confidence);
                CheckSources(SurveysFileName, findingItem, finding.Sources);
            }
        }

        var slots = new HashSet<(string, int)>();
        for (var i = 0; i < seed.Deficiencies.Count; i++)
        {
            var d = seed.Deficiencies[i];
            var item = $"{d.Survey} slot {d.Slot} (index {i})";
            if (!surveys.TryGetValue(d.Survey, out var survey))
            {
                Fail(DeficienciesFileName, item, $"survey \"{d.Survey}\" is not in {SurveysFileName}.");
                continue;
            }
            if (d.Slot < 1 || d.Slot > survey.DeficiencyCount) Fail(DeficienciesFileName, item, $"slot must be between 1 and {survey.DeficiencyCount}.");
            if (!slots.Add((d.Survey, d.Slot))) Fail(DeficienciesFileName, item, "this slot is described twice.");
            CheckFactConfidence(DeficienciesFileName, item, d.Confidence);
            CheckSources(DeficienciesFileName, item, d.Sources);
            for (var e = 0; e < d.Evidence.Count; e++)
            {
                var evidence = d.Evidence[e];
                var evidenceItem = $"{item} evidence[{e}]";
                if (string.IsNullOrWhiteSpace(evidence.Text)) Fail(DeficienciesFileName, evidenceItem, "text is required.");
                CheckEvidenceConfidence(DeficienciesFileName, evidenceItem, evidence.Confidence);
                CheckSources(DeficienciesFileName, evidenceItem, [evidence.Source]);
            }
            for (var r = 0; r < d.Repeats.Count; r++)
            {
                var repeat = d.Repeats[r];
                var repeatItem = $"{item} repeats[{r}]";
                if (!surveys.TryGetValue(repeat.Survey, out var earlier))
                {
                    Fail(DeficienciesFileName, repeatItem, $"survey \"{repeat.Survey}\" is not in {SurveysFileName}.");
                    continue;
                }
                if (repeat.Survey == d.Survey) Fail(DeficienciesFileName, repeatItem, "a deficiency repeats a finding of an earlier survey, not of its own.");
                else if (!Before(earlier.StartedOn, survey.StartedOn))
                    Fail(DeficienciesFileName, repeatItem, $"survey \"{repeat.Survey}\" must have begun before \"{d.Survey}\" (both need startedOn).");
                if (repeat.Slot < 1 || repeat.Slot > earlier.DeficiencyCount) Fail(DeficienciesFileName, repeatItem, $"slot must be between 1 and {earlier.DeficiencyCount}.");
                if (string.IsNullOrWhiteSpace(repeat.Source)) Fail(DeficienciesFileName, repeatItem, "source is required: name the source that ties the two findings.");
                else CheckSources(DeficienciesFileName, repeatItem, [repeat.Source]);
            }
            foreach (var a in d.Assessments)
            {
                var assessmentItem = $"{item} assessment {a.Assessor} {a.EffectiveOn}";
                CheckAssessor(DeficienciesFileName, assessmentItem, a.Assessor);
                if (Assessors.Statuses.ContainsKey(a.Assessor) && Assessors.Status(a.Assessor, a.Status) is null)
                    Fail(DeficienciesFileName, assessmentItem, OneOf("status", a.Status, Assessors.Statuses[a.Assessor].Select(t => t.Code)));
                if (!PartialDate.TryParse(a.EffectiveOn, out _)) Fail(DeficienciesFileName, assessmentItem, BadDate("effectiveOn", a.EffectiveOn));
                if (string.IsNullOrWhiteSpace(a.Reason)) Fail(DeficienciesFileName, assessmentItem, "reason is required.");
                CheckEvidenceConfidence(DeficienciesFileName, assessmentItem, a.Confidence);
                CheckSources(DeficienciesFileName, assessmentItem, [a.Source]);
            }
        }

        var obligations = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seed.Obligations.Count; i++)
        {
            var o = seed.Obligations[i];
            var item = $"{o.Code} (index {i})";
            if (!CodePattern().IsMatch(o.Code)) Fail(ObligationsFileName, item, $"code \"{o.Code}\" may hold only letters, digits, '-' and '_'.");
            if (o.Parent is not null && !obligations.Contains(o.Parent)) Fail(ObligationsFileName, item, $"parent \"{o.Parent}\" must be listed before it.");
            if (!obligations.Add(o.Code)) Fail(ObligationsFileName, item, $"code \"{o.Code}\" is used twice.");
            if (Obligation.Kinds.All(k => k.Code != o.Kind)) Fail(ObligationsFileName, item, OneOf("kind", o.Kind, Obligation.Kinds.Select(k => k.Code)));
            if (ObligationStatuses.All.All(t => t.Code != o.Status)) Fail(ObligationsFileName, item, OneOf("status", o.Status, ObligationStatuses.All.Select(t => t.Code)));
            if (o.DueOn is not null && !PartialDate.TryParse(o.DueOn, out _)) Fail(ObligationsFileName, item, BadDate("dueOn", o.DueOn));
            if (o.AmountUsd is < 0) Fail(ObligationsFileName, item, "amountUsd is negative.");
            if (string.IsNullOrWhiteSpace(o.StatusReason)) Fail(ObligationsFileName, item, "statusReason is required.");
            if (o.StatusOn is not null && !PartialDate.TryParse(o.StatusOn, out _)) Fail(ObligationsFileName, item, BadDate("statusOn", o.StatusOn));
            if (o.Status != "unknown" && o.StatusOn is null && !sourceDated.Contains(o.StatusSource ?? ""))
                Fail(ObligationsFileName, item, $"status \"{o.Status}\" needs statusOn, or a statusSource with a publishedOn date, to say when it took effect.");
            CheckFactConfidence(ObligationsFileName, item, o.Confidence);
            CheckSources(ObligationsFileName, item, o.Sources.Append(o.StatusSource));
            foreach (var l in o.Ledger)
            {
                var ledgerItem = $"{o.Code} ledger {l.Entry} {l.On}";
                if (LedgerEntry.Entries.All(e => e.Code != l.Entry)) Fail(ObligationsFileName, ledgerItem, OneOf("entry", l.Entry, LedgerEntry.Entries.Select(e => e.Code)));
                if (!PartialDate.TryParse(l.On, out _)) Fail(ObligationsFileName, ledgerItem, BadDate("on", l.On));
                if (l.AmountUsd < 0) Fail(ObligationsFileName, ledgerItem, "amountUsd is negative.");
                CheckEvidenceConfidence(ObligationsFileName, ledgerItem, l.Confidence);
                CheckSources(ObligationsFileName, ledgerItem, [l.Source]);
            }
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seed.Timeline.Count; i++)
        {
            var t = seed.Timeline[i];
            var item = $"{t.Code} (index {i})";
            if (!CodePattern().IsMatch(t.Code)) Fail(TimelineFileName, item, $"code \"{t.Code}\" may hold only letters, digits, '-' and '_'.");
            if (!codes.Add(t.Code)) Fail(TimelineFileName, item, $"code \"{t.Code}\" is used twice.");
            if (t.Kind is not ("event" or "deadline")) Fail(TimelineFileName, item, OneOf("kind", t.Kind, ["event", "deadline"]));
            if (!PartialDate.TryParse(t.Date, out _)) Fail(TimelineFileName, item, BadDate("date", t.Date));
            if (t.AlternateDate is not null && !PartialDate.TryParse(t.AlternateDate, out _)) Fail(TimelineFileName, item, BadDate("alternateDate", t.AlternateDate));
            if (t.Kind == "deadline" && DeadlineStatuses.All.All(s => s.Code != t.Status)) Fail(TimelineFileName, item, OneOf("status", t.Status ?? "null", DeadlineStatuses.All.Select(s => s.Code)));
            if (t.Kind == "event" && t.Status is not null) Fail(TimelineFileName, item, "an event has no status; use null.");
            if (t.Kind == "event" && t.DeadlineType is not null) Fail(TimelineFileName, item, "an event has no deadlineType; use null.");
            if (t.Kind == "deadline" && t.DeadlineType is not null && DeadlineTypes.All.All(d => d.Code != t.DeadlineType))
                Fail(TimelineFileName, item, OneOf("deadlineType", t.DeadlineType, DeadlineTypes.All.Select(d => d.Code)));
            if (t.Obligation is not null && !obligations.Contains(t.Obligation)) Fail(TimelineFileName, item, $"obligation \"{t.Obligation}\" is not in {ObligationsFileName}.");
            CheckFactConfidence(TimelineFileName, item, t.Confidence);
            CheckSources(TimelineFileName, item, t.Sources);
        }

        if (!surveys.ContainsKey(seed.Case.PrimarySurvey)) Fail(CaseFileName, seed.Case.Key, $"primarySurvey \"{seed.Case.PrimarySurvey}\" is not in {SurveysFileName}.");
        if (!seed.Timeline.Any(t => t.Code == seed.Case.KeyDeadline && t.Kind == "deadline"))
            Fail(CaseFileName, seed.Case.Key, $"keyDeadline \"{seed.Case.KeyDeadline}\" is not a deadline in {TimelineFileName}.");

        if (errors.Count > 0)
        {
            throw new SeedException(string.Join(Environment.NewLine, errors));
        }

        void CheckAssessor(string file, string item, string assessor)
        {
            if (!Assessors.All.Contains(assessor)) Fail(file, item, OneOf("assessor", assessor, Assessors.All));
        }

        void CheckFactConfidence(string file, string item, string value)
        {
            if (!Confidence.FactLevels.Contains(value)) Fail(file, item, OneOf("confidence", value, Confidence.FactLevels));
        }

        void CheckEvidenceConfidence(string file, string item, string value)
        {
            if (!Confidence.EvidenceLevels.Contains(value)) Fail(file, item, OneOf("confidence", value, Confidence.EvidenceLevels));
        }
    }

    private static string BadDate(string field, string value) =>
        $"{field} \"{value}\" is not a date (yyyy, yyyy-MM or yyyy-MM-dd).";

    private static string OneOf(string field, string value, IEnumerable<string> allowed) =>
        $"{field} \"{value}\" is not one of: {string.Join(", ", allowed)}.";
}
