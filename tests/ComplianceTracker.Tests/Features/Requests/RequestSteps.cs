using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Requests;

/// <summary>What a staffer does with a records request, through the real forms: draft, record what happened, make a source.</summary>
public static class RequestSteps
{
    public const string UndescribedQuestion = "undescribed:NRS-2022";

    /// <summary>Opens the draft form for a question, changes the given fields, saves it; returns the request's id.</summary>
    public static async Task<long> DraftAsync(this HttpClient editor, string? question = UndescribedQuestion, IReadOnlyDictionary<string, string>? values = null)
    {
        var fields = new Dictionary<string, string>
        {
            // The records address is not on file for DMHC: the staffer writes it into the letter before it is sent.
            ["Input.RequesterAddress"] = "1 Example Street\nOakland, CA 94612",
        };
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            fields[key] = value;
        }
        var url = question is null ? "/requests/new" : "/requests/new?question=" + Uri.EscapeDataString(question);
        var page = await TestApp.ParseAsync(await editor.GetAsync(url));
        var form = (IHtmlFormElement)page.QuerySelector("form.request-form")!;
        // The letter as drafted, with its placeholder filled in as a staffer would.
        var letter = ((IHtmlTextAreaElement)form.QuerySelector("textarea[name='Input.Letter']")!).Value;
        fields.TryAdd("Input.Letter", letter.Replace("[The agency's records address is not on file: write it here.]", "Public Records Act Coordinator\nSacramento, CA", StringComparison.Ordinal));
        using var response = await editor.PostFormAsync(form, fields, url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        return long.Parse(location.Split('/')[2], CultureInfo.InvariantCulture);
    }

    /// <summary>Posts the record form (multipart, with the antiforgery token), optionally with a document.</summary>
    public static async Task<HttpResponseMessage> RecordAsync(
        this HttpClient editor, long id, string kind, string on, IReadOnlyDictionary<string, string>? values = null, (byte[] Content, string Name, string Type)? file = null)
    {
        var url = $"/requests/{id}/record?kind={kind}";
        var page = await TestApp.ParseAsync(await editor.GetAsync(url));
        var form = (IHtmlFormElement)page.QuerySelector("main form[enctype='multipart/form-data']")!;
        var fields = Forms.Fields(form);
        fields["Input.Kind"] = kind;
        fields["Input.OccurredOn"] = on;
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            fields[key] = value;
        }
        var body = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            body.Add(new StringContent(value), name);
        }
        if (file is { } f)
        {
            var content = new ByteArrayContent(f.Content);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(f.Type);
            body.Add(content, "Input.File", f.Name);
        }
        return await editor.PostAsync(url, body);
    }

    /// <summary>Records an entry that must be accepted.</summary>
    public static async Task RecordOkAsync(this HttpClient editor, long id, string kind, string on, IReadOnlyDictionary<string, string>? values = null, (byte[] Content, string Name, string Type)? file = null)
    {
        using var response = await editor.RecordAsync(id, kind, on, values, file);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Makes the request public from its staff page.</summary>
    public static async Task MakePublicAsync(this HttpClient editor, long id)
    {
        using var response = await editor.SubmitAsync($"/requests/{id}/manage", new Dictionary<string, string>(), "form#visibility");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }

    public static Task<IHtmlDocument> ManagePageAsync(this HttpClient editor, long id) => PageAsync(editor, $"/requests/{id}/manage");

    public static async Task<IHtmlDocument> PageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), url);
        return await TestApp.ParseAsync(response);
    }
}
