using System.Data.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;

namespace ComplianceTracker.Web.Infrastructure.Seed;

/// <summary>
/// Writes the whole current record as a seed folder with history (format 2, data/README.md): the items as they stand
/// now, and under each the entries that made it so, with their numbers, times and the names the public record shows.
/// Accounts, passwords, sessions and schedules are not part of it. Items and entries are in the order they were put on
/// file (id order) and the JSON is written one way only, so two exports of the same record are the same bytes and two
/// exports a day apart differ only where the record did.
/// </summary>
public static class RecordExporter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Names and titles in any script stay readable in a diff; quotes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>What an export wrote, for the command's one line.</summary>
    public sealed record Summary(string CaseKey, int Sources, int Deficiencies, int StatusChanges, int LedgerEntries, int FieldEdits, int TimelineItems, int Editions, int Passages = 0, int ArchivedCopies = 0, int Requests = 0);

    /// <param name="database">The record.</param>
    /// <param name="directory">The folder written.</param>
    /// <param name="includePrivate">Also the private records requests, drafts, requesters and letters (see Features/Requests/RequestsSeed).</param>
    /// <param name="cancellationToken">Stops the export.</param>
    public static Task<Summary> ExportAsync(Database database, string directory, bool includePrivate = false, CancellationToken cancellationToken = default) =>
        // One snapshot of the record, so an edit saved while the files are written cannot leave an entry without its item.
        database.ReadSnapshotAsync((connection, transaction) => ExportAsync(connection, transaction, directory, includePrivate, cancellationToken), cancellationToken);

    private static async Task<Summary> ExportAsync(DbConnection connection, DbTransaction transaction, string directory, bool includePrivate, CancellationToken cancellationToken)
    {
        var record = await CaseStore.GetAsync(connection, transaction, cancellationToken) ?? throw new InvalidOperationException("The database holds no case to export.");
        // Items and entries in the order they were put on file (id order), whatever order the stores list them in.
        var sourceRows = (await SourceStore.ListAsync(connection, transaction, cancellationToken)).OrderBy(s => s.Id).ToList();
        var surveys = (await SurveyStore.ListAsync(connection, transaction, cancellationToken)).OrderBy(s => s.Id).ToList();
        var findings = new List<AggregateFinding>();
        foreach (var survey in surveys)
        {
            findings.AddRange(await SurveyStore.ListFindingsAsync(connection, transaction, survey.Id, cancellationToken));
        }
        findings.Sort((a, b) => a.Id.CompareTo(b.Id));
        var deficiencies = (await DeficiencyStore.ListAsync(connection, transaction, cancellationToken)).OrderBy(d => d.Id).ToList();
        var evidence = (await RecordFileStore.ListEvidenceAsync(connection, transaction)).ToLookup(e => e.DeficiencyId);
        var repeats = (await RecordFileStore.ListRepeatsAsync(connection, transaction)).ToLookup(r => r.DeficiencyId);
        var obligations = await ObligationStore.ListAsync(connection, transaction, cancellationToken);
        var ledger = (await RecordFileStore.ListLedgerAsync(connection, transaction)).ToLookup(l => l.ObligationId);
        var timeline = await RecordFileStore.ListTimelineAsync(connection, transaction);
        var changes = new List<StatusChange>();
        foreach (var subjectType in new[] { "deficiency", "obligation", "deadline" })
        {
            changes.AddRange(await StatusChangeStore.ListForTypeAsync(connection, transaction, subjectType, cancellationToken));
        }
        changes.Sort((a, b) => a.Id.CompareTo(b.Id));
        var fieldEdits = (await RecordFileStore.ListFieldEditsAsync(connection, transaction)).ToLookup(e => (e.ItemType, e.ItemId));
        var editions = (await EditionStore.ListAsync(connection, transaction, cancellationToken)).OrderBy(e => e.Number).ToList();
        var passages = (await PassageStore.ListAsync(connection, transaction, cancellationToken)).ToLookup(p => (p.ItemType, p.ItemId));
        List<PassageItem>? Passages(string itemType, long id) => passages[(itemType, id)] is var list && list.Any()
            ? list.Select(p => new PassageItem { Source = p.SourceKey, Text = p.Text, AddedAt = Instant(p.AddedAt), AddedBy = p.AddedBy }).ToList()
            : null;
        // An entry (a status, a money entry, evidence) rests on one passage of its one source.
        string? Passage(string itemType, long id) => passages[(itemType, id)].FirstOrDefault()?.Text;
        var copies = await ArchivedCopyStore.ListAsync(connection, transaction, cancellationToken);
        var cites = new Dictionary<string, ILookup<long, string>>();
        foreach (var itemType in new[] { "survey", "finding", "deficiency", "obligation", "timeline" })
        {
            cites[itemType] = await RecordFileStore.ListCitationsAsync(connection, transaction, itemType);
        }
        var withdrawn = (await RecordFileStore.ListWithdrawalsAsync(connection, transaction)).ToDictionary(w => (w.EntryType, w.EntryId));
        WithdrawalItem? Withdrawn(string entryType, long id) => withdrawn.TryGetValue((entryType, id), out var w)
            ? new WithdrawalItem { Kind = w.ReasonKind, Reason = w.Reason.Length == 0 ? null : w.Reason, At = Instant(w.WithdrawnAt), By = w.WithdrawnBy }
            : null;
        // An entry stops standing when a correction that still stands names it, or when it is withdrawn itself.
        var corrected = changes.Where(c => c.CorrectsId is not null && !withdrawn.ContainsKey(("status", c.Id))).Select(c => c.CorrectsId!.Value)
            .Concat(changes.Where(c => withdrawn.ContainsKey(("status", c.Id))).Select(c => c.Id)).ToHashSet();
        var changesOf = changes.ToLookup(c => (c.SubjectType, c.SubjectId));
        var obligationCodes = obligations.ToDictionary(o => o.Id, o => o.Code);

        var caseFile = new CaseFile
        {
            FormatVersion = SeedReader.ExportFormatVersion,
            Key = record.Key,
            Title = record.Title,
            Plan = record.Plan,
            Regulator = record.Regulator,
            RegulatorShort = record.RegulatorShort,
            Summary = record.Summary,
            PrimarySurvey = record.PrimarySurveyKey,
            KeyDeadline = record.KeyDeadlineCode.Length == 0 ? null : record.KeyDeadlineCode,
            Assessors = record.Assessors.Select(a => new AssessorItem { Role = a.Role, Name = a.Name }).ToList(),
            LoadedAt = Instant(record.LoadedAt),
            TimeZone = record.TimeZone,
            ObligationOrigin = record.ObligationOrigin == ObligationOrigins.Settlement ? null : record.ObligationOrigin,
            HeadlineAssessor = record.HeadlineAssessor == Assessors.Regulator ? null : record.HeadlineAssessor,
            Agencies = await Features.Requests.RequestsSeed.AgencyItemsAsync(connection, transaction, cancellationToken),
        };

        var sources = sourceRows.Select(s => new SourceItem
        {
            Key = s.Key,
            Title = s.Title,
            Publisher = s.Publisher,
            PublishedOn = Date(s.PublishedOn, s.PublishedPrecision),
            Kind = s.Kind,
            Party = s.Party,
            IsCopy = s.IsCopy,
            CopyOf = s.CopyOfKey,
            Url = s.Url.Length == 0 ? null : s.Url,
            Note = s.Note,
            AddedAt = Instant(s.AddedAt),
            AddedBy = s.AddedBy,
            Version = s.Version,
            Edits = Edits(fieldEdits[("source", s.Id)], Withdrawn),
        }).ToList();

        var surveyItems = surveys.Select(s => new SurveyItem
        {
            Key = s.Key,
            Title = s.Title,
            Regulator = s.Regulator,
            StartedOn = Date(s.StartedOn, s.StartedPrecision),
            DeficiencyCount = s.DeficiencyCount,
            CodePrefix = s.CodePrefix,
            Description = s.Description,
            Sources = cites["survey"][s.Id].ToList(),
            Passages = Passages("survey", s.Id),
            Confidence = s.Confidence,
            AggregateFindings = findings.Where(f => f.SurveyId == s.Id).Select(f => new AggregateFindingItem
            {
                Assessor = f.Assessor,
                EffectiveOn = PartialDate.FromStored(f.EffectiveOn, f.EffectivePrecision).Iso,
                Title = f.Title,
                Counts = f.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value),
                Sources = cites["finding"][f.Id].ToList(),
                Passages = Passages("aggregate-finding", f.Id),
                Confidence = f.Confidence,
                Note = f.Note,
            }).ToList(),
        }).ToList();

        var deficiencyItems = new List<DeficiencyItem>();
        foreach (var d in deficiencies)
        {
            var assessments = changesOf[("deficiency", d.Id)].ToList();
            var edits = Edits(fieldEdits[("deficiency", d.Id)], Withdrawn);
            var sourceKeys = cites["deficiency"][d.Id].ToList();
            var said = new[] { d.RegulatorNumber, d.Title, d.Area, d.LegalCitation, d.Finding, d.Notes, d.Confidence }.Any(v => v is not null);
            // A slot nothing describes and nothing has happened to is left out, as in a hand-written seed.
            if (!said && assessments.Count == 0 && edits.Count == 0 && sourceKeys.Count == 0 && !evidence[d.Id].Any() && !repeats[d.Id].Any() && !d.IsWithdrawn && d.Version == 1)
            {
                continue;
            }
            deficiencyItems.Add(new DeficiencyItem
            {
                Survey = d.SurveyKey,
                Slot = d.Slot,
                RegulatorNumber = d.RegulatorNumber,
                Title = d.Title,
                Area = d.Area,
                LegalCitation = d.LegalCitation,
                Finding = d.Finding,
                Notes = d.Notes,
                Sources = sourceKeys,
                Passages = Passages("deficiency", d.Id),
                Evidence = evidence[d.Id].Select(e => new EvidenceItem { Text = e.Text, Source = e.SourceKey, Passage = Passage("evidence", e.Id), Confidence = e.Confidence, Note = e.Note }).ToList(),
                Repeats = repeats[d.Id].Select(r => new RepeatItem { Survey = r.EarlierSurveyKey, Slot = r.EarlierSlot, Source = r.SourceKey, Note = r.Note }).ToList(),
                Withdrawn = d.Withdrawn is { } withdrawnOn
                    ? new FindingWithdrawalItem { On = withdrawnOn.Iso, Source = d.WithdrawnSourceKey!, Note = d.WithdrawnNote }
                    : null,
                Confidence = d.Confidence,
                Assessments = assessments.Select(c => new AssessmentItem
                {
                    Id = c.Id,
                    Assessor = c.Assessor ?? "",
                    FromStatus = c.FromStatus,
                    Status = c.ToStatus,
                    EffectiveOn = c.Effective.Iso,
                    Reason = c.Reason,
                    Source = c.SourceKey,
                    Passage = Passage("status", c.Id),
                    Confidence = c.Confidence,
                    RecordedAt = Instant(c.RecordedAt),
                    RecordedBy = c.RecordedBy,
                    Corrects = c.CorrectsId,
                    ResultingVersion = c.ResultingVersion,
                    Withdrawn = Withdrawn("status", c.Id),
                }).ToList(),
                Version = d.Version,
                Edits = edits,
            });
        }

        var obligationItems = obligations.Select(o =>
        {
            var history = changesOf[("obligation", o.Id)].ToList();
            var current = history.Where(c => !corrected.Contains(c.Id)).OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.Id).FirstOrDefault();
            return new ObligationItem
            {
                Code = o.Code,
                Parent = o.ParentId is { } parent ? obligationCodes[parent] : null,
                Kind = o.Kind,
                Title = o.Title,
                Description = o.Description,
                AmountUsd = o.AmountUsd,
                DueOn = Date(o.DueOn, o.DuePrecision),
                DueNote = o.DueNote,
                Status = current?.ToStatus ?? "unknown",
                StatusOn = current?.Effective.Iso,
                StatusReason = o.StatusNote ?? "",
                StatusSource = current?.SourceKey,
                Sources = cites["obligation"][o.Id].ToList(),
                Passages = Passages("obligation", o.Id),
                Confidence = o.Confidence,
                Ledger = ledger[o.Id].Select(l => new LedgerItem
                {
                    Id = l.Id,
                    Entry = l.Entry,
                    AmountUsd = l.AmountUsd,
                    On = PartialDate.FromStored(l.OccurredOn, l.OccurredPrecision).Iso,
                    Source = l.SourceKey,
                    Passage = Passage("ledger", l.Id),
                    Confidence = l.Confidence,
                    Note = l.Note,
                    RecordedAt = Instant(l.RecordedAt),
                    RecordedBy = l.RecordedBy,
                    Corrects = l.CorrectsId,
                    ResultingVersion = l.ResultingVersion,
                    Withdrawn = Withdrawn("ledger", l.Id),
                }).ToList(),
                Version = o.Version,
                StatusChanges = Changes(history, Withdrawn, Passage),
                Edits = Edits(fieldEdits[("obligation", o.Id)], Withdrawn),
            };
        }).ToList();

        var timelineItems = timeline.Select(t => new TimelineEntryItem
        {
            Code = t.Code,
            Kind = t.Kind,
            DeadlineType = t.DeadlineType,
            Title = t.Title,
            Description = t.Description,
            Date = t.Occurs.Iso,
            AlternateDate = t.Alternate?.Iso,
            AlternateNote = t.AlternateNote,
            Status = t.Status,
            Obligation = t.ObligationCode,
            Milestone = t.Milestone,
            Sources = cites["timeline"][t.Id].ToList(),
            Passages = Passages("timeline-item", t.Id),
            Confidence = t.Confidence,
            RecordedAt = Instant(t.RecordedAt),
            RecordedBy = t.RecordedBy,
            Version = t.Version,
            StatusChanges = Changes(changesOf[("deadline", t.Id)], Withdrawn, Passage),
            Edits = Edits(fieldEdits[("timeline", t.Id)], Withdrawn),
            Withdrawn = Withdrawn("timeline-item", t.Id),
        }).ToList();

        var editionItems = editions.Select(e => new EditionItem
        {
            Number = e.Number,
            AsOf = Instant(e.AsOf),
            GeneratedAt = Instant(e.GeneratedAt),
            Trigger = e.Trigger,
            OccurrenceKey = e.OccurrenceKey,
            FileName = e.FileName,
            Sha256 = e.Sha256,
            Bytes = e.Bytes,
            Pages = e.Pages,
        }).ToList();

        Directory.CreateDirectory(directory);
        await WriteAsync(directory, SeedReader.CaseFileName, caseFile, cancellationToken);
        await WriteAsync(directory, SeedReader.SourcesFileName, sources, cancellationToken);
        await WriteAsync(directory, SeedReader.SurveysFileName, surveyItems, cancellationToken);
        await WriteAsync(directory, SeedReader.DeficienciesFileName, deficiencyItems, cancellationToken);
        await WriteAsync(directory, SeedReader.ObligationsFileName, obligationItems, cancellationToken);
        await WriteAsync(directory, SeedReader.TimelineFileName, timelineItems, cancellationToken);
        await WriteAsync(directory, SeedReader.EditionsFileName, editionItems, cancellationToken);

        // Each copy's bytes under its SHA-256 (checked as they are read, so a damaged copy is not exported as sound),
        // then the list; archive.json is written only when there is a copy, as a hand-written seed has none.
        if (copies.Count > 0)
        {
            Directory.CreateDirectory(Path.Combine(directory, SeedReader.ArchiveFolder));
            foreach (var copy in copies)
            {
                var content = await ArchivedCopyStore.ReadContentAsync(connection, transaction, copy.Id, cancellationToken);
                if (content is null || EvidenceArchive.Sha256Of(content) != copy.Sha256)
                {
                    throw new IOException($"archived copy {copy.Id} of source {copy.SourceKey} no longer matches its SHA-256 {copy.Sha256}; restore it from a backup before exporting.");
                }
                var path = SeedReader.ArchivePath(directory, copy.Sha256);
                if (!File.Exists(path))
                {
                    await File.WriteAllBytesAsync(path + ".tmp", content, cancellationToken);
                    File.Move(path + ".tmp", path, overwrite: true);
                }
            }
            await WriteAsync(directory, SeedReader.ArchiveFileName, copies.OrderBy(c => c.Id).Select(c => new ArchivedCopyItem
            {
                Source = c.SourceKey,
                Sha256 = c.Sha256,
                Bytes = c.Bytes,
                MediaType = c.MediaType,
                FileName = c.FileName,
                Method = c.Method,
                RequestedUrl = c.RequestedUrl,
                RetrievedFrom = c.RetrievedFrom,
                HttpStatus = c.HttpStatus,
                RetrievedAt = Instant(c.RetrievedAt),
                AddedBy = c.AddedBy,
            }).ToList(), cancellationToken);
        }

        var requests = await Features.Requests.RequestsSeed.WriteAsync(connection, transaction, directory, includePrivate, cancellationToken);

        return new Summary(record.Key, sources.Count, deficiencyItems.Count, changes.Count, ledger.Sum(l => l.Count()),
            fieldEdits.Sum(e => e.Count()), timelineItems.Count, editionItems.Count, passages.Sum(p => p.Count()), copies.Count, requests);
    }

    private static List<StatusChangeItem> Changes(IEnumerable<StatusChange> changes, Func<string, long, WithdrawalItem?> withdrawn, Func<string, long, string?> passage) => changes.Select(c => new StatusChangeItem
    {
        Id = c.Id,
        FromStatus = c.FromStatus,
        Status = c.ToStatus,
        EffectiveOn = c.Effective.Iso,
        Reason = c.Reason,
        Source = c.SourceKey,
        Passage = passage("status", c.Id),
        Confidence = c.Confidence,
        RecordedAt = Instant(c.RecordedAt),
        RecordedBy = c.RecordedBy,
        Corrects = c.CorrectsId,
        ResultingVersion = c.ResultingVersion,
        Withdrawn = withdrawn("status", c.Id),
    }).ToList();

    private static List<FieldEditItem> Edits(IEnumerable<RecordFileStore.FieldEditRow> edits, Func<string, long, WithdrawalItem?> withdrawn) => edits.Select(e => new FieldEditItem
    {
        Id = e.Id,
        Field = e.Field,
        OldValue = e.OldValue,
        NewValue = e.NewValue,
        Reason = e.Reason,
        Source = e.SourceKey,
        RecordedAt = Instant(e.RecordedAt),
        RecordedBy = e.RecordedBy,
        ResultingVersion = e.ResultingVersion,
        Withdrawn = withdrawn("field-edit", e.Id),
    }).ToList();

    private static string? Date(DateOnly? start, string? precision) =>
        start is { } day ? PartialDate.FromStored(day, precision ?? "day").Iso : null;

    /// <summary>UTC, to the tick, one way only: "2026-11-27T20:00:00.0000000+00:00".</summary>
    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Written in full under a temporary name, then moved into place, so a reader never sees half a file.</summary>
    private static async Task WriteAsync<T>(string directory, string fileName, T value, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, fileName);
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, value, JsonOptions, cancellationToken);
            stream.WriteByte((byte)'\n');
        }
        File.Move(temporary, path, overwrite: true);
    }
}
