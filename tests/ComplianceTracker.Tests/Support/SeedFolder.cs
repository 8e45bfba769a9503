using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceTracker.Tests.Support;

/// <summary>A writable copy of a seed folder, for tests that break or replace one file.</summary>
public sealed class SeedFolder : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private SeedFolder(string path) => Path = path;

    public string Path { get; }

    public static SeedFolder CopyOfCheckedIn() => CopyOf(Repository.SeedDirectory);

    /// <summary>A writable copy of the seed files of <paramref name="directory"/> (a test case's folder, say).</summary>
    public static SeedFolder CopyOf(string directory)
    {
        var folder = Empty();
        foreach (var file in Directory.GetFiles(directory, "*.json"))
        {
            File.Copy(file, System.IO.Path.Combine(folder.Path, System.IO.Path.GetFileName(file)));
        }
        return folder;
    }

    public static SeedFolder Empty()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ct-seed", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new SeedFolder(path);
    }

    public JsonNode Read(string file) => JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Path, file)))!;

    public void Write(string file, JsonNode node) => File.WriteAllText(System.IO.Path.Combine(Path, file), node.ToJsonString(Indented));

    public void WriteText(string file, string text) => File.WriteAllText(System.IO.Path.Combine(Path, file), text);

    /// <summary>Reads a file, lets the test change it, and writes it back.</summary>
    public void Edit(string file, Action<JsonNode> change)
    {
        var node = Read(file);
        change(node);
        Write(file, node);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
