namespace ComplianceTracker.Benchmarks.Cases;

/// <summary>A case to measure: the checked-in seed, or a generated one of a given size.</summary>
public sealed record CaseSize(string Name, int Deficiencies, int StatusChanges, int Events, int Obligations, int Sources)
{
    /// <summary>The instant every benchmark reads the record at: 27 November 2026, noon in California.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    /// <summary>The edition before the measured one, a week earlier.</summary>
    public static readonly DateTimeOffset PreviousAsOf = AsOf.AddDays(-7);

    public static readonly CaseSize Seeded = new("seeded", 0, 0, 0, 0, 0);
    public static readonly CaseSize Medium = new("medium", 200, 20_000, 50, 10, 50);
    public static readonly CaseSize Large = new("large", 2_000, 200_000, 500, 100, 500);

    public bool IsSeed => Name == Seeded.Name;

    /// <summary>The sizes a run measures: all three, or those named in BENCH_SIZES (e.g. "seeded,medium").</summary>
    public static IEnumerable<string> Selected =>
        Environment.GetEnvironmentVariable("BENCH_SIZES") is { Length: > 0 } names
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => Named(n).Name)
            : [Seeded.Name, Medium.Name, Large.Name];

    public static CaseSize Named(string name) => name switch
    {
        "seeded" => Seeded,
        "medium" => Medium,
        "large" => Large,
        _ => throw new ArgumentException($"No case size \"{name}\": seeded, medium or large.", nameof(name)),
    };
}
