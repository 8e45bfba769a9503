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

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex CodePattern();

    public const string EditionsFileName = "editions.json";

    /// <summary>The largest amount a seed may give, as on the ledger form: a trillion dollars, well within whole cents in a 64-bit integer.</summary>
    public const decimal MaxAmountUsd = 1_000_000_000_000m;

    /// <summary>The format an export writes: the seed format with each item's history (data/README.md).</summary>
    public const int ExportFormatVersion = 2;

    /// <summary>Reads and checks a seed folder (or an export); every problem found is in the one <see cref="SeedException"/>.</summary>
    public static SeedCase Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new SeedException($"Seed folder '{directory}' does not exist. Set Storage:SeedDirectory to a folder holding the six files described in data/README.md.");
        }
        var errors = new List<string>();
        var unread = new Unread();

        // case.json says which format the other files are in, so it is looked at first.
        var caseDocument = Parse(directory, CaseFileName, errors);
        var history = false;
        if (caseDocument?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("formatVersion", out var format))
        {
            if (format.ValueKind == JsonValueKind.Number && format.TryGetInt32(out var version) && version is 1 or ExportFormatVersion)
            {
                history = version == ExportFormatVersion;
            }
            else if (format.ValueKind != JsonValueKind.Null)
            {
                errors.Add($"Seed file {CaseFileName}, item {CaseLabel(root)}: formatVersion is {SeedShape.Describe(format)}, which this app does not read (1 for a seed, {ExportFormatVersion} for an export with history).");
                caseDocument.Dispose();
                caseDocument = null;
            }
        }
        CaseFile? caseFile = null;
        if (caseDocument is not null)
        {
            using (caseDocument)
            {
                caseFile = ReadItem<CaseFile>(caseDocument.RootElement, CaseFileName, CaseLabel(caseDocument.RootElement), history, errors);
            }
        }

        var sources = ReadList<SourceItem>(directory, SourcesFileName, (e, i) => Labelled(e, "key", i), history, errors, unread.Sources, "key");
        var surveys = ReadList<SurveyItem>(directory, SurveysFileName, (e, i) => Labelled(e, "key", i), history, errors, unread.Surveys, "key");
        var deficiencies = ReadList<DeficiencyItem>(directory, DeficienciesFileName, DeficiencyLabel, history, errors, null, null);
        var obligations = ReadList<ObligationItem>(directory, ObligationsFileName, (e, i) => Labelled(e, "code", i), history, errors, unread.Obligations, "code");
        var timeline = ReadList<TimelineEntryItem>(directory, TimelineFileName, (e, i) => Labelled(e, "code", i), history, errors, unread.Timeline, "code");
        var editions = history && File.Exists(Path.Combine(directory, EditionsFileName))
            ? ReadList<EditionItem>(directory, EditionsFileName, (e, i) => e.TryGetProperty("number", out var n) ? $"edition {n.GetRawText()}" : $"index {i}", history, errors, null, null)
            : [];
        if (!history && File.Exists(Path.Combine(directory, EditionsFileName)))
        {
            errors.Add($"Seed file {EditionsFileName}: editions belong to an export with history; case.json must say \"formatVersion\": {ExportFormatVersion} for it to be read.");
        }

        var archive = File.Exists(Path.Combine(directory, ArchiveFileName))
            ? ReadList<ArchivedCopyItem>(directory, ArchiveFileName, (e, i) => e.TryGetProperty("sha256", out var h) ? $"copy {h.GetString()}" : $"index {i}", history, errors, null, null)
            : [];

        // Records requests are written by an export only (Features/Requests/RequestsSeed).
        var requests = history && File.Exists(Path.Combine(directory, Features.Requests.RequestsSeed.FileName))
            ? ReadList<Features.Requests.RequestItem>(directory, Features.Requests.RequestsSeed.FileName, (e, i) => e.TryGetProperty("id", out var id) ? $"R-{id.GetRawText()}" : $"index {i}", history, errors, null, null)
            : [];
        if (!history && File.Exists(Path.Combine(directory, Features.Requests.RequestsSeed.FileName)))
        {
            errors.Add($"Seed file {Features.Requests.RequestsSeed.FileName}: records requests belong to an export with history; case.json must say \"formatVersion\": {ExportFormatVersion} for it to be read.");
        }

        Check(caseFile, sources ?? [], surveys ?? [], deficiencies ?? [], obligations ?? [], timeline ?? [], editions ?? [], history, unread, errors);
        Features.Requests.RequestsSeed.Check(caseFile, (sources ?? []).Select(s => s.Key).ToHashSet(StringComparer.Ordinal), unread.Sources, requests ?? [], directory, errors);
        CheckEvidence(directory, sources ?? [], surveys ?? [], deficiencies ?? [], obligations ?? [], timeline ?? [], archive ?? [], unread, errors);
        if (errors.Count > 0 || caseFile is null || sources is null || surveys is null || deficiencies is null || obligations is null || timeline is null || editions is null || archive is null)
        {
            throw new SeedException(string.Join(Environment.NewLine, errors));
        }
        return new SeedCase
        {
            Case = caseFile,
            Sources = sources,
            Surveys = surveys,
            Deficiencies = deficiencies,
            Obligations = obligations,
            Timeline = timeline,
            Editions = editions,
            Archive = archive,
            Requests = requests ?? [],
        };
    }

    public const string ArchiveFileName = "archive.json";

    /// <summary>The folder beside archive.json that holds each copy's bytes in a file named by its SHA-256.</summary>
    public const string ArchiveFolder = "archive";

    /// <summary>Where an archived copy's bytes are in a seed folder.</summary>
    public static string ArchivePath(string directory, string sha256) => Path.Combine(directory, ArchiveFolder, sha256);

    /// <summary>
    /// Passages quote a source their item cites, in words; archived copies belong to a source on file, and their files
    /// are there with the size and SHA-256 archive.json gives.
    /// </summary>
    private static void CheckEvidence(string directory, List<SourceItem> seedSources, List<SurveyItem> seedSurveys, List<DeficiencyItem> seedDeficiencies,
        List<ObligationItem> seedObligations, List<TimelineEntryItem> seedTimeline, List<ArchivedCopyItem> archive, Unread unread, List<string> errors)
    {
        void Fail(string file, string item, string problem) => errors.Add($"Seed file {file}, item {item}: {problem}");
        var keys = seedSources.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);

        void Passages(string file, string item, List<PassageItem>? passages, IReadOnlyCollection<string> cited)
        {
            foreach (var p in passages ?? [])
            {
                if (string.IsNullOrWhiteSpace(p.Text)) Fail(file, item, $"a passage of source \"{p.Source}\" is empty; give the document's exact words or leave the passage out.");
                else if (p.Text.Length > 4000) Fail(file, item, $"a passage of source \"{p.Source}\" has {p.Text.Length:N0} characters; a passage is at most 4,000.");
                if (!cited.Contains(p.Source) && !unread.Sources.Contains(p.Source))
                    Fail(file, item, $"passage source \"{p.Source}\" is not one of the item's sources; a passage quotes a source the item cites.");
            }
        }

        void Passage(string file, string item, string? passage, string? source, string field = "passage")
        {
            if (passage is null) return;
            if (source is null) Fail(file, item, $"{field} is given but the entry cites no source to quote.");
            if (string.IsNullOrWhiteSpace(passage)) Fail(file, item, $"{field} is empty; give the source's exact words or leave it out.");
            else if (passage.Length > 4000) Fail(file, item, $"{field} has {passage.Length:N0} characters; a passage is at most 4,000.");
        }

        foreach (var s in seedSurveys)
        {
            Passages(SurveysFileName, s.Key, s.Passages, s.Sources);
            foreach (var f in s.AggregateFindings)
            {
                Passages(SurveysFileName, $"{s.Key} finding \"{f.Title}\"", f.Passages, f.Sources);
            }
        }
        foreach (var d in seedDeficiencies)
        {
            var item = $"{d.Survey} slot {d.Slot}";
            Passages(DeficienciesFileName, item, d.Passages, d.Sources);
            foreach (var e in d.Evidence) Passage(DeficienciesFileName, item + " evidence", e.Passage, e.Source);
            foreach (var a in d.Assessments) Passage(DeficienciesFileName, $"{item} assessment {a.Status} {a.EffectiveOn}", a.Passage, a.Source);
        }
        foreach (var o in seedObligations)
        {
            Passages(ObligationsFileName, o.Code, o.Passages, o.Sources);
            Passage(ObligationsFileName, o.Code, o.StatusPassage, o.StatusSource, "statusPassage");
            foreach (var l in o.Ledger) Passage(ObligationsFileName, $"{o.Code} ledger {l.Entry} {l.On}", l.Passage, l.Source);
            foreach (var c in o.StatusChanges ?? []) Passage(ObligationsFileName, $"{o.Code} status change {c.Id}", c.Passage, c.Source);
        }
        foreach (var t in seedTimeline)
        {
            Passages(TimelineFileName, t.Code, t.Passages, t.Sources);
            foreach (var c in t.StatusChanges ?? []) Passage(TimelineFileName, $"{t.Code} status change {c.Id}", c.Passage, c.Source);
        }

        foreach (var c in archive)
        {
            var item = $"copy {c.Sha256}";
            if (!keys.Contains(c.Source) && !unread.Sources.Contains(c.Source)) Fail(ArchiveFileName, item, $"source \"{c.Source}\" is not in {SourcesFileName}.");
            if (c.Method is not (Features.Evidence.ArchivedCopy.Upload or Features.Evidence.ArchivedCopy.Fetch)) Fail(ArchiveFileName, item, OneOf("method", c.Method, ["upload", "fetch"]));
            if (!Features.Evidence.MediaTypes.IsAccepted(c.MediaType)) Fail(ArchiveFileName, item, OneOf("mediaType", c.MediaType, Features.Evidence.MediaTypes.Accepted.Select(a => a.Type)));
            if (!DateTimeOffset.TryParse(c.RetrievedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _))
                Fail(ArchiveFileName, item, $"retrievedAt \"{c.RetrievedAt}\" is not an instant such as 2026-12-07T10:00:00Z.");
            var path = ArchivePath(directory, c.Sha256);
            if (!HashPattern().IsMatch(c.Sha256))
            {
                Fail(ArchiveFileName, item, "sha256 must be 64 lower-case hexadecimal digits.");
            }
            else if (!File.Exists(path))
            {
                Fail(ArchiveFileName, item, $"its file {ArchiveFolder}/{c.Sha256} is missing.");
            }
            else
            {
                var content = File.ReadAllBytes(path);
                if (content.LongLength != c.Bytes) Fail(ArchiveFileName, item, $"its file has {content.LongLength:N0} bytes, not the {c.Bytes:N0} archive.json gives.");
                if (Features.Evidence.EvidenceArchive.Sha256Of(content) != c.Sha256) Fail(ArchiveFileName, item, "its file's SHA-256 is not the one archive.json gives: the file was changed or damaged.");
            }
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();

    /// <summary>Keys of items that could not be read, so what refers to them is not also reported as dangling.</summary>
    private sealed class Unread
    {
        public HashSet<string> Sources { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Surveys { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Obligations { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Timeline { get; } = new(StringComparer.Ordinal);
    }

    private static JsonDocument? Parse(string directory, string fileName, List<string> errors)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            errors.Add($"Seed file {fileName} is missing from '{directory}'.");
            return null;
        }
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } n ? $" (line {n + 1})" : "";
            errors.Add($"Seed file {fileName}{line}: the file is not valid JSON: {Plain(ex.Message)}");
            return null;
        }
    }

    /// <summary>A list file, item by item: an item with a problem is reported and left out, and the rest are still read and checked.</summary>
    private static List<T>? ReadList<T>(string directory, string fileName, Func<JsonElement, int, string> label, bool history, List<string> errors, HashSet<string>? unreadKeys, string? keyProperty)
    {
        using var document = Parse(directory, fileName, errors);
        if (document is null)
        {
            return null;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"Seed file {fileName}: the file must hold a list ([…]), not {SeedShape.Describe(document.RootElement)}.");
            return null;
        }
        var items = new List<T>();
        var index = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var item = ReadItem<T>(element, fileName, label(element, index), history, errors);
            if (item is not null)
            {
                items.Add(item);
            }
            else if (unreadKeys is not null && keyProperty is not null && element.ValueKind == JsonValueKind.Object
                && element.TryGetProperty(keyProperty, out var key) && key.ValueKind == JsonValueKind.String)
            {
                unreadKeys.Add(key.GetString()!);
            }
            index++;
        }
        return items;
    }

    private static T? ReadItem<T>(JsonElement element, string fileName, string label, bool history, List<string> errors)
    {
        var problems = new List<string>();
        SeedShape.Check(element, typeof(T), history, checkText: !history, problems);
        if (problems.Count == 0)
        {
            try
            {
                return element.Deserialize<T>(JsonOptions);
            }
            catch (JsonException ex)
            {
                problems.Add($"it cannot be read: {Plain(ex.Message)}");
            }
        }
        errors.AddRange(problems.Select(p => $"Seed file {fileName}, item {label}: {p}"));
        return default;
    }

    private static string CaseLabel(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString()! : "case";

    private static string Labelled(JsonElement element, string keyProperty, int index) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(keyProperty, out var key) && key.ValueKind == JsonValueKind.String
            ? $"{key.GetString()} (index {index})"
            : $"index {index}";

    private static string DeficiencyLabel(JsonElement element, int index) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("survey", out var survey) && survey.ValueKind == JsonValueKind.String
            && element.TryGetProperty("slot", out var slot) && slot.ValueKind == JsonValueKind.Number
            ? $"{survey.GetString()} slot {slot.GetRawText()} (index {index})"
            : $"index {index}";

    // System.Text.Json appends "Path: … | LineNumber: …" which we report in our own words.
    private static string Plain(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }
        return message.TrimEnd();
    }

    private static bool Before(string? earlier, string? later) =>
        PartialDate.TryParse(earlier, out var a) && PartialDate.TryParse(later, out var b) && a.Start < b.Start;

    /// <summary>The case's assessors' roles: those listed, or the regulator and the plan when none are.</summary>
    public static IReadOnlyList<string> CaseAssessorRoles(CaseFile caseFile) =>
        caseFile.Assessors is { } listed ? listed.Select(a => a.Role).ToList() : [Assessors.Regulator, Assessors.Plan];

    private static void Check(CaseFile? caseFile, List<SourceItem> seedSources, List<SurveyItem> seedSurveys, List<DeficiencyItem> seedDeficiencies,
        List<ObligationItem> seedObligations, List<TimelineEntryItem> seedTimeline, List<EditionItem> editions, bool history, Unread unread, List<string> errors)
    {
        void Fail(string file, string item, string problem) => errors.Add($"Seed file {file}, item {item}: {problem}");

        var sourceKeys = new HashSet<string>(StringComparer.Ordinal);
        var sourceDated = seedSources.Where(s => s.PublishedOn is not null).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < seedSources.Count; i++)
        {
            var s = seedSources[i];
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

        foreach (var s in seedSources.Where(s => s.CopyOf is not null && !sourceKeys.Contains(s.CopyOf) && !unread.Sources.Contains(s.CopyOf)))
        {
            Fail(SourcesFileName, s.Key, $"copyOf \"{s.CopyOf}\" is not in {SourcesFileName}.");
        }

        var sourcesByKey = seedSources.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        // The rules the forms keep, kept here too: "verified" only on the assessor's own document, and no status dated
        // after the source it rests on was published (a source cannot report what had not yet happened).
        void CheckAgainstSource(string file, string item, string? assessor, string confidence, string? effectiveOn, string? sourceKey, string dateField)
        {
            if (sourceKey is null)
            {
                if (confidence == Confidence.Verified) Fail(file, item, "confidence \"verified\" needs a source: the assessor's own document it was read in.");
                return;
            }
            // A source that is not on file, or could not be read, is reported once where it is named, not again here.
            if (!sourcesByKey.TryGetValue(sourceKey, out var source))
            {
                return;
            }
            var party = source.Party ?? Source.DefaultParty(source.Kind);
            if (confidence == Confidence.Verified && (party is null || (assessor is not null && party != assessor)))
            {
                var whose = assessor is null ? "a party's own document" : $"the {Assessors.Label(assessor).ToLowerInvariant()}'s own document";
                var what = party is null ? "a secondary report" : $"a document of the {Assessors.PartyLabel(party).ToLowerInvariant()}";
                Fail(file, item, $"confidence \"verified\" needs {whose} as its source, and \"{sourceKey}\" is {what}; write \"reported\" (the forms refuse \"verified\" here too).");
            }
            if (PartialDate.TryParse(effectiveOn, out var effective) && PartialDate.TryParse(source.PublishedOn, out var published) && effective.Start > published.End)
            {
                Fail(file, item, $"{dateField} {effectiveOn} is after its source \"{sourceKey}\" was published ({source.PublishedOn}): a source cannot report what had not yet happened.");
            }
        }

        void CheckSources(string file, string item, IEnumerable<string?> keys)
        {
            foreach (var key in keys)
            {
                if (key is not null && !sourceKeys.Contains(key) && !unread.Sources.Contains(key)) Fail(file, item, $"source \"{key}\" is not in {SourcesFileName}.");
            }
        }

        var surveys = new Dictionary<string, SurveyItem>(StringComparer.Ordinal);
        for (var i = 0; i < seedSurveys.Count; i++)
        {
            var s = seedSurveys[i];
            var item = $"{s.Key} (index {i})";
            if (!surveys.TryAdd(s.Key, s)) Fail(SurveysFileName, item, $"key \"{s.Key}\" is used twice.");
            if (s.StartedOn is not null && !PartialDate.TryParse(s.StartedOn, out _)) Fail(SurveysFileName, item, BadDate("startedOn", s.StartedOn));
            if (s.DeficiencyCount is < 1 or > 999) Fail(SurveysFileName, item, "deficiencyCount must be between 1 and 999.");
            if (!CodePattern().IsMatch(s.CodePrefix + "01")) Fail(SurveysFileName, item, $"codePrefix \"{s.CodePrefix}\" may hold only letters, digits, '-' and '_'.");
            CheckFactConfidence(SurveysFileName, item, s.Confidence, Assessors.Regulator, s.Sources);
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
                // A count made after the regulator withdrew some of its findings counts only those that stand.
                var withdrawnOfSurvey = seedDeficiencies.Count(d => d.Survey == s.Key && d.Withdrawn is not null);
                var counted = finding.Counts.Values.Sum();
                if (counted != s.DeficiencyCount && (withdrawnOfSurvey == 0 || counted != s.DeficiencyCount - withdrawnOfSurvey))
                    Fail(SurveysFileName, findingItem, withdrawnOfSurvey == 0
                        ? $"counts add up to {counted}, but the survey has {s.DeficiencyCount} deficiencies."
                        : $"counts add up to {counted}, but the survey has {s.DeficiencyCount} deficiencies, {s.DeficiencyCount - withdrawnOfSurvey} of them standing.");
                CheckEvidenceConfidence(SurveysFileName, findingItem, finding.Confidence);
                CheckSources(SurveysFileName, findingItem, finding.Sources);
            }
        }

        var slots = new HashSet<(string, int)>();
        for (var i = 0; i < seedDeficiencies.Count; i++)
        {
            var d = seedDeficiencies[i];
            var item = $"{d.Survey} slot {d.Slot} (index {i})";
            if (!surveys.TryGetValue(d.Survey, out var survey))
            {
                if (unread.Surveys.Contains(d.Survey)) continue;
                Fail(DeficienciesFileName, item, $"survey \"{d.Survey}\" is not in {SurveysFileName}.");
                continue;
            }
            if (d.Slot < 1 || d.Slot > survey.DeficiencyCount) Fail(DeficienciesFileName, item, $"slot must be between 1 and {survey.DeficiencyCount}.");
            if (!slots.Add((d.Survey, d.Slot))) Fail(DeficienciesFileName, item, "this slot is described twice.");
            if (d.Confidence is not null || !history) CheckFactConfidence(DeficienciesFileName, item, d.Confidence, Assessors.Regulator, d.Sources);
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
                    if (unread.Surveys.Contains(repeat.Survey)) continue;
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
            if (d.Withdrawn is { } withdrawn)
            {
                var withdrawnItem = $"{item} withdrawn";
                if (!PartialDate.TryParse(withdrawn.On, out var on)) Fail(DeficienciesFileName, withdrawnItem, BadDate("on", withdrawn.On));
                if (string.IsNullOrWhiteSpace(withdrawn.Source)) Fail(DeficienciesFileName, withdrawnItem, "source is required: name the source that says the regulator withdrew the finding.");
                else
                {
                    CheckSources(DeficienciesFileName, withdrawnItem, [withdrawn.Source]);
                    if (sourcesByKey.TryGetValue(withdrawn.Source, out var said) && PartialDate.TryParse(said.PublishedOn, out var published) && on.Start > published.End)
                        Fail(DeficienciesFileName, withdrawnItem, $"on {withdrawn.On} is after its source \"{withdrawn.Source}\" was published ({said.PublishedOn}): a source cannot report what had not yet happened.");
                }
                if (withdrawn.Note is { } note && string.IsNullOrWhiteSpace(note)) Fail(DeficienciesFileName, withdrawnItem, "note is empty: write null for none.");
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
                if (!history) CheckAgainstSource(DeficienciesFileName, assessmentItem, a.Assessor, a.Confidence, a.EffectiveOn, a.Source, "effectiveOn");
            }
        }

        var obligations = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seedObligations.Count; i++)
        {
            var o = seedObligations[i];
            var item = $"{o.Code} (index {i})";
            if (!CodePattern().IsMatch(o.Code)) Fail(ObligationsFileName, item, $"code \"{o.Code}\" may hold only letters, digits, '-' and '_'.");
            if (o.Parent is not null && !obligations.Contains(o.Parent) && !unread.Obligations.Contains(o.Parent)) Fail(ObligationsFileName, item, $"parent \"{o.Parent}\" must be listed before it.");
            if (!obligations.Add(o.Code)) Fail(ObligationsFileName, item, $"code \"{o.Code}\" is used twice.");
            if (Obligation.Kinds.All(k => k.Code != o.Kind)) Fail(ObligationsFileName, item, OneOf("kind", o.Kind, Obligation.Kinds.Select(k => k.Code)));
            if (ObligationStatuses.All.All(t => t.Code != o.Status)) Fail(ObligationsFileName, item, OneOf("status", o.Status, ObligationStatuses.All.Select(t => t.Code)));
            if (o.DueOn is not null && !PartialDate.TryParse(o.DueOn, out _)) Fail(ObligationsFileName, item, BadDate("dueOn", o.DueOn));
            if (o.AmountUsd is { } amount) CheckAmount(ObligationsFileName, item, amount);
            if (!history && string.IsNullOrWhiteSpace(o.StatusReason)) Fail(ObligationsFileName, item, "statusReason is required.");
            if (o.StatusOn is not null && !PartialDate.TryParse(o.StatusOn, out _)) Fail(ObligationsFileName, item, BadDate("statusOn", o.StatusOn));
            if (!history && o.Status != "unknown" && o.StatusOn is null && !sourceDated.Contains(o.StatusSource ?? ""))
                Fail(ObligationsFileName, item, $"status \"{o.Status}\" needs statusOn, or a statusSource with a publishedOn date, to say when it took effect.");
            CheckFactConfidence(ObligationsFileName, item, o.Confidence, null, o.Sources);
            CheckSources(ObligationsFileName, item, o.Sources.Append(o.StatusSource));
            if (o.StatusConfidence is not null) CheckEvidenceConfidence(ObligationsFileName, item, o.StatusConfidence);
            if (!history && o.Status != "unknown") CheckAgainstSource(ObligationsFileName, item, null, o.StatusConfidence ?? Confidence.Reported, o.StatusOn, o.StatusSource, "statusOn");
            foreach (var l in o.Ledger)
            {
                var ledgerItem = $"{o.Code} ledger {l.Entry} {l.On}";
                if (LedgerEntry.Entries.All(e => e.Code != l.Entry)) Fail(ObligationsFileName, ledgerItem, OneOf("entry", l.Entry, LedgerEntry.Entries.Select(e => e.Code)));
                if (!PartialDate.TryParse(l.On, out _)) Fail(ObligationsFileName, ledgerItem, BadDate("on", l.On));
                CheckAmount(ObligationsFileName, ledgerItem, l.AmountUsd);
                CheckEvidenceConfidence(ObligationsFileName, ledgerItem, l.Confidence);
                CheckSources(ObligationsFileName, ledgerItem, [l.Source]);
                if (!history) CheckAgainstSource(ObligationsFileName, ledgerItem, null, l.Confidence, l.On, l.Source, "on");
            }
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seedTimeline.Count; i++)
        {
            var t = seedTimeline[i];
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
            if (t.Obligation is not null && !obligations.Contains(t.Obligation) && !unread.Obligations.Contains(t.Obligation)) Fail(TimelineFileName, item, $"obligation \"{t.Obligation}\" is not in {ObligationsFileName}.");
            CheckFactConfidence(TimelineFileName, item, t.Confidence, null, t.Sources);
            CheckSources(TimelineFileName, item, t.Sources);
        }

        if (caseFile is not null)
        {
            if (!CodePattern().IsMatch(caseFile.Key)) Fail(CaseFileName, caseFile.Key, $"key \"{caseFile.Key}\" may hold only letters, digits, '-' and '_'.");
            if (caseFile.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                Fail(CaseFileName, caseFile.Key, $"timeZone \"{zone}\" is not a time zone this machine knows; give an IANA name such as \"Pacific/Honolulu\" or \"America/Los_Angeles\".");
            if (caseFile.HeadlineAssessor is { } headlineRole && !Assessors.HeadlineRoles.Contains(headlineRole))
                Fail(CaseFileName, caseFile.Key, OneOf("headlineAssessor", headlineRole, Assessors.HeadlineRoles));
            else if (caseFile.HeadlineAssessor is { } monitorRole && caseFile.Assessors is null)
                Fail(CaseFileName, caseFile.Key, $"headlineAssessor \"{monitorRole}\" needs the assessors listed, the {monitorRole} among them.");
            if (caseFile.ObligationOrigin is { } origin && Features.Cases.ObligationOrigins.All.All(o => o.Code != origin))
                Fail(CaseFileName, caseFile.Key, OneOf("obligationOrigin", origin, Features.Cases.ObligationOrigins.All.Select(o => o.Code)));
            if (!surveys.ContainsKey(caseFile.PrimarySurvey) && !unread.Surveys.Contains(caseFile.PrimarySurvey))
                Fail(CaseFileName, caseFile.Key, $"primarySurvey \"{caseFile.PrimarySurvey}\" is not in {SurveysFileName}.");
            if (caseFile.KeyDeadline is not null && !unread.Timeline.Contains(caseFile.KeyDeadline) && !seedTimeline.Any(t => t.Code == caseFile.KeyDeadline && t.Kind == "deadline"))
                Fail(CaseFileName, caseFile.Key, $"keyDeadline \"{caseFile.KeyDeadline}\" is not a deadline in {TimelineFileName} (write null when the case has none).");
            if (history && !IsInstant(caseFile.LoadedAt)) Fail(CaseFileName, caseFile.Key, BadInstant("loadedAt", caseFile.LoadedAt));
            if (caseFile.Assessors is { } listed)
            {
                var roles = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < listed.Count; i++)
                {
                    var a = listed[i];
                    if (!Assessors.All.Contains(a.Role)) Fail(CaseFileName, caseFile.Key, OneOf($"assessors[{i}].role", a.Role, Assessors.All));
                    else if (!roles.Add(a.Role)) Fail(CaseFileName, caseFile.Key, $"assessors[{i}].role \"{a.Role}\" is listed twice: each assessor once.");
                    if (string.IsNullOrWhiteSpace(a.Name)) Fail(CaseFileName, caseFile.Key, $"assessors[{i}].name is empty: give the name the pages should show.");
                }
                var headline = caseFile.HeadlineAssessor ?? Assessors.Regulator;
                if (!roles.Contains(headline))
                    Fail(CaseFileName, caseFile.Key, headline == Assessors.Regulator
                        ? "assessors must include the regulator (role \"regulator\"): the headline counts its assessments. Where an independent monitor assesses instead, write \"headlineAssessor\": \"monitor\" and list the monitor."
                        : $"headlineAssessor \"{headline}\" is not among the assessors: list it, with the name the pages should show.");
            }
        }

        // Every slot's code is its survey's prefix and its number: two prefixes must not make the same code.
        var slotCodes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in seedSurveys.Where(s => s.DeficiencyCount is >= 1 and <= 999))
        {
            for (var slot = 1; slot <= s.DeficiencyCount; slot++)
            {
                var code = s.CodePrefix + slot.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
                if (slotCodes.TryGetValue(code, out var other) && other != s.Key)
                {
                    Fail(SurveysFileName, s.Key, $"codePrefix \"{s.CodePrefix}\" gives the code {code}, which survey {other} also gives: each survey needs a prefix of its own.");
                    break;
                }
                slotCodes[code] = s.Key;
            }
        }

        if (history)
        {
            CheckHistory(seedSources, seedDeficiencies, seedObligations, seedTimeline, editions, sourceKeys, Fail);
        }

        void CheckAssessor(string file, string item, string assessor)
        {
            if (!Assessors.All.Contains(assessor)) Fail(file, item, OneOf("assessor", assessor, Assessors.All));
            // The regulator is an assessor unless the case names another for the headline (a list without the headline
            // assessor is reported once, on case.json).
            else if ((assessor != Assessors.Regulator || caseFile?.HeadlineAssessor is not null) && caseFile is not null && !CaseAssessorRoles(caseFile).Contains(assessor))
                Fail(file, item, $"assessor \"{assessor}\" is not one of the case's assessors ({string.Join(", ", CaseAssessorRoles(caseFile).Distinct())}); add it to the assessors in {CaseFileName}.");
        }

        // An item's own confidence: the reader's scale (verified, reported, inferred) or the research's rating (high,
        // medium, low), shown on the reader's scale. "Verified" is said of details only where the document they were
        // read in is among the item's sources: the regulator's own for a survey or a deficiency, a party's own for a
        // settlement term or a timeline item.
        void CheckFactConfidence(string file, string item, string? value, string? assessor, IEnumerable<string> sources)
        {
            if (value is null) Fail(file, item, "confidence is null, but it must have a value (verified, reported or inferred; or the research's high, medium or low).");
            else if (!Confidence.DetailLevels.Contains(value)) Fail(file, item, OneOf("confidence", value, Confidence.DetailLevels));
            else if (value == Confidence.Verified)
            {
                var own = sources.Any(key => sourcesByKey.TryGetValue(key, out var source)
                    && (source.Party ?? Source.DefaultParty(source.Kind)) is { } party && (assessor is null || party == assessor));
                if (!own)
                {
                    var whose = assessor is null ? "a party's own document" : $"the {Assessors.Label(assessor).ToLowerInvariant()}'s own document";
                    Fail(file, item, $"confidence \"verified\" needs {whose} among its sources, and none of them is; write \"reported\".");
                }
            }
        }

        // Money is kept in whole cents: an amount with a fraction of a cent, or one no ledger could hold, is refused here.
        void CheckAmount(string file, string item, decimal amount)
        {
            if (amount < 0) Fail(file, item, "amountUsd is negative.");
            else if (!Cents.IsWholeCents(amount))
                Fail(file, item, $"amountUsd {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} has more than two decimals: an amount is dollars with cents at most, such as 1234.56.");
            else if (amount > MaxAmountUsd) Fail(file, item, "amountUsd is more than 1,000,000,000,000.");
        }

        void CheckEvidenceConfidence(string file, string item, string value)
        {
            if (!Confidence.EvidenceLevels.Contains(value)) Fail(file, item, OneOf("confidence", value, Confidence.EvidenceLevels));
        }
    }

    /// <summary>Format 2: every history entry has its number, time and recorder; numbers are unique; a correction names an earlier entry.</summary>
    private static void CheckHistory(List<SourceItem> sources, List<DeficiencyItem> deficiencies, List<ObligationItem> obligations,
        List<TimelineEntryItem> timeline, List<EditionItem> editions, HashSet<string> sourceKeys, Action<string, string, string> fail)
    {
        var statusIds = new HashSet<long>();
        var ledgerIds = new HashSet<long>();
        var editIds = new HashSet<long>();
        var corrections = new List<(string File, string Item, string Kind, long Corrects, long Id, HashSet<long> Ids)>();

        void Entry(string file, string item, string kind, long? id, string? recordedAt, string? recordedBy, long? corrects, HashSet<long> ids)
        {
            if (id is not { } number) { fail(file, item, $"{kind} needs its id in an export."); return; }
            if (!ids.Add(number)) fail(file, item, $"{kind} id {number} is used twice.");
            if (!IsInstant(recordedAt)) fail(file, item, BadInstant("recordedAt", recordedAt));
            if (string.IsNullOrWhiteSpace(recordedBy)) fail(file, item, "recordedBy is required in an export.");
            if (corrects is { } c) corrections.Add((file, item, kind, c, number, ids));
        }

        void CheckWithdrawn(string file, string item, WithdrawalItem? w)
        {
            if (w is null) return;
            if (Features.Changes.Withdrawal.Kinds.All(k => k.Code != w.Kind)) fail(file, item, $"withdrawn.kind \"{w.Kind}\" is not one of entered-in-error, source-retracted, other.");
            if (!IsInstant(w.At)) fail(file, item, BadInstant("withdrawn.at", w.At));
            if (string.IsNullOrWhiteSpace(w.By)) fail(file, item, "withdrawn.by is required.");
        }

        void Edits(string file, string item, List<FieldEditItem>? edits)
        {
            foreach (var e in edits ?? [])
            {
                var editItem = $"{item} edit {e.Id}";
                Entry(file, editItem, "an edit", e.Id, e.RecordedAt, e.RecordedBy, null, editIds);
                CheckWithdrawn(file, editItem, e.Withdrawn);
                if (e.Source is not null && !sourceKeys.Contains(e.Source)) fail(file, editItem, $"source \"{e.Source}\" is not in {SourcesFileName}.");
            }
        }

        foreach (var s in sources)
        {
            if (!IsInstant(s.AddedAt)) fail(SourcesFileName, s.Key, BadInstant("addedAt", s.AddedAt));
            Edits(SourcesFileName, s.Key, s.Edits);
        }
        foreach (var d in deficiencies)
        {
            var item = $"{d.Survey} slot {d.Slot}";
            foreach (var a in d.Assessments)
            {
                Entry(DeficienciesFileName, $"{item} assessment {a.Id}", "an assessment", a.Id, a.RecordedAt, a.RecordedBy, a.Corrects, statusIds);
                CheckWithdrawn(DeficienciesFileName, $"{item} assessment {a.Id}", a.Withdrawn);
            }
            Edits(DeficienciesFileName, item, d.Edits);
        }
        foreach (var o in obligations)
        {
            foreach (var c in o.StatusChanges ?? [])
            {
                var changeItem = $"{o.Code} status change {c.Id}";
                Entry(ObligationsFileName, changeItem, "a status change", c.Id, c.RecordedAt, c.RecordedBy, c.Corrects, statusIds);
                CheckWithdrawn(ObligationsFileName, changeItem, c.Withdrawn);
                if (!PartialDate.TryParse(c.EffectiveOn, out _)) fail(ObligationsFileName, changeItem, BadDate("effectiveOn", c.EffectiveOn));
                if (c.Source is not null && !sourceKeys.Contains(c.Source)) fail(ObligationsFileName, changeItem, $"source \"{c.Source}\" is not in {SourcesFileName}.");
            }
            foreach (var l in o.Ledger)
            {
                Entry(ObligationsFileName, $"{o.Code} ledger {l.Id}", "a ledger entry", l.Id, l.RecordedAt, l.RecordedBy, l.Corrects, ledgerIds);
                CheckWithdrawn(ObligationsFileName, $"{o.Code} ledger {l.Id}", l.Withdrawn);
            }
            Edits(ObligationsFileName, o.Code, o.Edits);
        }
        foreach (var t in timeline)
        {
            if (!IsInstant(t.RecordedAt)) fail(TimelineFileName, t.Code, BadInstant("recordedAt", t.RecordedAt));
            CheckWithdrawn(TimelineFileName, t.Code, t.Withdrawn);
            foreach (var c in t.StatusChanges ?? [])
            {
                var changeItem = $"{t.Code} status change {c.Id}";
                Entry(TimelineFileName, changeItem, "a status change", c.Id, c.RecordedAt, c.RecordedBy, c.Corrects, statusIds);
                CheckWithdrawn(TimelineFileName, changeItem, c.Withdrawn);
                if (!PartialDate.TryParse(c.EffectiveOn, out _)) fail(TimelineFileName, changeItem, BadDate("effectiveOn", c.EffectiveOn));
                if (c.Source is not null && !sourceKeys.Contains(c.Source)) fail(TimelineFileName, changeItem, $"source \"{c.Source}\" is not in {SourcesFileName}.");
            }
            Edits(TimelineFileName, t.Code, t.Edits);
        }
        foreach (var (file, item, kind, corrects, id, ids) in corrections)
        {
            if (corrects >= id || !ids.Contains(corrects)) fail(file, item, $"{kind} corrects entry {corrects}, which is not an earlier entry of the same kind.");
        }

        var numbers = new HashSet<int>();
        foreach (var e in editions)
        {
            var item = $"edition {e.Number}";
            if (!numbers.Add(e.Number)) fail(EditionsFileName, item, $"number {e.Number} is used twice.");
            if (!IsInstant(e.AsOf)) fail(EditionsFileName, item, BadInstant("asOf", e.AsOf));
            if (!IsInstant(e.GeneratedAt)) fail(EditionsFileName, item, BadInstant("generatedAt", e.GeneratedAt));
            if (e.Sha256.Length != 64 || !e.Sha256.All(char.IsAsciiHexDigitLower)) fail(EditionsFileName, item, "sha256 must be 64 lower-case hexadecimal digits.");
        }
        if (numbers.Count > 0 && (numbers.Min() != 1 || numbers.Max() != numbers.Count)) fail(EditionsFileName, "numbers", "editions are numbered 1, 2, 3… without gaps.");
    }

    private static bool IsInstant(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _);

    private static string BadInstant(string field, string? value) => value is null
        ? $"{field} is required in an export: an instant such as \"2026-11-27T20:00:00.0000000+00:00\"."
        : $"{field} \"{value}\" is not an instant such as \"2026-11-27T20:00:00.0000000+00:00\".";

    private static string BadDate(string field, string value) =>
        $"{field} \"{value}\" is not a date (yyyy, yyyy-MM or yyyy-MM-dd).";

    private static string OneOf(string field, string value, IEnumerable<string> allowed) =>
        $"{field} \"{value}\" is not one of: {string.Join(", ", allowed)}.";
}
