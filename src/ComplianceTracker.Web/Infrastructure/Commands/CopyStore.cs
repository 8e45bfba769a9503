using System.Data.Common;
using Dapper;

namespace ComplianceTracker.Web.Infrastructure.Commands;

/// <summary>
/// The SQL of <see cref="CopyToPostgresCommand"/>: reads SQLite's own catalogue and copies each table's rows as they
/// are (ids included) into the same table on PostgreSQL, whose schema the twin scripts made identical.
/// Table and column names come from SQLite's catalogue, never from input.
/// </summary>
public static class CopyStore
{
    /// <summary>A table to copy: its columns, the tables it refers to, and the columns that refer to itself.</summary>
    public sealed record Table(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> References, IReadOnlyList<string> SelfReferences);

    // Not copied as tables: DbUp's own journal (each database keeps its own), the write counter (each starts its
    // own), the key table, unused on SQLite: the keys are copied from their files (DataProtectionKeyStore.AddAsync),
    // and the full-text indexes (FTS5 virtual tables and their shadow tables): PostgreSQL indexes the copied text itself.
    private const string ListTablesSql = """
        SELECT m.name FROM sqlite_master m
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT IN ('SchemaVersions', 'RecordGenerations', 'DataProtectionKeys')
          AND NOT EXISTS (
              SELECT 1 FROM sqlite_master v
              WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
                AND (m.name = v.name OR m.name LIKE v.name || '\_%' ESCAPE '\'))
        ORDER BY m.name
        """;

    private const string ListColumnsSql = "SELECT name FROM pragma_table_info(@table) ORDER BY cid";

    private const string ListForeignKeysSql = """SELECT "table" AS Target, "from" AS Source FROM pragma_foreign_key_list(@table)""";

    /// <summary>Every table of the record, in an order where each comes after the tables it refers to.</summary>
    public static async Task<IReadOnlyList<Table>> ListTablesAsync(DbConnection sqlite, DbTransaction? transaction)
    {
        var tables = new List<Table>();
        foreach (var name in await sqlite.QueryAsync<string>(ListTablesSql, transaction: transaction))
        {
            var columns = (await sqlite.QueryAsync<string>(ListColumnsSql, new { table = name }, transaction)).AsList();
            var keys = (await sqlite.QueryAsync<(string Target, string Source)>(ListForeignKeysSql, new { table = name }, transaction)).AsList();
            tables.Add(new Table(
                name,
                columns,
                keys.Where(k => k.Target != name).Select(k => k.Target).Distinct().ToList(),
                keys.Where(k => k.Target == name).Select(k => k.Source).ToList()));
        }
        var ordered = new List<Table>();
        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (ordered.Count < tables.Count)
        {
            var next = tables.First(t => !placed.Contains(t.Name) && t.References.All(placed.Contains));
            ordered.Add(next);
            placed.Add(next.Name);
        }
        return ordered;
    }

    public static Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, string table) =>
        connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}", transaction: transaction);

    /// <summary>
    /// Copies every row in the order SQLite keeps them. A column referring to its own table (a correction naming the
    /// entry it corrects, a copy naming its original) is filled in after all the rows are there.
    /// </summary>
    public static async Task CopyTableAsync(DbConnection sqlite, DbConnection postgres, DbTransaction transaction, Table table)
    {
        var columns = string.Join(", ", table.Columns);
        var values = string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"));
        var insert = $"INSERT INTO {table.Name} ({columns}) VALUES ({values})";
        var later = new List<object>();
        foreach (IDictionary<string, object?> row in await sqlite.QueryAsync($"SELECT {columns} FROM {table.Name} ORDER BY rowid"))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                var value = row[column];
                if (table.SelfReferences.Contains(column) && value is not null)
                {
                    later.Add(new { id = row["Id"], value });
                    value = null;
                }
                parameters.Add($"p{i}", value);
            }
            await postgres.ExecuteAsync(insert, parameters, transaction);
        }
        foreach (var column in table.SelfReferences)
        {
            await postgres.ExecuteAsync($"UPDATE {table.Name} SET {column} = @value WHERE Id = @id AND {column} IS NULL", later, transaction);
        }
        if (table.Columns.Contains("Id"))
        {
            // Rows came with their ids: the identity goes on after the highest.
            await postgres.ExecuteAsync(
                $"SELECT setval(pg_get_serial_sequence(@name, 'id'), (SELECT COALESCE(MAX(Id), 0) + 1 FROM {table.Name}), false)",
                new { name = table.Name.ToLowerInvariant() },
                transaction);
        }
    }
}
