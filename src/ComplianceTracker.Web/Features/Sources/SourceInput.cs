using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ComplianceTracker.Web.Features.Sources;

/// <summary>
/// The source part of an edit form: pick a source already on file, or describe a new document.
/// A new document with the address of one on file reuses that one.
/// </summary>
public sealed partial class SourceInput
{
    [Display(Name = "Source")]
    public long? ExistingId { get; set; }

    /// <summary>What was typed into the searchable picker: a source's label from the suggestions, or part of its title.</summary>
    [Display(Name = "Source")]
    [StringLength(600, ErrorMessage = "Source can be at most 600 characters; type part of its title.")]
    public string? Search { get; set; }

    [Display(Name = "New source title")]
    [StringLength(300, ErrorMessage = "New source title can be at most 300 characters.")]
    public string? Title { get; set; }

    [Display(Name = "New source publisher")]
    [StringLength(200, ErrorMessage = "New source publisher can be at most 200 characters.")]
    public string? Publisher { get; set; }

    [Display(Name = "New source address (URL)")]
    [StringLength(2000, ErrorMessage = "New source address can be at most 2,000 characters.")]
    public string? Url { get; set; }

    [Display(Name = "New source date")]
    [StringLength(10, ErrorMessage = "New source date must be yyyy, yyyy-MM or yyyy-MM-dd.")]
    public string? PublishedOn { get; set; }

    /// <summary>
    /// Ticked when the document itself bears no date. A document without a public address is known only by its title,
    /// publisher and date, so it needs a date or this box: an empty date alone may be an oversight.
    /// </summary>
    [Display(Name = "New source is undated")]
    public bool Undated { get; set; }

    [Display(Name = "New source kind")]
    public string? Kind { get; set; }

    /// <summary>Whose own document the new source is: empty for "as its kind says", "none" for a secondary report.</summary>
    [Display(Name = "New source is the document of")]
    public string? Party { get; set; }

    /// <summary>"Title — Publisher, 12 Oct 2023": how the picker lists a source, and what it submits when one is chosen.</summary>
    public static string Label(Source s) => $"{s.Title} — {s.Publisher}{(s.Published is { } d ? ", " + d.ToShortString() : "")}";

    /// <summary>The source this input names, on file or described new (not yet saved), for checks such as "verified".</summary>
    public Source? Chosen(IEnumerable<Source> onFile)
    {
        if (!DescribesNew)
        {
            return ExistingId is { } id ? onFile.FirstOrDefault(s => s.Id == id) : null;
        }
        PartialDate? published = PartialDate.TryParse(PublishedOn?.Trim(), out var date) ? date : null;
        return new Source
        {
            Title = Title ?? "",
            Publisher = Publisher ?? "",
            Kind = Kind ?? "other",
            Party = NewParty,
            Url = Url?.Trim() ?? "",
            PublishedOn = published?.Start,
            PublishedPrecision = published?.PrecisionName,
        };
    }

    /// <summary>The new source's party: the one chosen, none for a report, or what its kind implies.</summary>
    public string? NewParty => Party switch
    {
        null or "" => Source.DefaultParty(Kind ?? "other"),
        NoParty => null,
        _ => Party,
    };

    public const string NoParty = "none";

    /// <summary>Any of the new document's own fields filled in (the kind and party lists alone say nothing).</summary>
    public bool DescribesNew =>
        !string.IsNullOrWhiteSpace(Url) || !string.IsNullOrWhiteSpace(Title) || !string.IsNullOrWhiteSpace(Publisher)
        || !string.IsNullOrWhiteSpace(PublishedOn) || Undated;

    /// <summary>
    /// Checks the fields and adds a message naming each wrong one under <paramref name="prefix"/>. A form with only the
    /// new-source fields (<paramref name="onlyNew"/>) is always checked as a new source, since there is nothing to pick.
    /// </summary>
    public void Validate(ModelStateDictionary state, string prefix, DateOnly today, bool required, IEnumerable<Source> onFile, bool onlyNew = false)
    {
        if (!DescribesNew && !onlyNew && ExistingId is null && !string.IsNullOrWhiteSpace(Search))
        {
            // Typed, not picked from a list: a suggestion's label matches exactly; otherwise one source whose title,
            // publisher or key contains what was typed.
            var typed = Search.Trim();
            var exact = onFile.Where(s => string.Equals(Label(s), typed, StringComparison.OrdinalIgnoreCase)).ToList();
            var matches = exact.Count > 0 ? exact : onFile.Where(s =>
                s.Title.Contains(typed, StringComparison.OrdinalIgnoreCase)
                || s.Publisher.Contains(typed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(s.Key, typed, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 1)
            {
                ExistingId = matches[0].Id;
            }
            else
            {
                state.AddModelError($"{prefix}.Search", matches.Count == 0
                    ? $"Source: no source on file matches “{typed}”; type part of its title and choose from the suggestions, or add a new document below."
                    : $"Source: “{typed}” matches {matches.Count} sources on file; type more of the title, or choose one from the suggestions.");
                return;
            }
        }
        if (!DescribesNew && !onlyNew)
        {
            if (ExistingId is null && required)
            {
                state.AddModelError($"{prefix}.ExistingId", "Source is required: pick a source on file or describe a new document below.");
            }
            else if (ExistingId is { } id && onFile.All(s => s.Id != id))
            {
                state.AddModelError($"{prefix}.ExistingId", "Source: the chosen source is not on file; pick one from the list.");
            }
            return;
        }
        if (ExistingId is not null || !string.IsNullOrWhiteSpace(Search))
        {
            state.AddModelError($"{prefix}.Search", "Source: pick a source on file or describe a new one, not both.");
        }
        if (string.IsNullOrWhiteSpace(Title))
        {
            state.AddModelError($"{prefix}.Title", "New source title is required.");
        }
        if (string.IsNullOrWhiteSpace(Publisher))
        {
            state.AddModelError($"{prefix}.Publisher", "New source publisher is required.");
        }
        // A letter, a filing or an internal document has no public address: it is then known by its title, publisher
        // and date, so the date (or the word that it has none) is what must be given instead.
        if (!string.IsNullOrWhiteSpace(Url) && !IsWebAddress(Url))
        {
            state.AddModelError($"{prefix}.Url", "New source address must be a full http:// or https:// address, or left empty for a document with no public address.");
        }
        if (string.IsNullOrWhiteSpace(Url) && string.IsNullOrWhiteSpace(PublishedOn) && !Undated)
        {
            state.AddModelError($"{prefix}.PublishedOn", "New source date is required for a document with no address: give its date, or tick “undated” if the document bears none.");
        }
        if (Undated && !string.IsNullOrWhiteSpace(PublishedOn))
        {
            state.AddModelError($"{prefix}.Undated", "New source date and “undated” cannot both be given: leave the date empty, or untick “undated”.");
        }
        if (!string.IsNullOrWhiteSpace(PublishedOn))
        {
            if (!PartialDate.TryParse(PublishedOn.Trim(), out var date))
            {
                state.AddModelError($"{prefix}.PublishedOn", "New source date must be yyyy, yyyy-MM or yyyy-MM-dd, or left empty if unknown.");
            }
            else if (!date.IsInBounds)
            {
                state.AddModelError($"{prefix}.PublishedOn", PartialDate.OutOfBoundsMessage("New source date"));
            }
            else if (date.Start > today)
            {
                state.AddModelError($"{prefix}.PublishedOn", "New source date cannot be in the future.");
            }
        }
        if (string.IsNullOrEmpty(Kind))
        {
            state.AddModelError($"{prefix}.Kind", "New source kind is required: say what kind of document it is.");
        }
        else if (Source.Kinds.All(k => k.Code != Kind))
        {
            state.AddModelError($"{prefix}.Kind", "New source kind: choose one from the list.");
        }
        if (!string.IsNullOrEmpty(Party) && Party != NoParty && Assessors.Parties.All(p => p.Code != Party))
        {
            state.AddModelError($"{prefix}.Party", "New source is the document of: choose one from the list, or “nobody: a report”.");
        }
    }

    public static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>The id of the chosen or new source, inserting a new one inside the caller's transaction; null when none was given.</summary>
    public async Task<long?> ResolveAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset now, string user)
    {
        if (!DescribesNew)
        {
            return ExistingId is { } id && await SourceStore.ExistsAsync(connection, transaction, id) ? id : null;
        }
        var url = Url?.Trim() ?? "";
        PartialDate.TryParse(PublishedOn?.Trim(), out var published);
        var hasDate = !string.IsNullOrWhiteSpace(PublishedOn);
        var existing = url.Length > 0
            ? await SourceStore.FindIdByUrlAsync(connection, transaction, url)
            : await SourceStore.FindIdWithoutUrlAsync(connection, transaction, Title!.Trim(), Publisher!.Trim(), hasDate ? published : null);
        if (existing is { } onFile)
        {
            return onFile;
        }
        return await SourceStore.InsertAsync(connection, transaction, new Source
        {
            Key = await NewKeyAsync(connection, transaction, Publisher!, hasDate ? published : null),
            Title = Title!.Trim(),
            Publisher = Publisher!.Trim(),
            PublishedOn = hasDate ? published.Start : null,
            PublishedPrecision = hasDate ? published.PrecisionName : null,
            Kind = Kind!,
            Party = NewParty,
            Url = url,
            AddedAt = now,
            AddedBy = user,
        });
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotKeyChars();

    /// <summary>A readable, unique key such as "dmhc_2026_11_20" or "dmhc_2026_11_20_2".</summary>
    public static async Task<string> NewKeyAsync(DbConnection connection, DbTransaction transaction, string publisher, PartialDate? published)
    {
        var stem = NotKeyChars().Replace(publisher.ToLowerInvariant(), "_").Trim('_');
        stem = stem.Length == 0 ? "source" : stem[..Math.Min(stem.Length, 24)].TrimEnd('_');
        stem += "_" + (published?.Iso.Replace('-', '_') ?? "undated");
        var key = stem;
        for (var n = 2; await SourceStore.KeyTakenAsync(connection, transaction, key); n++)
        {
            key = stem + "_" + n.ToString(CultureInfo.InvariantCulture);
        }
        return key;
    }
}

/// <summary>What the source picker partial needs.</summary>
public sealed record SourcePicker(SourceInput Input, IReadOnlyList<Source> Options, string Prefix, bool Required);
