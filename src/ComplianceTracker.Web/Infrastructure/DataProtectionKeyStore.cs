using System.Data.Common;
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
        return List(connection, null);
    }

    // Synchronous, as IXmlRepository is.
    public static IReadOnlyCollection<XElement> List(DbConnection connection, DbTransaction? transaction) =>
        connection.Query<string>(ListSql, transaction: transaction).Select(XElement.Parse).ToList();

    // Two nodes making their first key at once both keep theirs: names are unique per key.
    private const string InsertSql = "INSERT INTO DataProtectionKeys (FriendlyName, Xml) VALUES (@friendlyName, @xml) ON CONFLICT (FriendlyName) DO NOTHING";

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        connection.Execute(InsertSql, new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }

    /// <summary>Adds a key (copy-to-postgres brings the keys of data/keys); 0 when a key of that name is there already.</summary>
    public static Task<int> AddAsync(DbConnection connection, DbTransaction? transaction, string friendlyName, string xml) =>
        connection.ExecuteAsync(InsertSql, new { friendlyName, xml }, transaction);
}
