using System.Net;
using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Support;

/// <summary>Accounts for tests: made through the app's own store and signed in through the real sign-in form.</summary>
public static class TestAccounts
{
    public const string Password = "correct horse battery staple";

    /// <summary>Adds an account (email unique unless given) with the given role and password.</summary>
    public static async Task<Account> CreateAccountAsync(this TestApp app, string role = "Editor", string? email = null, string password = Password)
    {
        var hasher = app.Services.GetRequiredService<IPasswordHasher<Account>>();
        var account = new Account
        {
            Email = email ?? $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}@example.org",
            DisplayName = $"Test {role}",
            Role = role,
            SecurityStamp = Account.NewSecurityStamp(),
            CreatedAt = app.Clock.GetUtcNow(),
            CreatedBy = "tests",
            Version = 1,
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        account.Id = await app.Services.GetRequiredService<AccountStore>().TryCreateAsync(account)
            ?? throw new InvalidOperationException($"An account for {account.Email} already exists.");
        return account;
    }

    /// <summary>A client signed in as a new account of the given role; redirects are not followed, cookies are kept.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this TestApp app, string role = "Editor", string? email = null)
    {
        var account = await app.CreateAccountAsync(role, email);
        return await app.SignInAsync(account.Email, Password);
    }

    /// <summary>A client signed in through /account/login; fails the test when the sign-in does not succeed.</summary>
    public static async Task<HttpClient> SignInAsync(this TestApp app, string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.SubmitAsync("/account/login", LoginForm(email, password), "form#sign-in");
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new AssertionException($"Signing in as {email} answered {(int)response.StatusCode}, not a redirect.");
        }
        return client;
    }

    public static Dictionary<string, string> LoginForm(string email, string password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };
}
