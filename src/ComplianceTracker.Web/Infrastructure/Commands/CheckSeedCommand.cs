using ComplianceTracker.Web.Infrastructure.Seed;

namespace ComplianceTracker.Web.Infrastructure.Commands;

/// <summary>
/// <c>check-seed [--from DIR]</c>: reads and checks a seed folder (or an export) as start-up would, without a database,
/// and prints every problem found, one a line. Exit 0 when it would load, 1 when it would not.
/// </summary>
public static class CheckSeedCommand
{
    public const string Name = "check-seed";

    public static bool IsRequested(string[] args) => CommandLine.FirstWord(args) == Name;

    public static async Task<int> RunAsync(string defaultDirectory, string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        var error = output == Console.Out ? Console.Error : output;
        var from = CommandLine.Read(args, "--from");
        var directory = string.IsNullOrWhiteSpace(from) ? defaultDirectory : Path.GetFullPath(from);
        try
        {
            var seed = SeedReader.Read(directory);
            await output.WriteLineAsync(
                $"{directory} holds case {seed.Case.Key}{(seed.HasHistory ? " (an export with history)" : "")}: "
                + Features.Shared.Format.List([
                    Features.Shared.Format.Plural(seed.Sources.Count, "source", "sources"),
                    Features.Shared.Format.Plural(seed.Surveys.Count, "survey", "surveys"),
                    Features.Shared.Format.Plural(seed.Deficiencies.Count, "deficiency", "deficiencies") + " described",
                    Features.Shared.Format.Plural(seed.Obligations.Count, "obligation", "obligations"),
                    Features.Shared.Format.Plural(seed.Timeline.Count, "timeline item", "timeline items"),
                    Features.Shared.Format.Plural(seed.Archive.Count, "archived copy", "archived copies"),
                ]) + ". It would load.");
            return 0;
        }
        catch (SeedException ex)
        {
            await error.WriteLineAsync(SeedProblems.Describe(directory, ex));
            return 1;
        }
    }
}
