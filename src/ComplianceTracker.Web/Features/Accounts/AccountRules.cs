using System.Net.Mail;

namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>
/// What a valid account looks like, shared by the forms and the create-admin command.
/// Each check returns null when the value is fine, else a message that names the field.
/// </summary>
public static class AccountRules
{
    public const int EmailMaxLength = 254;
    public const int DisplayNameMaxLength = 100;
    public const int PasswordMinLength = 12;
    public const int PasswordMaxLength = 200;

    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static string? CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "Email is required.";
        }
        if (email.Length > EmailMaxLength)
        {
            return $"Email must be at most {EmailMaxLength} characters.";
        }
        return IsEmailAddress(email) ? null : "Email must be an address like name@example.org.";
    }

    public static string? CheckDisplayName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Name is required.";
        }
        if (name.Length > DisplayNameMaxLength)
        {
            return $"Name must be at most {DisplayNameMaxLength} characters.";
        }
        return name.Any(char.IsControl) ? "Name must be plain text on one line." : null;
    }

    public static string? CheckRole(string? role) =>
        role is not null && Roles.All.Contains(role) ? null : $"Role must be {string.Join(" or ", Roles.All)}.";

    /// <summary>Rules for a password being set; <paramref name="field"/> is the label the reader sees.</summary>
    public static string? CheckNewPassword(string? password, string field = "Password")
    {
        if (string.IsNullOrEmpty(password))
        {
            return $"{field} is required.";
        }
        if (password.Length < PasswordMinLength)
        {
            return $"{field} must be at least {PasswordMinLength} characters.";
        }
        if (password.Length > PasswordMaxLength)
        {
            return $"{field} must be at most {PasswordMaxLength} characters.";
        }
        return string.IsNullOrWhiteSpace(password) ? $"{field} must not be only spaces." : null;
    }

    /// <summary>The second typing of a new password, on every form that sets one.</summary>
    public static string? CheckConfirmation(string? password, string? confirmation) =>
        confirmation == password ? null : "Confirm new password must match the new password.";

    /// <summary>Emails are compared without regard to case (the column is COLLATE NOCASE) and kept as typed, trimmed.</summary>
    public static string Normalize(string? value) => value?.Trim() ?? "";

    private static bool IsEmailAddress(string email)
    {
        if (email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }
        // MailAddress also accepts "Name <a@b.org>"; only a bare address that it reads back unchanged passes.
        return MailAddress.TryCreate(email, out var address)
            && address.Address == email
            && address.Host.Contains('.', StringComparison.Ordinal)
            && !address.Host.StartsWith('.')
            && !address.Host.EndsWith('.');
    }
}
