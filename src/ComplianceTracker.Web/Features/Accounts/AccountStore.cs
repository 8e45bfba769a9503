using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Accounts;

public sealed class AccountStore(Database database)
{
    private const string ListSql = """
        SELECT Id, Email, DisplayName, Role, PasswordHash, IsDisabled, FailedAttempts, LockedUntil, SecurityStamp, CreatedAt, CreatedBy, Version
        FROM Accounts
        ORDER BY Email
        """;

    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<Account>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Account>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string FindSql = """
        SELECT Id, Email, DisplayName, Role, PasswordHash, IsDisabled, FailedAttempts, LockedUntil, SecurityStamp, CreatedAt, CreatedBy, Version
        FROM Accounts
        WHERE Id = @Id
        """;

    public Task<Account?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindAsync(connection, null, id, cancellationToken), cancellationToken);

    public static async Task<Account?> FindAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(FindSql, new { Id = id }, transaction: transaction, cancellationToken: cancellationToken));
    }

    // Email is COLLATE NOCASE, so Editor@Example.org finds editor@example.org.
    private const string FindByEmailSql = """
        SELECT Id, Email, DisplayName, Role, PasswordHash, IsDisabled, FailedAttempts, LockedUntil, SecurityStamp, CreatedAt, CreatedBy, Version
        FROM Accounts
        WHERE Email = @Email
        """;

    public Task<Account?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindByEmailAsync(connection, null, email, cancellationToken), cancellationToken);

    public static async Task<Account?> FindByEmailAsync(DbConnection connection, DbTransaction? transaction, string email, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(FindByEmailSql, new { Email = email }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string CreateSql = """
        INSERT INTO Accounts (Email, DisplayName, Role, PasswordHash, IsDisabled, FailedAttempts, LockedUntil, SecurityStamp, CreatedAt, CreatedBy, Version)
        VALUES (@Email, @DisplayName, @Role, @PasswordHash, 0, 0, NULL, @SecurityStamp, @CreatedAt, @CreatedBy, 1)
        ON CONFLICT (Email) DO NOTHING
        RETURNING Id
        """;

    /// <summary>Adds the account and returns its id, or null when an account already has that email (nothing is written).</summary>
    public Task<long?> TryCreateAsync(Account account, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => TryCreateAsync(connection, null, account, cancellationToken), cancellationToken);

    public static async Task<long?> TryCreateAsync(DbConnection connection, DbTransaction? transaction, Account account, CancellationToken cancellationToken = default)
    {
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(CreateSql, new
        {
            account.Email,
            account.DisplayName,
            account.Role,
            account.PasswordHash,
            account.SecurityStamp,
            account.CreatedAt,
            account.CreatedBy,
        }, transaction: transaction, cancellationToken: cancellationToken));
    }

    // One statement, so two wrong passwords at the same moment both count. The fifth failure locks the
    // account and starts the count again, so it is locked again after five more once the lock ends.
    private const string RecordFailedSignInSql = """
        UPDATE Accounts
        SET FailedAttempts = CASE WHEN FailedAttempts + 1 >= @MaxFailedAttempts THEN 0 ELSE FailedAttempts + 1 END,
            LockedUntil = CASE WHEN FailedAttempts + 1 >= @MaxFailedAttempts THEN @LockUntil ELSE LockedUntil END,
            Version = Version + 1
        WHERE Id = @Id
        RETURNING LockedUntil
        """;

    /// <summary>Counts a wrong password; returns the time the account is locked until, if this failure locked it or it was already locked.</summary>
    public Task<DateTimeOffset?> RecordFailedSignInAsync(long id, DateTimeOffset lockUntil, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => RecordFailedSignInAsync(connection, null, id, lockUntil, cancellationToken), cancellationToken);

    public static async Task<DateTimeOffset?> RecordFailedSignInAsync(DbConnection connection, DbTransaction? transaction, long id, DateTimeOffset lockUntil, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(RecordFailedSignInSql, new
        {
            Id = id,
            AccountRules.MaxFailedAttempts,
            LockUntil = lockUntil,
        }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string RecordSignInSql = """
        UPDATE Accounts
        SET FailedAttempts = 0, LockedUntil = NULL, Version = Version + 1
        WHERE Id = @Id AND (FailedAttempts <> 0 OR LockedUntil IS NOT NULL)
        """;

    /// <summary>A successful sign-in clears the count of wrong passwords.</summary>
    public Task RecordSignInAsync(long id, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => RecordSignInAsync(connection, null, id, cancellationToken), cancellationToken);

    public static async Task RecordSignInAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(new CommandDefinition(RecordSignInSql, new { Id = id }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string UpdatePasswordHashSql = """
        UPDATE Accounts
        SET PasswordHash = @PasswordHash, Version = Version + 1
        WHERE Id = @Id
        """;

    /// <summary>Stores a stronger hash of the same password (the hasher asked for a rehash); sessions stay valid.</summary>
    public Task UpdatePasswordHashAsync(long id, string passwordHash, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => UpdatePasswordHashAsync(connection, null, id, passwordHash, cancellationToken), cancellationToken);

    public static async Task UpdatePasswordHashAsync(DbConnection connection, DbTransaction? transaction, long id, string passwordHash, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(new CommandDefinition(UpdatePasswordHashSql, new { Id = id, PasswordHash = passwordHash }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string ChangePasswordSql = """
        UPDATE Accounts
        SET PasswordHash = @PasswordHash, SecurityStamp = @SecurityStamp, FailedAttempts = 0, LockedUntil = NULL, Version = Version + 1
        WHERE Id = @Id
        """;

    /// <summary>Sets a new password and a new security stamp, which ends every other session of the account.</summary>
    public Task ChangePasswordAsync(long id, string passwordHash, string securityStamp, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ChangePasswordAsync(connection, null, id, passwordHash, securityStamp, cancellationToken), cancellationToken);

    public static async Task ChangePasswordAsync(DbConnection connection, DbTransaction? transaction, long id, string passwordHash, string securityStamp, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(new CommandDefinition(ChangePasswordSql, new
        {
            Id = id,
            PasswordHash = passwordHash,
            SecurityStamp = securityStamp,
        }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string ChangeSecurityStampSql = """
        UPDATE Accounts
        SET SecurityStamp = @SecurityStamp, Version = Version + 1
        WHERE Id = @Id
        """;

    /// <summary>A new security stamp: every session of the account ends at its next request (see AccountCookieEvents).</summary>
    public Task ChangeSecurityStampAsync(long id, string securityStamp, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ChangeSecurityStampAsync(connection, null, id, securityStamp, cancellationToken), cancellationToken);

    public static async Task ChangeSecurityStampAsync(DbConnection connection, DbTransaction? transaction, long id, string securityStamp, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(new CommandDefinition(ChangeSecurityStampSql, new { Id = id, SecurityStamp = securityStamp }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string SetDisabledSql = """
        UPDATE Accounts
        SET IsDisabled = @IsDisabled, SecurityStamp = @SecurityStamp, Version = Version + 1
        WHERE Id = @Id
        """;

    /// <summary>Disables or enables an account; the new stamp signs out its sessions at their next request.</summary>
    /// <returns>False when there is no such account.</returns>
    public Task<bool> SetDisabledAsync(long id, bool isDisabled, string securityStamp, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => SetDisabledAsync(connection, null, id, isDisabled, securityStamp, cancellationToken), cancellationToken);

    public static async Task<bool> SetDisabledAsync(DbConnection connection, DbTransaction? transaction, long id, bool isDisabled, string securityStamp, CancellationToken cancellationToken = default)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(SetDisabledSql, new
        {
            Id = id,
            IsDisabled = isDisabled,
            SecurityStamp = securityStamp,
        }, transaction: transaction, cancellationToken: cancellationToken));
        return changed == 1;
    }
}
