using System.Data.Common;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>
/// Sets a field back to the value an edit replaced, when that edit is withdrawn. The field names are the ones the
/// edit forms record (Deficiencies/Edit, Sources/Edit, Timeline/Edit); each store holds its own UPDATE.
/// </summary>
public static class FieldReverts
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Fields = new Dictionary<string, IReadOnlyList<string>>
    {
        ["deficiency"] = ["Title", "Area", "Regulator's number", "Legal citation", "Finding", "Notes"],
        ["source"] = ["Title", "Publisher", "Address", "Date", "Kind", "Note"],
        ["timeline"] = ["Kind", "Title", "Description", "Date", "Other date", "Why two dates", "Status", "Deadline type", "Key milestone", "Settlement term", "Confidence"],
    };

    /// <summary>False when the field is not one a form records, or the old value cannot be stored back.</summary>
    public static async Task<bool> RevertAsync(DbConnection connection, DbTransaction transaction, string itemType, long itemId, string field, string? value)
    {
        if (!Fields.TryGetValue(itemType, out var fields) || !fields.Contains(field))
        {
            return false;
        }
        PartialDate? date = null;
        if (field is "Date" or "Other date" && value is not null)
        {
            if (!PartialDate.TryParse(value, out var parsed))
            {
                return false;
            }
            date = parsed;
        }
        var on = date?.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var precision = date?.PrecisionName;
        return itemType switch
        {
            "deficiency" => await Deficiencies.DeficiencyStore.RevertFieldAsync(connection, transaction, itemId, field, value),
            "source" => await Sources.SourceStore.RevertFieldAsync(connection, transaction, itemId, field, value, on, precision),
            "timeline" => await Timeline.TimelineStore.RevertFieldAsync(connection, transaction, itemId, field, value, on, precision),
            _ => false,
        };
    }
}
