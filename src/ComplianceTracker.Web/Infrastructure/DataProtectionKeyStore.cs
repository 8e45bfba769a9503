using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// The data-protection key ring in the shared database (PostgreSQL), so a sign-in cookie or a form's antiforgery
/// token made by one node is read by every other. Keys are only ever added; ASP.NET Core reads the ring at start
/// and about once a day.
/// </summary>
public sealed class DataProtectionKeyStore(Database database) : IXmlRepository
{
    private const string ListSql = "SELECT Xml FROM DataProtectionKeys ORDER BY FriendlyName";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        return connection.Query<string>(ListSql).Select(XElement.Parse).ToList();
    }

    // Two nodes making their first key at once both keep theirs: names are unique per key.
    private const string InsertSql = "INSERT INTO DataProtectionKeys (FriendlyName, Xml) VALUES (@friendlyName, @xml) ON CONFLICT (FriendlyName) DO NOTHING";

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        connection.Execute(InsertSql, new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
