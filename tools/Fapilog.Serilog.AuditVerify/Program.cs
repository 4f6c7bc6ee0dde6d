using System;
using System.Collections.Generic;

namespace Fapilog.Serilog.AuditVerify;

/// <summary>
/// <c>AuditVerify PATH [--key-env ID=VARIABLE]... [--key-file ID=FILE]... [--require-start]</c>: verifies the audit
/// trail set at PATH (the configured path, or its folder). Exit code 0: intact; 1: damage (the first is printed,
/// with its kind, file, line and sequence); 2: wrong arguments or keys, or a file that cannot be read. Keys are never
/// printed.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: AuditVerify PATH [--key-env ID=VARIABLE]... [--key-file ID=FILE]... [--require-start]";

    private static int Main(string[] args)
    {
        string? path = null;
        var keys = new List<FapilogAuditKey>();
        bool requireStart = false;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--key-env":
                        keys.Add(Key(args, ++i, FapilogAuditKey.FromEnvironmentVariable));
                        break;
                    case "--key-file":
                        keys.Add(Key(args, ++i, FapilogAuditKey.FromFile));
                        break;
                    case "--require-start":
                        requireStart = true;
                        break;
                    case "-h" or "--help":
                        Console.Out.WriteLine(Usage);
                        return 0;
                    default:
                        if (path is not null || args[i].StartsWith("--", StringComparison.Ordinal))
                        {
                            return Fail($"unexpected argument '{args[i]}'");
                        }

                        path = args[i];
                        break;
                }
            }

            if (path is null || keys.Count == 0)
            {
                return Fail("a path and at least one key are required");
            }

            var report = FapilogAuditVerifier.Verify(path, keys, requireStart);
            Console.Out.WriteLine(report.IsIntact ? "INTACT " + report.Message : "DAMAGED " + report);
            if (!report.IsIntact)
            {
                Console.Out.WriteLine($"  kind={report.Damage} file={report.File ?? "-"} line={Show(report.Line)} sequence={Show(report.Sequence)} verified-up-to={Show(report.LastVerifiedSequence)}");
            }

            return report.IsIntact ? 0 : 1;
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException)
        {
            // A file of the set that cannot be opened or read (gone, a dangling link, no permission): not verified.
            return Fail($"a file of the set cannot be read, nothing is verified ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private static FapilogAuditKey Key(string[] args, int i, Func<string, string, FapilogAuditKey> make)
    {
        if (i >= args.Length || args[i].IndexOf('=', StringComparison.Ordinal) is var eq && eq <= 0)
        {
            throw new ArgumentException($"{args[i - 1]} takes ID=SOURCE");
        }

        return make(args[i][..eq], args[i][(eq + 1)..]);
    }

    private static string Show(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static int Fail(string message)
    {
        Console.Error.WriteLine("AuditVerify: " + message);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
