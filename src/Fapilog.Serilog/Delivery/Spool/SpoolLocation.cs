using System;
using System.IO;
using System.Reflection;
using System.Text;

namespace Fapilog.Serilog.Delivery.Spool;

/// <summary>
/// Where a remote output's spool lives, and opening it: the folder set in the options, or by default
/// <c>$FAPILOG_SPOOL_DIRECTORY</c> (else the user's local application data, <c>fapilog/spool</c>) with a folder per
/// application and output. A folder another process holds is passed over for <c>-2</c>, <c>-3</c>, ... so two
/// instances of one application on a machine each get their own; one that crashed leaves its folder to the next.
/// </summary>
internal static class SpoolLocation
{
    public const string RootVariable = "FAPILOG_SPOOL_DIRECTORY";
    private const int MaxInstances = 16;

    /// <summary>False turns the default folder off (outputs without a folder of their own get no spool); the tests' switch.</summary>
    internal static bool UseDefaultFolder { get; set; } = true;

    /// <summary>The default folder of an output, before any instance suffix.</summary>
    public static string DefaultFolder(string outputName)
    {
        string? root = Environment.GetEnvironmentVariable(RootVariable);
        if (string.IsNullOrWhiteSpace(root))
        {
            string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            root = Path.Combine(string.IsNullOrEmpty(data) ? Path.GetTempPath() : data, "fapilog", "spool");
        }

        string application = Assembly.GetEntryAssembly()?.GetName().Name ?? AppDomain.CurrentDomain.FriendlyName;
        return Path.Combine(root, Safe(application) + "." + Safe(outputName));
    }

    /// <summary>
    /// Opens the output's spool. With a folder of the user's own, a failure is theirs to see and throws; with the
    /// default folder it is reported and the output goes on without a spool (null).
    /// </summary>
    public static DiskSpool? Open(FapilogDeliveryOptions options, string outputName, Action<string> report)
    {
        if (options.Spool == FapilogSpoolMode.Off || (options.SpoolDirectory is null && !UseDefaultFolder))
        {
            return null;
        }

        string folder = options.SpoolDirectory ?? DefaultFolder(outputName);
        long reserve = options.SpoolBytesLimit / 10;
        try
        {
            for (int instance = 1; instance <= MaxInstances; instance++)
            {
                string candidate = instance == 1 ? folder : folder + "-" + instance.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (DiskSpool.Open(candidate, options.SpoolBytesLimit, reserve) is { } spool)
                {
                    return spool;
                }

                if (options.SpoolDirectory is not null)
                {
                    throw new IOException($"Fapilog: the spool folder '{folder}' is in use by another process or output; give each output its own SpoolDirectory.");
                }
            }

            report($"every spool folder from '{folder}' to '{folder}-{MaxInstances}' is in use; going on without a spool");
            return null;
        }
        catch (Exception ex) when (options.SpoolDirectory is null && ex is IOException or UnauthorizedAccessException)
        {
            report($"cannot open the spool in '{folder}' ({ex.Message}); going on without a spool. Set SpoolDirectory to a writable folder, or Spool to Off");
            return null;
        }
    }

    private static string Safe(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return safe.ToString();
    }
}
