namespace ComplianceTracker.Web.Infrastructure.Commands;

/// <summary>The command line's words, read the same way by every command.</summary>
public static class CommandLine
{
    /// <summary>The first word that is not a switch or a switch's value.</summary>
    public static string? FirstWord(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith('-'))
            {
                if (!args[i].Contains('=', StringComparison.Ordinal))
                {
                    i++;
                }
                continue;
            }
            return args[i];
        }
        return null;
    }

    /// <summary><c>--name value</c> or <c>--name=value</c>; null when absent.</summary>
    public static string? Read(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                return args[i + 1];
            }
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }
        return null;
    }
}
