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

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Account>(new CommandDefinition(ListSql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string FindSql = """
        SELECT Id, Email, DisplayName, Role, PasswordHash, IsDisabled, FailedAttempts, LockedUntil, SecurityStamp, CreatedAt, CreatedBy, Version
        FROM Accounts
        WHERE Id = @Id
        """;

    public async Task<Account?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(FindSql, new { Id = id }, cancellationToken: cancellationToken));
    }

    // Email is COLLATE NOCASE, so Editor@Example.org finds editor@example.org.
    private const string FindByEmailSql = """
        SELECT Id, Email, DisplayName, Role, PasswordHash, IsDisabled, FailedAttempts, LockedUntil, SecurityStamp, CreatedAt, CreatedBy, Version
        FROM Accounts
        WHERE Email = @Email
        """;

    public async Task<Account?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(FindByEmailSql, new { Email = email }, cancellationToken: cancellationToken));
    }

    private const string CreateSql = """
        INSERT INTO Accounts (Email, DisplayName, Role, PasswordHash, IsDisabled, FailedAttempts, LockedUntil, SecurityStamp, CreatedAt, CreatedBy, Version)
        VALUES (@Email, @DisplayName, @Role, @PasswordHash, 0, 0, NULL, @SecurityStamp, @CreatedAt, @CreatedBy, 1)
        ON CONFLICT (Email) DO NOTHING
        RETURNING Id
        """;

    /// <summary>Adds the account and returns its id, or null when an account already has that email (nothing is written).</summary>
    public async Task<long?> TryCreateAsync(Account account, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(CreateSql, new
        {
            account.Email,
            account.DisplayName,
            account.Role,
            account.PasswordHash,
            account.SecurityStamp,
            account.CreatedAt,
            account.CreatedBy,
        }, cancellationToken: cancellationToken));
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
    public async Task<DateTimeOffset?> RecordFailedSignInAsync(long id, DateTimeOffset lockUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(RecordFailedSignInSql, new
        {
            Id = id,
            AccountRules.MaxFailedAttempts,
            LockUntil = lockUntil,
        }, cancellationToken: cancellationToken));
    }

    private const string RecordSignInSql = """
        UPDATE Accounts
        SET FailedAttempts = 0, LockedUntil = NULL, Version = Version + 1
        WHERE Id = @Id AND (FailedAttempts <> 0 OR LockedUntil IS NOT NULL)
        """;

    /// <summary>A successful sign-in clears the count of wrong passwords.</summary>
    public async Task RecordSignInAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(RecordSignInSql, new { Id = id }, cancellationToken: cancellationToken));
    }

    private const string UpdatePasswordHashSql = """
        UPDATE Accounts
        SET PasswordHash = @PasswordHash, Version = Version + 1
        WHERE Id = @Id
        """;

    /// <summary>Stores a stronger hash of the same password (the hasher asked for a rehash); sessions stay valid.</summary>
    public async Task UpdatePasswordHashAsync(long id, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(UpdatePasswordHashSql, new { Id = id, PasswordHash = passwordHash }, cancellationToken: cancellationToken));
    }

    private const string ChangePasswordSql = """
        UPDATE Accounts
        SET PasswordHash = @PasswordHash, SecurityStamp = @SecurityStamp, FailedAttempts = 0, LockedUntil = NULL, Version = Version + 1
        WHERE Id = @Id
        """;

    /// <summary>Sets a new password and a new security stamp, which ends every other session of the account.</summary>
    public async Task ChangePasswordAsync(long id, string passwordHash, string securityStamp, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ChangePasswordSql, new
        {
            Id = id,
            PasswordHash = passwordHash,
            SecurityStamp = securityStamp,
        }, cancellationToken: cancellationToken));
    }

    private const string ChangeSecurityStampSql = """
        UPDATE Accounts
        SET SecurityStamp = @SecurityStamp, Version = Version + 1
        WHERE Id = @Id
        """;

    /// <summary>A new security stamp: every session of the account ends at its next request (see AccountCookieEvents).</summary>
    public async Task ChangeSecurityStampAsync(long id, string securityStamp, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ChangeSecurityStampSql, new { Id = id, SecurityStamp = securityStamp }, cancellationToken: cancellationToken));
    }

    private const string SetDisabledSql = """
        UPDATE Accounts
        SET IsDisabled = @IsDisabled, SecurityStamp = @SecurityStamp, Version = Version + 1
        WHERE Id = @Id
        """;

    /// <summary>Disables or enables an account; the new stamp signs out its sessions at their next request.</summary>
    /// <returns>False when there is no such account.</returns>
    public async Task<bool> SetDisabledAsync(long id, bool isDisabled, string securityStamp, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(SetDisabledSql, new
        {
            Id = id,
            IsDisabled = isDisabled,
            SecurityStamp = securityStamp,
        }, cancellationToken: cancellationToken));
        return changed == 1;
    }
}
