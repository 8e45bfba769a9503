using System.Globalization;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Benchmarks.Cases;

/// <summary>
/// Writes a synthetic case of a given size through the app's own store methods, the same way the seed loader does.
/// Everything comes from one fixed random seed, so a size always gives the same database. The case says plainly
/// that it is generated; none of it is about Kaiser or the DMHC.
/// </summary>
public static class CaseGenerator
{
    private static readonly string[] Areas = ["Access", "Quality", "Grievances", "Utilization review", "Network adequacy", "Language assistance"];
    private static readonly string[] Fields = ["Title", "Area", "Finding", "Notes"];

    public static async Task GenerateAsync(Database database, CaseSize size, CancellationToken cancellationToken = default)
    {
        var random = new Random(20261127 + size.Deficiencies);
        var start = new DateOnly(2022, 6, 1);
        var span = CaseSize.AsOf.UtcDateTime.Date.Subtract(start.ToDateTime(TimeOnly.MinValue)).Days;
        DateOnly Day(int offset) => start.AddDays(offset);
        DateTimeOffset RecordedAfter(DateOnly effective)
        {
            var at = new DateTimeOffset(effective.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero).AddHours(random.Next(0, 24 * 10));
            return at > CaseSize.AsOf ? CaseSize.AsOf.AddMinutes(-random.Next(1, 600)) : at;
        }

        await database.WriteAsync(async (connection, transaction) =>
        {
            // Sources: one for every four deficiencies, published across the case's span.
            var sourceIds = new List<long>();
            for (var i = 1; i <= size.Sources; i++)
            {
                var published = Day(random.Next(span));
                sourceIds.Add(await SourceStore.InsertAsync(connection, transaction, new Source
                {
                    Key = $"gen_source_{i:0000}",
                    Title = $"Generated source {i}: follow-up report, letter or article",
                    Publisher = i % 3 == 0 ? "Generated newspaper" : "Generated regulator",
                    PublishedOn = published,
                    PublishedPrecision = "day",
                    Kind = i % 3 == 0 ? "news" : "regulator-report",
                    Url = $"https://example.org/generated/{i}",
                    AddedAt = RecordedAfter(published),
                }));
            }
            long AnySource() => sourceIds[random.Next(sourceIds.Count)];

            // Obligations: payments, an investment and corrective-action terms, every fourth one nested under the one before.
            var obligationIds = new List<long>();
            var parents = new List<long>();
            for (var i = 1; i <= size.Obligations; i++)
            {
                var kind = (i % 10) switch { 1 => "payment", 2 => "investment", _ => "corrective-action-plan" };
                var parent = i % 4 == 0 && parents.Count > 0 ? parents[^1] : (long?)null;
                var due = Day(random.Next(span + 700));
                var id = await ObligationStore.InsertAsync(connection, transaction, new Obligation
                {
                    Code = $"GO-{i:000}",
                    ParentId = parent,
                    Kind = kind,
                    Title = $"Generated term {i}: {kind.Replace('-', ' ')}",
                    Description = "A generated settlement term for benchmarks.",
                    AmountUsd = kind is "payment" or "investment" ? 1_000_000L * random.Next(1, 60) : null,
                    DueOn = due,
                    DuePrecision = i % 5 == 0 ? "month" : "day",
                    StatusNote = null,
                    Confidence = "medium",
                    SortOrder = i,
                });
                obligationIds.Add(id);
                if (parent is null)
                {
                    parents.Add(id);
                }
                await ObligationStore.LinkSourceAsync(connection, transaction, id, AnySource());
                if (kind is "payment" or "investment")
                {
                    for (var l = 0; l < 2; l++)
                    {
                        var on = Day(random.Next(span));
                        await ObligationStore.InsertLedgerEntryAsync(connection, transaction, new LedgerEntry
                        {
                            ObligationId = id,
                            Entry = kind == "payment" ? "paid" : "reported-spent",
                            AmountUsd = 100_000L * random.Next(1, 50),
                            OccurredOn = on,
                            OccurredPrecision = "day",
                            SourceId = AnySource(),
                            Confidence = "reported",
                            RecordedAt = RecordedAfter(on),
                            RecordedBy = "generator",
                        });
                    }
                }
            }

            var surveyId = await SurveyStore.InsertAsync(connection, transaction, new Survey
            {
                Key = "GEN",
                Title = $"Generated survey ({size.Name})",
                Regulator = "Generated regulator",
                StartedOn = start,
                StartedPrecision = "day",
                DeficiencyCount = size.Deficiencies,
                CodePrefix = "G-",
                Description = "A generated survey for benchmarks.",
                Confidence = "high",
            });
            var notCorrected = size.Deficiencies * 9 / 10;
            await SurveyStore.InsertFindingAsync(connection, transaction, new AggregateFinding
            {
                SurveyId = surveyId,
                Assessor = Assessors.Regulator,
                EffectiveOn = new DateOnly(2025, 3, 24),
                EffectivePrecision = "day",
                Title = "Generated follow-up report",
                Confidence = "verified",
                Counts = new() { ["not-corrected"] = notCorrected, ["corrected"] = size.Deficiencies - notCorrected },
            }, [sourceIds[0]]);

            // Status changes: nearly all on deficiencies, in date order per item and assessor; one in fifty corrects the one before.
            var deficiencyIds = new List<long>();
            var perDeficiency = size.StatusChanges * 98 / 100 / size.Deficiencies;
            for (var slot = 1; slot <= size.Deficiencies; slot++)
            {
                var id = await DeficiencyStore.InsertAsync(connection, transaction, new Deficiency
                {
                    SurveyId = surveyId,
                    Code = $"G-{slot:0000}",
                    Slot = slot,
                    RegulatorNumber = slot % 7 == 0 ? null : $"#{slot}",
                    Title = slot % 10 == 0 ? null : $"Generated deficiency {slot}: appointments not offered within the required time",
                    Area = slot % 10 == 0 ? null : Areas[slot % Areas.Length],
                    Finding = slot % 10 == 0 ? null : "The generated regulator found the standard not met in the files it reviewed.",
                    Confidence = "medium",
                });
                deficiencyIds.Add(id);
                await DeficiencyStore.LinkSourceAsync(connection, transaction, id, sourceIds[slot % sourceIds.Count]);
                if ((slot * 7 + 3) % sourceIds.Count != slot % sourceIds.Count)
                {
                    await DeficiencyStore.LinkSourceAsync(connection, transaction, id, sourceIds[(slot * 7 + 3) % sourceIds.Count]);
                }
                // An item's assessments mostly cite the few documents about it (its own two sources); one in fifty cites another.
                var own = new[] { sourceIds[slot % sourceIds.Count], sourceIds[(slot * 7 + 3) % sourceIds.Count] };
                long CiteForItem() => random.Next(50) == 0 ? AnySource() : own[random.Next(own.Length)];
                await WriteHistoryAsync(connection, transaction, "deficiency", id, perDeficiency, span, Day, RecordedAfter, CiteForItem, random);
            }
            var left = size.StatusChanges - perDeficiency * size.Deficiencies;
            for (var i = 0; i < obligationIds.Count && left > 0; i++)
            {
                var count = Math.Min(left, left / (obligationIds.Count - i));
                await WriteHistoryAsync(connection, transaction, "obligation", obligationIds[i], count, span, Day, RecordedAfter, AnySource, random);
                left -= count;
            }

            // Field edits: two per deficiency, spread over the span like the status changes.
            foreach (var id in deficiencyIds)
            {
                for (var e = 0; e < 2; e++)
                {
                    var on = Day(random.Next(span));
                    await FieldEditStore.InsertAsync(connection, transaction, new FieldEdit
                    {
                        ItemType = "deficiency",
                        ItemId = id,
                        Field = Fields[random.Next(Fields.Length)],
                        OldValue = "Earlier wording",
                        NewValue = "Wording from the regulator's letter",
                        RecordedAt = RecordedAfter(on),
                        RecordedBy = "generator",
                        Reason = "Generated edit",
                        SourceId = AnySource(),
                    });
                }
            }

            // Timeline: four events to every deadline, from mid-2022 to 2028, some known only to the month.
            string? keyDeadline = null;
            for (var i = 1; i <= size.Events; i++)
            {
                var isDeadline = i % 5 == 0;
                var occurs = Day(random.Next(span + 700));
                var code = isDeadline ? $"GDL-{i:0000}" : $"GE-{i:0000}";
                keyDeadline ??= isDeadline && occurs < DateOnly.FromDateTime(CaseSize.AsOf.UtcDateTime) ? code : null;
                var id = await TimelineStore.InsertAsync(connection, transaction, new TimelineItem
                {
                    Code = code,
                    Kind = isDeadline ? "deadline" : "event",
                    Title = isDeadline ? $"Generated deadline {i}: report due" : $"Generated event {i}: hearing or letter",
                    OccursOn = i % 3 == 0 ? new DateOnly(occurs.Year, occurs.Month, 1) : occurs,
                    OccursPrecision = i % 3 == 0 ? "month" : "day",
                    Status = isDeadline ? (i % 2 == 0 ? "open" : "outcome-unknown") : null,
                    ObligationId = isDeadline ? obligationIds[i % obligationIds.Count] : null,
                    Confidence = "medium",
                    RecordedAt = RecordedAfter(Day(random.Next(span))),
                });
                await TimelineStore.LinkSourceAsync(connection, transaction, id, AnySource());
            }

            await CaseStore.InsertAsync(connection, transaction, new CaseRecord
            {
                Key = $"generated-{size.Name}",
                Title = $"Generated case for benchmarks ({size.Name})",
                Plan = "Generated health plan",
                Regulator = "Generated regulator",
                RegulatorShort = "GR",
                Summary = "A synthetic case, generated to measure how the tracker's cost grows with the size of the record.",
                PrimarySurveyKey = "GEN",
                KeyDeadlineCode = keyDeadline ?? "GDL-0005",
                LoadedAt = CaseSize.AsOf,
                // The three the status changes are spread over, so every report has a column for each.
                Assessors =
                [
                    new CaseAssessor { Role = Assessors.Regulator, Name = "GR", Position = 0 },
                    new CaseAssessor { Role = Assessors.Plan, Name = "Generated health plan", Position = 1 },
                    new CaseAssessor { Role = Assessors.Union, Name = "Generated union", Position = 2 },
                ],
            });

            // The edition before the one measured, a week earlier: its "changes since" covers a week of the record.
            await EditionStore.InsertAsync(connection, transaction, new Edition
            {
                Number = 1,
                AsOf = CaseSize.PreviousAsOf,
                GeneratedAt = CaseSize.PreviousAsOf,
                Trigger = "generator",
                FileName = Edition.FileNameFor(1, DateOnly.FromDateTime(CaseSize.PreviousAsOf.UtcDateTime)),
                Sha256 = new string('0', 64),
                Bytes = 0,
                Pages = 0,
            });
            return 0;
        }, cancellationToken);
    }

    private static async Task WriteHistoryAsync(
        System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction transaction,
        string subjectType,
        long subjectId,
        int count,
        int span,
        Func<int, DateOnly> day,
        Func<DateOnly, DateTimeOffset> recordedAfter,
        Func<long> anySource,
        Random random)
    {
        var offsets = Enumerable.Range(0, count).Select(_ => random.Next(span)).Order().ToArray();
        var current = new Dictionary<string, (long Id, string Status)>();
        for (var n = 0; n < count; n++)
        {
            var assessor = subjectType == "deficiency" ? Assessors.All[n % 3] : null;
            var terms = assessor is null ? ObligationStatuses.All : Assessors.Statuses[assessor];
            var key = assessor ?? "";
            var previous = current.TryGetValue(key, out var p) ? p : ((long Id, string Status)?)null;
            var corrects = previous is not null && n % 50 == 49;
            var effective = day(offsets[n]);
            var to = terms[random.Next(terms.Count)].Code;
            var id = await StatusChangeStore.InsertAsync(connection, transaction, new StatusChange
            {
                SubjectType = subjectType,
                SubjectId = subjectId,
                Assessor = assessor,
                FromStatus = corrects ? null : previous?.Status,
                ToStatus = to,
                EffectiveOn = effective,
                EffectivePrecision = "day",
                RecordedAt = recordedAfter(effective),
                RecordedBy = "generator",
                Reason = string.Create(CultureInfo.InvariantCulture, $"Generated assessment {n + 1} of {subjectType} {subjectId}"),
                SourceId = n % 5 == 4 ? null : anySource(),
                Confidence = "reported",
                CorrectsId = corrects ? previous!.Value.Id : null,
            });
            current[key] = (id, to);
        }
    }
}
