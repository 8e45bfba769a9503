using System.Data.Common;
using System.Text;
using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;

namespace ComplianceTracker.Web.Infrastructure.Commands;

/// <summary>
/// <c>create-admin --email ADDRESS [--name NAME]</c>: adds an Admin account, the password read from the first
/// line of standard input. There is no self-registration, so this is how the first account comes to be.
/// </summary>
public static class CreateAdminCommand
{
    public const string Name = "create-admin";

    private const int Done = 0;
    private const int BadInput = 2;

    private const string Usage = """
        Usage: dotnet run --project src/ComplianceTracker.Web -- create-admin --email ADDRESS [--name NAME]
        The password is read from the first line of standard input, for example:
          echo 'a long password' | dotnet run --project src/ComplianceTracker.Web -- create-admin --email you@example.org
        """;

    /// <summary>True when the first word on the command line that is not a switch or a switch's value is <c>create-admin</c>.</summary>
    public static bool IsRequested(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith('-') || arg.StartsWith('/'))
            {
                if (!arg.Contains('=', StringComparison.Ordinal))
                {
                    i++;
                }
                continue;
            }
            return arg == Name;
        }
        return false;
    }

    /// <summary>Runs the command against a migrated database; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var error = Console.Error;
        if (!TryRead(args, "--email", out var email, out var problem) || !TryRead(args, "--name", out var name, out problem))
        {
            return Refuse(problem);
        }
        email = AccountRules.Normalize(email);
        if (email.Length == 0)
        {
            return Refuse("--email is required: the address the Admin signs in with.");
        }
        if (AccountRules.CheckEmail(email) is { } emailProblem)
        {
            return Refuse(emailProblem);
        }
        name = AccountRules.Normalize(name);
        if (name.Length == 0)
        {
            name = email[..email.IndexOf('@', StringComparison.Ordinal)];
        }
        if (AccountRules.CheckDisplayName(name) is { } nameProblem)
        {
            return Refuse(nameProblem);
        }

        var password = ReadPassword();
        if (string.IsNullOrEmpty(password))
        {
            return Refuse("No password was given on standard input.");
        }
        if (AccountRules.CheckNewPassword(password) is { } passwordProblem)
        {
            return Refuse(passwordProblem);
        }

        var accounts = services.GetRequiredService<AccountStore>();
        var hasher = services.GetRequiredService<IPasswordHasher<Account>>();
        var database = services.GetRequiredService<Database>();
        var account = new Account
        {
            Email = email,
            DisplayName = name,
            Role = Roles.Admin,
            SecurityStamp = Account.NewSecurityStamp(),
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            CreatedBy = Name + " command",
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        try
        {
            if (await accounts.TryCreateAsync(account) is not { } id)
            {
                await error.WriteLineAsync($"An account with email {email} already exists; nothing was changed.");
                return BadInput;
            }
            await Console.Out.WriteLineAsync($"Created Admin account {email} (\"{name}\", id {id}) in {database.Location}.");
            return Done;
        }
        catch (DbException ex)
        {
            await error.WriteLineAsync($"The account could not be saved in {database.Location}: {ex.Message}");
            return 1;
        }
        finally
        {
            // Closes the pooled connection so the write is checkpointed before the process ends.
            database.ClearPools();
        }

        static int Refuse(string message)
        {
            Console.Error.WriteLine(message);
            Console.Error.WriteLine(Usage);
            return BadInput;
        }
    }

    /// <summary>Reads <c>--switch value</c> or <c>--switch=value</c>; a missing switch is null, a switch without a value is a problem.</summary>
    private static bool TryRead(string[] args, string name, out string? value, out string problem)
    {
        value = null;
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                value = args[i][(name.Length + 1)..];
                return true;
            }
            if (args[i] == name)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    problem = $"{name} needs a value.";
                    return false;
                }
                value = args[i + 1];
                return true;
            }
        }
        return true;
    }

    /// <summary>The first line of standard input; typed at a terminal, it is not echoed.</summary>
    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }
        Console.Error.Write("Password for the new Admin (at least 12 characters, not shown): ");
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return typed.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
