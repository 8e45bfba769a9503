using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Errors;

// The error page answers failed POSTs too (re-executed by the status-code and exception middleware); it writes nothing.
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    /// <summary>
    /// The error codes this app answers with (its own, and those its framework gives: 401/403 from sign-in, 405 for a
    /// method a page lacks, 413/415 for a body it will not read). /error/{code} serves these only; any other code is a
    /// plain 404, so the address cannot be used to make the site answer 204, 302 or 99999.
    /// </summary>
    public static readonly IReadOnlySet<int> Codes = new HashSet<int> { 400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503 };

    public int Code { get; private set; }
    public string? OriginalPath { get; private set; }

    /// <summary>The page failed because the database could not be reached: 503 with Retry-After, not a fault of the app.</summary>
    public bool DatabaseUnreachable { get; private set; }

    /// <summary>The failed request was a form being sent (so what was typed was not saved).</summary>
    public bool WasPost { get; private set; }

    /// <summary>A save the machine stopped (full disk, locked database) whose form could not be shown again.</summary>
    public bool SaveFailed { get; private set; }

    /// <summary>What a form that could not be saved held, to be sent again from this page (passwords left out).</summary>
    public IReadOnlyList<KeptField> Kept { get; private set; } = [];

    /// <summary>Where the kept form is sent again: the address it was first sent to.</summary>
    public string? ResendTo { get; private set; }

    public void OnGet(int? code) => Handle(code);

    public void OnPost(int? code) => Handle(code);

    private void Handle(int? code)
    {
        // A POST whose form cannot be read (a multipart body with a NUL, or one over the size FormNulGuard mends) binds no parameters at all: take the code the
        // status-code pages re-executed for, so such a 400 is not reported as 500.
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode;
        // With no code, no re-execution and no exception, nothing failed: /error asked for directly is not a page.
        Code = code ?? reExecuted ?? (HttpContext.Features.Get<IExceptionHandlerFeature>() is null ? StatusCodes.Status404NotFound : 500);
        // Asked for directly (not re-executed for a real answer), a code the app never gives is not a page here.
        if (!Codes.Contains(Code) && (reExecuted is null || Code != reExecuted))
        {
            Code = StatusCodes.Status404NotFound;
        }
        OriginalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
            ?? Request.Path;
        WasPost = HttpMethods.IsPost(Request.Method);
        if (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is { } failure)
        {
            // A save the machine stopped, whose form then could not be shown again: answered for the save's fault.
            var saveFault = HttpContext.Items[WriteFaultFilter.ViewDataKey] as Exception;
            var error = saveFault ?? failure;
            if (DatabaseFaults.IsUnreachable(error))
            {
                // A node whose database is down says so: the proxy sends the request elsewhere, the reader retries later.
                DatabaseUnreachable = true;
                Code = StatusCodes.Status503ServiceUnavailable;
                logger.LogError("The database could not be reached on {Path}: {Problem}", OriginalPath, error.GetBaseException().Message);
            }
            else if (saveFault is not null)
            {
                SaveFailed = true;
                Code = StatusCodes.Status503ServiceUnavailable;
                logger.LogError(failure, "A save at {Path} failed for a reason of the machine and its form could not be shown again.", OriginalPath);
            }
            else
            {
                logger.LogError(error, "Unhandled error on {Path}", OriginalPath);
            }
        }
        if (WasPost && Code == StatusCodes.Status503ServiceUnavailable && Request.HasFormContentType)
        {
            Kept = KeptField.From(Request.Form);
            ResendTo = OriginalPath + Request.QueryString;
        }
        if (Code == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = DatabaseFaults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        Response.StatusCode = Code;
    }
}

/// <summary>One field of a form that could not be saved, as it was sent.</summary>
public sealed record KeptField(string Name, string Label, string Value, bool Hidden)
{
    /// <summary>The fields of <paramref name="form"/> but its antiforgery token and any password.</summary>
    public static IReadOnlyList<KeptField> From(IFormCollection form) =>
        [.. form
            .Where(f => f.Key != "__RequestVerificationToken" && !f.Key.Contains("password", StringComparison.OrdinalIgnoreCase))
            .SelectMany(f => f.Value.Select(v => new KeptField(
                f.Key,
                LabelOf(f.Key),
                v ?? "",
                // The version a form was read at, and empty fields, travel unseen: the page shows what was typed.
                Hidden: f.Key.EndsWith("Version", StringComparison.Ordinal) || string.IsNullOrEmpty(v))))];

    /// <summary>"Input.Source.PublishedOn" reads "Source published on".</summary>
    public static string LabelOf(string name)
    {
        var parts = name.Split('.', StringSplitOptions.RemoveEmptyEntries);
        var words = parts.SkipWhile((p, i) => i == 0 && parts.Length > 1 && p == "Input")
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p.Replace("[", " ", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal), "(?<=[a-z0-9])(?=[A-Z])", " "));
        var text = string.Join(' ', words).ToLowerInvariant().Trim();
        return text.Length == 0 ? name : char.ToUpperInvariant(text[0]) + text[1..];
    }
}
