using System.Net;
using System.Text;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// ASP.NET Core's form reader refuses a whole form whose body holds a NUL (<c>%00</c>) in any field ("The form value
/// contains invalid characters"): antiforgery then answers the bare 400 page and the editor loses everything typed. So,
/// before the form is read, each NUL is written as U+FFFD and the fields that held one are remembered; the
/// <see cref="TextInputFilter"/> then refuses those fields like any other control character, and the form comes back
/// with what was typed, the NUL shown as U+FFFD. Only URL-encoded bodies of a stated, modest length are looked at (a
/// browser's form always is); anything else goes on untouched, to the framework's own limits.
/// </summary>
public static class FormNulGuard
{
    /// <summary>Far above any form of this app; a larger body is left to the framework as it is.</summary>
    public const int MaxBodyBytes = 1 << 20;

    private static readonly object FieldsKey = new();
    private static readonly byte[] Replacement = "%EF%BF%BD"u8.ToArray();

    /// <summary>The names of the posted fields that held a NUL (written as U+FFFD since); empty for most requests.</summary>
    public static IReadOnlySet<string> FieldsWithNul(HttpContext context) =>
        context.Items[FieldsKey] as IReadOnlySet<string> ?? new HashSet<string>();

    public static IApplicationBuilder UseFormNulGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsPost(request.Method)
                && request.ContentLength is > 0 and <= MaxBodyBytes
                && request.ContentType is { } type
                && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                var body = new byte[request.ContentLength.Value];
                try
                {
                    await request.Body.ReadExactlyAsync(body, context.RequestAborted);
                }
                catch (Exception ex) when (ex is BadHttpRequestException or EndOfStreamException)
                {
                    // A body shorter than it said, or too slow: the 400 the form reader would have given, not a 500.
                    context.Response.StatusCode = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
                    return;
                }
                var (rewritten, fields) = Rewrite(body);
                if (fields.Count > 0)
                {
                    context.Items[FieldsKey] = fields;
                }
                request.Body = new MemoryStream(rewritten, writable: false);
                request.ContentLength = rewritten.Length;
            }
            await next();
        });

    /// <summary>The body with every NUL (escaped or raw) written as an escaped U+FFFD, and the names of the fields that held one.</summary>
    public static (byte[] Body, HashSet<string> Fields) Rewrite(byte[] body)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        if (body.AsSpan().IndexOf((byte)0) < 0 && body.AsSpan().IndexOf("%00"u8) < 0)
        {
            return (body, fields);
        }
        var output = new MemoryStream(body.Length + 16);
        var start = 0;
        while (start <= body.Length)
        {
            var end = Array.IndexOf(body, (byte)'&', start);
            if (end < 0)
            {
                end = body.Length;
            }
            var pair = body.AsSpan(start, end - start);
            var clean = Clean(pair);
            if (clean.Length != pair.Length)
            {
                var equals = clean.AsSpan().IndexOf((byte)'=');
                var name = Encoding.UTF8.GetString(equals < 0 ? clean : clean.AsSpan(0, equals));
                fields.Add(WebUtility.UrlDecode(name));
            }
            output.Write(clean);
            if (end < body.Length)
            {
                output.WriteByte((byte)'&');
            }
            start = end + 1;
        }
        return (output.ToArray(), fields);
    }

    private static byte[] Clean(ReadOnlySpan<byte> pair)
    {
        var output = new MemoryStream(pair.Length);
        for (var i = 0; i < pair.Length; i++)
        {
            if (pair[i] == 0)
            {
                output.Write(Replacement);
            }
            else if (pair[i] == (byte)'%' && i + 2 < pair.Length && pair[i + 1] == (byte)'0' && pair[i + 2] == (byte)'0')
            {
                output.Write(Replacement);
                i += 2;
            }
            else
            {
                output.WriteByte(pair[i]);
            }
        }
        return output.ToArray();
    }
}
