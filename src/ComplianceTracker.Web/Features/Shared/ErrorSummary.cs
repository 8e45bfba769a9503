using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ComplianceTracker.Web.Features.Shared;

/// <summary>
/// The problems of a form that was not saved, in the order its fields stand, for the summary above the form. A page's
/// <c>Input</c> declares its properties in the form's order (nested inputs, such as the source picker, in place);
/// model state itself keeps no useful order. Keys it does not declare come last, as they came.
/// </summary>
public static class ErrorSummary
{
    public static IReadOnlyList<(string Key, string Message)> InFormOrder(ModelStateDictionary state, object? pageModel)
    {
        var order = new List<string>();
        if (pageModel?.GetType().GetProperty("Input", BindingFlags.Public | BindingFlags.Instance)?.PropertyType is { } input)
        {
            AddKeys(order, "Input", input, depth: 0);
        }
        return state
            .SelectMany(entry => (entry.Value?.Errors ?? []).Select(error => (Key: entry.Key, Message: error.ErrorMessage)))
            .Select((error, arrived) => (Error: error, Place: order.IndexOf(error.Key) is var i and >= 0 ? i : order.Count + arrived))
            .OrderBy(e => e.Place)
            .Select(e => e.Error)
            .ToList();
    }

    private static void AddKeys(List<string> keys, string prefix, Type type, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite)
            {
                continue;
            }
            var key = $"{prefix}.{property.Name}";
            // The app's own input classes nest (an assessment's source); anything else is one field.
            if (depth < 3 && property.PropertyType.IsClass && property.PropertyType.Namespace?.StartsWith("ComplianceTracker", StringComparison.Ordinal) == true)
            {
                AddKeys(keys, key, property.PropertyType, depth + 1);
            }
            else
            {
                keys.Add(key);
            }
        }
    }
}
