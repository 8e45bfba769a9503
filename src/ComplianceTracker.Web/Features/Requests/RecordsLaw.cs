using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// A records law as its file in data/laws/ gives it: how long an agency has to determine a request, how far it may
/// extend that, what kind of days are counted, and the holidays skipped, each rule with the section it comes from.
/// Nothing here is code's guess: a rule the file does not give is not applied.
/// </summary>
public sealed class RecordsLaw
{
    public const string CalendarDays = "calendar";
    public const string WorkingDays = "working";

    public required string Key { get; init; }
    public required string Name { get; init; }
    public required string Jurisdiction { get; init; }

    /// <summary>The law's own citation ("5 U.S.C. § 552"), or null when the file gives none.</summary>
    public string? Citation { get; init; }

    /// <summary>What the file's rules were checked against, in the words of whoever wrote it down.</summary>
    public required string CheckedAgainst { get; init; }

    /// <summary><see cref="CalendarDays"/> or <see cref="WorkingDays"/>.</summary>
    public required string Days { get; init; }

    /// <summary>How the days are counted, in words.</summary>
    public required string Counting { get; init; }

    /// <summary>What the file says of a date that falls on a weekend or holiday, where it gives no rule; null otherwise.</summary>
    public string? ClosedDayNote { get; init; }

    public required LawRule Determination { get; init; }
    public LawExtension? Extension { get; init; }
    public LawRule? Assistance { get; init; }

    /// <summary>The days of the week that are not working days ("Saturday", "Sunday"); for working days only.</summary>
    public List<string> Weekend { get; init; } = [];

    public List<LawHoliday> Holidays { get; init; } = [];

    /// <summary>The span the holiday list is complete for; a working-day period reaching outside it gets no date.</summary>
    public LawSpan? HolidaysCover { get; init; }

    public string? HolidaysNote { get; init; }

    /// <summary>Where the file was read from, for messages.</summary>
    [JsonIgnore]
    public string File { get; set; } = "";

    public bool CountsWorkingDays => Days == WorkingDays;

    /// <summary>"10 days", "20 working days".</summary>
    public string DaysLabel(int count) =>
        CountsWorkingDays ? Shared.Format.Plural(count, "working day", "working days") : Shared.Format.Plural(count, "day", "days");

    /// <summary>The law's name and citation: "Freedom of Information Act (5 U.S.C. § 552)".</summary>
    public string Title => Citation is null ? Name : $"{Name} ({Citation})";

    private HashSet<DateOnly>? holidayDates;
    private HashSet<DayOfWeek>? weekendDays;

    public bool IsWorkingDay(DateOnly day)
    {
        weekendDays ??= Weekend.Select(d => Enum.Parse<DayOfWeek>(d)).ToHashSet();
        holidayDates ??= Holidays.Select(h => h.On).ToHashSet();
        return !weekendDays.Contains(day.DayOfWeek) && !holidayDates.Contains(day);
    }

    public LawHoliday? HolidayOn(DateOnly day) => Holidays.FirstOrDefault(h => h.On == day);

    /// <summary>
    /// The last day of a period of <paramref name="count"/> days after <paramref name="from"/> (day 1 is the day after),
    /// or null with the reason when the law's data cannot give it (a working day outside the holidays it lists).
    /// </summary>
    public (DateOnly? Day, string? Problem) AddDays(DateOnly from, int count)
    {
        if (!CountsWorkingDays)
        {
            return (from.AddDays(count), null);
        }
        var day = from;
        for (var counted = 0; counted < count;)
        {
            day = day.AddDays(1);
            if (HolidaysCover is not { } cover || day < cover.FromDay || day > cover.ToDay)
            {
                return (null, HolidaysCover is { } c
                    ? $"The {Name} file lists federal holidays from {Shared.Format.Day(c.FromDay)} to {Shared.Format.Day(c.ToDay)} only; the period reaches {Shared.Format.Day(day)}, so no date is computed until the list is extended."
                    : $"The {Name} file lists no holidays, so no working-day date is computed.");
            }
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }
        return (day, null);
    }

    /// <summary>Days from <paramref name="from"/> to <paramref name="to"/> in the law's kind of days (working days skip weekends and holidays).</summary>
    public int Count(DateOnly from, DateOnly to)
    {
        if (!CountsWorkingDays)
        {
            return to.DayNumber - from.DayNumber;
        }
        var n = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                n++;
            }
        }
        return n;
    }
}

/// <summary>One rule of a law: its period where it has one, the section it comes from, and the rule in words.</summary>
public sealed class LawRule
{
    public int? Days { get; init; }
    public required string Section { get; init; }
    public required string Rule { get; init; }
}

/// <summary>How far, and how often, an agency may extend its period.</summary>
public sealed class LawExtension
{
    public required int MaxDays { get; init; }
    public required int Times { get; init; }
    public required string Section { get; init; }
    public required string Rule { get; init; }
}

public sealed class LawHoliday
{
    public required string Date { get; init; }
    public required string Name { get; init; }

    [JsonIgnore]
    public DateOnly On => DateOnly.ParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed class LawSpan
{
    public required string From { get; init; }
    public required string To { get; init; }

    [JsonIgnore]
    public DateOnly FromDay => DateOnly.ParseExact(From, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [JsonIgnore]
    public DateOnly ToDay => DateOnly.ParseExact(To, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// The laws the tracker has files for, read once from the laws folder (<see cref="RequestsOptions.LawsDirectory"/>).
/// A file that cannot be read is left out with its problem named (and logged at start-up): a request under that law
/// then shows no date rather than a guessed one.
/// </summary>
public sealed partial class RecordsLaws
{
    private readonly Dictionary<string, RecordsLaw> laws;

    public RecordsLaws(IEnumerable<RecordsLaw> laws, IReadOnlyList<string> problems, string directory)
    {
        this.laws = laws.ToDictionary(l => l.Key, StringComparer.Ordinal);
        Problems = problems;
        Directory = directory;
    }

    /// <summary>What could not be read, one sentence a file.</summary>
    public IReadOnlyList<string> Problems { get; }

    public string Directory { get; }

    /// <summary>No law at all: for readers that need no date (an export writes entries, not dates).</summary>
    public static RecordsLaws None { get; } = new([], [], "");

    public IReadOnlyList<RecordsLaw> All => laws.Values.OrderBy(l => l.Name, StringComparer.Ordinal).ToList();

    public RecordsLaw? Find(string? key) => key is not null && laws.TryGetValue(key, out var law) ? law : null;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex KeyPattern();

    /// <summary>Reads every *.json file of <paramref name="directory"/>; a missing folder holds no laws.</summary>
    public static RecordsLaws Load(string directory)
    {
        var read = new List<RecordsLaw>();
        var problems = new List<string>();
        if (!System.IO.Directory.Exists(directory))
        {
            problems.Add($"The laws folder {directory} does not exist, so no records law is on file and no request gets a date.");
            return new RecordsLaws(read, problems, directory);
        }
        foreach (var file in System.IO.Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            RecordsLaw? law;
            try
            {
                law = JsonSerializer.Deserialize<RecordsLaw>(System.IO.File.ReadAllText(file), Json);
            }
            catch (JsonException ex)
            {
                problems.Add($"Law file {name} cannot be read ({ex.Message}); requests under it get no date.");
                continue;
            }
            if (law is null)
            {
                problems.Add($"Law file {name} is empty; it is left out.");
                continue;
            }
            law.File = name;
            var wrong = Check(law, name);
            if (wrong.Count > 0)
            {
                problems.AddRange(wrong.Select(w => $"Law file {name}: {w} The law is left out, so requests under it get no date."));
                continue;
            }
            if (read.Any(l => l.Key == law.Key))
            {
                problems.Add($"Law file {name}: key \"{law.Key}\" is already given by another file; this one is left out.");
                continue;
            }
            read.Add(law);
        }
        return new RecordsLaws(read, problems, directory);
    }

    private static List<string> Check(RecordsLaw law, string name)
    {
        var wrong = new List<string>();
        if (!KeyPattern().IsMatch(law.Key))
        {
            wrong.Add($"key \"{law.Key}\" may hold only lower-case letters, digits and '-'.");
        }
        else if (Path.GetFileNameWithoutExtension(name) != law.Key)
        {
            wrong.Add($"key \"{law.Key}\" is not the file's name.");
        }
        if (law.Days is not (RecordsLaw.CalendarDays or RecordsLaw.WorkingDays))
        {
            wrong.Add($"days is \"{law.Days}\"; it must be \"calendar\" or \"working\".");
        }
        if (law.Determination.Days is not > 0)
        {
            wrong.Add("determination.days must be a whole number of days above 0.");
        }
        if (law.Extension is { } extension && (extension.MaxDays <= 0 || extension.Times <= 0))
        {
            wrong.Add("extension.maxDays and extension.times must be above 0.");
        }
        foreach (var day in law.Weekend)
        {
            if (!Enum.TryParse<DayOfWeek>(day, out _))
            {
                wrong.Add($"weekend holds \"{day}\", which is not a day of the week (Saturday, Sunday…).");
            }
        }
        foreach (var holiday in law.Holidays)
        {
            if (!DateOnly.TryParseExact(holiday.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                wrong.Add($"holiday \"{holiday.Name}\" has date \"{holiday.Date}\", which is not yyyy-MM-dd.");
            }
        }
        if (law.HolidaysCover is { } cover
            && (!DateOnly.TryParseExact(cover.From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !DateOnly.TryParseExact(cover.To, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
                || to < from))
        {
            wrong.Add("holidaysCover must give from and to as yyyy-MM-dd, from not after to.");
        }
        if (law.Days == RecordsLaw.WorkingDays && law.HolidaysCover is null)
        {
            wrong.Add("a law counting working days must say which span its holidays cover (holidaysCover).");
        }
        if (string.IsNullOrWhiteSpace(law.CheckedAgainst))
        {
            wrong.Add("checkedAgainst must say what the rules were checked against.");
        }
        return wrong;
    }
}
