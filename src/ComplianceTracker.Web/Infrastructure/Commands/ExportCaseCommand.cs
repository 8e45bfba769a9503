using System.Data.Common;
using ComplianceTracker.Web.Infrastructure.Seed;

namespace ComplianceTracker.Web.Infrastructure.Commands;

/// <summary>
/// <c>export-case --to DIR</c>: writes the whole current record as a seed folder with history (data/README.md, format 2),
/// which an empty instance loads as its seed. Accounts and passwords are never written.
/// </summary>
public static class ExportCaseCommand
{
    public const string Name = "export-case";

    private const int Done = 0;
    private const int Failed = 1;
    private const int BadInput = 2;

    private const string Usage = """
        Usage: dotnet run --project src/ComplianceTracker.Web -- export-case --to DIR [--include-private]
        Writes case.json, sources.json, surveys.json, deficiencies.json, obligations.json, timeline.json and editions.json
        into DIR (made if missing; those files are replaced), and the archived copies of sources as archive.json with their
        files in archive/, and the public records requests that were sent as requests.json. --include-private adds the
        private requests, drafts, requesters' names and addresses, letters and documents not made sources: keep such an
        export to the staff. Load them into an empty instance with
        --Storage:SeedDirectory=DIR. The edition PDFs stay in Reports:Directory: copy that folder alongside.
        """;

    public static bool IsRequested(string[] args) => CommandLine.FirstWord(args) == Name;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        var error = output == Console.Out ? Console.Error : output;
        var to = CommandLine.Read(args, "--to");
        if (string.IsNullOrWhiteSpace(to))
        {
            await error.WriteLineAsync("--to is required: the folder to write the case's files into.");
            await error.WriteLineAsync(Usage);
            return BadInput;
        }
        var directory = Path.GetFullPath(to);
        if (File.Exists(directory))
        {
            await error.WriteLineAsync($"{directory} is a file, not a folder; nothing was written.");
            return BadInput;
        }
        var database = services.GetRequiredService<Database>();
        try
        {
            var includePrivate = args.Contains("--include-private", StringComparer.Ordinal);
            var summary = await RecordExporter.ExportAsync(database, directory, includePrivate);
            await output.WriteLineAsync(
                $"Exported case {summary.CaseKey} from {database.Location} to {directory}: {summary.Sources} sources, {summary.Deficiencies} deficiencies, "
                + $"{summary.StatusChanges} status changes, {summary.LedgerEntries} ledger entries, {summary.FieldEdits} field edits, "
                + $"{summary.TimelineItems} timeline items, {summary.Editions} editions, {summary.Passages} passages, {summary.ArchivedCopies} archived copies, "
                + $"{summary.Requests} records requests ({(includePrivate ? "private ones, requesters and letters included: keep this export to the staff" : "public ones sent, without requesters or letters")}).");
            return Done;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"The files could not be written to {directory}: {ex.Message}");
            return Failed;
        }
        catch (DbException ex)
        {
            await error.WriteLineAsync($"The record could not be read from {database.Location}: {ex.Message}");
            return Failed;
        }
    }
}
