using System.Text;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>Who asks, as a letter signs it. The address and e-mail are the requester's own: staff pages only.</summary>
public sealed record Requester(string Name, string? Organization, string? Address, string? Email)
{
    public IEnumerable<string> Lines =>
        new[] { Name, Organization }.Concat(Split(Address)).Append(Email).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim());

    internal static IEnumerable<string> Split(string? text) =>
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
}

/// <summary>
/// The words of the letters, once: a request's first letter and the follow-up the daily job drafts. The page shows the
/// text to copy and paste, and the PDF lays out the very same text (<see cref="RequestLetterPdf"/>). The law's rules
/// are quoted from its file, each with its section; a law the tracker has no file for is not cited at all.
/// </summary>
public static class LetterText
{
    /// <summary>Where the records address goes while none is on file: the staffer must fill it in before sending.</summary>
    public const string AddressMissing = "[The agency's records address is not on file: write it here.]";

    public static string Draft(RecordsAgency agency, RecordsLaw? law, Requester requester, string subject, string records, bool electronic, DateOnly date)
    {
        var text = new StringBuilder();
        Head(text, agency, requester, date);
        text.Append("Re: ").Append(law is null ? "Request for records" : $"Request for records under the {law.Name}").Append(": ").AppendLine(subject.Trim());
        text.AppendLine();
        text.AppendLine("Dear Records Officer,");
        text.AppendLine();
        text.AppendLine(law is null
            ? "I request copies of the following records:"
            : $"Under the {law.Title}, I request copies of the following records:");
        text.AppendLine();
        text.AppendLine(records.Trim());
        text.AppendLine();
        if (electronic)
        {
            text.AppendLine(string.IsNullOrWhiteSpace(requester.Email)
                ? "Please provide electronic copies of any records held in electronic form."
                : $"Please provide electronic copies of any records held in electronic form, by e-mail to {requester.Email.Trim()}.");
            text.AppendLine();
        }
        if (law is not null)
        {
            text.Append("As the law provides: ").Append(Cite(law.Determination));
            if (law.Extension is { } extension)
            {
                text.Append(' ').Append(Cite(extension.Rule, extension.Section));
            }
            if (law.Assistance is { } assistance)
            {
                text.Append(' ').Append(Cite(assistance));
            }
            text.AppendLine();
            text.AppendLine();
        }
        text.AppendLine("If you withhold any record or any part of one, please say which, and on what grounds. If this request is unclear, please tell me, so that I can describe the records better.");
        text.AppendLine();
        Close(text, requester);
        return text.ToString();
    }

    public static string FollowUp(RecordsAgency agency, RecordsRequest request, RequestStanding standing, Requester requester, DateOnly date)
    {
        var due = standing.Due!;
        var text = new StringBuilder();
        Head(text, agency, requester, date);
        text.Append("Re: Follow-up on my request for records of ").Append(Format.Day(standing.Sent!.OccurredOn)).Append(": ").AppendLine(request.Subject.Trim());
        text.AppendLine();
        text.AppendLine("Dear Records Officer,");
        text.AppendLine();
        text.AppendLine($"On {Format.Day(standing.Sent.OccurredOn)} I asked for the following records under the {due.Law.Title}:");
        text.AppendLine();
        text.AppendLine(request.Records.Trim());
        text.AppendLine();
        text.Append(Cite(due.Law.Determination)).Append(' ');
        text.Append($"By my count your determination was due on {Format.Day(due.Day)}: {RequestsText.CountedFrom(due)}");
        text.AppendLine(due.ExtensionDays > 0 ? $", extended by {due.Law.DaysLabel(due.ExtensionDays)} ({due.ExtensionSection})." : ".");
        text.AppendLine();
        text.AppendLine($"As of {Format.Day(date)} I have not received your determination. Please tell me whether the records are disclosable and when they will be available, or send them.");
        text.AppendLine();
        Close(text, requester);
        return text.ToString();
    }

    private static void Head(StringBuilder text, RecordsAgency agency, Requester requester, DateOnly date)
    {
        foreach (var line in requester.Lines)
        {
            text.AppendLine(line);
        }
        text.AppendLine();
        text.AppendLine(Format.Day(date));
        text.AppendLine();
        text.AppendLine("Records Officer");
        text.AppendLine(agency.FullName);
        var address = Requester.Split(agency.RecordsAddress).ToList();
        foreach (var line in address.Count == 0 ? [AddressMissing] : address)
        {
            text.AppendLine(line);
        }
        text.AppendLine();
    }

    private static void Close(StringBuilder text, Requester requester)
    {
        text.AppendLine("Thank you.");
        text.AppendLine();
        text.AppendLine("Sincerely,");
        // Room to sign the printed letter.
        text.AppendLine().AppendLine().AppendLine();
        text.AppendLine(requester.Name.Trim());
        if (!string.IsNullOrWhiteSpace(requester.Organization))
        {
            text.AppendLine(requester.Organization.Trim());
        }
    }

    /// <summary>"Under Gov. Code § 7922.535(a), the agency determines within 10 days…": a rule with its section.</summary>
    private static string Cite(LawRule rule) => Cite(rule.Rule, rule.Section);

    private static string Cite(string rule, string section) =>
        $"{rule.TrimEnd('.')} ({section}).";
}
