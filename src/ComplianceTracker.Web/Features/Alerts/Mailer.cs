using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Infrastructure;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>One open way out for messages: an SMTP connection, or the pickup folder. Send many, then dispose.</summary>
public interface IMailSession : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Sends messages through the configured SMTP server (MailKit), or, with no Mail:Smtp:Host set, writes each as an .eml
/// file in the pickup folder under the data folder, so alerts work on the embedded default and a person can open them.
/// </summary>
public sealed class Mailer(IOptions<MailOptions> options, AppPaths paths, IOptions<StorageOptions> storage, ReportAddress address)
{
    private readonly MailOptions mail = options.Value;

    public bool UsesPickup => string.IsNullOrWhiteSpace(mail.Smtp.Host);

    public string PickupDirectory => Path.Combine(paths.Resolve(storage.Value.DataDirectory), mail.PickupDirectory);

    /// <summary>The sender: Mail:From, or alerts@ the host of the site's public address.</summary>
    public MailboxAddress From => !string.IsNullOrWhiteSpace(mail.From)
        ? MailboxAddress.Parse(mail.From)
        : new MailboxAddress("ComplianceTracker", $"alerts@{Host}");

    /// <summary>The host of the site's public address, which names the message ids and the list.</summary>
    public string Host => Uri.TryCreate(address.BaseUrl, UriKind.Absolute, out var site) ? site.IdnHost : "localhost";

    /// <summary>The one line start-up says about mail.</summary>
    public string Describe() => UsesPickup
        ? $"Mail: no Mail:Smtp:Host is set, so alert messages are written as .eml files to {PickupDirectory} (open them with any mail program)."
        : $"Mail: alert messages are sent through {mail.Smtp.Host}:{mail.Smtp.Port} ({mail.Smtp.Tls}) from {From}.";

    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        if (UsesPickup)
        {
            Directory.CreateDirectory(PickupDirectory);
            return new PickupSession(PickupDirectory);
        }
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(mail.Smtp.Host!, mail.Smtp.Port, mail.Smtp.Tls, cancellationToken);
            if (!string.IsNullOrEmpty(mail.Smtp.User))
            {
                await client.AuthenticateAsync(mail.Smtp.User, mail.Smtp.Password ?? "", cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return new SmtpSession(client);
    }

    private sealed class SmtpSession(SmtpClient client) : IMailSession
    {
        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken) => client.SendAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception e) when (e is IOException or ServiceNotConnectedException or ProtocolException or SmtpCommandException or OperationCanceledException)
            {
                // The messages are sent or recorded as not; a QUIT that fails changes nothing.
            }
            client.Dispose();
        }
    }

    /// <summary>Each message a file of its own, written whole under a temporary name and then moved into place.</summary>
    private sealed class PickupSession(string directory) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var id = string.Concat((message.MessageId ?? "message").Where(char.IsLetterOrDigit).Take(60));
            var name = $"{message.Date.UtcDateTime:yyyyMMdd'T'HHmmss}-{id}.eml";
            var temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
            await using (var file = File.Create(temporary))
            {
                await message.WriteToAsync(file, cancellationToken);
            }
            File.Move(temporary, Path.Combine(directory, name), overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A refusal of the address itself for good (5xx to RCPT, or a 5xx naming the mailbox): the address bounced.</summary>
    public static bool IsPermanentRefusal(SmtpCommandException e) =>
        e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode is >= 500 and < 600;

    /// <summary>A refusal worth trying again later (4xx).</summary>
    public static bool IsTemporary(SmtpCommandException e) => (int)e.StatusCode is >= 400 and < 500;
}
