using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Infrastructure.Seed;

/// <summary>
/// Checks one JSON item against the shape of its seed class before it is read, in the words of data/README.md: a
/// property the class does not have, one written twice, a required one missing or null, or a value of the wrong kind.
/// Reading straight into the classes would stop at the first of these with a message naming .NET types (or, for a
/// null where text is needed, not stop at all and fail later); this names every one, in the file's own terms.
/// The shapes come from the classes in SeedFiles.cs by reflection, so a new property is checked without more code.
/// </summary>
public static class SeedShape
{
    // NullabilityInfoContext caches as it reads and is not thread-safe: two apps loading seeds at once (tests, or two
    // nodes in one process) would corrupt a shared one, so each thread has its own.
    [ThreadStatic]
    private static NullabilityInfoContext? nullability;

    private static NullabilityInfoContext Nullability => nullability ??= new NullabilityInfoContext();

    /// <summary>
    /// Appends a plain sentence to <paramref name="problems"/> for every way <paramref name="value"/> differs from <paramref name="type"/>.
    /// Without <paramref name="history"/> (a format 1 seed) the properties only an export has are refused; with
    /// <paramref name="checkText"/> so are characters that are not text (control characters and the like).
    /// </summary>
    public static void Check(JsonElement value, Type type, bool history, bool checkText, List<string> problems) =>
        CheckObject(value, type, "", history, checkText, problems);

    private static void CheckObject(JsonElement value, Type type, string path, bool history, bool checkText, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{Name(path, "the item")} must be an object ({{…}}), not {Describe(value)}.");
            return;
        }
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            var memberPath = Join(path, member.Name);
            if (!seen.Add(member.Name))
            {
                problems.Add($"{memberPath} is written twice.");
                continue;
            }
            if (!properties.TryGetValue(member.Name, out var property))
            {
                var near = properties.Keys.FirstOrDefault(k => string.Equals(k, member.Name, StringComparison.OrdinalIgnoreCase));
                problems.Add(near is not null
                    ? $"unknown property \"{memberPath}\" (did you mean \"{near}\"? names are case-sensitive)."
                    : $"unknown property \"{memberPath}\"; the properties here are: {string.Join(", ", properties.Keys.Where(k => history || !IsHistoryOnly(type, k)))}.");
                continue;
            }
            if (!history && IsHistoryOnly(type, member.Name) && member.Value.ValueKind != JsonValueKind.Null)
            {
                problems.Add($"{memberPath} belongs to an export with history: it is read only when case.json has \"formatVersion\": {SeedReader.ExportFormatVersion}.");
                continue;
            }
            var nullable = Nullability.Create(property);
            CheckValue(member.Value, property.PropertyType, nullable, memberPath, history, checkText, problems);
        }
        foreach (var (name, property) in properties)
        {
            if (!seen.Contains(name) && property.GetCustomAttribute<RequiredMemberAttribute>() is not null)
            {
                problems.Add($"{Join(path, name)} is missing.");
            }
        }
    }

    private static void CheckValue(JsonElement value, Type type, NullabilityInfo nullability, string path, bool history, bool checkText, List<string> problems)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (underlying is null && nullability.ReadState != NullabilityState.Nullable)
            {
                problems.Add($"{path} is null, but it must have a value ({Expected(type)}).");
            }
            return;
        }
        type = underlying ?? type;
        if (type == typeof(string))
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add($"{path} must be text (in quotes), not {Describe(value)}.");
            }
            else if (checkText && PlainText.FirstBadCharacter(value.GetString() ?? "") is { } bad)
            {
                problems.Add($"{path} holds {bad}, which is not text: only letters, digits, punctuation, line breaks and tabs are.");
            }
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            var whole = value.ValueKind == JsonValueKind.Number && (type == typeof(int) ? value.TryGetInt32(out _) : value.TryGetInt64(out _));
            if (!whole)
            {
                problems.Add($"{path} must be a whole number, not {Describe(value)}.");
            }
        }
        else if (type == typeof(decimal))
        {
            // Money: a plain number (1234.56). Whether it has at most two decimals is the seed reader's check, in words about money.
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out _))
            {
                problems.Add($"{path} must be a number, not {Describe(value)}.");
            }
        }
        else if (type == typeof(bool))
        {
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add($"{path} must be true or false, not {Describe(value)}.");
            }
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path} must be an object ({{\"name\": value, …}}), not {Describe(value)}.");
                return;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in value.EnumerateObject())
            {
                if (!seen.Add(member.Name))
                {
                    problems.Add($"{path}.{member.Name} is written twice.");
                    continue;
                }
                CheckValue(member.Value, type.GetGenericArguments()[1], nullability.GenericTypeArguments[1], $"{path}.{member.Name}", history, checkText, problems);
            }
        }
        else if (typeof(IList).IsAssignableFrom(type))
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{path} must be a list ([…]), not {Describe(value)}.");
                return;
            }
            var index = 0;
            foreach (var element in value.EnumerateArray())
            {
                CheckValue(element, type.GetGenericArguments()[0], nullability.GenericTypeArguments[0], $"{path}[{index++}]", history, checkText, problems);
            }
        }
        else
        {
            CheckObject(value, type, path, history, checkText, problems);
        }
    }

    /// <summary>Properties marked "Format 2" in SeedFiles.cs: read only from an export.</summary>
    private static bool IsHistoryOnly(Type type, string name) => HistoryOnly.Contains((type, name));

    private static readonly HashSet<(Type, string)> HistoryOnly =
    [
        (typeof(CaseFile), "loadedAt"),
        (typeof(SourceItem), "addedAt"), (typeof(SourceItem), "addedBy"), (typeof(SourceItem), "version"), (typeof(SourceItem), "edits"),
        (typeof(DeficiencyItem), "version"), (typeof(DeficiencyItem), "edits"),
        (typeof(AssessmentItem), "id"), (typeof(AssessmentItem), "fromStatus"), (typeof(AssessmentItem), "recordedAt"),
        (typeof(AssessmentItem), "recordedBy"), (typeof(AssessmentItem), "corrects"), (typeof(AssessmentItem), "resultingVersion"),
        (typeof(ObligationItem), "version"), (typeof(ObligationItem), "statusChanges"), (typeof(ObligationItem), "edits"),
        (typeof(LedgerItem), "id"), (typeof(LedgerItem), "recordedAt"), (typeof(LedgerItem), "recordedBy"),
        (typeof(LedgerItem), "corrects"), (typeof(LedgerItem), "resultingVersion"),
        (typeof(TimelineEntryItem), "recordedAt"), (typeof(TimelineEntryItem), "recordedBy"), (typeof(TimelineEntryItem), "version"),
        (typeof(TimelineEntryItem), "statusChanges"), (typeof(TimelineEntryItem), "edits"),
    ];

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "text";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(decimal)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (typeof(IList).IsAssignableFrom(type)) return "a list; write [] for none";
        return "an object";
    }

    /// <summary>A JSON value as a reader of the file would name it.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"text (\"{Shorten(value.GetString() ?? "")}\")",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Name(string path, string whole) => path.Length == 0 ? whole : path;
}
