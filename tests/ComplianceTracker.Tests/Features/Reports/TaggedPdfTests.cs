using System.Xml.Linq;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>
/// The seeded edition and the brief read back as a screen reader reads them: tagged PDF/UA with a structure tree in
/// reading order, headings where the bookmarks are, tables with header cells, charts with their numbers in words,
/// every link tagged and everything else on the page either tagged content or an artifact.
/// </summary>
public sealed class TaggedPdfTests
{
    private TestApp app = null!;
    private StatusReport report = null!;
    private TaggedPdf edition = null!;
    private TaggedPdf brief = null!;
    private byte[] editionBytes = null!;
    private byte[] briefBytes = null!;

    [OneTimeSetUp]
    public async Task RenderEditionAndBrief()
    {
        app = new TestApp();
        byte[] bytes;
        (report, bytes) = await app.RenderAsync();
        editionBytes = bytes;
        edition = TaggedPdf.Read(bytes);
        briefBytes = await app.CreateClient().GetByteArrayAsync("/brief.pdf?since=2025-05-06");
        brief = TaggedPdf.Read(briefBytes);
    }

    [OneTimeTearDown]
    public void DisposeApp() => app.Dispose();

    private TaggedPdf Pdf(string which) => which == "edition" ? edition : brief;

    [TestCase("edition", "ComplianceTracker status report, edition 1")]
    [TestCase("brief", null)]
    public void Render_DeclaresTaggedPdfUa_WithLanguageAndTitleBar(string which, string? title)
    {
        var pdf = Pdf(which);
        XNamespace uaid = "http://www.aiim.org/pdfua/ns/id/";
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        Assert.Multiple(() =>
        {
            Assert.That(pdf.CatalogFlag("MarkInfo", "Marked"), Is.True, "/MarkInfo /Marked true");
            Assert.That(pdf.CatalogString("Lang"), Is.EqualTo("en-US"));
            Assert.That(pdf.CatalogFlag("ViewerPreferences", "DisplayDocTitle"), Is.True, "the title bar shows the title, not the file name");
            Assert.That(pdf.Root, Is.Not.Null, "a structure tree");
            Assert.That(pdf.Root?.Kids.Select(k => k.Type), Is.EqualTo(new[] { "Document" }));
            Assert.That(pdf.Xmp?.Descendants(uaid + "part").Select(e => e.Value), Is.EqualTo(new[] { "1" }), "pdfuaid:part 1 in the XMP metadata");
            Assert.That(pdf.Xmp?.Descendants(dc + "title").Single().Value, title is null ? Is.Not.Empty : Is.EqualTo(title));
        });
    }

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_TagsAllTextOnEveryPage_AsContentOrArtifact(string which)
    {
        var pdf = Pdf(which);
        var referenced = pdf.Elements.SelectMany(e => e.Content).ToHashSet();
        Assert.Multiple(() =>
        {
            foreach (var page in pdf.Pages)
            {
                Assert.That(page.TextOperators, Is.GreaterThan(0), $"text on page {page.Number}");
                Assert.That(page.UntaggedTextOperators, Is.Zero, $"text shown outside tagged content or an artifact on page {page.Number}");
                Assert.That(page.MisnestedOperators, Is.Zero, $"marked content overlapping a text object (BT…ET) on page {page.Number}");
                Assert.That(page.Texts.Keys.Where(mcid => !referenced.Contains((page.Number, mcid))), Is.Empty, $"marked content on page {page.Number} that no element owns");
            }
            Assert.That(referenced.Where(c => !pdf.Pages[c.Page - 1].Texts.ContainsKey(c.Mcid)), Is.Empty, "elements pointing at marked content that is not there");
        });
    }

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_PutsAHeadingWhereEachBookmarkPoints_InTheSameOrder(string which)
    {
        var pdf = Pdf(which);
        var headings = pdf.Elements.Where(e => e.Type is "H1" or "H2").ToList();
        Assert.That(pdf.Bookmarks, Has.Count.GreaterThan(3));
        // The first bookmark ("Cover", "Brief") is the document's title, the first H1.
        Assert.That(headings[0].Type, Is.EqualTo("H1"));
        Assert.That(NoSpaces(headings[0].Text(pdf)), Is.EqualTo(NoSpaces(report.Case.Title)));
        Assert.That(headings[0].ContentPages().First(), Is.EqualTo(pdf.Bookmarks[0].Page));
        var at = 0;
        foreach (var (title, page) in pdf.Bookmarks.Skip(1))
        {
            var found = headings.FindIndex(at, h => NoSpaces(h.Text(pdf)) == NoSpaces(title));
            Assert.That(found, Is.GreaterThan(at - 1), $"a heading \"{title}\" after the one before");
            Assert.That(headings[found].ContentPages().First(), Is.EqualTo(page), $"\"{title}\" on the bookmark's page");
            at = found + 1;
        }
        if (which == "edition")
        {
            Assert.That(headings.Where(h => h.Type == "H1").Select(h => NoSpaces(h.Text(pdf))).Skip(1), Is.EqualTo(pdf.Bookmarks.Skip(1).Select(b => NoSpaces(b.Title))), "each section's title is an H1");
        }
    }

    [Test]
    public void Render_ReadsTheCoverInOrder_TitleFiguresMoneyThenTheFirstSection()
    {
        var order = edition.Elements.ToList();
        var title = order.FindIndex(e => e.Type == "H1");
        var unitChart = order.FindIndex(e => e.Type == "Figure");
        var money = order.FindIndex(e => e.Type == "H2" && NoSpaces(e.Text(edition)) == "Money");
        var moneyChart = order.FindIndex(money, e => e.Type == "Figure");
        var firstSection = order.FindIndex(e => e.Type == "H1" && NoSpaces(e.Text(edition)) == NoSpaces("Changes since the last edition"));
        Assert.That(new[] { title, unitChart, money, moneyChart, firstSection }, Is.Ordered.Ascending.And.All.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void Render_TagsTheCoversContents_AsATocWhoseEntriesLinkToTheirPages()
    {
        // The seeded cover is full (its summary moves to page 2 and the contents are left out); without the headline
        // figure it has room for both.
        var fonts = app.Services.GetRequiredService<ReportFonts>();
        var pdf = TaggedPdf.Read(StatusReportPdf.Render(report with { Headline = null }, fonts.Family).Bytes);
        var order = pdf.Elements.ToList();
        var contents = order.FindIndex(e => e.Type == "TOC");
        var firstSection = order.FindIndex(e => e.Type == "H1" && NoSpaces(e.Text(pdf)) == NoSpaces("Changes since the last edition"));
        Assert.That(contents, Is.GreaterThan(order.FindIndex(e => e.Type == "Figure")).And.LessThan(firstSection), "after the cover's money chart, before the first section");
        var entries = order[contents].Kids;
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Type), Has.All.EqualTo("TOCI"));
            Assert.That(entries.Select(e => e.Kids.Single().Type), Has.All.EqualTo("Link"), "each entry links to its page");
            Assert.That(entries.Select(e => e.Kids.Single().Annotations.Count), Has.All.EqualTo(1));
            Assert.That(entries.Select(e => NoSpaces(e.Text(pdf))), Is.EqualTo(pdf.Bookmarks.Skip(1).Select(b => NoSpaces(b.Title + b.Page))), "each section's title and page");
        });
    }

    [Test]
    public void Render_DescribesEachChart_WithTheNumbersItShows()
    {
        var figures = edition.Elements.Where(e => e.Type == "Figure").ToList();
        Assert.That(figures, Has.Count.EqualTo(2), "the unit chart and the money chart");
        var h = report.Headline!;
        Assert.Multiple(() =>
        {
            Assert.That(figures.Select(f => f.Alt), Has.All.Not.Empty);
            Assert.That(figures[0].Alt, Does.Contain("19 of 20 deficiencies not corrected"));
            foreach (var (_, label, count) in h.ByStatus)
            {
                Assert.That(figures[0].Alt, Does.Contain($"{label} {count}"));
            }
            Assert.That(figures[1].Alt, Does.Contain("$50M").And.Contain("$150M").And.Contain("unknown"));
        });
    }

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_GivesEveryTableAHeaderRowOfThCells(string which)
    {
        var pdf = Pdf(which);
        var tables = pdf.Elements.Where(e => e.Type == "Table").ToList();
        Assert.That(tables, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var table in tables)
            {
                Assert.That(table.Kids.Select(k => k.Type), Is.EqualTo(new[] { "THead", "TBody" }), "a head and a body");
                Assert.That(table.Kids[0].Kids.Select(k => k.Type), Is.EqualTo(new[] { "TR" }), "one header row");
                var rows = Rows(table);
                Assert.That(rows.Select(k => k.Type), Has.All.EqualTo("TR"));
                var header = rows[0].Kids;
                Assert.That(header.Select(c => c.Type), Has.All.EqualTo("TH"), "the first row is the header");
                Assert.That(header.Select(c => c.Text(pdf)), Has.All.Not.Empty);
                Assert.That(rows.Skip(1).Select(r => r.Kids.Count(c => c.Type == "TD")), Has.All.EqualTo(header.Count), "a data cell under each header cell");
            }
        });
    }

    [Test]
    public void Render_TagsTheHeaderOnce_WhenATableRepeatsItOnTheNextPage()
    {
        var many = Enumerable.Range(1, 90).Select(n => report.Deficiencies[0] with { Code = $"X-{n:000}" }).ToList();
        var fonts = app.Services.GetRequiredService<ReportFonts>();
        var pdf = TaggedPdf.Read(StatusReportPdf.Render(report with { Deficiencies = many }, fonts.Family).Bytes);
        var table = pdf.Elements.Where(e => e.Type == "Table").Single(t => Rows(t).Any(r => r.Text(pdf).Contains("X-001", StringComparison.Ordinal)));
        var rows = Rows(table);
        Assert.Multiple(() =>
        {
            Assert.That(table.ContentPages().Distinct().Count(), Is.GreaterThan(1), "the table runs over pages");
            Assert.That(rows, Has.Count.EqualTo(91), "one header row and the 90 rows");
            Assert.That(rows.Count(r => r.Kids.Any(c => c.Type == "TH")), Is.EqualTo(1), "the repeated header is an artifact");
            Assert.That(table.Kids.Select(k => k.Type), Is.EqualTo(new[] { "THead", "TBody" }), "one body across the pages");
            Assert.That(pdf.Pages.Sum(p => p.UntaggedTextOperators + p.MisnestedOperators), Is.Zero);
        });
    }

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_TagsEveryLink_WithTheTextItCovers(string which)
    {
        var pdf = Pdf(which);
        var links = pdf.Elements.Where(e => e.Type == "Link").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Pages.Sum(p => p.Annotations), Is.GreaterThan(pdf.Pages.Count), "the footer's link and the content's");
            Assert.That(pdf.Pages.Sum(p => p.AnnotationsWithoutStructParent), Is.Zero, "every annotation has a /StructParent");
            Assert.That(links.Sum(l => l.Annotations.Count), Is.EqualTo(pdf.Pages.Sum(p => p.Annotations)), "every annotation is owned by a Link element");
            Assert.That(links.Select(l => l.Annotations.Count), Has.All.GreaterThan(0));
            // All but the footer's (its text is a pagination artifact on each page) contain the words they link.
            Assert.That(links.SkipLast(1).Select(l => l.Text(pdf)), Has.All.Not.Empty);
        });
    }

    [TestCase("edition")]
    [TestCase("brief")]
    public void Render_CompressesEveryStreamButTheMetadata_AsCompleteZlibStreams(string which)
    {
        // An archive's validator (and qpdf --check) reads each stream to its end: zlib's Adler-32 checksum closes it.
        var file = which == "edition" ? editionBytes : briefBytes;
        var streams = PdfStreams(file).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(streams.Where(s => s.Filter is null).Select(s => s.Dictionary), Has.All.Contains("/Type/Metadata"),
                "only the XMP metadata is left uncompressed");
            Assert.That(streams.Count(s => s.Filter is null), Is.EqualTo(1), "one XMP packet");
            Assert.That(streams.Count(s => s.Dictionary.Contains("/Length1", StringComparison.Ordinal)), Is.GreaterThan(0), "font programs are among them");
            Assert.That(streams.Count(s => s.Filter is not null), Is.GreaterThan(TaggedPdfPages(which)), "page contents, fonts, object streams");
            foreach (var (dictionary, filter, data) in streams.Where(s => s.Filter is not null))
            {
                Assert.That(filter, Is.EqualTo("/FlateDecode"), dictionary);
                using var inflated = new MemoryStream();
                using (var z = new System.IO.Compression.ZLibStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress))
                {
                    z.CopyTo(inflated);
                }
                var adler = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(data.Length - 4));
                Assert.That(adler, Is.EqualTo(Adler32(inflated.ToArray())), $"the stream of {dictionary} ends with zlib's checksum of its data");
            }
        });
    }

    private int TaggedPdfPages(string which) => Pdf(which).Pages.Count;

    // A table's rows, its head's and then its body's.
    private static List<TaggedPdf.Element> Rows(TaggedPdf.Element table) => table.Kids.SelectMany(group => group.Kids).ToList();

    // Each "<<…>>\nstream\n" in the file: its dictionary, its filter and its /Length bytes of data.
    private static IEnumerable<(string Dictionary, string? Filter, byte[] Data)> PdfStreams(byte[] file)
    {
        var text = System.Text.Encoding.Latin1.GetString(file);
        for (var at = text.IndexOf(">>\nstream\n", StringComparison.Ordinal); at >= 0; at = text.IndexOf(">>\nstream\n", at + 1, StringComparison.Ordinal))
        {
            var objectAt = text.LastIndexOf(" obj", at, StringComparison.Ordinal);
            var dictionary = text[(objectAt + 4)..(at + 2)].Trim();
            var length = int.Parse(System.Text.RegularExpressions.Regex.Match(dictionary, @"/Length (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var filter = System.Text.RegularExpressions.Regex.Match(dictionary, @"/Filter\s*(/\w+)");
            var dataAt = at + ">>\nstream\n".Length;
            yield return (dictionary, filter.Success ? filter.Groups[1].Value : null, file[dataAt..(dataAt + length)]);
        }
    }

    private static uint Adler32(byte[] data)
    {
        uint a = 1, b = 0;
        foreach (var x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }

    // PdfPig reads the words of one drawn string with their spaces, but not the space where a line wraps.
    private static string NoSpaces(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
