using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Every form post, before its handler runs: a text field holding a character that is not text (see <see cref="PlainText"/>)
/// gets a message naming the field, and the rest are normalised to NFC, so the same words typed on two keyboards are stored
/// as the same characters. Done once here rather than in each form, so a new form cannot forget it. Passwords are left as
/// typed: they are compared as typed, and never shown or exported.
/// </summary>
public sealed partial class TextInputFilter(IModelMetadataProvider metadata) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!HttpMethods.IsPost(context.HttpContext.Request.Method))
        {
            return next();
        }
        var page = context.HandlerInstance;
        var nul = FormNulGuard.FieldsWithNul(context.HttpContext);
        foreach (var property in page.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<BindPropertyAttribute>() is not null && property.CanRead)
            {
                Check(context.ModelState, page, property, property.Name, depth: 0, nul);
            }
        }
        // A NUL in a field this filter does not read (a password, a number) still refuses the form: it was not typed.
        foreach (var key in nul.Where(k => context.ModelState[k] is not { Errors.Count: > 0 }))
        {
            context.ModelState.AddModelError(key, Refusal(Words(key[(key.LastIndexOf('.') + 1)..]), "U+0000"));
        }
        return next();
    }

    private void Check(ModelStateDictionary state, object owner, PropertyInfo property, string key, int depth, IReadOnlySet<string> nul)
    {
        if (property.Name.Contains("Password", StringComparison.Ordinal) || property.GetIndexParameters().Length > 0)
        {
            return;
        }
        var value = property.GetValue(owner);
        if (value is string text)
        {
            // A field that held a NUL holds U+FFFD in its place by now (FormNulGuard), which is text: refuse it by name.
            if ((nul.Contains(key) ? "U+0000" : PlainText.FirstBadCharacter(text)) is { } bad)
            {
                state.AddModelError(key, Refusal(Label(owner.GetType(), property), bad));
            }
            else if (property.CanWrite && !text.IsNormalized(NormalizationForm.FormC))
            {
                property.SetValue(owner, text.Normalize(NormalizationForm.FormC));
            }
            return;
        }
        // A list of this app's inputs (the schedules form): each item under its index.
        if (value is System.Collections.IList list && property.PropertyType.IsGenericType
            && property.PropertyType.GetGenericArguments()[0].Namespace?.StartsWith("ComplianceTracker", StringComparison.Ordinal) == true)
        {
            for (var i = 0; i < list.Count && depth < 3; i++)
            {
                if (list[i] is { } element)
                {
                    foreach (var inner in element.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    {
                        if (inner.CanRead && inner.CanWrite)
                        {
                            Check(state, element, inner, $"{key}[{i}].{inner.Name}", depth + 1, nul);
                        }
                    }
                }
            }
            return;
        }
        // Nested inputs of this app (the source part of a form); never framework types.
        if (value is not null && depth < 3 && property.PropertyType.Namespace?.StartsWith("ComplianceTracker", StringComparison.Ordinal) == true
            && property.PropertyType.IsClass)
        {
            foreach (var inner in property.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (inner.CanRead && inner.CanWrite)
                {
                    Check(state, value, inner, key + "." + inner.Name, depth + 1, nul);
                }
            }
        }
    }

    private static string Refusal(string label, string bad) =>
        $"{label} cannot contain {bad}: only letters, digits, punctuation, line breaks and tabs are text.";

    private string Label(Type owner, PropertyInfo property) =>
        metadata.GetMetadataForProperty(owner, property.Name).DisplayName ?? Words(property.Name);

    /// <summary>"AlternateNote" → "Alternate note".</summary>
    private static string Words(string name) => UpperInside().Replace(name, m => " " + m.Value.ToLowerInvariant());

    [GeneratedRegex("(?<=[a-z])[A-Z]")]
    private static partial Regex UpperInside();
}
