using System.Data.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure.Seed;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// One agency of case.json's <c>agencies</c>: whom the case may ask for records, under which law (the key of its file in
/// data/laws/, or null) and at which records address (null while not on file). data/README.md describes it.
/// </summary>
public sealed class AgencyItem
{
    public required string Name { get; init; }
    public required string FullName { get; init; }
    public string? Law { get; init; }
    public string? RecordsAddress { get; init; }
}

/// <summary>One request of an export's requests.json (format 2). Private parts are there only when the export was asked for them.</summary>
public sealed class RequestItem
{
    public required long Id { get; init; }
    public required string Agency { get; init; }
    public string? Law { get; init; }
    public string? QuestionKey { get; init; }
    public string? Question { get; init; }
    public string? QuestionPath { get; init; }
    public required string Subject { get; init; }
    public required string Records { get; init; }
    public bool ElectronicCopies { get; init; }
    public required bool IsPublic { get; init; }

    /// <summary>Who asked, and the draft letter: written only by <c>export-case --include-private</c>.</summary>
    public RequesterItem? Requester { get; init; }
    public string? Letter { get; init; }

    public required string CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required string ChangedAt { get; init; }
    public required string ChangedBy { get; init; }
    public required int Version { get; init; }
    public List<RequestLetterItem> Letters { get; init; } = [];
    public List<RequestFileItem> Files { get; init; } = [];
    public List<RequestEntryItem> Entries { get; init; } = [];
}

public sealed class RequesterItem
{
    public required string Name { get; init; }
    public string? Organization { get; init; }
    public string? Address { get; init; }
    public string? Email { get; init; }
}

public sealed class RequestLetterItem
{
    public required long Id { get; init; }
    public required string Kind { get; init; }
    public required string Text { get; init; }
    public string? ForDueOn { get; init; }
    public required string DraftedAt { get; init; }
    public required string DraftedBy { get; init; }
}

public sealed class RequestFileItem
{
    public required long Id { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? DocumentDate { get; init; }
    public required string Sha256 { get; init; }
    public required long Bytes { get; init; }
    public required string MediaType { get; init; }
    public string? FileName { get; init; }
    public required string AddedAt { get; init; }
    public required string AddedBy { get; init; }

    /// <summary>The source it was made, by key.</summary>
    public string? Source { get; init; }
}

public sealed class RequestEntryItem
{
    public required long Id { get; init; }
    public required string Kind { get; init; }
    public required string OccurredOn { get; init; }
    public string? ReceivedOn { get; init; }
    public int? ExtensionDays { get; init; }
    public string? ExtensionDayKind { get; init; }
    public bool IsDetermination { get; init; }
    public string? Method { get; init; }
    public string? Note { get; init; }

    /// <summary>The id of the request's file, letter, and the key of the source it rests on.</summary>
    public long? File { get; init; }
    public long? Letter { get; init; }
    public string? Source { get; init; }
    public required string RecordedAt { get; init; }
    public required string RecordedBy { get; init; }
    public RequestWithdrawalItem? Withdrawn { get; init; }
}

public sealed class RequestWithdrawalItem
{
    public required string At { get; init; }
    public required string By { get; init; }
    public required string Reason { get; init; }
}

/// <summary>
/// Records requests in the record as files: the agencies of case.json, and requests.json of an export (format 2) with
/// the documents' bytes in archive/ beside the archived copies. An export leaves out private requests, drafts, the
/// requesters, the letters and documents not made sources unless it is asked to include them (they are the staff's,
/// and an export is a file anyone may be given).
/// </summary>
public static partial class RequestsSeed
{
    public const string FileName = "requests.json";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex LawKey();

    /// <summary>The agencies as case.json gives them; absent, the regulator alone with no law (so no date is computed).</summary>
    public static IReadOnlyList<RecordsAgency> Agencies(CaseFile caseFile) =>
        caseFile.Agencies is { } listed
            ? listed.Select((a, i) => new RecordsAgency { Name = a.Name.Trim(), FullName = a.FullName.Trim(), LawKey = a.Law, RecordsAddress = a.RecordsAddress, Position = i + 1 }).ToList()
            : [new RecordsAgency { Name = caseFile.RegulatorShort, FullName = caseFile.Regulator, Position = 1 }];

    /// <summary>Checks case.json's agencies and requests.json against each other, the sources and the files of archive/.</summary>
    public static void Check(CaseFile? caseFile, IReadOnlyCollection<string> sourceKeys, IReadOnlyCollection<string> unreadSources, List<RequestItem> requests, string directory, List<string> errors)
    {
        void Fail(string file, string item, string problem) => errors.Add($"Seed file {file}, item {item}: {problem}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (caseFile?.Agencies is { } agencies)
        {
            for (var i = 0; i < agencies.Count; i++)
            {
                var a = agencies[i];
                if (string.IsNullOrWhiteSpace(a.Name)) Fail(SeedReader.CaseFileName, caseFile.Key, $"agencies[{i}].name is empty: give the name pages call the agency by, such as DMHC.");
                else if (!names.Add(a.Name.Trim())) Fail(SeedReader.CaseFileName, caseFile.Key, $"agencies[{i}].name \"{a.Name}\" is listed twice: each agency once.");
                if (string.IsNullOrWhiteSpace(a.FullName)) Fail(SeedReader.CaseFileName, caseFile.Key, $"agencies[{i}].fullName is empty: letters are addressed to it.");
                if (a.Law is not null && !LawKey().IsMatch(a.Law)) Fail(SeedReader.CaseFileName, caseFile.Key, $"agencies[{i}].law \"{a.Law}\" is not a law file's key (lower-case letters, digits and '-', as ca-cpra), or null.");
            }
        }
        else if (caseFile is not null)
        {
            names.Add(caseFile.RegulatorShort);
        }
        var ids = new HashSet<long>();
        foreach (var r in requests)
        {
            var item = RecordsRequest.Numbered(r.Id);
            if (r.Id <= 0 || !ids.Add(r.Id)) Fail(FileName, item, "id must be a number above 0, given once.");
            if (caseFile is not null && !names.Contains(r.Agency)) Fail(FileName, item, $"agency \"{r.Agency}\" is not one of case.json's agencies.");
            if (string.IsNullOrWhiteSpace(r.Subject)) Fail(FileName, item, "subject is empty.");
            if (string.IsNullOrWhiteSpace(r.Records)) Fail(FileName, item, "records is empty: say what was asked for.");
            foreach (var (name, value) in new[] { ("createdAt", r.CreatedAt), ("changedAt", r.ChangedAt) })
            {
                if (!IsInstant(value)) Fail(FileName, item, $"{name} \"{value}\" is not an instant such as 2026-12-07T10:00:00Z.");
            }
            foreach (var l in r.Letters)
            {
                if (l.Kind is not (RequestLetter.Request or RequestLetter.FollowUp)) Fail(FileName, item, $"letter {l.Id}: kind \"{l.Kind}\" must be request or follow-up.");
                if (l.ForDueOn is not null && !IsDay(l.ForDueOn)) Fail(FileName, item, $"letter {l.Id}: forDueOn \"{l.ForDueOn}\" is not a day (yyyy-MM-dd).");
                if (!IsInstant(l.DraftedAt)) Fail(FileName, item, $"letter {l.Id}: draftedAt \"{l.DraftedAt}\" is not an instant.");
            }
            foreach (var f in r.Files)
            {
                if (RequestFile.Kinds.All(k => k.Code != f.Kind)) Fail(FileName, item, $"file {f.Id}: kind \"{f.Kind}\" must be one of {string.Join(", ", RequestFile.Kinds.Select(k => k.Code))}.");
                if (!MediaTypes.IsAccepted(f.MediaType)) Fail(FileName, item, $"file {f.Id}: mediaType \"{f.MediaType}\" is not one the tracker keeps.");
                if (f.DocumentDate is not null && !IsDay(f.DocumentDate)) Fail(FileName, item, $"file {f.Id}: documentDate \"{f.DocumentDate}\" is not a day (yyyy-MM-dd).");
                if (f.Source is not null && !sourceKeys.Contains(f.Source) && !unreadSources.Contains(f.Source)) Fail(FileName, item, $"file {f.Id}: source \"{f.Source}\" is not in {SeedReader.SourcesFileName}.");
                if (!IsInstant(f.AddedAt)) Fail(FileName, item, $"file {f.Id}: addedAt \"{f.AddedAt}\" is not an instant.");
                var path = SeedReader.ArchivePath(directory, f.Sha256);
                if (f.Sha256.Length != 64 || !f.Sha256.All(char.IsAsciiHexDigitLower)) Fail(FileName, item, $"file {f.Id}: sha256 must be 64 lower-case hexadecimal digits.");
                else if (!File.Exists(path)) Fail(FileName, item, $"file {f.Id}: its bytes ({SeedReader.ArchiveFolder}/{f.Sha256}) are missing.");
                else if (EvidenceArchive.Sha256Of(File.ReadAllBytes(path)) != f.Sha256) Fail(FileName, item, $"file {f.Id}: its bytes' SHA-256 is not the one given: the file was changed or damaged.");
            }
            foreach (var e in r.Entries)
            {
                if (RequestEntryKinds.All.All(k => k.Code != e.Kind)) Fail(FileName, item, $"entry {e.Id}: kind \"{e.Kind}\" must be one of {string.Join(", ", RequestEntryKinds.All.Select(k => k.Code))}.");
                if (!IsDay(e.OccurredOn)) Fail(FileName, item, $"entry {e.Id}: occurredOn \"{e.OccurredOn}\" is not a day (yyyy-MM-dd).");
                if (e.ExtensionDayKind is not (null or RecordsLaw.CalendarDays or RecordsLaw.WorkingDays)) Fail(FileName, item, $"entry {e.Id}: extensionDayKind \"{e.ExtensionDayKind}\" must be calendar, working or null.");
                if (e.ReceivedOn is not null && !IsDay(e.ReceivedOn)) Fail(FileName, item, $"entry {e.Id}: receivedOn \"{e.ReceivedOn}\" is not a day (yyyy-MM-dd).");
                if (e.File is { } file && r.Files.All(f => f.Id != file)) Fail(FileName, item, $"entry {e.Id}: file {file} is not one of the request's files.");
                if (e.Letter is { } letter && r.Letters.All(l => l.Id != letter)) Fail(FileName, item, $"entry {e.Id}: letter {letter} is not one of the request's letters.");
                if (e.Source is not null && !sourceKeys.Contains(e.Source) && !unreadSources.Contains(e.Source)) Fail(FileName, item, $"entry {e.Id}: source \"{e.Source}\" is not in {SeedReader.SourcesFileName}.");
                if (!IsInstant(e.RecordedAt)) Fail(FileName, item, $"entry {e.Id}: recordedAt \"{e.RecordedAt}\" is not an instant.");
                if (e.Withdrawn is { } w && !IsInstant(w.At)) Fail(FileName, item, $"entry {e.Id}: withdrawn.at \"{w.At}\" is not an instant.");
            }
        }
    }

    /// <summary>Loads the agencies and the requests inside the seed's transaction, with the numbers an export gave them.</summary>
    public static async Task LoadAsync(DbConnection connection, DbTransaction transaction, CaseFile caseFile, IReadOnlyList<RequestItem> requests, string directory, IReadOnlyDictionary<string, long> sources)
    {
        // A database migrated before its case was loaded holds no agency; one that did is replaced by the seed's list.
        await RecordsAgencyStore.DeleteAllAsync(connection, transaction);
        var agencyIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var agency in Agencies(caseFile))
        {
            agencyIds[agency.Name] = await RecordsAgencyStore.InsertAsync(connection, transaction, agency);
        }
        foreach (var r in requests)
        {
            await RecordsRequestStore.ImportAsync(connection, transaction, new RecordsRequest
            {
                Id = r.Id,
                AgencyId = agencyIds[r.Agency],
                LawKey = r.Law,
                QuestionKey = r.QuestionKey,
                Question = r.Question,
                QuestionPath = r.QuestionPath,
                Subject = r.Subject,
                Records = r.Records,
                ElectronicCopies = r.ElectronicCopies,
                Letter = r.Letter ?? "",
                RequesterName = r.Requester?.Name ?? "",
                RequesterOrganization = r.Requester?.Organization,
                RequesterAddress = r.Requester?.Address,
                RequesterEmail = r.Requester?.Email,
                IsPublic = r.IsPublic,
                CreatedAt = Instant(r.CreatedAt),
                CreatedBy = r.CreatedBy,
                ChangedAt = Instant(r.ChangedAt),
                ChangedBy = r.ChangedBy,
                Version = r.Version,
            });
            foreach (var l in r.Letters)
            {
                await RecordsRequestStore.ImportLetterAsync(connection, transaction, new RequestLetter
                {
                    Id = l.Id,
                    RequestId = r.Id,
                    Kind = l.Kind,
                    Text = l.Text,
                    ForDueOn = l.ForDueOn is null ? null : Day(l.ForDueOn),
                    DraftedAt = Instant(l.DraftedAt),
                    DraftedBy = l.DraftedBy,
                });
            }
            foreach (var f in r.Files)
            {
                await RequestFileStore.InsertAsync(connection, transaction, new RequestFile
                {
                    Id = f.Id,
                    RequestId = r.Id,
                    Kind = f.Kind,
                    Title = f.Title,
                    DocumentDate = f.DocumentDate is null ? null : Day(f.DocumentDate),
                    Sha256 = f.Sha256,
                    Bytes = f.Bytes,
                    MediaType = f.MediaType,
                    FileName = f.FileName,
                    AddedAt = Instant(f.AddedAt),
                    AddedBy = f.AddedBy,
                    SourceId = f.Source is null ? null : sources[f.Source],
                }, await File.ReadAllBytesAsync(SeedReader.ArchivePath(directory, f.Sha256)));
            }
            foreach (var e in r.Entries)
            {
                await RequestEntryStore.ImportAsync(connection, transaction, new RequestEntry
                {
                    Id = e.Id,
                    RequestId = r.Id,
                    Kind = e.Kind,
                    OccurredOn = Day(e.OccurredOn),
                    ReceivedOn = e.ReceivedOn is null ? null : Day(e.ReceivedOn),
                    ExtensionDays = e.ExtensionDays,
                    ExtensionDayKind = e.ExtensionDayKind,
                    IsDetermination = e.IsDetermination,
                    Method = e.Method,
                    Note = e.Note,
                    FileId = e.File,
                    SourceId = e.Source is null ? null : sources[e.Source],
                    LetterId = e.Letter,
                    RecordedAt = Instant(e.RecordedAt),
                    RecordedBy = e.RecordedBy,
                    WithdrawnAt = e.Withdrawn is { } w ? Instant(w.At) : null,
                    WithdrawnBy = e.Withdrawn?.By,
                    WithdrawnReason = e.Withdrawn?.Reason,
                });
            }
        }
        await RecordsRequestStore.RestartIdsAsync(connection, transaction);
    }

    /// <summary>The agencies for case.json, in the case's order.</summary>
    public static async Task<List<AgencyItem>> AgencyItemsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        (await RecordsAgencyStore.ListAsync(connection, transaction, cancellationToken))
            .Select(a => new AgencyItem { Name = a.Name, FullName = a.FullName, Law = a.LawKey, RecordsAddress = a.RecordsAddress })
            .ToList();

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Writes requests.json and the documents' bytes into an export, when there is a request to write; returns how many
    /// requests were written. Without <paramref name="includePrivate"/>: public requests that were sent, without their
    /// requester, letters or any document not made a source.
    /// </summary>
    public static async Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, string directory, bool includePrivate, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        var records = (await RequestsQuery.ListAsync(connection, transaction, RecordsLaws.None, new DateOnly(2000, 1, 1), includePrivate, cancellationToken))
            .Where(r => includePrivate || !r.Standing.IsDraft)
            .ToList();
        if (records.Count == 0)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
            return 0;
        }
        var sources = (await SourceStore.ListAsync(connection, transaction, cancellationToken)).ToDictionary(s => s.Id, s => s.Key);
        var items = new List<RequestItem>();
        foreach (var r in records.OrderBy(r => r.Request.Id))
        {
            var files = r.Files.Where(f => includePrivate || f.SourceKey is not null).ToList();
            foreach (var f in files)
            {
                var content = await RequestFileStore.ReadContentAsync(connection, transaction, f.Id, cancellationToken);
                if (content is null || EvidenceArchive.Sha256Of(content) != f.Sha256)
                {
                    throw new IOException($"document {f.Id} of request {r.Request.Number} no longer matches its SHA-256 {f.Sha256}; restore it from a backup before exporting.");
                }
                var file = SeedReader.ArchivePath(directory, f.Sha256);
                if (!File.Exists(file))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    await File.WriteAllBytesAsync(file + ".tmp", content, cancellationToken);
                    File.Move(file + ".tmp", file, overwrite: true);
                }
            }
            var q = r.Request;
            items.Add(new RequestItem
            {
                Id = q.Id,
                Agency = r.Agency.Name,
                Law = q.LawKey,
                QuestionKey = q.QuestionKey,
                Question = q.Question,
                QuestionPath = q.QuestionPath,
                Subject = q.Subject,
                Records = q.Records,
                ElectronicCopies = q.ElectronicCopies,
                IsPublic = q.IsPublic,
                Requester = includePrivate ? new RequesterItem { Name = q.RequesterName, Organization = q.RequesterOrganization, Address = q.RequesterAddress, Email = q.RequesterEmail } : null,
                Letter = includePrivate ? q.Letter : null,
                CreatedAt = Instant(q.CreatedAt),
                CreatedBy = q.CreatedBy,
                ChangedAt = Instant(q.ChangedAt),
                ChangedBy = q.ChangedBy,
                Version = q.Version,
                Letters = includePrivate
                    ? r.Letters.Select(l => new RequestLetterItem { Id = l.Id, Kind = l.Kind, Text = l.Text, ForDueOn = l.ForDueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DraftedAt = Instant(l.DraftedAt), DraftedBy = l.DraftedBy }).ToList()
                    : [],
                Files = files.Select(f => new RequestFileItem
                {
                    Id = f.Id,
                    Kind = f.Kind,
                    Title = f.Title,
                    DocumentDate = f.DocumentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Sha256 = f.Sha256,
                    Bytes = f.Bytes,
                    MediaType = f.MediaType,
                    FileName = f.FileName,
                    AddedAt = Instant(f.AddedAt),
                    AddedBy = f.AddedBy,
                    Source = f.SourceKey,
                }).ToList(),
                Entries = r.Entries.Select(e => new RequestEntryItem
                {
                    Id = e.Id,
                    Kind = e.Kind,
                    OccurredOn = e.OccurredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ReceivedOn = e.ReceivedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ExtensionDays = e.ExtensionDays,
                    ExtensionDayKind = e.ExtensionDayKind,
                    IsDetermination = e.IsDetermination,
                    Method = e.Method,
                    Note = e.Note,
                    File = e.FileId is { } id && files.Any(f => f.Id == id) ? id : null,
                    Letter = includePrivate ? e.LetterId : null,
                    Source = e.SourceId is { } s ? sources[s] : null,
                    RecordedAt = Instant(e.RecordedAt),
                    RecordedBy = e.RecordedBy,
                    Withdrawn = e.WithdrawnAt is { } at ? new RequestWithdrawalItem { At = Instant(at), By = e.WithdrawnBy ?? "", Reason = e.WithdrawnReason ?? "" } : null,
                }).ToList(),
            });
        }
        await using (var stream = File.Create(path + ".tmp"))
        {
            await JsonSerializer.SerializeAsync(stream, items, Json, cancellationToken);
            stream.WriteByte((byte)'\n');
        }
        File.Move(path + ".tmp", path, overwrite: true);
        return items.Count;
    }

    private static bool IsInstant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) && text!.Contains('T', StringComparison.Ordinal);

    private static bool IsDay(string text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
