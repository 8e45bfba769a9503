using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>An agency the case may ask for records, and the law that governs its records. Columns of RecordsAgencies.</summary>
public sealed class RecordsAgency
{
    public long Id { get; set; }

    /// <summary>What pages call it: "DMHC".</summary>
    public string Name { get; set; } = "";

    public string FullName { get; set; } = "";

    /// <summary>The key of its law's file in data/laws/, or null when none is named.</summary>
    public string? LawKey { get; set; }

    /// <summary>Where its records requests go, as the agency gives it; null while not on file.</summary>
    public string? RecordsAddress { get; set; }

    public int Position { get; set; }
    public int Version { get; set; } = 1;
}

/// <summary>
/// One records request. The requester's address and e-mail, the letter and every private request are for staff pages
/// only: public pages, feeds, files and the API read public requests only, and never these fields.
/// </summary>
public sealed class RecordsRequest
{
    public long Id { get; set; }
    public long AgencyId { get; set; }
    public string? LawKey { get; set; }
    public string? QuestionKey { get; set; }
    public string? Question { get; set; }
    public string? QuestionPath { get; set; }
    public string Subject { get; set; } = "";
    public string Records { get; set; } = "";
    public bool ElectronicCopies { get; set; } = true;
    public string Letter { get; set; } = "";
    public string RequesterName { get; set; } = "";
    public string? RequesterOrganization { get; set; }
    public string? RequesterAddress { get; set; }
    public string? RequesterEmail { get; set; }
    public bool IsPublic { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
    public int Version { get; set; } = 1;

    /// <summary>"R-12": how pages, the feed and the API name it.</summary>
    public string Number => Numbered(Id);

    public string Path => PathOf(Id);

    public static string Numbered(long id) => "R-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string PathOf(long id) => "/requests/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One dated entry of a request's history. Columns of RecordsRequestEntries.</summary>
public sealed class RequestEntry
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public string Kind { get; set; } = "";
    public DateOnly OccurredOn { get; set; }
    public DateOnly? ReceivedOn { get; set; }
    public int? ExtensionDays { get; set; }

    /// <summary>"calendar" or "working": how the law counted <see cref="ExtensionDays"/> when the extension was recorded.</summary>
    public string? ExtensionDayKind { get; set; }

    public bool IsDetermination { get; set; }
    public string? Method { get; set; }
    public string? Note { get; set; }
    public long? FileId { get; set; }
    public long? SourceId { get; set; }
    public long? LetterId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawnBy { get; set; }
    public string? WithdrawnReason { get; set; }

    // Read with the entry: what it rests on, by name.
    public string? SourceKey { get; set; }
    public string? SourceTitle { get; set; }
    public string? SourceUrl { get; set; }
    public string? FileTitle { get; set; }

    /// <summary>Still counts: not withdrawn.</summary>
    public bool Stands => WithdrawnAt is null;

    public string KindLabel => RequestEntryKinds.Label(Kind);

    /// <summary>An answer that says whether the records are disclosable: the records, a denial, or an acknowledgement marked so.</summary>
    public bool IsAnswer => RequestEntryKinds.Answers.Contains(Kind) || (Kind == RequestEntryKinds.Acknowledged && IsDetermination);
}

/// <summary>A request's letter as sent, or a follow-up letter. Columns of RecordsRequestLetters.</summary>
public sealed class RequestLetter
{
    public long Id { get; set; }
    public long RequestId { get; set; }

    /// <summary>"request" or "follow-up".</summary>
    public string Kind { get; set; } = "";
    public string Text { get; set; } = "";

    /// <summary>A follow-up's: the determination date that passed.</summary>
    public DateOnly? ForDueOn { get; set; }
    public DateTimeOffset DraftedAt { get; set; }
    public string DraftedBy { get; set; } = "";

    public const string Request = "request";
    public const string FollowUp = "follow-up";
}

/// <summary>A document of a request (the agency's letter, the records received). Columns of RecordsRequestFiles.</summary>
public sealed class RequestFile
{
    public long Id { get; set; }
    public long RequestId { get; set; }

    /// <summary>"letter", "records" or "other".</summary>
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public DateOnly? DocumentDate { get; set; }
    public string Sha256 { get; set; } = "";
    public long Bytes { get; set; }
    public string MediaType { get; set; } = "";
    public string? FileName { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public string AddedBy { get; set; } = "";

    /// <summary>The source it was made, once it is one.</summary>
    public long? SourceId { get; set; }
    public string? SourceKey { get; set; }

    public string FormatLabel => Evidence.MediaTypes.Label(MediaType);
    public string SizeLabel => Format.Bytes(Bytes);
    public string KindLabel => Kinds.FirstOrDefault(k => k.Code == Kind)?.Label ?? Kind;

    public string Path => $"{RecordsRequest.PathOf(RequestId)}/files/{Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static readonly IReadOnlyList<Term> Kinds =
    [
        new("letter", "Agency's letter", "A letter or e-mail of the agency: an acknowledgement, an extension, a determination, a denial."),
        new("records", "Records received", "The records the agency released."),
        new("other", "Other document", "Any other document of the request."),
    ];
}

/// <summary>What can happen to a request, in the order a request usually goes.</summary>
public static class RequestEntryKinds
{
    public const string Sent = "sent";
    public const string Acknowledged = "acknowledged";
    public const string Extended = "extended";
    public const string RecordsReceived = "records-received";
    public const string PartlyDenied = "partly-denied";
    public const string Denied = "denied";
    public const string Withdrawn = "withdrawn";
    public const string FollowUpSent = "follow-up-sent";

    public static readonly IReadOnlyList<Term> All =
    [
        new(Sent, "Sent", "The request was sent to the agency."),
        new(Acknowledged, "Acknowledged", "The agency confirmed receipt, or wrote without releasing or refusing records."),
        new(Extended, "Extended", "The agency gave written notice extending its time to determine the request."),
        new(RecordsReceived, "Records received", "The agency released records."),
        new(PartlyDenied, "Partly denied", "The agency released some records and withheld others."),
        new(Denied, "Denied", "The agency refused the request."),
        new(Withdrawn, "Withdrawn", "The request was withdrawn."),
        new(FollowUpSent, "Follow-up sent", "A follow-up letter was sent to the agency."),
    ];

    /// <summary>Entries that are the agency's determination of the request.</summary>
    public static readonly IReadOnlySet<string> Answers = new HashSet<string>(StringComparer.Ordinal) { RecordsReceived, PartlyDenied, Denied };

    public static string Label(string code) => All.FirstOrDefault(k => k.Code == code)?.Label ?? code;

    /// <summary>Ways a request or a follow-up goes out.</summary>
    public static readonly IReadOnlyList<Term> Methods =
    [
        new("email", "E-mail", ""),
        new("portal", "The agency's online portal", ""),
        new("mail", "Post", ""),
        new("fax", "Fax", ""),
        new("hand", "By hand", ""),
    ];

    public static string MethodLabel(string? code) => Methods.FirstOrDefault(m => m.Code == code)?.Label ?? code ?? "";
}
