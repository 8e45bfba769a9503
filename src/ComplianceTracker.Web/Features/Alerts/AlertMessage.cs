using System.Net;
using System.Text;
using MimeKit;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>A link in a message: always to the site's public address, never to a third party.</summary>
public sealed record MessageLink(string Text, string Url);

public enum BlockKind
{
    Heading,
    Paragraph,
    Quote,
    Item,
    Small,
}

/// <summary>One block of a message: a heading, a paragraph, a quoted passage (with what it is quoted from), a list item, or small print.</summary>
public sealed record MessageBlock(BlockKind Kind, string Text, MessageLink? Link = null, string? Cite = null)
{
    public static MessageBlock Heading(string text) => new(BlockKind.Heading, text);

    public static MessageBlock Paragraph(string text, MessageLink? link = null) => new(BlockKind.Paragraph, text, link);

    public static MessageBlock Quote(string text, string cite) => new(BlockKind.Quote, text, Cite: cite);

    public static MessageBlock Item(string text, MessageLink? link = null) => new(BlockKind.Item, text, link);

    public static MessageBlock Small(string text, MessageLink? link = null) => new(BlockKind.Small, text, link);
}

/// <summary>
/// The one text model of a message: its plain-text and HTML parts are both rendered from these blocks, so they say the
/// same sentences. <see cref="OneClickUrl"/> is the RFC 8058 one-click unsubscribe address (none for a confirmation).
/// </summary>
public sealed record AlertMessage(string Subject, IReadOnlyList<MessageBlock> Blocks)
{
    public string? OneClickUrl { get; init; }

    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var block in Blocks)
        {
            if (text.Length > 0)
            {
                text.Append("\r\n");
            }
            var link = block.Link is { } l ? (block.Text.Length == 0 ? "" : " ") + $"{l.Text}: {l.Url}" : "";
            switch (block.Kind)
            {
                case BlockKind.Heading:
                    text.Append(block.Text).Append("\r\n").Append(new string('-', Math.Min(block.Text.Length, 72))).Append("\r\n");
                    break;
                case BlockKind.Quote:
                    text.Append("> \u201C").Append(block.Text).Append("\u201D\r\n");
                    text.Append(">   ").Append(block.Cite).Append("\r\n");
                    break;
                case BlockKind.Item:
                    text.Append("* ").Append(block.Text).Append(link).Append("\r\n");
                    break;
                default:
                    text.Append(block.Text).Append(link).Append("\r\n");
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Self-contained HTML: no image, no stylesheet or font from elsewhere, no script; every text encoded.</summary>
    public string ToHtml()
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        static string A(MessageLink? link, bool lead) => link is null ? "" : $"{(lead ? " " : "")}<a href=\"{E(link.Url)}\" style=\"color:#0b57a4\">{E(link.Text)}</a>";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\r\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(Subject)).Append("</title></head>\r\n");
        html.Append("<body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff\">\r\n");
        html.Append("<div style=\"max-width:640px;margin:0 auto\">\r\n");
        var inList = false;
        foreach (var block in Blocks)
        {
            if (block.Kind == BlockKind.Item && !inList)
            {
                html.Append("<ul style=\"padding-left:20px\">\r\n");
                inList = true;
            }
            else if (block.Kind != BlockKind.Item && inList)
            {
                html.Append("</ul>\r\n");
                inList = false;
            }
            var lead = block.Text.Length > 0;
            html.Append(block.Kind switch
            {
                BlockKind.Heading => $"<h2 style=\"font-size:20px;margin:16px 0 8px\">{E(block.Text)}</h2>",
                BlockKind.Quote => $"<blockquote style=\"margin:8px 0;padding-left:12px;border-left:4px solid #999\"><p style=\"margin:0\">\u201C{E(block.Text)}\u201D</p><p style=\"margin:0;color:#555\">{E(block.Cite ?? "")}</p></blockquote>",
                BlockKind.Item => $"<li>{E(block.Text)}{A(block.Link, lead)}</li>",
                BlockKind.Small => $"<p style=\"font-size:14px;color:#555\">{E(block.Text)}{A(block.Link, lead)}</p>",
                _ => $"<p>{E(block.Text)}{A(block.Link, lead)}</p>",
            }).Append("\r\n");
        }
        if (inList)
        {
            html.Append("</ul>\r\n");
        }
        html.Append("</div>\r\n</body></html>\r\n");
        return html.ToString();
    }

    /// <summary>
    /// The message as sent: plain text and HTML alternatives; with a one-click address, the List-Unsubscribe and
    /// List-Unsubscribe-Post headers of RFC 8058. <paramref name="messageId"/> is the delivery's own, so the same delivery
    /// always has the same id.
    /// </summary>
    public MimeMessage ToMime(MailboxAddress from, string to, string messageId, DateTimeOffset date, string listId)
    {
        var message = new MimeMessage
        {
            Subject = Subject,
            Date = date,
            MessageId = messageId,
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("List-Id", listId);
        if (OneClickUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        message.Body = new BodyBuilder { TextBody = ToText(), HtmlBody = ToHtml() }.ToMessageBody();
        return message;
    }
}
