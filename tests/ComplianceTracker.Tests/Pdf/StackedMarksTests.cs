using System.Text;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Pdf.Fonts;
using Dapper;

namespace ComplianceTracker.Tests.Pdf;

/// <summary>
/// Names whose letters carry two marks, printed where the edition and the brief print a name (each cited source's
/// publisher), composed (NFC, as the app's forms store text) or decomposed (NFD, as imported data may hold it). Checked
/// in what is drawn: the glyphs of the font subsets the PDFs embed, not only the text a reader extracts.
/// </summary>
[TestFixture(NormalizationForm.FormC)]
[TestFixture(NormalizationForm.FormD)]
public sealed class StackedMarksTests(NormalizationForm form)
{
    // Vietnamese (ễ, ị, ế: a letter, a circumflex and a tone), Yoruba (ọ̀: a dot below and a grave, which has no
    // precomposed letter) and polytonic Greek (Ἀ, Ὅ: a breathing and an accent).
    private static readonly string[] Names = ["Nguyễn Thị Ánh Tuyết", "Adébáyọ̀ Ọlábísí", "Ἀριστοτέλης Ὅμηρος"];

    private static readonly Dictionary<string, TrueTypeFont> Faces = BundledFonts.Faces.ToDictionary(
        f => f, f => TrueTypeFont.Open(Path.Combine(Repository.Root, "src", "ComplianceTracker.Web", "Pdf", "Fonts", f + ".ttf")));

    private TestApp app = null!;
    private byte[] edition = null!;
    private byte[] brief = null!;

    [OneTimeSetUp]
    public async Task PublishWithTheNames()
    {
        app = new TestApp();
        await using (var connection = await app.Database.OpenAsync())
        {
            // Straight into the record, past the forms (which compose what they store), as an import would put it.
            await connection.ExecuteAsync("UPDATE Sources SET Publisher = @Publisher", new { Publisher = string.Join(" · ", Names).Normalize(form) });
        }
        var number = await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var published = (await app.Editions().FindAsync(number))!;
        edition = await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), published.FileName));
        brief = await app.CreateClient().GetByteArrayAsync("/brief.pdf");
        // Kept beside the test binaries so CI can show a person the pages.
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, $"stacked-marks-edition-{form}.pdf"), edition);
        await File.WriteAllBytesAsync(Path.Combine(folder, $"stacked-marks-brief-{form}.pdf"), brief);
    }

    [OneTimeTearDown]
    public void DisposeApp() => app.Dispose();

    private byte[] Pdf(string which) => which == "edition" ? edition : brief;

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_EmbedsEveryComponentOfEveryCompositeGlyph(string which)
    {
        var fonts = EmbeddedFonts.Read(Pdf(which));
        Assert.That(fonts, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (name, font, _) in fonts)
            {
                Assert.That(font.MissingComponents(), Is.Empty, $"{name}: composite glyphs whose components draw nothing");
            }
        });
    }

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_CutsItsSubsetsFromTheBundledFaces_Alone(string which)
    {
        var fonts = EmbeddedFonts.Read(Pdf(which));
        Assert.That(fonts.Select(f => BundledFace(f.Font)), Is.Unique.And.Not.Contains(null), string.Join(", ", fonts.Select(f => f.Name)));
    }

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_DrawsEachLetterOfTheNames_AsTheFontsComposedGlyph(string which)
    {
        var fonts = EmbeddedFonts.Read(Pdf(which)).Select(f => (f.Name, f.Font, f.Drawn, Face: Faces[BundledFace(f.Font)!])).ToList();
        Assert.Multiple(() =>
        {
            foreach (var letter in Names.SelectMany(n => n.Normalize(NormalizationForm.FormC)).Where(c => c != ' ').Distinct())
            {
                // The face's glyph for the composed letter ("ễ", not "e" and two marks) is drawn, and has its outline.
                Assert.That(fonts.Where(f => f.Drawn.Contains(f.Face.GlyphOf(letter)) && f.Font.HasOutline(f.Face.GlyphOf(letter))), Is.Not.Empty,
                    $"'{letter}' (U+{(int)letter:X4}) drawn with an outline in {string.Join(", ", fonts.Select(f => f.Name))}");
            }
        });
    }

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_DrawsNoMarkOnItsOwn_WhereTheFontHasTheComposedLetter(string which)
    {
        var fonts = EmbeddedFonts.Read(Pdf(which)).Select(f => (f.Drawn, Face: Faces[BundledFace(f.Font)!])).ToList();
        // The marks composing takes away: all but Yoruba's grave over ọ, which no precomposed letter has.
        var marks = Names.SelectMany(n => n.Normalize(NormalizationForm.FormD)).Except(Names.SelectMany(n => n.Normalize(NormalizationForm.FormC)))
            .Where(c => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark).ToList();
        Assert.That(marks, Has.Count.GreaterThanOrEqualTo(6));
        Assert.That(marks.Where(m => fonts.Any(f => f.Drawn.Contains(f.Face.GlyphOf(m)))).Select(m => $"U+{(int)m:X4}"), Is.Empty);
    }

    /// <summary>The bundled face a subset was cut from: every glyph it kept is that face's, byte for byte.</summary>
    private static string? BundledFace(TrueTypeFont subset) => Faces.Keys.SingleOrDefault(name =>
        Faces[name].GlyphCount == subset.GlyphCount
        && Enumerable.Range(0, subset.GlyphCount).Where(subset.HasOutline).All(g => subset.Outline(g).SequenceEqual(Faces[name].Outline(g))));

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_ExtractsTheNamesComposed(string which)
    {
        var text = ReportPdf.Read(Pdf(which)).AllText;
        var words = Names.SelectMany(n => n.Normalize(NormalizationForm.FormC).Split(' '));
        Assert.That(words, Has.All.Matches<string>(w => text.Contains(w, StringComparison.Ordinal)), text);
    }
}
