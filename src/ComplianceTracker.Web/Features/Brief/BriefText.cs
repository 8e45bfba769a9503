using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Brief;

/// <summary>
/// Every word the brief says of its own, once: headings, column names, what an empty section says, the notes under
/// the tables. <c>/brief</c> (Index.cshtml) and <c>/brief.pdf</c> (BriefPdf) read these and write no sentence of their
/// own, so the page and the PDF say the same things (OneBriefTextTests holds them to it). How a line looks (its type,
/// colour, capitals) is each renderer's business; what it says is decided here.
/// </summary>
public sealed partial record Brief
{
    /// <summary>"Brief · as of 6 December 2026": above the title.</summary>
    public string Kicker => $"Brief · as of {Format.Day(Today)}";

    /// <summary>The PDF's subject (its document properties) and running head.</summary>
    public string Subject => $"What was promised, what has passed, what comes next and what is unknown, as of {Format.Day(Today)}";

    public string RunningHead => $"ComplianceTracker · {Kicker}";

    public const string Lede =
        "What was promised, what has passed and how it ended, what comes next, and what the record cannot answer yet. "
        + "Numbers in brackets are the sources listed at the end; every item links to its page.";

    public const string FiguresHeading = "Headline figures";
    public const string NoFigures = "No headline figure is on record yet.";

    public const string PassedHeading = "Deadlines that have passed";
    public const string NonePassed = "No deadline on record has passed.";
    public const string DueColumn = "Due";
    public const string DeadlineColumn = "Deadline";
    public const string OutcomeColumn = "Outcome";
    public const string DaysSinceColumn = "Days since";
    public const string OutcomeNote = "An outcome is what a source says happened; where none says, it is unknown, not overdue.";

    public const string DisagreementsLead = "The record disagrees with itself:";

    public const string NextHeading = "What comes next";
    public const string NothingNext = "Nothing dated after today is on record.";

    public const string RepeatsHeading = "Found before";

    /// <summary>"3 earlier passed deadlines are on the timeline:", said where the brief leaves them to the site.</summary>
    public static string PassedLeftNote(int left) =>
        $"{Format.Plural(left, "earlier passed deadline is", "earlier passed deadlines are")} not listed here, to keep the brief to two pages; every deadline is on the timeline:";

    /// <summary>"2 more findings found before are on the deficiencies' pages:", likewise.</summary>
    public static string RepeatsLeftNote(int left) =>
        $"{Format.Plural(left, "more finding", "more findings")} found before {(left == 1 ? "is" : "are")} not listed here, to keep the brief to two pages; each is on its page, and all in the list:";

    public const string QuestionsHeading = "Questions the record cannot answer yet";
    public const string NoQuestions = "The record answers every question this brief asks of it.";

    // Records requests: their words are the requests' own (Requests/RequestsText.cs), said the same here as on /requests.

    public const string AskedHeading = Requests.RequestsText.AskedHeading;
    public const string AskedLede = Requests.RequestsText.AskedLede;
    public const string AskedAgencyColumn = Requests.RequestsText.AgencyColumn;
    public const string AskedRequestColumn = Requests.RequestsText.RequestColumn;
    public const string AskedSentColumn = Requests.RequestsText.SentColumn;
    public const string AskedDueColumn = Requests.RequestsText.DueColumn;
    public const string AskedOutstandingColumn = Requests.RequestsText.OutstandingColumn;
    public const string AskedOutcomeColumn = Requests.RequestsText.OutcomeColumn;

    /// <summary>The staff's way from a question to a request (not printed).</summary>
    public const string DraftRequest = "Draft a records request";

    /// <summary>A request in the table: "R-3 The report on the 2022 non-routine survey…".</summary>
    public static string AskedRequestOf(Requests.AskedRow row) => $"{row.Number} {row.Subject}";

    public const string SourcesHeading = "Sources";
    public const string NoSources = "This brief cites no sources.";

    // "What changed since": its words, once, for the page and the PDF.

    public const string TookEffectColumn = "Took effect";
    public const string RecordedColumn = "Recorded";
    public const string WhatColumn = "What";
    public const string ItemColumn = "Item";

    public string ChangesHeading => $"What changed since {Since.Label}";

    public string TookEffectHeading => $"Took effect after {Format.Day(Since.Date)}";

    public string NothingTookEffect => $"Nothing on record took effect after {Format.Day(Since.Date)}.";

    public string RecordedHeading => $"Recorded after {Since.Label}, dated earlier";

    public string NothingRecorded => $"Nothing recorded after {Since.Label} is dated {Format.Day(Since.Date)} or earlier.";

    /// <summary>How the two lists are drawn up; the renderings follow it with the change log's address.</summary>
    public string ChangesNote =>
        $"Each entry is listed once: under “took effect” when it took effect after {Format.Day(Since.Date)}, whenever it was recorded; "
        + "under “recorded” when it was recorded since but is dated earlier. Entries from the case files the record was started with count by the date they took effect. "
        + "Every entry, by the date it was recorded, is in the change log:";

    // The page's date box (not printed, so not in the PDF).

    public const string SinceLabel = "What changed since (yyyy-MM-dd)";
    public const string SinceHint = "Leave empty for the day of the latest edition.";
    public const string PresetsLabel = "Or since:";

    /// <summary>The close of the sources list; the renderings follow it with the site's address.</summary>
    public string DatesNote => $"Dates are in {ZoneName}. The full record, with every source and its history:";

    /// <summary>A change's "What" cell: "Status: Not corrected", "Event".</summary>
    public static string WhatOf(BriefChange change) => change.Kind + (string.IsNullOrEmpty(change.What) ? "" : ": " + change.What);

    /// <summary>A deadline still to come, after its date and title: ": 12 days left".</summary>
    public static string StandingOf(BriefDeadline deadline) => ": " + deadline.Standing;

    /// <summary>A repeated finding, after its code: "Timely access: found on 2 occasions by the regulator — earlier as R12-03 of the …".</summary>
    public static string RepeatOf(RepeatedFinding repeat) => $"{repeat.Title}: {repeat.Sentence}";

    /// <summary>Whom to ask a question, as the brief says it: "Ask: DMHC and Kaiser."</summary>
    public static string AskOf(BriefQuestion question) => $"Ask: {question.Ask}.";

    /// <summary>A source's date at the end of its entry: ", 26 March 2025." or ", date not given."</summary>
    public static string SourceDateOf(ReportSource source) => ", " + (source.Published ?? "date not given") + ".";
}
