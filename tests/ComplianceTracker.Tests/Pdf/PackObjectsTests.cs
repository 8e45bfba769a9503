using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Pdf;
using ComplianceTracker.Web.Pdf.Workarounds;

namespace ComplianceTracker.Tests.Pdf;

/// <summary>
/// The saver's second writer (<see cref="NoObjectStreams.PackObjects"/>) on small documents made with plain PDFsharp:
/// the file it packs opens in PdfPig, passes <c>qpdf --check</c>, and every entry of its cross-reference stream, read
/// here byte by byte, leads to the object it names.
/// </summary>
public sealed class PackObjectsTests
{
    // Enough tagged paragraphs for more than one object stream (at most 250 objects each).
    private static readonly Lazy<byte[]> Tagged = new(() => PdfFile.Save(PlainPdf.Document(pages: 8, tagged: true, paragraphs: 40), PlainPdf.Id, "pack"));

    [Test]
    public void PackObjects_GivesAFilePdfPigOpens_WithEveryPageAndWord()
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(Tagged.Value);

        Assert.Multiple(() =>
        {
            Assert.That(document.NumberOfPages, Is.EqualTo(8));
            Assert.That(string.Join(' ', document.GetPage(8).GetWords().Select(w => w.Text)), Does.Contain("Page 8, paragraph 40: plain words."));
            Assert.That(document.GetPage(3).GetHyperlinks().Select(l => l.Uri), Does.Contain("https://example.org/3"));
            Assert.That(document.Information.Title, Is.EqualTo("Plain"));
        });
    }

    [Test]
    public void PackObjects_GivesAFileQpdfFindsNothingWrongWith()
    {
        var (exitCode, output) = PlainPdf.QpdfCheck(Tagged.Value);

        Assert.That(output, Does.Contain("No syntax or stream encoding errors found").And.Not.Contain("WARNING"));
        Assert.That(exitCode, Is.Zero, output);
    }

    [Test]
    public void PackObjects_IndexesEveryObject_AtItsOffsetOrInTheObjectStreamThatHoldsIt()
    {
        var pdf = Tagged.Value;
        var index = CrossReferenceStream(pdf);
        var inStreams = 0;

        Assert.That(index[0], Is.EqualTo((0, 0, 65535)), "object 0 is the head of the free list");
        for (var n = 1; n < index.Count; n++)
        {
            var (type, field2, field3) = index[n];
            switch (type)
            {
                case 1:
                    Assert.That(PlainPdf.Latin1(pdf[field2..Math.Min(pdf.Length, field2 + 20)]), Does.StartWith($"{n} 0 obj"), $"object {n} at offset {field2}");
                    break;
                case 2:
                    Assert.That(index[field2].Type, Is.EqualTo(1), $"object {n}'s object stream {field2} is itself at an offset");
                    var held = ObjectStream(pdf, index[field2].Field2);
                    Assert.That(held.Numbers.ElementAtOrDefault(field3), Is.EqualTo(n), $"object stream {field2} holds object {n} at index {field3}");
                    inStreams++;
                    break;
                default:
                    Assert.Fail($"object {n} is of type {type}: every object below /Size is in use");
                    break;
            }
        }
        Assert.That(inStreams, Is.GreaterThan(250), "more objects than one object stream holds, so several streams are indexed");
    }

    [Test]
    public void PackObjects_KeepsEveryObjectAsPdfSharpWroteIt()
    {
        // PDFsharp's own output, uncompressed, as the saver hands it to PackObjects.
        var document = PlainPdf.Document(tagged: true);
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        var plain = PlainPdf.Save(document);
        var packed = NoObjectStreams.PackObjects(plain);
        var index = CrossReferenceStream(packed);

        // Every object that is not a stream is in an object stream, its text unchanged.
        var loose = Regex.Matches(PlainPdf.Latin1(plain), @"(?<=\n)(\d+) 0 obj\s*(.*?)\s*endobj", RegexOptions.Singleline)
            .Where(m => !m.Groups[2].Value.Contains("endstream", StringComparison.Ordinal))
            .ToList();
        Assert.That(loose, Is.Not.Empty);
        foreach (var m in loose)
        {
            var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.That(index[n].Type, Is.EqualTo(2), $"object {n} is packed");
            var stream = ObjectStream(packed, index[index[n].Field2].Field2);
            Assert.That(stream.Bodies[index[n].Field3], Is.EqualTo(m.Groups[2].Value), $"object {n} as PDFsharp wrote it");
        }
        Assert.That(NoObjectStreams.PackObjects(plain), Is.EqualTo(packed), "the same input, the same bytes");
    }

    /// <summary>The cross-reference stream the file's startxref points at, as (type, field 2, field 3) per object number.</summary>
    private static List<(int Type, int Field2, int Field3)> CrossReferenceStream(byte[] pdf)
    {
        var text = PlainPdf.Latin1(pdf);
        var startxref = Regex.Match(text, @"startxref\s+(\d+)\s+%%EOF\s*$");
        Assert.That(startxref.Success, "the file ends with startxref and %%EOF");
        var at = int.Parse(startxref.Groups[1].Value, CultureInfo.InvariantCulture);
        var header = Regex.Match(text[at..], @"^(\d+) 0 obj\s*<<(.*?)>>\s*stream\r?\n", RegexOptions.Singleline);
        Assert.That(header.Success, $"startxref {at} points at an object");
        var dictionary = header.Groups[2].Value;
        Assert.That(dictionary, Does.Contain("/Type/XRef").And.Contain("/W[1 4 2]"));
        var size = int.Parse(Regex.Match(dictionary, @"/Size (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var length = int.Parse(Regex.Match(dictionary, @"/Length (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var data = pdf.AsSpan(at + header.Length, length).ToArray();
        Assert.That(PlainPdf.EndsWithAdler32(data), "a complete zlib stream");
        var table = PlainPdf.Inflate(data, out _);
        Assert.That(table, Has.Length.EqualTo(size * 7), "seven bytes for each of /Size objects");
        var entries = Enumerable.Range(0, size)
            .Select(n => ((int)table[n * 7], BinaryPrimitives.ReadInt32BigEndian(table.AsSpan((n * 7) + 1)), (int)BinaryPrimitives.ReadUInt16BigEndian(table.AsSpan((n * 7) + 5))))
            .ToList();
        Assert.That(entries[int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture)], Is.EqualTo((1, at, 0)), "the index lists itself");
        return entries;
    }

    /// <summary>The object stream at <paramref name="offset"/>: the numbers it holds, in order, and each one's text.</summary>
    private static (List<int> Numbers, List<string> Bodies) ObjectStream(byte[] pdf, int offset)
    {
        var text = PlainPdf.Latin1(pdf);
        var header = Regex.Match(text[offset..], @"^\d+ 0 obj\s*<<(.*?)>>\s*stream\r?\n", RegexOptions.Singleline);
        var dictionary = header.Groups[1].Value;
        Assert.That(dictionary, Does.Contain("/Type/ObjStm"));
        var count = int.Parse(Regex.Match(dictionary, @"/N (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var first = int.Parse(Regex.Match(dictionary, @"/First (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var length = int.Parse(Regex.Match(dictionary, @"/Length (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var content = PlainPdf.Latin1(PlainPdf.Inflate(pdf.AsSpan(offset + header.Length, length).ToArray(), out _));
        var pairs = content[..first].Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        Assert.That(pairs, Has.Count.EqualTo(2 * count), "a number and an offset for each of /N objects");
        var numbers = Enumerable.Range(0, count).Select(i => pairs[2 * i]).ToList();
        var bodies = Enumerable.Range(0, count)
            .Select(i => content[(first + pairs[(2 * i) + 1])..(i + 1 < count ? first + pairs[(2 * i) + 3] : content.Length)].Trim())
            .ToList();
        return (numbers, bodies);
    }
}
