using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// /requests/{id}/record?kind=…: records what happened to a request, dated, with what it rests on: the agency's letter
/// or the records (uploaded here and kept as received), or a source already on file. Recording it as sent freezes the
/// letter as it stands; an extension is refused when the law does not allow it, or allows less.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class RecordModel(Database database, RequestsQuery query, IOptions<EvidenceOptions> evidence, CaseClock clock) : PageModel
{
    [BindProperty]
    public RecordInput Input { get; set; } = new();

    public RequestRecord Record { get; private set; } = null!;
    public IReadOnlyList<Source> Sources { get; private set; } = [];

    public string Limit => Format.Bytes(evidence.Value.MaxBytes);

    public Term? Kind => RequestEntryKinds.All.FirstOrDefault(k => k.Code == Input.Kind);

    public async Task<IActionResult> OnGetAsync(long id, string? kind, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input.Kind = RequestEntryKinds.All.Any(k => k.Code == kind) ? kind : Record.Standing.IsDraft ? RequestEntryKinds.Sent : RequestEntryKinds.Acknowledged;
        Input.OccurredOn = clock.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.FileKind = Input.Kind is RequestEntryKinds.RecordsReceived or RequestEntryKinds.PartlyDenied ? "records" : "letter";
        Input.Method = Input.Kind is RequestEntryKinds.Sent or RequestEntryKinds.FollowUpSent ? "email" : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var s = Record.Standing;
        var today = clock.Today;
        var kind = Kind?.Code;
        if (kind is null)
        {
            ModelState.AddModelError("Input.Kind", "What happened is required: choose one from the list.");
        }
        else if (kind == RequestEntryKinds.Sent && !s.IsDraft)
        {
            ModelState.AddModelError("Input.Kind", $"What happened: the request is on record as sent on {Format.Day(s.Sent!.OccurredOn)}. To correct that date, withdraw that entry first.");
        }
        else if (kind != RequestEntryKinds.Sent && s.IsDraft)
        {
            ModelState.AddModelError("Input.Kind", "What happened: the request is not on record as sent yet; record that first.");
        }
        else if (kind == RequestEntryKinds.Withdrawn && s.WithdrawnBy is not null)
        {
            ModelState.AddModelError("Input.Kind", $"What happened: the request is on record as withdrawn on {Format.Day(s.WithdrawnBy.OccurredOn)}.");
        }
        else if (kind == RequestEntryKinds.Sent && (Record.Request.Letter.Contains(LetterText.AddressMissing, StringComparison.Ordinal) || Record.Request.Letter.Contains("[Your name]", StringComparison.Ordinal)))
        {
            ModelState.AddModelError("Input.Kind", "What happened: the letter still holds a placeholder in square brackets (the agency's address or your name). Edit the draft so the letter says what was sent, then record it.");
        }

        var occurred = EditChecks.PastDate(ModelState, "Input.OccurredOn", "Date", Input.OccurredOn, today);
        if (occurred is null && string.IsNullOrWhiteSpace(Input.OccurredOn))
        {
            ModelState.AddModelError("Input.OccurredOn", "Date is required: the day it happened, written yyyy-MM-dd.");
        }
        else if (occurred is { } on && s.Sent is { } sent && kind != RequestEntryKinds.Sent && on < sent.OccurredOn)
        {
            ModelState.AddModelError("Input.OccurredOn", $"Date cannot be before the request was sent, on {Format.Day(sent.OccurredOn)}.");
        }

        DateOnly? received = null;
        if (kind is RequestEntryKinds.Sent or RequestEntryKinds.Acknowledged && !string.IsNullOrWhiteSpace(Input.ReceivedOn))
        {
            received = EditChecks.PastDate(ModelState, "Input.ReceivedOn", "Received by the agency on", Input.ReceivedOn, today);
            var sentOn = kind == RequestEntryKinds.Sent ? occurred : s.Sent?.OccurredOn;
            if (received is { } r && sentOn is { } from && r < from)
            {
                ModelState.AddModelError("Input.ReceivedOn", $"Received by the agency on cannot be before the request was sent ({Format.Day(from)}).");
                received = null;
            }
        }

        int? extension = null;
        if (kind == RequestEntryKinds.Extended && ModelState.GetFieldValidationState("Input.Kind") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            if (!int.TryParse(Input.ExtensionDays?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            {
                ModelState.AddModelError("Input.ExtensionDays", string.IsNullOrWhiteSpace(Input.ExtensionDays)
                    ? (Record.Law is { } law ? RequestsText.ExtensionDaysRequired(law) : RequestsText.ExtensionWithoutLaw)
                    : "Days of extension must be a whole number, such as 14.");
            }
            else if (s.RefuseExtension(days) is { } refusal)
            {
                ModelState.AddModelError("Input.ExtensionDays", refusal);
            }
            else
            {
                extension = days;
            }
        }

        if (kind is RequestEntryKinds.Sent or RequestEntryKinds.FollowUpSent && RequestEntryKinds.Methods.All(m => m.Code != Input.Method))
        {
            ModelState.AddModelError("Input.Method", "Sent by is required: choose how it went.");
        }
        if (kind is RequestEntryKinds.Denied or RequestEntryKinds.PartlyDenied or RequestEntryKinds.Withdrawn && string.IsNullOrWhiteSpace(Input.Note))
        {
            ModelState.AddModelError("Input.Note", kind == RequestEntryKinds.Withdrawn
                ? "Note is required: say why the request was withdrawn."
                : "Note is required: say what the agency withheld and on what grounds it gave.");
        }

        long? sourceId = null;
        if (Input.SourceId is { } chosen)
        {
            if (Sources.All(x => x.Id != chosen))
            {
                ModelState.AddModelError("Input.SourceId", "Source on file: choose one from the list, or none.");
            }
            else
            {
                sourceId = chosen;
            }
        }

        byte[]? content = null;
        string? mediaType = null;
        if (Input.File is { Length: > 0 } file)
        {
            if (file.Length > evidence.Value.MaxBytes)
            {
                ModelState.AddModelError("Input.File", $"Document is {Format.Bytes(file.Length)}, larger than the {Limit} limit.");
            }
            else
            {
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, cancellationToken);
                content = buffer.ToArray();
                mediaType = MediaTypes.Detect(content.AsSpan(0, Math.Min(content.Length, 16)), file.FileName);
                if (mediaType is null)
                {
                    ModelState.AddModelError("Input.File", $"Document “{Path.GetFileName(file.FileName)}” is not a PDF, web page, plain text or image (PNG, JPEG, GIF, WebP, TIFF), so it cannot be kept.");
                }
            }
            if (string.IsNullOrWhiteSpace(Input.FileTitle))
            {
                ModelState.AddModelError("Input.FileTitle", "Document title is required with a document: say what it is, such as “DMHC letter of 15 December 2026”.");
            }
            if (RequestFile.Kinds.All(k => k.Code != Input.FileKind))
            {
                ModelState.AddModelError("Input.FileKind", "Document is: choose one from the list.");
            }
        }

        if (!ModelState.IsValid || kind is null || occurred is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var now = clock.UtcNow;
        var user = User.RecordedBy();
        var request = Record.Request;
        var pendingFollowUp = Record.PendingFollowUp;
        var entryId = await database.WriteAsync<long?>(async (connection, transaction) =>
        {
            // Read again under the write lock: two editors recording the sending at once make one entry, not two.
            var entries = await RequestEntryStore.ListForAsync(connection, transaction, request.Id, cancellationToken);
            var now2 = RequestStanding.Of(Record.Law, entries, today);
            if (kind == RequestEntryKinds.Sent ? !now2.IsDraft : now2.IsDraft)
            {
                return null;
            }
            if (kind == RequestEntryKinds.Extended && now2.RefuseExtension(extension ?? 0) is not null)
            {
                return null;
            }
            long? fileId = null;
            if (content is not null)
            {
                var sha = EvidenceArchive.Sha256Of(content);
                fileId = await RequestFileStore.FindIdByHashAsync(connection, transaction, request.Id, sha)
                    ?? await RequestFileStore.InsertAsync(connection, transaction, new RequestFile
                    {
                        RequestId = request.Id,
                        Kind = Input.FileKind!,
                        Title = Input.FileTitle!.Trim(),
                        DocumentDate = occurred,
                        Sha256 = sha,
                        Bytes = content.LongLength,
                        MediaType = mediaType!,
                        FileName = Shorten(Path.GetFileName(Input.File!.FileName), 200),
                        AddedAt = now,
                        AddedBy = user,
                    }, content);
            }
            long? letterId = null;
            if (kind == RequestEntryKinds.Sent)
            {
                // The letter as it stands is the letter sent: kept apart, never edited again.
                letterId = await RecordsRequestStore.InsertLetterAsync(connection, transaction, new RequestLetter
                {
                    RequestId = request.Id,
                    Kind = RequestLetter.Request,
                    Text = request.Letter,
                    DraftedAt = request.ChangedAt,
                    DraftedBy = request.ChangedBy,
                });
            }
            else if (kind == RequestEntryKinds.FollowUpSent)
            {
                letterId = pendingFollowUp?.Id;
            }
            var id = await RequestEntryStore.InsertAsync(connection, transaction, new RequestEntry
            {
                RequestId = request.Id,
                Kind = kind,
                OccurredOn = occurred.Value,
                ReceivedOn = received,
                ExtensionDays = extension,
                ExtensionDayKind = extension is null ? null : Record.Law?.Days,
                IsDetermination = kind == RequestEntryKinds.Acknowledged && Input.IsDetermination,
                Method = kind is RequestEntryKinds.Sent or RequestEntryKinds.FollowUpSent ? Input.Method : null,
                Note = string.IsNullOrWhiteSpace(Input.Note) ? null : Input.Note.Trim(),
                FileId = fileId,
                SourceId = sourceId,
                LetterId = letterId,
                RecordedAt = now,
                RecordedBy = user,
            });
            await RecordsRequestStore.TouchAsync(connection, transaction, request.Id, now, user);
            return id;
        }, cancellationToken);
        if (entryId is null)
        {
            await LoadAsync(id, cancellationToken);
            ModelState.AddModelError("Input.Kind", "What happened: someone else recorded an entry for this request while this form was open, so nothing was saved. Check its history, then record this again if it still applies.");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        TempData["Saved"] = $"{RequestEntryKinds.Label(kind)} recorded for {Format.Day(occurred.Value)}.";
        return Redirect($"{request.Path}/manage#entry-{entryId}");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await query.FindAsync(id, includePrivate: true, cancellationToken) is not { } found)
        {
            return false;
        }
        Record = found;
        Sources = await database.WithConnectionAsync(c => SourceStore.ListAsync(c, null, cancellationToken), cancellationToken);
        return true;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max];
}

public sealed class RecordInput
{
    public string? Kind { get; set; }

    [StringLength(10, ErrorMessage = "Date must be written yyyy-MM-dd.")]
    public string? OccurredOn { get; set; }

    [StringLength(10, ErrorMessage = "Received by the agency on must be written yyyy-MM-dd.")]
    public string? ReceivedOn { get; set; }

    [StringLength(4, ErrorMessage = "Days of extension must be a whole number, such as 14.")]
    public string? ExtensionDays { get; set; }

    public bool IsDetermination { get; set; }

    public string? Method { get; set; }

    [StringLength(2000, ErrorMessage = "Note can be at most 2,000 characters.")]
    public string? Note { get; set; }

    public IFormFile? File { get; set; }

    public string? FileKind { get; set; }

    [StringLength(300, ErrorMessage = "Document title can be at most 300 characters.")]
    public string? FileTitle { get; set; }

    public long? SourceId { get; set; }
}
