using System.Globalization;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;

namespace ComplianceTracker.Web.Infrastructure.Seed;

/// <summary>Loads a seed folder into an empty database, all or nothing. A database that already holds a case is left alone.</summary>
public sealed class SeedLoader(Database database, TimeProvider clock, ILogger<SeedLoader> logger)
{
    public const string RecordedBy = "seed";

    /// <returns>True when the seed was loaded; false when the database already held a case.</returns>
    public async Task<bool> LoadIfEmptyAsync(string directory, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await CaseStore.ExistsAsync(connection))
        {
            logger.LogInformation("The database already holds a case; the seed in {Directory} is not loaded again.", directory);
            return false;
        }

        var seed = SeedReader.Read(directory);
        var now = clock.GetUtcNow();
        var history = seed.HasHistory;
        // An export's entries keep the numbers the public record shows them by; they are added once every item is in.
        var changes = new List<StatusChange>();
        var ledger = new List<LedgerEntry>();
        var edits = new List<FieldEdit>();
        var versions = new List<(string ItemType, long Id, int Version)>();
        var withdrawals = new List<RecordFileStore.WithdrawalRow>();
        // Passages are added last, once every entry they quote for has its id and every archived copy is in.
        var passages = new List<Passage>();

        void KeepPassages(string itemType, long itemId, List<PassageItem>? items, Func<string?, long?> sourceId)
        {
            foreach (var p in items ?? [])
            {
                passages.Add(new Passage
                {
                    ItemType = itemType,
                    ItemId = itemId,
                    SourceId = sourceId(p.Source)!.Value,
                    Text = p.Text.Trim(),
                    AddedAt = p.AddedAt is null ? now : Instant(p.AddedAt),
                    AddedBy = p.AddedBy ?? RecordedBy,
                });
            }
        }

        void KeepPassage(string itemType, long itemId, string? text, long? sourceId)
        {
            if (text is not null && sourceId is { } id)
            {
                passages.Add(new Passage { ItemType = itemType, ItemId = itemId, SourceId = id, Text = text.Trim(), AddedAt = now, AddedBy = RecordedBy });
            }
        }

        void KeepWithdrawal(string entryType, long entryId, string itemType, long itemId, WithdrawalItem? w)
        {
            if (w is null)
            {
                return;
            }
            withdrawals.Add(new RecordFileStore.WithdrawalRow
            {
                EntryType = entryType,
                EntryId = entryId,
                ItemType = itemType,
                ItemId = itemId,
                ReasonKind = w.Kind,
                Reason = w.Reason ?? "",
                WithdrawnAt = Instant(w.At),
                WithdrawnBy = w.By,
            });
        }

        void Keep(string itemType, long itemId, int? version, List<FieldEditItem>? itemEdits, Func<string?, long?> sourceId)
        {
            if (version is { } v && v != 1) versions.Add((itemType, itemId, v));
            foreach (var e in itemEdits ?? [])
            {
                edits.Add(new FieldEdit
                {
                    Id = e.Id,
                    ItemType = itemType,
                    ItemId = itemId,
                    Field = e.Field,
                    OldValue = e.OldValue,
                    NewValue = e.NewValue,
                    RecordedAt = Instant(e.RecordedAt),
                    RecordedBy = e.RecordedBy,
                    Reason = e.Reason,
                    SourceId = sourceId(e.Source),
                    ResultingVersion = e.ResultingVersion,
                });
                KeepWithdrawal("field-edit", e.Id, itemType, itemId, e.Withdrawn);
            }
        }

        void KeepChanges(string subjectType, long subjectId, List<StatusChangeItem>? items, Func<string?, long?> sourceId)
        {
            foreach (var c in items ?? [])
            {
                var effective = Date(c.EffectiveOn)!.Value;
                changes.Add(new StatusChange
                {
                    Id = c.Id,
                    SubjectType = subjectType,
                    SubjectId = subjectId,
                    FromStatus = c.FromStatus,
                    ToStatus = c.Status,
                    EffectiveOn = effective.Start,
                    EffectivePrecision = effective.PrecisionName,
                    RecordedAt = Instant(c.RecordedAt),
                    RecordedBy = c.RecordedBy,
                    Reason = c.Reason,
                    SourceId = sourceId(c.Source),
                    Confidence = c.Confidence,
                    CorrectsId = c.Corrects,
                    ResultingVersion = c.ResultingVersion,
                });
                KeepWithdrawal("status", c.Id, subjectType, subjectId, c.Withdrawn);
                KeepPassage("status", c.Id, c.Passage, sourceId(c.Source));
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Checked again inside the transaction: two instances starting at once must not load the case twice.
        if (await CaseStore.ExistsAsync(connection, transaction))
        {
            return false;
        }

        await CaseStore.InsertAsync(connection, transaction, new CaseRecord
        {
            Key = seed.Case.Key,
            Title = seed.Case.Title,
            Plan = seed.Case.Plan,
            Regulator = seed.Case.Regulator,
            RegulatorShort = seed.Case.RegulatorShort,
            Summary = seed.Case.Summary,
            PrimarySurveyKey = seed.Case.PrimarySurvey,
            // No key deadline is kept as no code: the pages look it up and find none.
            KeyDeadlineCode = seed.Case.KeyDeadline ?? "",
            LoadedAt = history ? Instant(seed.Case.LoadedAt) : now,
            TimeZone = seed.Case.TimeZone,
            ObligationOrigin = seed.Case.ObligationOrigin ?? ObligationOrigins.Settlement,
            HeadlineAssessor = seed.Case.HeadlineAssessor ?? Assessors.Regulator,
            Assessors = seed.Case.Assessors is { } listed
                ? listed.Select(a => new CaseAssessor { Role = a.Role, Name = a.Name.Trim() }).ToList()
                : [new CaseAssessor { Role = Assessors.Regulator, Name = seed.Case.RegulatorShort }, new CaseAssessor { Role = Assessors.Plan, Name = seed.Case.Plan }],
        });

        var sourceDates = new Dictionary<string, PartialDate?>(StringComparer.Ordinal);
        foreach (var s in seed.Sources)
        {
            var published = Date(s.PublishedOn);
            sourceDates[s.Key] = published;
            await SourceStore.InsertAsync(connection, transaction, new Source
            {
                Key = s.Key,
                Title = s.Title.Trim(),
                Publisher = s.Publisher.Trim(),
                PublishedOn = published?.Start,
                PublishedPrecision = published?.PrecisionName,
                Kind = s.Kind,
                // An export says whose document each source is as recorded, null included: no default is taken from the kind.
                Party = history ? s.Party : s.Party ?? Source.DefaultParty(s.Kind),
                IsCopy = s.IsCopy,
                Url = s.Url?.Trim() ?? "",
                Note = s.Note,
                AddedAt = history ? Instant(s.AddedAt) : now,
                AddedBy = s.AddedBy ?? RecordedBy,
            });
        }
        var sources = await SourceStore.MapKeysAsync(connection, transaction);
        foreach (var s in seed.Sources)
        {
            Keep("source", sources[s.Key], s.Version, s.Edits, SourceId);
        }
        foreach (var s in seed.Sources.Where(s => s.CopyOf is not null))
        {
            await SourceStore.SetCopyOfAsync(connection, transaction, sources[s.Key], sources[s.CopyOf!]);
        }
        long? SourceId(string? key) => key is null ? null : sources[key];

        var surveyIds = new Dictionary<string, (long Id, SurveyItem Item)>(StringComparer.Ordinal);
        foreach (var s in seed.Surveys)
        {
            var started = Date(s.StartedOn);
            var surveyId = await SurveyStore.InsertAsync(connection, transaction, new Survey
            {
                Key = s.Key,
                Title = s.Title,
                Regulator = s.Regulator,
                StartedOn = started?.Start,
                StartedPrecision = started?.PrecisionName,
                DeficiencyCount = s.DeficiencyCount,
                CodePrefix = s.CodePrefix,
                Description = s.Description,
                Confidence = s.Confidence,
            });
            surveyIds[s.Key] = (surveyId, s);
            KeepPassages("survey", surveyId, s.Passages, SourceId);
            foreach (var key in s.Sources.Distinct())
            {
                await SurveyStore.LinkSourceAsync(connection, transaction, surveyId, sources[key]);
            }
            foreach (var f in s.AggregateFindings)
            {
                var effective = Date(f.EffectiveOn)!.Value;
                var findingId = await SurveyStore.InsertFindingAsync(connection, transaction, new AggregateFinding
                {
                    SurveyId = surveyId,
                    Assessor = f.Assessor,
                    EffectiveOn = effective.Start,
                    EffectivePrecision = effective.PrecisionName,
                    Title = f.Title,
                    Confidence = f.Confidence,
                    Note = f.Note,
                    Counts = f.Counts,
                }, f.Sources.Distinct().Select(k => sources[k]));
                KeepPassages("aggregate-finding", findingId, f.Passages, SourceId);
            }
        }

        var obligationIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var order = 0;
        foreach (var o in seed.Obligations)
        {
            var due = Date(o.DueOn);
            var obligationId = await ObligationStore.InsertAsync(connection, transaction, new Obligation
            {
                Code = o.Code,
                ParentId = o.Parent is null ? null : obligationIds[o.Parent],
                Kind = o.Kind,
                Title = o.Title,
                Description = o.Description,
                AmountUsd = o.AmountUsd,
                DueOn = due?.Start,
                DuePrecision = due?.PrecisionName,
                DueNote = o.DueNote,
                StatusNote = o.StatusReason,
                Confidence = o.Confidence,
                SortOrder = ++order,
            });
            obligationIds[o.Code] = obligationId;
            KeepPassages("obligation", obligationId, o.Passages, SourceId);
            foreach (var key in o.Sources.Distinct())
            {
                await ObligationStore.LinkSourceAsync(connection, transaction, obligationId, sources[key]);
            }

            // Every term starts as unknown, which is no change and gets no history entry, only the note above.
            // A known status takes effect on the date of the document that says so.
            var statusOn = Date(o.StatusOn) ?? (o.StatusSource is null ? null : sourceDates[o.StatusSource]);
            Keep("obligation", obligationId, o.Version, o.Edits, SourceId);
            KeepChanges("obligation", obligationId, o.StatusChanges, SourceId);
            if (!history && statusOn is { } effective && o.Status != "unknown")
            {
                var statusId = await StatusChangeStore.InsertAsync(connection, transaction, new StatusChange
                {
                    SubjectType = "obligation",
                    SubjectId = obligationId,
                    ToStatus = o.Status,
                    EffectiveOn = effective.Start,
                    EffectivePrecision = effective.PrecisionName,
                    RecordedAt = now,
                    RecordedBy = RecordedBy,
                    Reason = o.StatusReason,
                    SourceId = SourceId(o.StatusSource),
                    Confidence = o.StatusConfidence ?? Confidence.Reported,
                });
                KeepPassage("status", statusId, o.StatusPassage, SourceId(o.StatusSource));
            }

            foreach (var l in o.Ledger)
            {
                var on = Date(l.On)!.Value;
                var entry = new LedgerEntry
                {
                    Id = l.Id ?? 0,
                    ObligationId = obligationId,
                    Entry = l.Entry,
                    AmountUsd = l.AmountUsd,
                    OccurredOn = on.Start,
                    OccurredPrecision = on.PrecisionName,
                    SourceId = SourceId(l.Source),
                    Confidence = l.Confidence,
                    Note = l.Note,
                    RecordedAt = history ? Instant(l.RecordedAt) : now,
                    RecordedBy = l.RecordedBy ?? RecordedBy,
                    CorrectsId = l.Corrects,
                    ResultingVersion = l.ResultingVersion,
                };
                if (history)
                {
                    ledger.Add(entry);
                    KeepWithdrawal("ledger", entry.Id, "obligation", obligationId, l.Withdrawn);
                }
                else
                {
                    entry.Id = await ObligationStore.InsertLedgerEntryAsync(connection, transaction, entry);
                }
                KeepPassage("ledger", entry.Id, l.Passage, entry.SourceId);
            }
        }

        var described = seed.Deficiencies.ToDictionary(d => (d.Survey, d.Slot));
        var deficiencyIds = new Dictionary<(string Survey, int Slot), long>();
        foreach (var (surveyKey, (surveyId, survey)) in surveyIds)
        {
            for (var slot = 1; slot <= survey.DeficiencyCount; slot++)
            {
                described.TryGetValue((surveyKey, slot), out var d);
                var withdrawnOn = Date(d?.Withdrawn?.On);
                var deficiencyId = await DeficiencyStore.InsertAsync(connection, transaction, new Deficiency
                {
                    SurveyId = surveyId,
                    Code = survey.CodePrefix + slot.ToString("00", CultureInfo.InvariantCulture),
                    Slot = slot,
                    RegulatorNumber = d?.RegulatorNumber,
                    Title = d?.Title,
                    Area = d?.Area,
                    LegalCitation = d?.LegalCitation,
                    Finding = d?.Finding,
                    Notes = d?.Notes,
                    Confidence = d?.Confidence,
                    WithdrawnOn = withdrawnOn?.Start,
                    WithdrawnPrecision = withdrawnOn?.PrecisionName,
                    WithdrawnSourceId = d?.Withdrawn is { } withdrawn ? sources[withdrawn.Source] : (long?)null,
                    WithdrawnNote = d?.Withdrawn?.Note,
                });
                deficiencyIds[(surveyKey, slot)] = deficiencyId;
                if (d is null)
                {
                    continue;
                }
                Keep("deficiency", deficiencyId, d.Version, d.Edits, SourceId);
                KeepPassages("deficiency", deficiencyId, d.Passages, SourceId);
                foreach (var key in d.Sources.Distinct())
                {
                    await DeficiencyStore.LinkSourceAsync(connection, transaction, deficiencyId, sources[key]);
                }
                var position = 0;
                foreach (var e in d.Evidence)
                {
                    var evidenceId = await DeficiencyStore.InsertEvidenceAsync(connection, transaction, new DeficiencyEvidence
                    {
                        DeficiencyId = deficiencyId,
                        Text = e.Text,
                        SourceId = SourceId(e.Source),
                        Confidence = e.Confidence,
                        Note = e.Note,
                        SortOrder = ++position,
                    });
                    KeepPassage("evidence", evidenceId, e.Passage, SourceId(e.Source));
                }
                foreach (var byAssessor in d.Assessments.GroupBy(a => a.Assessor))
                {
                    string? previous = null;
                    foreach (var a in byAssessor)
                    {
                        var effective = Date(a.EffectiveOn)!.Value;
                        var change = new StatusChange
                        {
                            Id = a.Id ?? 0,
                            SubjectType = "deficiency",
                            SubjectId = deficiencyId,
                            Assessor = a.Assessor,
                            FromStatus = history ? a.FromStatus : previous,
                            ToStatus = a.Status,
                            EffectiveOn = effective.Start,
                            EffectivePrecision = effective.PrecisionName,
                            RecordedAt = history ? Instant(a.RecordedAt) : now,
                            RecordedBy = a.RecordedBy ?? RecordedBy,
                            Reason = a.Reason,
                            SourceId = SourceId(a.Source),
                            Confidence = a.Confidence,
                            CorrectsId = a.Corrects,
                            ResultingVersion = a.ResultingVersion,
                        };
                        if (history)
                        {
                            changes.Add(change);
                            KeepWithdrawal("status", change.Id, "deficiency", deficiencyId, a.Withdrawn);
                        }
                        else
                        {
                            change.Id = await StatusChangeStore.InsertAsync(connection, transaction, change);
                        }
                        KeepPassage("status", change.Id, a.Passage, change.SourceId);
                        previous = a.Status;
                    }
                }
            }
        }

        foreach (var d in seed.Deficiencies)
        {
            foreach (var r in d.Repeats)
            {
                await DeficiencyStore.InsertRepeatAsync(connection, transaction, new DeficiencyRepeat
                {
                    DeficiencyId = deficiencyIds[(d.Survey, d.Slot)],
                    EarlierDeficiencyId = deficiencyIds[(r.Survey, r.Slot)],
                    SourceId = sources[r.Source],
                    Note = r.Note,
                });
            }
        }

        foreach (var t in seed.Timeline)
        {
            var occurs = Date(t.Date)!.Value;
            var alternate = Date(t.AlternateDate);
            var itemId = await TimelineStore.InsertAsync(connection, transaction, new TimelineItem
            {
                Code = t.Code,
                Kind = t.Kind,
                DeadlineType = t.Kind == TimelineItem.Deadline ? t.DeadlineType ?? DeadlineTypes.Due : null,
                Title = t.Title,
                Description = t.Description,
                OccursOn = occurs.Start,
                OccursPrecision = occurs.PrecisionName,
                AlternateOn = alternate?.Start,
                AlternatePrecision = alternate?.PrecisionName,
                AlternateNote = t.AlternateNote,
                Status = t.Status,
                Milestone = t.Milestone,
                ObligationId = t.Obligation is null ? null : obligationIds[t.Obligation],
                Confidence = t.Confidence,
                RecordedAt = history ? Instant(t.RecordedAt) : now,
                RecordedBy = t.RecordedBy ?? RecordedBy,
            });
            Keep("timeline", itemId, t.Version, t.Edits, SourceId);
            KeepChanges("deadline", itemId, t.StatusChanges, SourceId);
            KeepWithdrawal("timeline-item", itemId, "timeline", itemId, t.Withdrawn);
            KeepPassages("timeline-item", itemId, t.Passages, SourceId);
            foreach (var key in t.Sources.Distinct())
            {
                await TimelineStore.LinkSourceAsync(connection, transaction, itemId, sources[key]);
            }
        }

        if (history)
        {
            // In id order, so a correction always finds the entry it names already there.
            foreach (var change in changes.OrderBy(c => c.Id))
            {
                await RecordFileStore.ImportStatusChangeAsync(connection, transaction, change);
            }
            // Before the current statuses are worked out: a withdrawn entry never stands.
            foreach (var withdrawal in withdrawals)
            {
                await RecordFileStore.ImportWithdrawalAsync(connection, transaction, withdrawal);
            }
            foreach (var (subjectType, subjectId, assessor) in changes.Select(c => (c.SubjectType, c.SubjectId, c.Assessor)).Distinct())
            {
                await StatusChangeStore.RefreshCurrentAsync(connection, transaction, subjectType, subjectId, assessor);
            }
            foreach (var entry in ledger.OrderBy(l => l.Id))
            {
                await RecordFileStore.ImportLedgerEntryAsync(connection, transaction, entry);
            }
            foreach (var edit in edits.OrderBy(e => e.Id))
            {
                await RecordFileStore.ImportFieldEditAsync(connection, transaction, edit);
            }
            foreach (var (itemType, id, version) in versions)
            {
                await RecordFileStore.SetVersionAsync(connection, transaction, itemType, id, version);
            }
            foreach (var e in seed.Editions.OrderBy(e => e.Number))
            {
                await EditionStore.InsertAsync(connection, transaction, new Edition
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
                });
            }
            await RecordFileStore.RestartIdsAsync(connection, transaction);
        }

        // The copies first, so that each passage is checked against the copies of its source as it is added.
        foreach (var c in seed.Archive)
        {
            await EvidenceArchive.AddCopyAsync(connection, transaction, new ArchivedCopy
            {
                SourceId = sources[c.Source],
                MediaType = c.MediaType,
                FileName = c.FileName,
                Method = c.Method,
                RequestedUrl = c.RequestedUrl,
                RetrievedFrom = c.RetrievedFrom,
                HttpStatus = c.HttpStatus,
                RetrievedAt = Instant(c.RetrievedAt),
                AddedBy = c.AddedBy,
            }, await File.ReadAllBytesAsync(SeedReader.ArchivePath(directory, c.Sha256), cancellationToken), now);
        }
        foreach (var passage in passages)
        {
            await EvidenceArchive.AddPassageAsync(connection, transaction, passage, now);
        }

        // The agencies the case may ask, and an export's records requests (their documents' bytes are in archive/ too).
        await Features.Requests.RequestsSeed.LoadAsync(connection, transaction, seed.Case, seed.Requests, directory, sources);

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation(
            "Loaded case {Case} from {Directory}: {Sources} sources, {Surveys} surveys, {Obligations} obligations, {Timeline} timeline items, {Passages} passages, {Copies} archived copies.",
            seed.Case.Key, directory, seed.Sources.Count, seed.Surveys.Count, seed.Obligations.Count, seed.Timeline.Count, passages.Count, seed.Archive.Count);
        return true;
    }

    private static PartialDate? Date(string? text) => PartialDate.TryParse(text, out var date) ? date : null;

    // Checked by SeedReader for an export, the only place instants come from a file.
    private static DateTimeOffset Instant(string? text) =>
        DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();
}
