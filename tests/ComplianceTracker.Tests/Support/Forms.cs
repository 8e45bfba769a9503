using AngleSharp.Html.Dom;

namespace ComplianceTracker.Tests.Support;

/// <summary>Fills in and posts forms as a browser would: the page's own hidden fields (antiforgery token, version) go along.</summary>
public static class Forms
{
    /// <summary>GETs <paramref name="url"/>, takes the form matching <paramref name="formSelector"/>, sets the given fields and posts it.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(
        this HttpClient client, string url, IReadOnlyDictionary<string, string> values, string formSelector = "main form[method=post]")
    {
        using var page = await client.GetAsync(url);
        Assert.That((int)page.StatusCode, Is.EqualTo(200), $"GET {url}");
        var document = await TestApp.ParseAsync(page);
        var form = document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new AssertionException($"No form '{formSelector}' on {url}");
        return await client.PostFormAsync(form, values, url);
    }

    /// <summary>Posts an already-read form with the given fields changed.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, IHtmlFormElement form, IReadOnlyDictionary<string, string> values, string pageUrl)
    {
        var fields = Fields(form);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        return client.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    /// <summary>The values a browser would send for the form as it stands.</summary>
    public static Dictionary<string, string> Fields(IHtmlFormElement form)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    if (input.Type is "checkbox" or "radio")
                    {
                        if (input.IsChecked)
                        {
                            fields[input.Name] = input.Value;
                        }
                    }
                    else if (input.Type is not ("submit" or "button"))
                    {
                        fields[input.Name] = input.Value;
                    }
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields[area.Name] = area.Value;
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    fields[select.Name] = select.Value ?? "";
                    break;
            }
        }
        return fields;
    }
}
