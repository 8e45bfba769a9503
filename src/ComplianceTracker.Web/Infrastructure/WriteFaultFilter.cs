using System.Data.Common;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Every form post: when the machine, not the editor, stops a save (the database write-locked by another process past
/// its busy timeout, the disk full, the database unreachable or read-only), the form comes back with what was typed,
/// saying that nothing was written and to try again: 503 with Retry-After, never the generic error page. Every save is
/// one transaction, so a failure before its commit has written nothing.
/// </summary>
public sealed class WriteFaultFilter(ILogger<WriteFaultFilter> logger) : IAsyncPageFilter
{
    public const string ViewDataKey = "SaveFault";
    public const int RetryAfterSeconds = 30;

    public const string Message =
        "Could not save: the database could not take the change just now (it is busy, full or unreachable), so nothing was written. What you typed is still below: try again in a minute.";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // The sign-in could not be checked (the database cannot be reached): no form's handler runs on its word. The
        // error page answers 503 and gives back what was typed, ready to send again.
        if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method)
            && context.HttpContext.Items[Features.Accounts.AccountsExtensions.AccountUnchecked] is Exception notChecked
            // (the error page, answering for this very request, writes nothing)
            && context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
        {
            throw new InvalidOperationException("The account of this request could not be checked, so its form was not handled.", notChecked);
        }
        var executed = await next();
        if (executed.Exception is not { } ex || executed.ExceptionHandled || !HttpMethods.IsPost(context.HttpContext.Request.Method)
            || context.HandlerInstance is not PageModel page || !IsWriteFault(ex) || context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        logger.LogError(ex, "A save at {Path} failed for a reason of the machine; the form was sent back.", context.HttpContext.Request.Path);
        executed.ExceptionHandled = true;
        // Should the form itself fail to render (its page never loaded what it shows), the error page still answers 503
        // with what was typed.
        context.HttpContext.Items[ViewDataKey] = ex;
        page.ViewData[ViewDataKey] = Message;
        context.HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        executed.Result = page.Page();
    }

    /// <summary>A failure of the store or the disk (any database error, an I/O error, a timeout), not of the editor's input.</summary>
    public static bool IsWriteFault(Exception ex) => ex switch
    {
        DbException or IOException or TimeoutException => true,
        AggregateException { InnerExceptions: var inner } => inner.All(IsWriteFault),
        _ when ex.InnerException is { } inner => IsWriteFault(inner),
        _ => false,
    };
}
