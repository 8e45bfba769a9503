using CsvHelper;

namespace ComplianceTracker.Tests.Support;

/// <summary>Reads a CSV download as any reader would: quoting undone by CsvHelper, each row as header → value.</summary>
public static class CsvRows
{
    public static List<Dictionary<string, string>> Read(string text)
    {
        using var reader = CsvReader.Create(new StringReader(text), new CsvReaderOptions());
        reader.ReadHeader();
        var headers = reader.Headers.ToList();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(headers.ToDictionary(h => h, h => reader[h].ToString()));
        }
        return rows;
    }
}
