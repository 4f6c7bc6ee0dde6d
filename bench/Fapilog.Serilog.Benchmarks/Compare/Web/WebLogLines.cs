using System.IO;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>The lines of one server's log files, by kind: the API's (with an <c>OrderId</c>), the completion events
/// (with a <c>StatusCode</c>) and the rest (host start and stop), and their bytes.</summary>
internal readonly record struct WebLogLines(long Api, long Completion, long Other, long Bytes)
{
    public long Total => Api + Completion + Other;

    public static WebLogLines Count(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return default;
        }

        long api = 0, completion = 0, other = 0, bytes = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            bytes += new FileInfo(file).Length;
            foreach (string line in File.ReadLines(file))
            {
                // Both formats write each property as a JSON key; the API's lines never carry StatusCode (their
                // status is HttpStatus) and the completion event never carries OrderId.
                if (line.Contains("\"OrderId\":", System.StringComparison.Ordinal))
                {
                    api++;
                }
                else if (line.Contains("\"StatusCode\":", System.StringComparison.Ordinal))
                {
                    completion++;
                }
                else
                {
                    other++;
                }
            }
        }

        return new WebLogLines(api, completion, other, bytes);
    }
}
