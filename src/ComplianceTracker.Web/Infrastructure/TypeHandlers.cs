using System.Data;
using System.Globalization;
using Dapper;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// SQLite has no date types: dates are 'yyyy-MM-dd' text and instants UTC ISO-8601 text, and PostgreSQL keeps the
/// same text in TEXT columns, so both providers store, compare and sort the same strings.
/// Dapper ignores handlers added after its first query, so <see cref="Register"/> runs before anything touches the database.
/// </summary>
public static class TypeHandlers
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }
        // Dapper's own map sends these types to the provider as they are and reads DateOnly with GetFieldValue, before
        // looking at a handler. Microsoft.Data.Sqlite turns them into text itself; Npgsql would send a date or a
        // timestamptz to a TEXT column and cannot read text as a DateOnly. Without the map entries the handlers
        // below do both directions on both providers, writing the very text Microsoft.Data.Sqlite wrote.
        SqlMapper.RemoveTypeMap(typeof(DateOnly));
        SqlMapper.RemoveTypeMap(typeof(DateOnly?));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        // SQLite has no booleans: a flag is an INTEGER 0 or 1, and so it is on PostgreSQL (BIGINT), so that the same
        // SQL (IsDisabled = 0) works on both. Dapper would send a bool as a boolean, which PostgreSQL will not store
        // in or compare with an integer column.
        SqlMapper.RemoveTypeMap(typeof(bool));
        SqlMapper.RemoveTypeMap(typeof(bool?));
        SqlMapper.AddTypeHandler(typeof(bool), new FlagHandler());
        SqlMapper.AddTypeHandler(typeof(DateOnly), new TextHandler<DateOnly>(
            value => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        SqlMapper.AddTypeHandler(typeof(DateTimeOffset), new TextHandler<DateTimeOffset>(
            Format,
            text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)));
    }

    private sealed class FlagHandler : SqlMapper.ITypeHandler
    {
        public void SetValue(IDbDataParameter parameter, object value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value is bool flag ? (flag ? 1L : 0L) : DBNull.Value;
        }

        // PostgreSQL's own booleans (SELECT EXISTS …) arrive as bool, integer columns as numbers.
        public object? Parse(Type destinationType, object value) => value switch
        {
            null or DBNull => null,
            bool flag => flag,
            _ => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
        };
    }

    /// <summary>
    /// A value kept as text. Registered for T it also serves T?, and a single nullable value read on its own
    /// (<c>QuerySingleOrDefault&lt;DateTimeOffset?&gt;</c>) reaches <see cref="Parse"/> as DBNull, which is null.
    /// </summary>
    private sealed class TextHandler<T>(Func<T, string> format, Func<string, T> parse) : SqlMapper.ITypeHandler
        where T : struct
    {
        public void SetValue(IDbDataParameter parameter, object value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value is T typed ? format(typed) : DBNull.Value;
        }

        public object? Parse(Type destinationType, object value) =>
            value is null or DBNull ? null : parse((string)value);
    }

    /// <summary>The form Microsoft.Data.Sqlite gives a DateTimeOffset parameter ("2026-11-27 20:00:00+00:00"), which existing files hold.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToString("yyyy'-'MM'-'dd HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
