using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.WPFonts;

namespace ComplianceTracker.Web.Features.Reports;

public enum ReportFontSource
{
    Configured,
    Installed,
    Fallback,
}

/// <summary>
/// The typeface reports are set in, chosen once at start-up: the configured family if it is installed, else the first
/// installed of <see cref="CommonFamilies"/>, else the Segoe WP faces PDFsharp ships (a last resort, logged and shown
/// as Degraded on /healthz). Never a blank PDF for want of a font.
/// </summary>
public sealed class ReportFonts
{
    public static readonly IReadOnlyList<string> CommonFamilies = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial"];

    private ReportFonts(string family, ReportFontSource source, string? problem)
    {
        Family = family;
        Source = source;
        Problem = problem;
    }

    public string Family { get; }

    public ReportFontSource Source { get; }

    /// <summary>Why the configured or common families were not used, when they were not.</summary>
    public string? Problem { get; }

    public static ReportFonts Choose(string? configured, ILogger logger)
    {
        ReportFontResolver.Install(logger);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (ReportFontResolver.IsInstalled(configured))
            {
                return new ReportFonts(configured, ReportFontSource.Configured, null);
            }
            logger.LogWarning("Reports:FontFamily '{Family}' is not installed; trying {Common}.", configured, string.Join(", ", CommonFamilies));
        }
        foreach (var family in CommonFamilies)
        {
            if (ReportFontResolver.IsInstalled(family))
            {
                var problem = string.IsNullOrWhiteSpace(configured) ? null : $"The configured font '{configured}' is not installed; reports use {family}.";
                return new ReportFonts(family, string.IsNullOrWhiteSpace(configured) ? ReportFontSource.Installed : ReportFontSource.Fallback, problem);
            }
        }
        var message = $"None of {string.Join(", ", CommonFamilies)} is installed; reports use PDFsharp's Segoe WP faces. Install fonts-dejavu-core.";
        logger.LogWarning("{Problem}", message);
        return new ReportFonts(ReportFontResolver.LastResortFamily, ReportFontSource.Fallback, message);
    }
}

/// <summary>
/// PDFsharp's font resolver is global to the process, so one instance is installed once. It finds families through
/// PDFsharp's platform resolver (Windows fonts) and, since that finds nothing on Linux, by reading the names in the
/// TrueType files of the usual font folders. Whatever it cannot find it answers with the Segoe WP faces.
/// </summary>
internal sealed class ReportFontResolver : IFontResolver
{
    public const string LastResortFamily = "Segoe WP";

    private const string FilePrefix = "file:";
    private const string SegoePrefix = "segoe-wp:";

    private static readonly Lock InstallLock = new();
    private static readonly Lazy<IReadOnlyDictionary<string, FamilyFaces>> Installed = new(ScanFontFolders);
    private static readonly ConcurrentDictionary<string, byte[]> Bytes = new(StringComparer.Ordinal);
    private static ILogger? log;

    public static void Install(ILogger logger)
    {
        lock (InstallLock)
        {
            log ??= logger;
            if (GlobalFontSettings.FontResolver is ReportFontResolver)
            {
                return;
            }
            if (GlobalFontSettings.FontResolver is not null)
            {
                logger.LogWarning("Another PDFsharp font resolver is installed; reports use it as it is.");
                return;
            }
            GlobalFontSettings.FontResolver = new ReportFontResolver();
        }
    }

    public static bool IsInstalled(string family) =>
        family.Equals(LastResortFamily, StringComparison.OrdinalIgnoreCase)
        || Installed.Value.ContainsKey(family)
        || WindowsFace(family, false, false) is not null;

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic)
    {
        if (!familyName.Equals(LastResortFamily, StringComparison.OrdinalIgnoreCase))
        {
            if (WindowsFace(familyName, isBold, isItalic) is { } windows)
            {
                return windows;
            }
            if (Installed.Value.TryGetValue(familyName, out var faces) && faces.Pick(isBold, isItalic) is { } face)
            {
                return face;
            }
            log?.LogWarning("Font '{Family}' not found; using {LastResort}.", familyName, LastResortFamily);
        }
        var simulations = isItalic ? XStyleSimulations.ItalicSimulation : XStyleSimulations.None;
        return new FontResolverInfo(SegoePrefix + (isBold ? "bold" : "regular"), simulations);
    }

    public byte[]? GetFont(string faceName) => Bytes.GetOrAdd(faceName, static name => name switch
    {
        SegoePrefix + "bold" => FontDataHelper.SegoeWPBold,
        SegoePrefix + "regular" => FontDataHelper.SegoeWP,
        _ when name.StartsWith(FilePrefix, StringComparison.Ordinal) => File.ReadAllBytes(name[FilePrefix.Length..]),
        _ => FontDataHelper.SegoeWP,
    });

    private static FontResolverInfo? WindowsFace(string family, bool bold, bool italic)
    {
        if (!OperatingSystem.IsWindows())
        {
            return null;
        }
        try
        {
            return PlatformFontResolver.ResolveTypeface(family, bold, italic);
        }
        catch (InvalidOperationException)
        {
            // PDFsharp allows the call only from inside a resolver; while choosing a family nothing is resolving yet.
            return null;
        }
    }

    private sealed class FamilyFaces
    {
        public string? Regular;
        public string? Bold;
        public string? Italic;
        public string? BoldItalic;

        public FontResolverInfo? Pick(bool bold, bool italic)
        {
            // A missing style is simulated from the nearest face rather than failing.
            var exact = (bold, italic) switch
            {
                (true, true) => BoldItalic,
                (true, false) => Bold,
                (false, true) => Italic,
                _ => Regular,
            };
            if (exact is not null)
            {
                return new FontResolverInfo(FilePrefix + exact);
            }
            var simulations = XStyleSimulations.None;
            var basis = Regular;
            if (bold && italic && Bold is not null)
            {
                basis = Bold;
                simulations = XStyleSimulations.ItalicSimulation;
            }
            else if (bold && italic && Italic is not null)
            {
                basis = Italic;
                simulations = XStyleSimulations.BoldSimulation;
            }
            else
            {
                simulations = (bold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None)
                    | (italic ? XStyleSimulations.ItalicSimulation : XStyleSimulations.None);
            }
            return basis is null ? null : new FontResolverInfo(FilePrefix + basis, simulations);
        }
    }

    private static IReadOnlyDictionary<string, FamilyFaces> ScanFontFolders()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string[] folders =
        [
            "/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(home, ".local/share/fonts"), Path.Combine(home, ".fonts"),
            "/Library/Fonts", "/System/Library/Fonts", Environment.GetFolderPath(Environment.SpecialFolder.Fonts),
        ];
        var families = new Dictionary<string, FamilyFaces>(StringComparer.OrdinalIgnoreCase);
        var files = folders
            .Where(f => !string.IsNullOrEmpty(f) && Directory.Exists(f))
            .SelectMany(f => SafeFiles(f))
            .Where(f => f.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var (family, style) in TrueTypeNames.Read(file))
            {
                var faces = families.TryGetValue(family, out var found) ? found : families[family] = new FamilyFaces();
                switch (style.ToLowerInvariant())
                {
                    case "regular" or "book" or "normal" or "roman":
                        faces.Regular ??= file;
                        break;
                    case "bold":
                        faces.Bold ??= file;
                        break;
                    case "italic" or "oblique":
                        faces.Italic ??= file;
                        break;
                    case "bold italic" or "bold oblique" or "bolditalic":
                        faces.BoldItalic ??= file;
                        break;
                }
            }
        }
        return families.Where(p => p.Value.Regular is not null).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> SafeFiles(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

/// <summary>Reads the family and style names from a TrueType file's 'name' table.</summary>
internal static class TrueTypeNames
{
    public static IReadOnlyList<(string Family, string Style)> Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var header = new byte[12];
            stream.ReadExactly(header);
            var tables = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(4));
            var directory = new byte[tables * 16];
            stream.ReadExactly(directory);
            for (var i = 0; i < tables; i++)
            {
                var entry = directory.AsSpan(i * 16);
                if (Encoding.ASCII.GetString(entry[..4]) != "name")
                {
                    continue;
                }
                var offset = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
                var length = BinaryPrimitives.ReadUInt32BigEndian(entry[12..]);
                var table = new byte[length];
                stream.Position = offset;
                stream.ReadExactly(table);
                return Parse(table);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or EndOfStreamException)
        {
            // Not a font we can read: skip it.
        }
        return [];
    }

    private static List<(string Family, string Style)> Parse(byte[] table)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(table.AsSpan(2));
        var storage = BinaryPrimitives.ReadUInt16BigEndian(table.AsSpan(4));
        var names = new Dictionary<int, string>();
        for (var i = 0; i < count; i++)
        {
            var record = table.AsSpan(6 + (i * 12), 12);
            var platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            var language = BinaryPrimitives.ReadUInt16BigEndian(record[4..]);
            var id = BinaryPrimitives.ReadUInt16BigEndian(record[6..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(record[8..]);
            var offset = BinaryPrimitives.ReadUInt16BigEndian(record[10..]);
            if (id is not (1 or 2 or 16 or 17) || storage + offset + length > table.Length)
            {
                continue;
            }
            var bytes = table.AsSpan(storage + offset, length);
            // Windows English names win; Macintosh Roman names fill gaps.
            if (platform == 3 && language == 0x409)
            {
                names[id] = Encoding.BigEndianUnicode.GetString(bytes);
            }
            else if (platform == 1 && language == 0 && !names.ContainsKey(id))
            {
                names[id] = Encoding.Latin1.GetString(bytes);
            }
        }
        var result = new List<(string, string)>();
        if (names.TryGetValue(1, out var family) && names.TryGetValue(2, out var style))
        {
            result.Add((family, style));
        }
        if (names.TryGetValue(16, out var typographic) && names.TryGetValue(17, out var typographicStyle))
        {
            result.Add((typographic, typographicStyle));
        }
        return result;
    }
}
